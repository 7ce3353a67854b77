//go:build !js

package checker

import "strconv"

// This file holds what a result says about acting on it: the emergency
// numbers as call buttons, who can help in each region and how to reach
// them, the short plan at the top of each level's result, and which
// warning signs to show first. The checker page, the home page and the
// articles render it; the WebAssembly module leaves it out (help_js.go).

// Region is where a person lives, with the emergency number there and the
// people who can help at each level, most urgent first.
type Region struct {
	ID        string
	Name      string
	Emergency Phone
	Helpers   []Helper
}

// Helper is one way to get care in a region.
type Helper struct {
	Who string // "a GP practice"
	How string // how to reach them, in one sentence
	// Phone, when set, is a number to call for this helper.
	Phone *Phone
	// Levels are the levels this helper suits (level ids).
	Levels []string
}

// Plan is the top of a level's result: one line of what to do and by
// when, and short lists of what to do and what not to do.
type Plan struct {
	Action string
	Do     []string
	Dont   []string
}

// Help is the data of this file, for the pages.
type Help struct {
	// Phones are the emergency numbers, for call buttons.
	Phones  []Phone
	Regions []Region
	// Plans is each level's plan, by level id.
	Plans map[string]Plan
	// Settled are the answers that cannot change in the weeks a result
	// looks ahead: a warning sign whose rule needs another answer to one
	// of them is not shown to someone who gave that answer.
	Settled []string
	// Taps are the values of each number question with a named scale (the
	// 0 to 10 pain scale), by question id: the page asks them as a row of
	// buttons, as the pain log does.
	Taps map[string][]int
	// Signs are the warning signs of "when to go up a level".
	Signs []Sign
	// Splits starts a new step of the checker page at a question, by its
	// id: a long group of questions asked over two phone-sized steps.
	Splits map[string]*Step
}

// Step is a step of the checker page that a split starts.
type Step struct {
	ID, Title, Help string
}

// splits are the long groups of questions the checker page asks over two
// steps (GOV.UK's "one thing per page", on a phone): "About you" asks
// age, first episode and pregnancy, then "Your health" asks the seven
// yes-or-no questions on risks and medicines; "Your pain" asks how it
// began and how bad it is, then "Over the weeks" asks whether it keeps
// coming back.
var splits = map[string]*Step{
	"cancer_history": {ID: "health", Title: "Your health",
		Help: "Some conditions and medicines change how careful the checker needs to be. Answer each one."},
	"recurring": {ID: "pain_weeks", Title: "Your pain over the weeks",
		Help: "Pain that keeps coming back, or stiffness that lasts, is worth a check even when each bout is mild."},
}

// EmergencyPhones are the emergency numbers, for call buttons on every page
// that names an emergency.
func EmergencyPhones() []Phone { return append([]Phone{}, emergencyPhones...) }

var nhs111 = Phone{Number: "111", Tel: "111", Where: "NHS 111, all of the UK"}

// regions: who can help, and how, in the UK, the US and the EU.
var regions = []Region{
	{ID: "uk", Name: "In the UK", Emergency: emergencyPhones[0], Helpers: []Helper{
		{Who: "NHS 111", Phone: &nhs111, Levels: []string{Urgent},
			How: "Call 111, or use 111 online, any time of day: it works in England, Scotland, Wales and Northern Ireland, and can book you a same-day appointment."},
		{Who: "Your GP practice", Levels: []string{Urgent, SeeClinician},
			How: "Phone when the practice opens, or use its online form; say how long the pain has lasted and anything from your result."},
		{Who: "An NHS physiotherapist", Levels: []string{SeeClinician, SelfCare, NormalSoreness},
			How: "In many areas you can refer yourself without seeing a GP: search for physiotherapy self-referral and your area, or ask your practice."},
	}},
	{ID: "us", Name: "In the US", Emergency: emergencyPhones[1], Helpers: []Helper{
		{Who: "An urgent care center", Levels: []string{Urgent},
			How: "Walk in the same day, or call your insurer's nurse line first if it has one."},
		{Who: "Your primary care provider", Levels: []string{Urgent, SeeClinician},
			How: "Call the office or use its patient portal, and ask for an appointment within the time your result gives."},
		{Who: "A physical therapist", Levels: []string{SeeClinician, SelfCare, NormalSoreness},
			How: "Every state lets you see a physical therapist without a referral (direct access), though some limit how many visits; check what your insurance covers."},
	}},
	{ID: "eu", Name: "In the EU", Emergency: emergencyPhones[2], Helpers: []Helper{
		{Who: "The out-of-hours doctor", Levels: []string{Urgent},
			How: "At night and at weekends, your country's out-of-hours service sees urgent problems: 116 117 in several countries, or ask 112 where to go."},
		{Who: "Your GP or family doctor", Levels: []string{Urgent, SeeClinician},
			How: "Call the practice and say how long the pain has lasted and what your result says."},
		{Who: "A physiotherapist", Levels: []string{SeeClinician, SelfCare, NormalSoreness},
			How: "In some countries you can go straight to one; in others your doctor refers you first."},
	}},
}

