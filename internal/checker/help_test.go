//go:build !js

package checker

import (
	"slices"
	"strconv"
	"strings"
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
				tests := []Test{test}
				if q := questionOf(test.ID); q != nil {
					tests = append(tests, q.ShowIf...) // asked only after them
				}
				for _, tt := range tests {
					if tt.ID == id.id && !holds(&tt, map[string]string{id.id: id.value}) {
						failed = true
					}
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

// TestSignsForSomeone: a 34-year-old who is not pregnant and was never
// treated for cancer is shown none of the signs that need a pregnancy, a
// cancer history, or another age (issue 21 §2), and every other sign
// stays.
func TestSignsForSomeone(t *testing.T) {
	said := map[string]string{"age": "34", "pregnancy": "no", "cancer_history": "no"}
	for _, s := range Signs() {
		out := false
		for _, tok := range s.Not {
			a, _ := tokenAnswer(tok)
			switch {
			case strings.Contains(tok, ">="):
				out = out || atLeastN(said[a.id], a.value)
			case strings.Contains(tok, "<="):
				out = out || atLeastN(a.value, said[a.id])
			default:
				out = out || said[a.id] == a.value
			}
		}
		needs := ""
		for _, test := range ruleByID(s.Rule).All {
			if q := questionOf(test.ID); q != nil && len(q.ShowIf) == 1 && q.ShowIf[0].ID == "pregnancy" {
				needs = "a pregnancy"
			}
			switch {
			case test.ID == "cancer_history":
				needs = "a cancer history"
			case test.ID == "pregnancy" && test.Op == Is && !slices.Contains(test.Values, "no"):
				needs = "a pregnancy"
			case test.ID == "age" && test.Op == AtMost && test.N < 34:
				needs = "a younger age"
			case test.ID == "age" && test.Op == AtLeast && test.N > 34:
				needs = "an older age"
			}
		}
		if needs != "" && !out {
			t.Errorf("sign %s (%q) needs %s, yet is shown to %v", s.Rule, s.Text, needs, said)
		}
		if needs == "" && out {
			t.Errorf("sign %s (%q) is hidden from %v, though it can apply", s.Rule, s.Text, said)
		}
	}
}

// atLeastN reports whether the whole number a is at least b.
func atLeastN(a, b string) bool {
	x, err1 := strconv.Atoi(a)
	y, err2 := strconv.Atoi(b)
	return err1 == nil && err2 == nil && x >= y
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
	if !slices.Equal(h.Taps["severity"], []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}) || len(h.Taps) != 1 {
		t.Errorf("tap scales %v, want severity 0 to 10 (spec) alone", h.Taps)
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

// TestSplits: each split of a long step starts at a question that is not
// the first of its group, in a group without tick boxes (whose "none of
// these" box must stay on one step), and has a title.
func TestSplits(t *testing.T) {
	for id, st := range HelpData().Splits {
		found := false
		for _, g := range groups {
			for i, q := range g.Questions {
				if q.ID != id {
					continue
				}
				found = true
				if i == 0 {
					t.Errorf("split at %s: the first question of %s", id, g.ID)
				}
				for _, o := range g.Questions {
					if o.Kind == Check {
						t.Errorf("split at %s: group %s has tick boxes", id, g.ID)
						break
					}
				}
			}
		}
		if !found || st.ID == "" || st.Title == "" {
			t.Errorf("split at %s: question found %v, step %+v", id, found, st)
		}
	}
}
