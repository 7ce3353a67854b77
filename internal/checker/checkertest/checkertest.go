// Package checkertest generates answer sets for tests of the pain checker
// (valid ones that reach every level, and ones with exactly one bad
// answer), and gives the module's view of a result (ModuleView).
package checkertest

import (
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/liftwell/liftwell/internal/checker"
)

// groups are the checker's questions, made once: answer sets are made by
// the ten thousand.
var groups = checker.Page().Groups

// Answers returns a random valid answer set. A quarter of them are "calm":
// no sign ticked, every yes-no question about the person answered no, and
// small numbers for the pain, so that ordinary soreness turns up often; the
// rest tick signs at a rate that varies from set to set, and give a choice
// about the person or a follow-up choice of the warning step (pregnancy,
// leg_sides; the module's tables do not mark follow-ups) other
// than its first option at that rate too. Any question but a
// check item is left unanswered one time in six.
func Answers(r *rand.Rand) map[string]string {
	calm := r.IntN(4) == 0
	p := []float64{0.01, 0.05, 0.15, 0.3}[r.IntN(4)]
	if calm {
		p = 0
	}
	a := map[string]string{}
	for _, g := range groups {
		for _, q := range g.Questions {
			switch {
			case q.Kind == checker.Check:
				yes := p
				if g.ID == "emergency" {
					yes = p / 4
				}
				if x := r.Float64(); x < yes {
					a[q.ID] = "yes"
				} else if x < yes+0.1 {
					a[q.ID] = "no"
				}
			case r.IntN(6) == 0:
				// unanswered
			case q.Kind == checker.Number:
				a[q.ID] = strconv.Itoa(number(r, q, calm))
			case q.Kind == checker.YesNo && g.ID != "training":
				a[q.ID] = "no"
				if !calm && r.Float64() < p {
					a[q.ID] = "yes"
				}
			case q.Kind == checker.Choice && (g.ID == "about_you" || g.ID == "warning" && q.ID != "night_pain"):
				// Like a yes-no question about the person: the first
				// option ("no", "one") mostly, another at the rate of signs.
				a[q.ID] = q.Options[0].Value
				if !calm && r.Float64() < p {
					a[q.ID] = q.Options[r.IntN(len(q.Options))].Value
				}
			default:
				a[q.ID] = q.Options[r.IntN(len(q.Options))].Value
			}
		}
	}
	return a
}

// number favours small values and the ends of the range, where most of the
// rules' thresholds are.
func number(r *rand.Rand, q checker.Question, calm bool) int {
	lo, hi := q.Min, q.Max
	if calm && q.ID == "age" {
		return 18 + r.IntN(42) // an adult under 60
	}
	if calm {
		return lo + r.IntN(min(hi-lo, 7)+1)
	}
	switch r.IntN(4) {
	case 0:
		return lo + r.IntN(hi-lo+1)
	case 1:
		return []int{lo, hi}[r.IntN(2)]
	default:
		return lo + r.IntN(min(hi-lo, 70)+1)
	}
}

// Bad returns a valid answer set with one answer made invalid, and the id
// of that answer.
func Bad(r *rand.Rand) (map[string]string, string) {
	a := Answers(r)
	var qs []checker.Question
	for _, g := range groups {
		qs = append(qs, g.Questions...)
	}
	q := qs[r.IntN(len(qs))]
	switch r.IntN(5) {
	case 0:
		id := []string{"colour", "Age", "fever ", "", "ache", "days2"}[r.IntN(6)]
		a[id] = "yes"
		return a, id
	case 1:
		a[q.ID] = ""
	case 2:
		a[q.ID] = []string{"maybe", "YES", "1.5", "ten", " 3", "true"}[r.IntN(6)]
	default:
		if q.Kind != checker.Number {
			a[q.ID] = "sometimes"
		} else {
			a[q.ID] = strconv.Itoa([]int{q.Min - 1, q.Max + 1, -5, 99999}[r.IntN(4)])
		}
	}
	return a, q.ID
}

// ModuleView is a result without the words that depend only on its level,
// rules, tips or advice, which the WebAssembly module leaves to its page.
func ModuleView(r checker.Result) checker.Result {
	r.Now, r.Note, r.Escalate, r.Phones = "", "", nil, nil
	r.Reasons = slices.Clone(r.Reasons)
	for i := range r.Reasons {
		r.Reasons[i].Why = ""
	}
	r.Tips = slices.Clone(r.Tips)
	for i := range r.Tips {
		r.Tips[i].Text, r.Tips[i].If = "", checker.Test{}
	}
	r.Advice = slices.Clone(r.Advice)
	for i := range r.Advice {
		r.Advice[i].Text, r.Advice[i].If, r.Advice[i].Not = "", 0, 0
	}
	return r
}
