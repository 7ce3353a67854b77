package checker_test

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/liftwell/liftwell/internal/checker"
	"github.com/liftwell/liftwell/internal/checker/checkertest"
)

// specLevel is the spec's rule list (version 3, "Rules"), written out
// again as plain code, straight from the spec and independent of the rule
// table, to check the table against.
func specLevel(a map[string]string) string {
	yes := func(id string) bool { return a[id] == "yes" }
	num := func(id string) (int, bool) {
		n, err := strconv.Atoi(a[id])
		return n, err == nil
	}
	atLeast := func(id string, n int) bool { v, ok := num(id); return ok && v >= n }
	atMost := func(id string, n int) bool { v, ok := num(id); return ok && v <= n }
	is := func(id string, vs ...string) bool {
		for _, v := range vs {
			if a[id] == v {
				return true
			}
		}
		return false
	}
	anyYes := func(ids ...string) bool {
		for _, id := range ids {
			if yes(id) {
				return true
			}
		}
		return false
	}
	legs := anyYes("leg_pain", "leg_numbness", "leg_weakness", "foot_drop")
	// "first_episode not no": unanswered counts as a first episode.
	firstSuddenAt60 := atLeast("age", 60) && a["first_episode"] != "no" && is("onset", "sudden", "no_link")
	// age 50 or more, cancer, bone or infection risk, or no link to lifting
	context := yes("cancer_history") || yes("bone_risk") || yes("infection_risk") || is("onset", "no_link")

	// emergency when any of:
	if anyYes("saddle_numbness", "bladder_bowel", "sexual_change", "both_legs", "legs_unsteady", "major_trauma",
		"chest_or_belly", "dark_urine", "very_unwell", "too_much_paracetamol") ||
		is("leg_sides", "both") || is("saddle_recheck", "yes") ||
		yes("early_pregnancy_danger") || yes("pregnancy_emergency") ||
		yes("belly_or_vomiting") && (atLeast("severity", 7) || atLeast("age", 60)) ||
		firstSuddenAt60 && atLeast("severity", 8) ||
		yes("upper_back") && is("onset", "sudden") && atLeast("severity", 8) ||
		yes("blood_thinners") && anyYes("leg_weakness", "foot_drop") ||
		yes("cancer_history") && legs ||
		yes("fever") && yes("infection_risk") ||
		yes("fever") && (yes("diabetes") || yes("recent_infection")) &&
			(is("trend", "worse") || is("night_pain", "constant") || atLeast("severity", 7) || legs) {
		return checker.Emergency
	}
	// urgent when any of:
	if yes("emergency_unsure") ||
		anyYes("fever", "weight_loss") || is("night_pain", "constant") || anyYes("foot_drop", "leg_weakness", "back_lump", "flank_pain") ||
		yes("other_painkillers") ||
		yes("belly_or_vomiting") || is("saddle_recheck", "not_sure") ||
		firstSuddenAt60 && atLeast("severity", 7) ||
		yes("blood_thinners") && is("onset", "sudden") && atLeast("severity", 7) ||
		yes("recent_infection") && is("trend", "worse") || is("night_pain", "keeps_awake") && is("trend", "worse") ||
		atLeast("severity", 8) && is("onset", "after_hours", "next_days") && atMost("days", 3) && !is("trend", "better") ||
		yes("upper_back") && yes("cough_sneeze") ||
		yes("pregnancy_signs") ||
		atLeast("severity", 10) ||
		(yes("upper_back") || is("night_pain", "keeps_awake")) && (atLeast("age", 50) || context) ||
		yes("cough_sneeze") && context ||
		is("night_pain", "keeps_awake") && atLeast("days", 7) && !is("trend", "better") ||
		yes("cancer_history") && (is("trend", "worse") || is("night_pain", "wakes_when_moving", "keeps_awake", "constant") ||
			yes("cough_sneeze") || atLeast("severity", 7) || yes("upper_back") || is("character", "pinpoint") ||
			is("onset", "sudden") || yes("limp")) ||
		yes("bone_risk") && (yes("minor_fall") || is("onset", "sudden") || atLeast("severity", 7)) ||
		atLeast("age", 65) && yes("minor_fall") ||
		yes("infection_risk") && is("trend", "worse") {
		return checker.Urgent
	}
	// see_clinician when any of:
	if anyYes("leg_numbness", "leg_pain", "limp", "daily_activities", "recurring", "morning_stiffness") ||
		yes("upper_back") || yes("cough_sneeze") || is("night_pain", "keeps_awake") ||
		atLeast("severity", 8) ||
		is("trend", "worse") && atLeast("days", 3) ||
		atLeast("days", 42) || atLeast("days", 14) && !is("trend", "better") ||
		is("night_pain", "wakes_when_moving") && atLeast("days", 7) ||
		atMost("age", 15) || atMost("age", 17) && (atLeast("days", 7) || is("character", "pinpoint")) ||
		atLeast("age", 60) && yes("first_episode") ||
		atLeast("age", 65) && (is("onset", "sudden") || is("character", "sharp", "pinpoint") || atLeast("severity", 7)) ||
		is("pregnancy", "possible", "early", "later", "after_birth") ||
		anyYes("cancer_history", "infection_risk", "bone_risk", "known_deficit") ||
		yes("blood_thinners") && (is("onset", "sudden") || atLeast("severity", 7)) {
		return checker.SeeClinician
	}
	// normal_soreness when no rule above fires, character=ache, and either
	// same-day fatigue or delayed onset soreness; a sudden onset never is.
	if is("character", "ache") {
		if is("onset", "during_lift") && atMost("days", 0) && atMost("severity", 4) && is("trend", "better", "same") {
			return checker.NormalSoreness
		}
		if is("onset", "after_hours", "next_days") && atMost("days", 5) && atMost("severity", 6) {
			return checker.NormalSoreness
		}
	}
	return checker.SelfCare
}

