package checker

// groups holds every question, one group per step of the checker page, in
// the order the page asks them: emergency signs first.
var groups = []Group{
	{
		ID:    "emergency",
		Title: "Emergency signs",
		Help:  "Tick anything that is true for you now. These signs are rare, but each one needs help straight away.",
		Questions: []Question{
			check("saddle_numbness", "Numbness or a changed feeling between your legs",
				"Around your genitals, back passage, buttocks or inner thighs. For example, toilet paper feels different when you wipe.",
				"you have numbness or a changed feeling around your genitals, back passage, buttocks or inner thighs"),
			check("bladder_bowel", "New problems with your bladder or bowels",
				"Trouble starting or stopping when you pee, not noticing that your bladder is full, leaking urine, or not being able to hold in a bowel movement.",
				"you have new problems with your bladder or bowels"),
			check("sexual_change", "New changes during sex",
				"Less feeling in your genitals during sex, or new trouble getting an erection or ejaculating.",
				"you have new changes in feeling or function during sex"),
			check("both_legs", "Pain, numbness, tingling or weakness in both legs",
				"Shooting or burning pain, pins and needles, numbness or weakness on both sides. Sore hamstrings after training do not count.",
				"you have shooting pain, numbness, tingling or weakness in both legs"),
			check("legs_unsteady", "Legs suddenly weak, heavy or unsteady",
				"Your legs feel wobbly or hard to control, or your balance is newly off. The tired legs of a hard session do not count.",
				"your legs have suddenly become weak, heavy or unsteady"),
			check("major_trauma", "The pain began after a serious accident",
				"Such as a road crash, a fall from a height, or a hard blow to the back.",
				"the pain began after a serious accident"),
			check("chest_or_belly", "Chest pain, trouble breathing, or sudden severe belly pain",
				"Also sudden severe pain spreading into your belly or groin, or feeling faint, pale and sweaty.",
				"you have chest pain, trouble breathing, sudden severe pain into your belly or groin, or you feel faint"),
			check("dark_urine", "Very dark urine, or muscles far worse than normal soreness",
				"Urine the colour of cola, or muscles that are much more painful, swollen and weak than soreness after a hard session.",
				"you have very dark urine, or muscles far more painful, swollen and weak than normal soreness"),
			check("very_unwell", "Confused, unusually drowsy, or yellow skin or eyes",
				"For example after taking more painkillers than the packet allows.",
				"you are confused or unusually drowsy, or your skin or eyes look yellow"),
			check("emergency_unsure", "I am not sure whether one of these signs applies to me",
				"Tick this if you cannot tell whether any sign above fits.",
				"you are not sure whether one of the emergency signs applies"),
		},
	},
	{
		ID:    "about_you",
		Title: "About you",
		Help:  "A few facts about you change how careful the checker needs to be.",
		Questions: []Question{
			{ID: "age", Kind: Number, Label: "How old are you?", Help: "In whole years.",
				Topic: "your age", Min: 1, Max: 120, Said: "you are {n}", Required: true},
			required(yesNo("first_episode", "Is this the first time you have had back pain?", "",
				"this is your first time with back pain", "you have had back pain before")),
			required(yesNo("pregnant", "Are you pregnant?", "Answer no if this cannot apply to you.",
				"you are pregnant", "you are not pregnant")),
			required(yesNo("cancer_history", "Have you ever been treated for cancer?", "Any cancer, however long ago.",
				"you have been treated for cancer", "you have never been treated for cancer")),
			required(yesNo("bone_risk", "Do you have osteoporosis, or have you taken steroid tablets for three months or longer?",
				"Osteoporosis means thin, fragile bones. Steroid tablets include prednisolone.",
				"you have osteoporosis or have taken steroid tablets for three months or more",
				"you have neither osteoporosis nor a long course of steroid tablets")),
			required(yesNo("infection_risk", "Are you more likely than most people to get a serious infection?",
				"For example: you inject drugs; your immune system is weakened by chemotherapy, long-term steroids, HIV or a transplant; or you recently had a spinal procedure or a serious infection.",
				"you are more likely than most to get a serious infection", "you have no extra risk of infection")),
		},
	},
	{
		ID:    "warning",
		Title: "Warning signs",
		Help:  "Tick anything that has been true since the pain began.",
		Questions: []Question{
			check("fever", "A temperature of 38 °C or more, chills or shivering", "",
				"you have a fever, chills or shivering"),
			check("weight_loss", "Losing weight without trying", "",
				"you are losing weight without trying"),
			{ID: "night_pain", Kind: Choice, Label: "Does the pain bother you at night?", Topic: "whether the pain bothers you at night",
				Required: true, Options: []Option{
					{"none", "No", "the pain does not bother you at night"},
					{"wakes_when_moving", "Only a twinge when I turn over in bed", "you feel a twinge at night when you turn over"},
					{"constant", "Yes, it hurts at night whatever position I lie in", "the pain is there at night whatever position you lie in"},
				}},
			check("minor_fall", "The pain began after a slip or a fall from standing height", "",
				"the pain began after a slip or a fall from standing height"),
			check("foot_drop", "One foot drags or slaps down", "Or you cannot lift your toes or stand on your heels.",
				"one foot drags or slaps down, or you cannot lift your toes or stand on your heels"),
			check("leg_weakness", "One leg feels weak or gives way", "",
				"one leg feels weak or gives way"),
			check("leg_numbness", "Numbness, tingling or pins and needles down one leg", "",
				"you have numbness or tingling down one leg"),
			check("leg_pain", "Pain that travels down one leg, below the knee", "",
				"pain travels down one leg below the knee"),
			check("cough_sneeze", "Pain that shoots when you cough, sneeze or strain", "",
				"the pain shoots when you cough, sneeze or strain"),
			check("limp", "Walking differently, or limping, because of the pain", "",
				"you are limping because of the pain"),
			check("daily_activities", "The pain stops you doing everyday things", "Such as working, getting dressed or getting around.",
				"the pain stops you doing everyday things"),
		},
	},
	{
		ID:    "pain",
		Title: "Your pain",
		Help:  "These answers show whether the pain looks like ordinary soreness after training.",
		Questions: []Question{
			{ID: "onset", Kind: Choice, Label: "When did the pain start?", Topic: "when the pain started",
				Required: true, Options: []Option{
					{"during_lift", "During a lift", "the pain started during a lift"},
					{"after_hours", "Hours after lifting, on the same day", "the pain started later on the day you lifted"},
					{"next_days", "One or two days after lifting", "the pain started a day or two after lifting"},
					{"no_link", "There is no clear link to lifting", "the pain has no clear link to lifting"},
				}},
			{ID: "days", Kind: Number, Label: "How many days ago did the pain start?", Help: "Enter 0 if it started today.",
				Topic: "how many days ago the pain started", Min: 0, Max: 3650, Said: "the pain started {n} days ago",
				Required: true, Options: []Option{
					{"0", "Today", "the pain started today"},
					{"1", "Yesterday", "the pain started yesterday"},
				}},
			{ID: "character", Kind: Choice, Label: "What does the pain feel like?", Topic: "what the pain feels like",
				Required: true, Options: []Option{
					{"ache", "A dull ache, tightness or stiffness across the muscles", "the pain is a dull ache, tightness or stiffness"},
					{"sharp", "Sharp, stabbing or catching", "the pain is sharp, stabbing or catching"},
					{"pinpoint", "In one exact spot", "the pain is in one exact spot"},
				}},
			{ID: "severity", Kind: Number, Label: "How bad is the pain, from 0 to 10?",
				Help:  "0 means no pain at all; 10 means the worst pain you can imagine.",
				Topic: "how bad the pain is", Min: 0, Max: 10, Said: "the pain is {n} out of 10", Required: true},
			{ID: "trend", Kind: Choice, Label: "Is the pain getting better or worse?", Topic: "whether the pain is getting better",
				Required: true, Options: []Option{
					{"better", "Getting better", "the pain is getting better"},
					{"same", "About the same", "the pain is about the same"},
					{"worse", "Getting worse", "the pain is getting worse"},
				}},
		},
	},
	{
		ID:    "training",
		Title: "Your training",
		Help:  "These answers only choose prevention tips for you. They never change how urgent the result is, and you can skip them.",
		Questions: []Question{
			yesNo("warmed_up", "Did you warm up before deadlifting?", "", "you warmed up", "you did not warm up"),
			yesNo("load_jump", "Was the weight heavier than usual, or did you add weight quickly?", "",
				"the weight was heavier than usual", "the weight was what you are used to"),
			yesNo("late_in_session", "Did the pain start late in a set or session, when you were tired?", "",
				"the pain started when you were tired", "the pain started while you were fresh"),
			{ID: "back_position", Kind: Choice, Label: "How was your back during the lift?", Topic: "how your back was during the lift",
				Options: []Option{
					{"neutral", "Neutral: keeping its natural curves", "your back was neutral"},
					{"rounded", "Rounded", "your back was rounded"},
					{"arched", "Arched more than usual", "your back was over-arched"},
					{"not_sure", "Not sure", "you are not sure how your back was"},
				}},
			yesNo("rested_between_sets", "Did you rest between sets?", "A minute or more counts as resting.",
				"you rested between sets", "you did not rest between sets"),
			yesNo("stretched_after", "Did you stretch or move gently after the session?", "",
				"you stretched afterwards", "you did not stretch afterwards"),
			{ID: "deadlift_days", Kind: Number, Label: "On how many days a week do you deadlift?",
				Topic: "how often you deadlift", Min: 0, Max: 7, Said: "you deadlift {n} days a week"},
			yesNo("prior_condition", "Do you have arthritis, a disc problem or an earlier back injury?", "",
				"you have arthritis, a disc problem or an earlier back injury", "you have no earlier back problem"),
		},
	},
}

// check makes a tick-box question: said names it in a reason when ticked.
func check(id, label, help, said string) Question {
	return Question{ID: id, Kind: Check, Label: label, Help: help,
		Options: []Option{{"yes", "Yes", said}, {"no", "No", ""}}}
}

// yesNo makes a yes-no question; yes and no name each answer in a reason.
func yesNo(id, label, help, yes, no string) Question {
	return Question{ID: id, Kind: YesNo, Label: label, Help: help, Topic: "whether " + yes,
		Options: []Option{{"yes", "Yes", yes}, {"no", "No", no}}}
}

// required marks a question that the checker page asks for before moving on.
func required(q Question) Question {
	q.Required = true
	return q
}
