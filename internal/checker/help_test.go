package checker

import (
	"slices"
	"testing"
)

// TestSignsDenied: a sign whose rule needs a settled answer other than the
// one given is marked out for it (issue 21: no "under 16", "pregnancy" or
// "cancer" sign for someone who said no to each), and a sign that
// needs no settled answer is never marked out.
func TestSignsDenied(t *testing.T) {
	signs := Signs()
	if len(signs) == 0 {
		t.Fatal("no signs")
	}
	n := 0
	for _, lv := range levels {
		n += len(escalationsOf(lv.ID))
	}
	if len(signs) != n {
		t.Errorf("%d signs, want %d (every rule with a Sign)", len(signs), n)
	}
	for _, s := range signs {
		r := ruleByID(s.Rule)
		// Each token of Not, given alone with what the rule needs besides,
		// must make the rule fail: check by Assess-free evaluation.
		for _, tok := range s.Not {
			id, ok := tokenAnswer(tok)
			if !ok {
				t.Errorf("%s: bad token %q", s.Rule, tok)
				continue
			}
			if !slices.Contains(settled, id.id) {
				t.Errorf("%s: denies %q, which is not settled", s.Rule, tok)
			}
			failed := false
			for _, test := range r.All {
				if test.ID == id.id && !holds(&test, map[string]string{id.id: id.value}) {
					failed = true
				}
			}
			if !failed {
				t.Errorf("%s: %q does not fail any of its rule's tests", s.Rule, tok)
			}
		}
	}
	// From the spec: the cancer rules need cancer_history=yes.
	found := false
	for _, s := range signs {
		for _, test := range ruleByID(s.Rule).All {
			if test.ID == "cancer_history" {
				found = true
				if !slices.Contains(s.Not, "cancer_history=no") {
					t.Errorf("%s needs a cancer history, but is not marked out for cancer_history=no: %q", s.Rule, s.Not)
				}
			}
		}
	}
	if !found {
		t.Error("no sign needs cancer_history=yes; the spec has cancer rules")
	}
}

// TestHelpData: the emergency numbers of every region are the ones the
// emergency result offers, NHS 111 is for all of the UK, every level has a
// plan with an action and both lists, and the severity scale runs 0 to 10.
func TestHelpData(t *testing.T) {
	h := HelpData()
	if len(h.Phones) != 3 {
		t.Fatalf("emergency phones %v, want 999, 911 and 112", h.Phones)
	}
	for i, want := range []string{"999", "911", "112"} {
		if h.Phones[i].Number != want || h.Regions[i].Emergency.Number != want {
			t.Errorf("phone %d: %v, region %v, want %s", i, h.Phones[i], h.Regions[i].Emergency, want)
		}
	}
	for _, lv := range levels {
		p, ok := h.Plans[lv.ID]
		if !ok || p.Action == "" || len(p.Do) == 0 || len(p.Dont) == 0 {
			t.Errorf("level %s: plan %+v, want an action, Do and Don't", lv.ID, p)
		}
		if len(p.Do) > 4 || len(p.Dont) > 4 {
			t.Errorf("level %s: %d Do and %d Don't, want short lists (4 at most)", lv.ID, len(p.Do), len(p.Dont))
		}
	}
	if !slices.Equal(h.Severity, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}) {
		t.Errorf("severity scale %v, want 0 to 10 (spec)", h.Severity)
	}
}

type answer struct{ id, value string }

// tokenAnswer turns a token into one answer that makes it true.
func tokenAnswer(tok string) (answer, bool) {
	for _, op := range []string{">=", "<=", "="} {
		for i := 0; i+len(op) <= len(tok); i++ {
			if tok[i:i+len(op)] == op {
				return answer{tok[:i], tok[i+len(op):]}, true
			}
		}
	}
	return answer{}, false
}

func ruleByID(id string) *Rule {
	for i := range rules {
		if rules[i].ID == id {
			return &rules[i]
		}
	}
	return nil
}

func escalationsOf(level string) []string {
	var out []string
	for _, r := range rules {
		if r.Level == level && r.Sign != "" {
			out = append(out, r.ID)
		}
	}
	return out
}
