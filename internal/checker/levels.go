//go:build !js

package checker

// iceHeat is the advice on ice and heat, with its cautions, wherever a
// result suggests them.
const iceHeat = "Ice or heat may ease it: use whichever feels better, for 15 to 20 minutes at a time, wrapped in a cloth. " +
	"Never put either on broken or numb skin, take care if you have diabetes or poor circulation, " +
	"and do not use heat on an area that is hot, red and swollen."

// safetyNet is the two-week safety net of the two mildest levels: 14 days
// from when the pain first began, as in every article.
const safetyNet = "See a doctor or physical therapist if it is not clearly better 14 days (2 weeks) after it first began, " +
	"or at once if any sign in the lists below appears."

// emergencyPhones are the emergency numbers an emergency result offers.
var emergencyPhones = []Phone{
	{Number: "999", Tel: "999", Where: "UK"},
	{Number: "911", Tel: "911", Where: "US and Canada"},
	{Number: "112", Tel: "112", Where: "EU and many other countries"},
}

// levels holds the five levels, most urgent first.
var levels = []Level{
	{
		ID:    Emergency,
		Title: "Emergency: get help now",
		Now: "Phone the emergency number now, or get to an emergency department straight away. " +
			"Do not drive yourself: ask someone to take you, or call an ambulance.",
		Signs:  "Call the emergency number at once if any of these appears",
		Phones: emergencyPhones,
	},
	{
		ID:    Urgent,
		Title: "Urgent: get medical advice today",
		Now: "Get medical advice today, from a doctor who can see you today, an urgent care centre, or a nurse or medical helpline. " +
			"If you cannot get advice today, go to an emergency department. " +
			"Stop deadlifts and other heavy training until you have been checked.",
		Signs:  "Get medical advice today if any of these appears",
		Phones: []Phone{nhs111},
	},
	{
		ID:    SeeClinician,
		Title: "See a doctor or physical therapist soon",
		Now: "Make an appointment with a doctor or physical therapist in the next few days, and no later than 2 weeks from now. " +
			"Until then, keep gently active, ease off heavy lifting, and use the exercises below if they feel fine. " + iceHeat,
		Signs:     "Book a doctor or physical therapist if any of these appears",
		Exercises: []string{"easy-walking", "positions-of-ease", "bridge", "bird-dog", "cat-cow", "knee-to-chest", "childs-pose"},
		Tips:      true,
	},
	{
		ID:    SelfCare,
		Title: "Look after it yourself for now",
		Now: "This is likely a strain or overload from lifting. Scale back deadlifts for now, but keep moving: walking and " +
			"gentle moves such as the bridge, bird dog and mini hip hinge keep the muscles working without the bar. " +
			iceHeat + " " + safetyNet,
		Unlinked: "Keep moving, but go easy on heavy lifting for now: walking and gentle moves such as the bridge, bird dog " +
			"and mini hip hinge help most backs. " + iceHeat + " " + safetyNet,
		Exercises: []string{"easy-walking", "bridge", "bird-dog", "mini-hip-hinge", "cat-cow", "knee-to-chest"},
		Tips:      true,
	},
	{
		ID:    NormalSoreness,
		Title: "Ordinary soreness after lifting",
		Now: "This fits the usual tiredness or delayed soreness after hard training. Give it a day or two of lighter activity, " +
			"return to the bar step by step, and use the tips below so it happens less often. " + safetyNet,
		Exercises: []string{"easy-walking", "leg-swings", "hip-circles", "hip-hinge-dowel", "hamstring-stretch", "figure-four", "foam-roller"},
		Tips:      true,
	},
}