// TestSpecRuleList compares Assess with specLevel on many answer sets,
// random ones and ones walking every threshold of the number questions.
func TestSpecRuleList(t *testing.T) {
	r := rand.New(rand.NewPCG(20, 26))
	count := map[string]int{}
	check := func(a map[string]string) {
		t.Helper()
		got := mustAssess(t, a).Level
		if want := specLevel(a); got != want {
			t.Fatalf("%v: Assess gives %s, the spec's rule list %s", a, got, want)
		}
		count[got]++
	}
	n, step := 20000, 1
	if runtime.GOOS == "js" { // the native run covers it all; this one checks the compiled code
		n, step = 2000, 7
	}
	for range n {
		check(checkertest.Answers(r))
	}
	k := 0
	// Every value of the pain and age questions around the thresholds,
	// with and without each single sign.
	signs := []string{"", "fever", "cough_sneeze", "minor_fall", "leg_pain", "limp", "upper_back", "belly_or_vomiting", "leg_weakness"}
	for _, age := range []string{"", "14", "15", "16", "17", "18", "59", "60", "64", "65", "80"} {
		for _, days := range []string{"", "0", "1", "2", "3", "5", "6", "7", "13", "14", "41", "42"} {
			for _, sev := range []string{"", "0", "4", "5", "6", "7", "8", "9", "10"} {
				for _, onset := range []string{"", "during_lift", "sudden", "after_hours", "next_days", "no_link"} {
					for _, trend := range []string{"", "better", "same", "worse"} {
						a := map[string]string{}
						for id, v := range map[string]string{"age": age, "days": days, "severity": sev, "onset": onset, "trend": trend,
							"character":     []string{"ache", "sharp", "pinpoint", ""}[r.IntN(4)],
							"night_pain":    []string{"", "none", "wakes_when_moving", "keeps_awake", "constant"}[r.IntN(5)],
							"first_episode": []string{"", "yes", "no"}[r.IntN(3)],
							"bone_risk":     []string{"no", "yes"}[r.IntN(8)/7], "cancer_history": []string{"no", "yes"}[r.IntN(8)/7],
							"infection_risk": []string{"no", "yes"}[r.IntN(8)/7],
							"pregnancy":      []string{"no", "no", "no", "possible", "early", "later", "after_birth"}[r.IntN(7)],
							"diabetes":       []string{"no", "yes"}[r.IntN(8)/7], "recent_infection": []string{"no", "yes"}[r.IntN(8)/7],
							"blood_thinners": []string{"no", "yes"}[r.IntN(8)/7], "known_deficit": []string{"no", "yes"}[r.IntN(8)/7]} {
							if v != "" {
								a[id] = v
							}
						}
						if s := signs[r.IntN(len(signs))]; s != "" {
							a[s] = "yes"
						}
						if k++; k%step == 0 {
							check(a)
						}
					}
				}
			}
		}
	}
	for _, lv := range checker.Page().Levels {
		if count[lv.ID] < 70/step {
			t.Errorf("only %d answer sets reached %s", count[lv.ID], lv.ID)
		}
	}
	t.Logf("levels reached: %v", count)
}

