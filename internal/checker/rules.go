package checker

// rules is the rule table, most urgent level first. A rule applies when all
// of its All tests hold and, if it has Any tests, at least one of them does.
// The result is the most urgent level of any rule that applies.
//
// The normal_soreness and self_care rules at the end are a fallback: they
// are looked at, in order, only when no rule above them applies, and the
// first that applies decides. The last rule has no tests, so it always
// applies: self-care is the answer whenever the answers do not show
// ordinary soreness, including when the pain questions are unanswered.
//
// Check items are only ever tested for "yes", so ticking one more can only
// make more rules apply: the level never goes down.
var rules = []Rule{
	// Emergency: call the emergency number or go to an emergency department now.
	sign("saddle_numbness", "You have numbness, tingling or a changed feeling around your genitals, back passage, buttocks or inner thighs."),
	sign("bladder_bowel", "You have new trouble starting or stopping peeing, you cannot feel when your bladder is full, you leak urine, or you cannot control your bowels."),
	sign("sexual_change", "You have new loss of feeling in your genitals during sex, or new problems with erection or ejaculation."),
	sign("both_legs", "You have shooting or burning pain, numbness, tingling or weakness in both legs (not sore muscles from training)."),
	sign("legs_unsteady", "Your legs have suddenly become weak, heavy or wobbly, or your balance is newly off (not tired legs after a hard session)."),
	sign("major_trauma", "The pain began after a serious accident, such as a road crash, a fall from a height or a heavy blow."),
	sign("chest_or_belly", "You have chest pain or trouble breathing, sudden severe pain spreading into your belly or groin, or you feel faint, pale and sweaty."),
	sign("dark_urine", "Your urine is very dark, like cola, or your muscles are far more painful, swollen and weak than normal soreness after a hard session."),
	sign("very_unwell", "You are confused or unusually drowsy, or your skin or the whites of your eyes look yellow."),
	{ID: "cancer_nerve_signs", Level: Emergency, // possible spinal cord compression
		All:  []Test{is("cancer_history", "yes")},
		Any:  []Test{ticked("leg_pain"), ticked("leg_numbness"), ticked("leg_weakness"), ticked("foot_drop")},
		Says: "You have been treated for cancer, and you have pain below the knee, numbness or weakness in a leg, or a foot that drags."},
	{ID: "fever_infection_risk", Level: Emergency, // possible spinal infection
		All:  []Test{ticked("fever"), is("infection_risk", "yes")},
		Says: "You have a fever, chills or shivering, and you are more likely than most people to get a serious infection."},

	// Urgent: get medical advice today.
	{ID: "emergency_unsure", Level: Urgent, All: []Test{ticked("emergency_unsure")},
		Says: "You are not sure whether one of the emergency signs above applies to you."},
	{ID: "fever", Level: Urgent, All: []Test{ticked("fever")},
		Says: "You have a temperature of 38 °C or more, chills or shivering."},
	{ID: "weight_loss", Level: Urgent, All: []Test{ticked("weight_loss")},
		Says: "You are losing weight without trying."},
	{ID: "night_pain_constant", Level: Urgent, All: []Test{is("night_pain", "constant")},
		Says: "The pain is there at night whatever position you lie in."},
	{ID: "foot_drop", Level: Urgent, All: []Test{ticked("foot_drop")},
		Says: "One foot drags or slaps down, or you cannot lift your toes or stand on your heels."},
	{ID: "leg_weakness", Level: Urgent, All: []Test{ticked("leg_weakness")},
		Says: "One leg feels weak or gives way."},
	{ID: "cancer_warning_signs", Level: Urgent,
		All:  []Test{is("cancer_history", "yes")},
		Any:  []Test{is("trend", "worse"), is("night_pain", "wakes_when_moving", "constant"), ticked("cough_sneeze"), atLeast("severity", 7)},
		Says: "You have been treated for cancer, and the pain is getting worse, bothers you at night, shoots when you cough or sneeze, or is 7 out of 10 or worse."},
	{ID: "bone_risk_fracture", Level: Urgent, // possible fracture
		All:  []Test{is("bone_risk", "yes")},
		Any:  []Test{ticked("minor_fall"), atLeast("severity", 7)},
		Says: "You have osteoporosis or have taken steroid tablets for three months or more, and the pain began after a slip or a fall, or is 7 out of 10 or worse."},
	{ID: "older_fall", Level: Urgent,
		All:  []Test{atLeast("age", 65), ticked("minor_fall")},
		Says: "You are 65 or older and the pain began after a slip or a fall from standing height."},

	// See a clinician: book a doctor or physical therapist within days.
	{ID: "leg_numbness", Level: SeeClinician, All: []Test{ticked("leg_numbness")},
		Says: "You have numbness, tingling or pins and needles down one leg."},
	{ID: "leg_pain", Level: SeeClinician, All: []Test{ticked("leg_pain")},
		Says: "Pain spreads down one leg, below the knee."},
	{ID: "limp", Level: SeeClinician, All: []Test{ticked("limp")},
		Says: "You are walking differently, or limping, because of the pain."},
	{ID: "daily_activities", Level: SeeClinician, All: []Test{ticked("daily_activities")},
		Says: "The pain stops you doing everyday things, such as working, dressing or getting about."},
	{ID: "cough_sneeze", Level: SeeClinician, All: []Test{ticked("cough_sneeze")},
		Says: "The pain shoots when you cough, sneeze or strain."},
	{ID: "severe_pain", Level: SeeClinician, All: []Test{atLeast("severity", 8)},
		Says: "The pain is 8 out of 10 or worse."},
	{ID: "worse_after_3_days", Level: SeeClinician, // soreness builds for two days at most
		All:  []Test{is("trend", "worse"), atLeast("days", 3)},
		Says: "The pain started 3 or more days ago and is still getting worse."},
	{ID: "six_weeks", Level: SeeClinician, All: []Test{atLeast("days", 42)},
		Says: "The pain started 42 days (6 weeks) ago or longer."},
	{ID: "three_weeks", Level: SeeClinician,
		All:  []Test{atLeast("days", 21), isNot("trend", "better")},
		Says: "The pain started 21 days (3 weeks) ago or longer and is not getting better."},
	{ID: "night_twinge_week", Level: SeeClinician,
		All:  []Test{is("night_pain", "wakes_when_moving"), atLeast("days", 7)},
		Says: "You feel a twinge at night when you turn over, and the pain started 7 or more days ago."},
	{ID: "under_16", Level: SeeClinician, All: []Test{atMost("age", 15)}, // outside what this checker covers
		Says: "You are under 16: this checker is made for people aged 16 and over."},
	{ID: "older_first_episode", Level: SeeClinician,
		All:  []Test{atLeast("age", 60), is("first_episode", "yes")},
		Says: "You are 60 or older and this is your first time with back pain."},
	{ID: "pregnant", Level: SeeClinician, All: []Test{is("pregnant", "yes")},
		Says: "You are pregnant."},
	{ID: "cancer_history", Level: SeeClinician, All: []Test{is("cancer_history", "yes")},
		Says: "You have been treated for cancer at any time."},
	{ID: "infection_risk", Level: SeeClinician, All: []Test{is("infection_risk", "yes")},
		Says: "You are more likely than most people to get a serious infection."},
	{ID: "bone_risk", Level: SeeClinician, All: []Test{is("bone_risk", "yes")},
		Says: "You have osteoporosis or have taken steroid tablets for three months or more."},

	// The fallback, looked at only when no rule above applies.
	{ID: "same_day_fatigue", Level: NormalSoreness, // tiredness that fades the same day
		All: []Test{is("character", "ache"), atMost("severity", 6),
			is("onset", "during_lift", "after_hours"), atMost("days", 0)},
		Says: "The pain is a dull ache or stiffness across the muscles, 6 out of 10 or less, and it started during or after lifting today."},
	{ID: "delayed_soreness", Level: NormalSoreness, // delayed onset muscle soreness
		All: []Test{is("character", "ache"), atMost("severity", 6),
			is("onset", "after_hours", "next_days"), atMost("days", 5)},
		Says: "The pain is a dull ache or stiffness across the muscles, 6 out of 10 or less, it started hours to two days after lifting, and that was 5 days ago or less."},
	{ID: "otherwise", Level: SelfCare,
		Says: "None of the statements above is true for you."},
}

// sign is an emergency sign: ticking it is an emergency on its own.
func sign(id, says string) Rule {
	return Rule{ID: id, Level: Emergency, All: []Test{ticked(id)}, Says: says}
}

func ticked(id string) Test                  { return is(id, "yes") }
func is(id string, values ...string) Test    { return Test{ID: id, Op: Is, Values: values} }
func isNot(id string, values ...string) Test { return Test{ID: id, Op: IsNot, Values: values} }
func atLeast(id string, n int) Test          { return Test{ID: id, Op: AtLeast, N: n} }
func atMost(id string, n int) Test           { return Test{ID: id, Op: AtMost, N: n} }
