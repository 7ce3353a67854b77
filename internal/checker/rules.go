//go:build !js

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
	{ID: "saddle_numbness", Level: Emergency, All: []Test{{ID: "saddle_numbness", Op: Is, Values: []string{"yes"}}},
		Says: "You have numbness, tingling or a changed feeling around your genitals, back passage, buttocks or inner thighs."},
	{ID: "bladder_bowel", Level: Emergency, All: []Test{{ID: "bladder_bowel", Op: Is, Values: []string{"yes"}}},
		Says: "You have new trouble starting or stopping peeing, you cannot feel when your bladder is full, you leak urine, or you cannot control your bowels."},
	{ID: "sexual_change", Level: Emergency, All: []Test{{ID: "sexual_change", Op: Is, Values: []string{"yes"}}},
		Says: "You have new loss of feeling in your genitals during sex, or new problems with erection or ejaculation."},
	{ID: "both_legs", Level: Emergency, All: []Test{{ID: "both_legs", Op: Is, Values: []string{"yes"}}},
		Says: "You have shooting or burning pain, numbness, tingling or weakness in both legs (not sore muscles from training)."},
	{ID: "legs_unsteady", Level: Emergency, All: []Test{{ID: "legs_unsteady", Op: Is, Values: []string{"yes"}}},
		Says: "Your legs have suddenly become weak, heavy or wobbly, or your balance is newly off (not tired legs after a hard session)."},
	{ID: "major_trauma", Level: Emergency, All: []Test{{ID: "major_trauma", Op: Is, Values: []string{"yes"}}},
		Says: "The pain began after a serious accident, such as a road crash, a fall from a height or a heavy blow."},
	{ID: "chest_or_belly", Level: Emergency, All: []Test{{ID: "chest_or_belly", Op: Is, Values: []string{"yes"}}},
		Says: "You have chest pain or trouble breathing, sudden severe pain spreading into your belly or groin, or you feel faint, pale and sweaty."},
	{ID: "dark_urine", Level: Emergency, All: []Test{{ID: "dark_urine", Op: Is, Values: []string{"yes"}}},
		Says: "Your urine is very dark, like cola, or your muscles are far more painful, swollen and weak than normal soreness after a hard session."},
	{ID: "very_unwell", Level: Emergency, All: []Test{{ID: "very_unwell", Op: Is, Values: []string{"yes"}}},
		Says: "You are confused or unusually drowsy, or your skin or the whites of your eyes look yellow."},
	{ID: "cancer_nerve_signs", Level: Emergency, // possible spinal cord compression
		All: []Test{{ID: "cancer_history", Op: Is, Values: []string{"yes"}}},
		Any: []Test{
			{ID: "leg_pain", Op: Is, Values: []string{"yes"}},
			{ID: "leg_numbness", Op: Is, Values: []string{"yes"}},
			{ID: "leg_weakness", Op: Is, Values: []string{"yes"}},
			{ID: "foot_drop", Op: Is, Values: []string{"yes"}},
		},
		Says: "You have been treated for cancer, and you have pain below the knee, numbness or weakness in a leg, or a foot that drags."},
	{ID: "fever_infection_risk", Level: Emergency, // possible spinal infection
		All:  []Test{{ID: "fever", Op: Is, Values: []string{"yes"}}, {ID: "infection_risk", Op: Is, Values: []string{"yes"}}},
		Says: "You have a fever, chills or shivering, and you are more likely than most people to get a serious infection."},

	// Urgent: get medical advice today.
	{ID: "emergency_unsure", Level: Urgent, All: []Test{{ID: "emergency_unsure", Op: Is, Values: []string{"yes"}}},
		Says: "You are not sure whether one of the emergency signs above applies to you."},
	{ID: "fever", Level: Urgent, All: []Test{{ID: "fever", Op: Is, Values: []string{"yes"}}},
		Says: "You have a temperature of 38 °C or more, chills or shivering."},
	{ID: "weight_loss", Level: Urgent, All: []Test{{ID: "weight_loss", Op: Is, Values: []string{"yes"}}},
		Says: "You are losing weight without trying."},
	{ID: "night_pain_constant", Level: Urgent, All: []Test{{ID: "night_pain", Op: Is, Values: []string{"constant"}}},
		Says: "The pain is there at night whatever position you lie in."},
	{ID: "foot_drop", Level: Urgent, All: []Test{{ID: "foot_drop", Op: Is, Values: []string{"yes"}}},
		Says: "One foot drags or slaps down, or you cannot lift your toes or stand on your heels."},
	{ID: "leg_weakness", Level: Urgent, All: []Test{{ID: "leg_weakness", Op: Is, Values: []string{"yes"}}},
		Says: "One leg feels weak or gives way."},
	{ID: "cancer_warning_signs", Level: Urgent,
		All: []Test{{ID: "cancer_history", Op: Is, Values: []string{"yes"}}},
		Any: []Test{
			{ID: "trend", Op: Is, Values: []string{"worse"}},
			{ID: "night_pain", Op: Is, Values: []string{"wakes_when_moving", "constant"}},
			{ID: "cough_sneeze", Op: Is, Values: []string{"yes"}},
			{ID: "severity", Op: AtLeast, N: 7},
		},
		Says: "You have been treated for cancer, and the pain is getting worse, bothers you at night, shoots when you cough or sneeze, or is 7 out of 10 or worse."},
	{ID: "bone_risk_fracture", Level: Urgent, // possible fracture
		All:  []Test{{ID: "bone_risk", Op: Is, Values: []string{"yes"}}},
		Any:  []Test{{ID: "minor_fall", Op: Is, Values: []string{"yes"}}, {ID: "severity", Op: AtLeast, N: 7}},
		Says: "You have osteoporosis or have taken steroid tablets for three months or more, and the pain began after a slip or a fall, or is 7 out of 10 or worse."},
	{ID: "older_fall", Level: Urgent,
		All:  []Test{{ID: "age", Op: AtLeast, N: 65}, {ID: "minor_fall", Op: Is, Values: []string{"yes"}}},
		Says: "You are 65 or older and the pain began after a slip or a fall from standing height."},

	// See a clinician: book a doctor or physical therapist within days.
	{ID: "leg_numbness", Level: SeeClinician, All: []Test{{ID: "leg_numbness", Op: Is, Values: []string{"yes"}}},
		Says: "You have numbness, tingling or pins and needles down one leg."},
	{ID: "leg_pain", Level: SeeClinician, All: []Test{{ID: "leg_pain", Op: Is, Values: []string{"yes"}}},
		Says: "Pain spreads down one leg, below the knee."},
	{ID: "limp", Level: SeeClinician, All: []Test{{ID: "limp", Op: Is, Values: []string{"yes"}}},
		Says: "You are walking differently, or limping, because of the pain."},
	{ID: "daily_activities", Level: SeeClinician, All: []Test{{ID: "daily_activities", Op: Is, Values: []string{"yes"}}},
		Says: "The pain stops you doing everyday things, such as working, dressing or getting about."},
	{ID: "cough_sneeze", Level: SeeClinician, All: []Test{{ID: "cough_sneeze", Op: Is, Values: []string{"yes"}}},
		Says: "The pain shoots when you cough, sneeze or strain."},
	{ID: "severe_pain", Level: SeeClinician, All: []Test{{ID: "severity", Op: AtLeast, N: 8}},
		Says: "The pain is 8 out of 10 or worse."},
	{ID: "worse_after_3_days", Level: SeeClinician, // soreness builds for two days at most
		All:  []Test{{ID: "trend", Op: Is, Values: []string{"worse"}}, {ID: "days", Op: AtLeast, N: 3}},
		Says: "The pain started 3 or more days ago and is still getting worse."},
	{ID: "six_weeks", Level: SeeClinician, All: []Test{{ID: "days", Op: AtLeast, N: 42}},
		Says: "The pain started 42 days (6 weeks) ago or longer."},
	{ID: "three_weeks", Level: SeeClinician,
		All:  []Test{{ID: "days", Op: AtLeast, N: 21}, {ID: "trend", Op: IsNot, Values: []string{"better"}}},
		Says: "The pain started 21 days (3 weeks) ago or longer and is not getting better."},
	{ID: "night_twinge_week", Level: SeeClinician,
		All: []Test{
			{ID: "night_pain", Op: Is, Values: []string{"wakes_when_moving"}},
			{ID: "days", Op: AtLeast, N: 7},
		},
		Says: "You feel a twinge at night when you turn over, and the pain started 7 or more days ago."},
	{ID: "under_16", Level: SeeClinician, All: []Test{{ID: "age", Op: AtMost, N: 15}}, // outside what this checker covers
		Says: "You are under 16: this checker is made for people aged 16 and over."},
	{ID: "older_first_episode", Level: SeeClinician,
		All:  []Test{{ID: "age", Op: AtLeast, N: 60}, {ID: "first_episode", Op: Is, Values: []string{"yes"}}},
		Says: "You are 60 or older and this is your first time with back pain."},
	{ID: "pregnant", Level: SeeClinician, All: []Test{{ID: "pregnant", Op: Is, Values: []string{"yes"}}},
		Says: "You are pregnant."},
	{ID: "cancer_history", Level: SeeClinician, All: []Test{{ID: "cancer_history", Op: Is, Values: []string{"yes"}}},
		Says: "You have been treated for cancer at any time."},
	{ID: "infection_risk", Level: SeeClinician, All: []Test{{ID: "infection_risk", Op: Is, Values: []string{"yes"}}},
		Says: "You are more likely than most people to get a serious infection."},
	{ID: "bone_risk", Level: SeeClinician, All: []Test{{ID: "bone_risk", Op: Is, Values: []string{"yes"}}},
		Says: "You have osteoporosis or have taken steroid tablets for three months or more."},

	// The fallback, looked at only when no rule above applies.
	{ID: "same_day_fatigue", Level: NormalSoreness, // tiredness that fades the same day
		All: []Test{{ID: "character", Op: Is, Values: []string{"ache"}}, {ID: "severity", Op: AtMost, N: 6},
			{ID: "onset", Op: Is, Values: []string{"during_lift", "after_hours"}}, {ID: "days", Op: AtMost, N: 0}},
		Says: "The pain is a dull ache or stiffness across the muscles, 6 out of 10 or less, and it started during or after lifting today."},
	{ID: "delayed_soreness", Level: NormalSoreness, // delayed onset muscle soreness
		All: []Test{{ID: "character", Op: Is, Values: []string{"ache"}}, {ID: "severity", Op: AtMost, N: 6},
			{ID: "onset", Op: Is, Values: []string{"after_hours", "next_days"}}, {ID: "days", Op: AtMost, N: 5}},
		Says: "The pain is a dull ache or stiffness across the muscles, 6 out of 10 or less, it started hours to two days after lifting, and that was 5 days ago or less."},
	{ID: "otherwise", Level: SelfCare,
		Says: "None of the statements above is true for you."},
}
