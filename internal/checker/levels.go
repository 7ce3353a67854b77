//go:build !js

package checker

// emergencySigns lists the emergency signs in short, for the advice on when
// to go up a level.
const emergencySigns = "numbness or a changed feeling between your legs; new bladder, bowel or sexual problems; " +
	"pain, numbness or weakness in both legs; legs that suddenly feel weak or unsteady; chest pain or trouble breathing; " +
	"very dark urine; or confusion"

// safetyNet is when to go up a level from self-care or ordinary soreness.
const safetyNet = "See a doctor or physical therapist if the pain is not clearly better within two weeks. " +
	"Get medical advice today if a warning sign appears, such as a fever, weakness in a leg, or pain at night whatever position you lie in; " +
	"book a visit within days for pain or tingling down a leg or pain that keeps getting worse. " +
	"Call the emergency number at once for any emergency sign: " + emergencySigns + "."

// levels holds the five levels, most urgent first.
var levels = []Level{
	{
		ID:    Emergency,
		Title: "Emergency: get help now",
		Now: "Call the emergency number (999 in the UK, 911 in the US and Canada, 112 in the EU) or go to an emergency department now. " +
			"Do not drive yourself: ask someone to take you, or call an ambulance.",
		Escalate: "This is already the most urgent level. If you get worse while you wait for help, call the emergency number again.",
	},
	{
		ID:    Urgent,
		Title: "Urgent: get medical advice today",
		Now: "Get medical advice today: a same-day appointment with a doctor, an urgent care centre, or a nurse or medical helpline " +
			"(NHS 111 in England). Stop deadlifts and other heavy training until you have been checked.",
		Escalate: "Call the emergency number at once if an emergency sign appears: " + emergencySigns +
			". If you cannot get advice today, go to an emergency department.",
	},
	{
		ID:    SeeClinician,
		Title: "See a doctor or physical therapist soon",
		Now: "Book a visit to a doctor or physical therapist within the next few days, and no later than about two weeks from now. " +
			"Until then, look after your back: keep gently active, ease off heavy lifting, and use ice or heat if it helps.",
		Escalate: "Get medical advice today if you develop a fever, lose weight without trying, have pain at night whatever position you lie in, " +
			"or a foot or leg becomes weak. Call the emergency number at once for any emergency sign: " + emergencySigns + ".",
		Exercises: []string{"cat-cow", "knee-to-chest", "childs-pose"},
		Tips:      true,
	},
	{
		ID:    SelfCare,
		Title: "Look after it yourself for now",
		Now: "This is most likely a strain or an overload. Scale back deadlifts for now, but keep moving: walking and " +
			"bodyweight moves such as the bridge, bird dog and mini hip hinge keep the same muscles working without the bar. " +
			"Use ice or heat, whichever feels better.",
		Escalate:  safetyNet,
		Exercises: []string{"bridge", "bird-dog", "mini-hip-hinge", "cat-cow", "knee-to-chest"},
		Tips:      true,
	},
	{
		ID:    NormalSoreness,
		Title: "Ordinary soreness after lifting",
		Now: "This fits the usual tiredness or delayed soreness that follows hard training. Give it a day or two of lighter activity, " +
			"return to the bar gradually, and use the tips below so it happens less often.",
		Escalate:  safetyNet,
		Exercises: []string{"leg-swings", "hip-circles", "hip-hinge-dowel", "hamstring-stretch", "figure-four", "foam-roller"},
		Tips:      true,
	},
}

// tips are chosen by the training answers. They never change the level.
var tips = []Tip{
	{ID: "warm_up", If: Test{ID: "warmed_up", Op: Is, Values: []string{"no"}},
		Text: "Warm up before you lift: a few minutes of leg swings, hip circles and cat-cow, then some practice pulls with an empty bar or a very light weight."},
	{ID: "load_steps", If: Test{ID: "load_jump", Op: Is, Values: []string{"yes"}},
		Text: "Add weight in small steps from one week to the next, so your back and hips have time to adapt. The last reps of a set should feel hard, not like a strain."},
	{ID: "fatigue", If: Test{ID: "late_in_session", Op: Is, Values: []string{"yes"}},
		Text: "Tiredness changes how you move. End the set, or the session, once your technique starts to slip, and do your heaviest pulls while you are fresh."},
	{ID: "neutral_back", If: Test{ID: "back_position", Op: Is, Values: []string{"rounded", "arched"}},
		Text: "Aim for a relaxed back that is neither rounded nor over-arched, with the bend coming from your hips. Practise the hinge with a dowel along your spine, and lower the bar only as far as you can keep that shape."},
	{ID: "watch_a_set", If: Test{ID: "back_position", Op: Is, Values: []string{"not_sure"}},
		Text: "Film a set from the side, or ask a coach to watch, so you know what your back does when the bar is heavy."},
	{ID: "rest", If: Test{ID: "rested_between_sets", Op: Is, Values: []string{"no"}},
		Text: "Take one to two minutes of rest between sets, and up to five after your heaviest ones."},
	{ID: "cool_down", If: Test{ID: "stretched_after", Op: Is, Values: []string{"no"}},
		Text: "Finish with a few minutes of easy movement and gentle stretches for your hamstrings and hips."},
	{ID: "recovery_days", If: Test{ID: "deadlift_days", Op: AtLeast, N: 3},
		Text: "Deadlifting on three or more days a week leaves little time to recover. Keep heavy pulls to one or two days, and make any other days lighter."},
	{ID: "old_injury", If: Test{ID: "prior_condition", Op: Is, Values: []string{"yes"}},
		Text: "An old injury, arthritis or a disc problem can flare up with heavy pulling. A physical therapist can help you adapt the lift to suit your back."},
}