// conditions are the answers that rule exercises or medicine advice out
// for now ("Exercises and advice that fit the answers" in the spec), one
// for each bit of Cond, in order. Each holds when all the tests of one of
// its When lists hold.
var conditions = []Condition{
	{ID: "leg_symptoms", When: [][]Test{{yes("leg_pain")}, {yes("leg_numbness")}, {yes("leg_weakness")}, {yes("foot_drop")}},
		Says: "you have pain, numbness, tingling or weakness in a leg, or a foot that drags"},
	{ID: "fragile_bones", When: [][]Test{{yes("bone_risk")}},
		Says: "your bones could be fragile (osteoporosis, a bone broken in a small fall, months of steroid tablets, hormone treatment for cancer, or periods that stopped)"},
	{ID: "cancer_history", When: [][]Test{{yes("cancer_history")}},
		Says: "you have been treated for cancer"},
	{ID: "older_sudden", When: [][]Test{{atLeast("age", 65), is("onset", "sudden")}},
		Says: "you are 65 or older and the pain began with a sudden twinge"},
	{ID: "later_pregnancy", When: [][]Test{{is("pregnancy", "later")}},
		Says: "you are 16 or more weeks pregnant (nothing lying flat on your back)"},
	{ID: "blood_thinners", When: [][]Test{{yes("blood_thinners")}},
		Says: "you take a blood thinner (pressing on muscles can cause a bruise or a bleed)"},
	{ID: "young_spine", When: [][]Test{{atMost("age", 17), atLeast("days", 7)}, {atMost("age", 24), is("character", "pinpoint")}},
		Says: "you are under 18 with pain for a week or more, or under 25 with pain at one exact spot (arching back can hurt a stress fracture)"},
	{ID: "no_anti_inflammatory", When: [][]Test{{yes("blood_thinners")}, {is("pregnancy", "possible", "early", "later")},
		{yes("other_painkillers")}, {atLeast("age", 65)}, {yes("fever")}, {yes("flank_pain")}, {yes("dark_urine")}, {yes("very_unwell")},
		{yes("too_much_paracetamol")}},
		Says: "an anti-inflammatory such as ibuprofen could do harm"},
	{ID: "no_more_painkillers", When: [][]Test{{yes("too_much_paracetamol")}, {yes("other_painkillers")}},
		Says: "you took more of a painkiller than allowed"},
	{ID: "after_birth", When: [][]Test{{is("pregnancy", "after_birth")}},
		Says: "you gave birth in the last 3 months"},
}

// exercises is the exercise table: for each exercise page, the conditions
// that rule it out for now. Results choose only exercises that no
// condition rules out, and each exercise page lists its conditions under
// "Not for you now if", so the pages and the checker cannot disagree.
//
//   - end-range bending stretches (knee to chest, child's pose, hamstring
//     stretch) are out with leg symptoms: easy walking and positions of
//     ease are shown instead;
//   - forced or full bending of the spine and rolling on the back are out
//     with fragile bones, after cancer, or at 65 or older after a sudden
//     twinge;
//   - anything done lying flat on the back is out from 16 weeks of
//     pregnancy (positions of ease stays: the result says to use only its
//     side-lying and propped-up options, see advice);
//   - the foam roller and the massage ball are out with a blood thinner;
//   - backward arching (cat-cow) is out for a young athlete who may have a
//     stress fracture, and with fragile bones.
var exercises = []ExerciseFit{
	{Slug: "easy-walking"},
	{Slug: "positions-of-ease"},
	{Slug: "bird-dog"},
	{Slug: "mini-hip-hinge"},
	{Slug: "hip-hinge-dowel"},
	{Slug: "leg-swings"},
	{Slug: "hip-circles"},
	{Slug: "bridge", Not: LaterPregnancy},
	{Slug: "cat-cow", Not: FragileBones | CancerHistory | OlderSudden | YoungSpine},
	{Slug: "knee-to-chest", Not: LegSymptoms | FragileBones | CancerHistory | OlderSudden | LaterPregnancy},
	{Slug: "childs-pose", Not: LegSymptoms | FragileBones | CancerHistory | OlderSudden},
	{Slug: "hamstring-stretch", Not: LegSymptoms | LaterPregnancy},
	{Slug: "figure-four", Not: FragileBones | CancerHistory | OlderSudden | LaterPregnancy},
	{Slug: "foam-roller", Not: FragileBones | CancerHistory | OlderSudden | LaterPregnancy | BloodThinners},
	{Slug: "wall-ball-massage", Not: FragileBones | CancerHistory | OlderSudden | BloodThinners},
}