// plans are the tops of the results, most urgent first (by level id).
var plans = map[string]Plan{
	Emergency: {Action: "Call an emergency number now, or get to an emergency department straight away.",
		Do:   []string{"Call for an ambulance, or ask someone to take you", "Take your medicines, or a list of them, with you"},
		Dont: []string{"Do not drive yourself", "Do not wait to see if it passes"}},
	Urgent: {Action: "Get medical advice today.",
		Do:   []string{"Call a doctor, urgent care or a nurse helpline today", "Go to an emergency department if you cannot get advice today"},
		Dont: []string{"Do not lift heavy or train until you have been checked", "Do not wait for it to settle first"}},
	SeeClinician: {Action: "Book a doctor or physical therapist within the next few days, and no later than 2 weeks from now.",
		Do:   []string{"Keep gently active, with walks and the moves below", "Use ice or heat for 15 to 20 minutes, wrapped in a cloth"},
		Dont: []string{"Do not lift heavy until you have been seen", "Do not rest in bed for days"}},
	SelfCare: {Action: "Look after it yourself: ease off the bar and keep moving for the next few days.",
		Do:   []string{"Walk and do the gentle moves below each day", "Use ice or heat for 15 to 20 minutes, wrapped in a cloth", "See a clinician if it is not clearly better 2 weeks after it began"},
		Dont: []string{"Do not deadlift heavy until it settles", "Do not rest in bed for days", "Never put ice or heat on numb or broken skin"}},
	NormalSoreness: {Action: "Give it a day or two of lighter activity, then go back to the bar step by step.",
		Do:   []string{"Keep moving with easy walks and the warm-ups below", "Use the tips below so it happens less often", "See a clinician if it is not clearly better 2 weeks after it began"},
		Dont: []string{"Do not go straight back to your heaviest weights", "Do not train through sharp pain"}},
}

// settled: facts about a person that do not change while a result holds
// (their age, a pregnancy, a cancer history, fragile bones, a known
// condition of the nerves).
var settled = []string{"age", "pregnancy", "cancer_history", "bone_risk", "known_deficit"}

// HelpData returns the data of this file for the pages.
func HelpData() Help {
	h := Help{Phones: EmergencyPhones(), Regions: regions, Plans: plans, Settled: settled, Signs: Signs(),
		Taps: map[string][]int{}, Splits: splits}
	for _, g := range groups {
		for _, q := range g.Questions {
			if q.Kind == Number && len(q.Scale) > 0 {
				for n := q.Min; n <= q.Max; n++ {
					h.Taps[q.ID] = append(h.Taps[q.ID], n)
				}
			}
		}
	}
	return h
}

// Sign is one warning sign of "when to go up a level", with what decides
// whether a result shows it first, or not at all, as tokens a page can
// test against the answers: "id=value", "id>=n" or "id<=n".
type Sign struct {
	Rule  string
	Level string
	Text  string
	// If: the sign relates to the person when any token holds (an answer
	// its rule's tests name).
	If []string
	// Not: the sign cannot apply when any token holds (the person gave a
	// settled answer that the rule's tests exclude).
	Not []string
}

// Signs are the warning signs of the rule table, most urgent first, in the
// order of "when to go up a level".
func Signs() []Sign {
	var out []Sign
	for i := range levels {
		for _, r := range rules {
			if r.Level != levels[i].ID || r.Sign == "" {
				continue
			}
			s := Sign{Rule: r.ID, Level: r.Level, Text: r.Sign}
			for _, t := range append(append([]Test{}, r.All...), r.Any...) {
				s.If = append(s.If, saidTokens(t)...)
			}
			for _, t := range r.All {
				s.Not = append(s.Not, deniedTokens(t)...)
				// A follow-up question asked only after one settled
				// answer (the pregnancy signs) is out with the others.
				if q := questionOf(t.ID); q != nil && len(q.ShowIf) == 1 {
					s.Not = append(s.Not, deniedTokens(q.ShowIf[0])...)
				}
			}
			out = append(out, s)
		}
	}
	return out
}

// saidTokens are the answers for which a test holds, as tokens. A test
// that holds when unanswered (IsNot) says nothing about the person.
func saidTokens(t Test) []string {
	switch t.Op {
	case Is:
		var out []string
		for _, v := range t.Values {
			out = append(out, t.ID+"="+v)
		}
		return out
	case AtLeast:
		return []string{t.ID + ">=" + strconv.Itoa(t.N)}
	case AtMost:
		return []string{t.ID + "<=" + strconv.Itoa(t.N)}
	}
	return nil
}

// deniedTokens are the answers to a settled question for which the test
// fails, as tokens.
func deniedTokens(t Test) []string {
	if !isSettled(t.ID) {
		return nil
	}
	switch t.Op {
	case AtLeast:
		return []string{t.ID + "<=" + strconv.Itoa(t.N-1)}
	case AtMost:
		return []string{t.ID + ">=" + strconv.Itoa(t.N+1)}
	}
	var out []string
	for _, o := range optionsOf(t.ID) {
		if in := hasString(t.Values, o); in == (t.Op == IsNot) {
			out = append(out, t.ID+"="+o)
		}
	}
	return out
}

func isSettled(id string) bool { return hasString(settled, id) }

func hasString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// optionsOf lists the values a question allows ("yes" and "no" for a
// yes-or-no question).
func optionsOf(id string) []string {
	q := questionOf(id)
	if q == nil {
		return nil
	}
	var out []string
	for _, o := range q.Options {
		out = append(out, o.Value)
	}
	if len(out) == 0 && q.Kind != Number {
		out = []string{"yes", "no"}
	}
	return out
}

func questionOf(id string) *Question {
	for i := range groups {
		for j := range groups[i].Questions {
			if groups[i].Questions[j].ID == id {
				return &groups[i].Questions[j]
			}
		}
	}
	return nil
}