// TestSpecAdvice checks the results against the spec's "Exercises and
// advice that fit the answers", restated here: no result suggests an
// anti-inflammatory where the spec rules one out, nor any painkiller after
// too much of one; the exercises the spec names are left out for the
// answers it names; and a see_clinician result keeps gentle strengthening
// when nothing rules it out.
func TestSpecAdvice(t *testing.T) {
	r := rand.New(rand.NewPCG(30, 3))
	// suggests reports whether a piece of advice suggests taking one of
	// the medicines named: it names one and is not a "do not".
	suggests := func(text string, names ...string) bool {
		if strings.HasPrefix(text, "Do not") {
			return false
		}
		for _, n := range names {
			if strings.Contains(strings.ToLower(text), n) {
				return true
			}
		}
		return false
	}
	nsaids := []string{"ibuprofen", "naproxen", "anti-inflammatory"}
	n, sets := 0, 30000
	if runtime.GOOS == "js" { // the native run covers it all; this one checks the compiled code
		sets = 3000
	}
	for range sets {
		a := checkertest.Answers(r)
		res := mustAssess(t, a)
		yes := func(id string) bool { return a[id] == "yes" }
		age, _ := strconv.Atoi(a["age"])
		overdose := yes("too_much_paracetamol") || yes("other_painkillers")
		noNSAID := yes("blood_thinners") || a["pregnancy"] == "possible" || a["pregnancy"] == "early" || a["pregnancy"] == "later" ||
			overdose || a["age"] != "" && age >= 65 || yes("fever") || yes("flank_pain") || yes("dark_urine") || yes("very_unwell")
		texts := append([]string{res.Now}, res.StopIf...)
		for _, ad := range res.Advice {
			text := ad.Text
			if runtime.GOOS == "js" {
				text = adviceText(ad.ID)
			}
			texts = append(texts, text)
		}
		for _, text := range texts {
			if noNSAID && suggests(text, nsaids...) {
				t.Fatalf("%v: the result suggests an anti-inflammatory: %q", a, text)
			}
			if overdose && suggests(text, append(nsaids, "paracetamol", "painkiller")...) {
				t.Fatalf("%v: the result suggests a painkiller after too much of one: %q", a, text)
			}
		}
		if noNSAID && len(res.Advice) > 0 {
			n++
		}
		legs := yes("leg_pain") || yes("leg_numbness") || yes("leg_weakness") || yes("foot_drop")
		bending := yes("bone_risk") || yes("cancer_history") || age >= 65 && a["onset"] == "sudden"
		arching := yes("bone_risk") || a["age"] != "" && (age < 18 && (atLeastDays(a, 7) || a["character"] == "pinpoint") ||
			age < 25 && a["character"] == "pinpoint")
		for _, c := range []struct {
			out   bool
			slugs []string
		}{
			{legs, []string{"knee-to-chest", "childs-pose", "hamstring-stretch"}},
			{bending, []string{"knee-to-chest", "childs-pose", "foam-roller", "wall-ball-massage"}},
			{a["pregnancy"] == "later", []string{"bridge", "knee-to-chest"}},
			{yes("blood_thinners"), []string{"foam-roller", "wall-ball-massage"}},
			{arching, []string{"cat-cow"}},
		} {
			for _, slug := range c.slugs {
				if c.out && slices.Contains(res.Exercises, slug) {
					t.Fatalf("%v: the result shows %s, which the spec rules out", a, slug)
				}
			}
		}
		if res.Level == checker.SeeClinician && a["pregnancy"] != "later" &&
			(!slices.Contains(res.Exercises, "bridge") || !slices.Contains(res.Exercises, "bird-dog")) {
			t.Fatalf("%v: a see_clinician result without gentle strengthening: %v", a, res.Exercises)
		}
	}
	if n < sets/60 {
		t.Errorf("only %d results with advice where an anti-inflammatory is ruled out", n)
	}
}

func atLeastDays(a map[string]string, n int) bool {
	d, err := strconv.Atoi(a["days"])
	return err == nil && d >= n
}

// adviceText is the page's words for a piece of advice, which the module
// leaves out.
func adviceText(id string) string {
	for _, ad := range checker.Page().Advice {
		if ad.ID == id {
			return ad.Text
		}
	}
	return ""
}