// advice is the advice on medicines and on pregnancy that a result gives
// at the levels with tips: each item shows when its If condition holds (or
// always, for none) and none of its Not conditions does. No result
// suggests an anti-inflammatory, or more of any painkiller, where the spec
// rules it out.
var advice = []Advice{
	{ID: "paracetamol", Not: NoMorePainkillers,
		Text: "Paracetamol may take the edge off the pain. Count every medicine that has paracetamol in it, such as co-codamol, co-dydramol and cold and flu remedies, and never take more in 24 hours than the pack allows. If you weigh under 50 kg or drink a lot of alcohol, ask a pharmacist about a lower dose."},
	{ID: "anti_inflammatory", Not: NoAntiInflammatory | NoMorePainkillers,
		Text: "An anti-inflammatory such as ibuprofen, as tablets or a gel, may help for a few days. Keep to the dose on the pack, and ask a pharmacist first if you have asthma or stomach, kidney or heart problems."},
	{ID: "no_anti_inflammatory", If: NoAntiInflammatory,
		Text: "Do not take an anti-inflammatory such as ibuprofen, naproxen or aspirin for the pain unless a doctor advises it: with your answers it could do harm."},
	{ID: "after_birth", If: AfterBirth,
		Text: "After a birth, pelvic floor exercises come first. After a caesarean, follow your surgeon's or midwife's advice before other exercises."},
	{ID: "later_pregnancy", If: LaterPregnancy,
		Text: "From 16 weeks of pregnancy, rest and exercise on your side or propped up on pillows, not flat on your back: in positions of ease, use only the side-lying position."},
}

// tips are chosen by the training answers. They never change the level.
// They agree with the articles (prevention, back-to-the-bar).
var tips = []Tip{
	{ID: "warm_up", If: is("warmed_up", "no"),
		Text: "Warm up before you lift: a few minutes of brisk walking, leg swings and hip circles, then some practice pulls with an empty bar or a very light weight."},
	{ID: "load_steps", If: yes("load_jump"),
		Text: "Add weight in small steps from one week to the next, so your back and hips have time to adapt. The last reps of a set should feel hard, not like a strain."},
	{ID: "fatigue", If: yes("late_in_session"),
		Text: "Tiredness changes how you move. End the set, or the session, once your form starts to slip, and do your heaviest pulls while you are fresh."},
	{ID: "neutral_back", If: is("back_position", "rounded", "arched"),
		Text: "Aim for a relaxed back that is neither rounded nor over-arched, with the bend coming from your hips. Practise the hinge with a dowel along your spine, and lower the bar only as far as you can keep that shape."},
	{ID: "watch_a_set", If: is("back_position", "not_sure"),
		Text: "Film a set from the side, or ask a coach to watch, so you know what your back does when the bar is heavy."},
	{ID: "rest", If: is("rested_between_sets", "no"),
		Text: "Take one to two minutes of rest between sets, and up to five after your heaviest ones."},
	{ID: "cool_down", If: is("stretched_after", "no"),
		Text: "Finish with a few minutes of easy movement, such as a walk. It helps you wind down, though stretching does little for soreness."},
	{ID: "recovery_days", If: atLeast("deadlift_days", 3),
		Text: "Match your deadlift days to your goal: one or two a week for heavy sets of few reps, three or four only with lighter weights and more reps. Heavy pulls need rest days between them."},
	{ID: "old_injury", If: yes("prior_condition"),
		Text: "An old injury, arthritis or a disc problem can flare up with heavy pulling. A physical therapist can help you adapt the lift to suit your back."},
}

// levelWords fills in the words of a result that depend only on its level
// (of rank top): when to go up a level, the phone numbers and the note.
// The WebAssembly module leaves them out (lean_js.go): its page shows them
// from PageData.
func levelWords(res *Result, top int) {
	res.Escalate = escalations(top)
	res.Phones = append([]Phone{}, levels[top].Phones...)
	res.Note = Note
}
