// Package checker decides how urgently someone with lower back pain after
// deadlifts should get help. It is the single home of the pain checker's
// clinical contract (see /shared/spec/checker.md): the questions, the five
// levels and the rules all live here as data, and the WebAssembly module,
// the assess command, the checker page and the no-JavaScript checklist are
// all built from them.
//
// In short, the contract is:
//
//   - Answers are id=value string pairs. Check items are "yes" when ticked
//     and "no" or absent otherwise; yes-no and choice questions take one of
//     their listed values; number questions take a whole number in range.
//     Anything else is an error naming the id, the value and what is
//     allowed: never a guess, never a silent default.
//   - There are five levels, most urgent first: emergency, urgent,
//     see_clinician, self_care and normal_soreness.
//   - The rules (rules.go) are a table. The result is the most urgent level
//     any rule reaches. Rules at the normal_soreness and self_care levels are
//     a fallback, looked at only when no rule above them applies: the pain is
//     called ordinary soreness only when the answers show it, and self-care
//     is the answer otherwise, including when the pain questions are unanswered.
//   - Ticking a further check item never lowers the level.
//   - The training questions only choose prevention tips; they never change
//     the level.
//
// The package must stay small enough for the browser (the module has to fit
// in 600 KB after gzip): it, and everything the WebAssembly module links,
// must not import fmt, encoding/json, reflect or syscall/js (a test checks
// this). It imports nothing at all, since even strings and strconv cost
// kilobytes there, and the js build uses tables_js.go, a copy of the tables
// generated without the words only the pages show (see lean_test.go).
package checker

// Kind is the type of a question.
type Kind string

// The kinds of question.
const (
	Check  Kind = "check"  // a tick box: "yes" when ticked, "no" or absent otherwise
	YesNo  Kind = "yesno"  // "yes" or "no"
	Choice Kind = "choice" // one of the options
	Number Kind = "number" // a whole number from Min to Max
)

// Option is one allowed answer to a yes-no or choice question. (A check
// item takes "yes" or "no".) A number question may also list options:
// values with their own wording in reasons (such as 0 days: "today"); they
// do not limit its range.
type Option struct {
	Value string
	Label string
	// Said names this answer in a reason, after "You said".
	Said string
}

// Question is one question of the checker.
type Question struct {
	ID    string
	Kind  Kind
	Label string // the question, in plain words
	Help  string // a hint under the label; may be empty
	// Topic names what the question asks about, after "You did not say".
	Topic    string
	Options  []Option
	Min, Max int // for a number question
	// Said names a ticked check item in a reason, or a number answer with
	// "{n}" standing for the number.
	Said string
	// Required marks questions the checker page asks for before moving on.
	// Assess itself accepts any question unanswered.
	Required bool
}

// Group is one step of the checker: questions that belong together.
type Group struct {
	ID        string
	Title     string // the step's heading (the fieldset legend)
	Help      string
	Questions []Question
}

// Level is one of the five levels of urgency.
type Level struct {
	ID       string
	Title    string
	Now      string // what to do now
	Escalate string // when to go up a level
	// Exercises are slugs of exercise pages recommended at this level.
	Exercises []string
	// Tips says whether prevention tips are shown at this level.
	Tips bool
}

// The level ids, most urgent first.
const (
	Emergency      = "emergency"
	Urgent         = "urgent"
	SeeClinician   = "see_clinician"
	SelfCare       = "self_care"
	NormalSoreness = "normal_soreness"
)

// Op is how a test compares an answer.
type Op uint8

// The tests an answer can pass.
const (
	Is      Op = iota // answered with one of Values
	IsNot             // not answered with any of Values (true when unanswered)
	AtLeast           // a number answer of N or more
	AtMost            // a number answer of N or less
)

// Test is one condition on one answer.
type Test struct {
	ID     string
	Op     Op
	Values []string // for Is and IsNot
	N      int      // for AtLeast and AtMost
}

// Rule is one row of the rule table: when its tests hold, the result is at
// least its level.
type Rule struct {
	ID    string
	Level string
	All   []Test // every one of these must hold
	Any   []Test // and, when there are any, at least one of these
	// Says is the rule as a statement that is true for the person when the
	// rule applies, for the checklist and the rules page.
	Says string
}

// Tip is a prevention tip chosen by a training answer.
type Tip struct {
	ID   string `json:"id"`
	If   Test   `json:"-"`
	Text string `json:"text"`
}

// Reason is one rule that applied to the answers.
type Reason struct {
	ID      string   `json:"id"`      // the rule's id
	Text    string   `json:"text"`    // "You said ...", naming the answers
	Level   string   `json:"level"`   // the rule's level
	Answers []string `json:"answers"` // the ids of the answers that made the rule apply
	Lower   bool     `json:"lower"`   // the rule's level is below the result's
}

// Result is the outcome of Assess.
type Result struct {
	Level     string   `json:"level"`
	Reasons   []Reason `json:"reasons"`
	Now       string   `json:"now"`
	Escalate  string   `json:"escalate"`
	Exercises []string `json:"exercises"`
	Tips      []Tip    `json:"tips"`
	Note      string   `json:"note"`
}

// AnswerError reports an answer that Assess cannot accept.
type AnswerError struct {
	ID      string
	Value   string
	Problem string // what is wrong with it
	Allowed string // what would be accepted
}

func (e *AnswerError) Error() string {
	return "answer " + e.ID + `="` + e.Value + `" ` + e.Problem + ": " + e.Allowed
}

// Note is the reminder that every result carries.
const Note = "This is not a diagnosis. The checker sorts your answers by how urgent they look, " +
	"following published guidance on warning signs in back pain, but it cannot examine you. " +
	"If you are worried, or something changes, get medical advice."

// question returns the question with the given id, or nil, and its place
// in the order of the questions.
func question(id string) (*Question, int) {
	n := 0
	for gi := range groups {
		for qi := range groups[gi].Questions {
			if q := &groups[gi].Questions[qi]; q.ID == id {
				return q, n
			}
			n++
		}
	}
	return nil, n
}

// rank orders levels: 0 is the most urgent.
func rank(level string) int {
	i := 0
	for i < len(levels)-1 && levels[i].ID != level {
		i++
	}
	return i
}

// Assess checks the answers, then applies the rule table to them.
func Assess(answers map[string]string) (Result, error) {
	if err := validate(answers); err != nil {
		return Result{}, err
	}
	applied := apply(answers)
	top := rank(applied[0].Level)
	lv := &levels[top]
	res := Result{
		Level:     lv.ID,
		Now:       lv.Now,
		Escalate:  lv.Escalate,
		Exercises: append([]string{}, lv.Exercises...),
		Tips:      []Tip{},
		Note:      Note,
	}
	for _, r := range applied {
		res.Reasons = append(res.Reasons, reason(r, answers, rank(r.Level) > top))
	}
	for i := range tips {
		if lv.Tips && holds(&tips[i].If, answers) {
			res.Tips = append(res.Tips, tips[i])
		}
	}
	return res, nil
}

// apply returns the rules that apply to valid answers, most urgent first;
// the first one's level is the result. The fallback rules at the end count
// only when no rule before them applies, and then only the first that
// does (the last has no tests, so one always does).
func apply(answers map[string]string) []*Rule {
	out := make([]*Rule, 0, len(rules))
	for i := range rules {
		r := &rules[i]
		fallback := r.Level == SelfCare || r.Level == NormalSoreness
		if fallback && len(out) > 0 {
			break
		}
		if applies(r, answers) {
			out = append(out, r)
			if fallback {
				break
			}
		}
	}
	return out
}

func applies(r *Rule, answers map[string]string) bool {
	for i := range r.All {
		if !holds(&r.All[i], answers) {
			return false
		}
	}
	for i := range r.Any {
		if holds(&r.Any[i], answers) {
			return true
		}
	}
	return len(r.Any) == 0
}

func holds(t *Test, answers map[string]string) bool {
	v := answers[t.ID]
	ok := v != "" // valid answers are never empty
	n, _ := number(v)
	switch t.Op {
	case Is:
		return ok && has(t.Values, v)
	case IsNot:
		return !has(t.Values, v) // values are never empty, so true when unanswered
	case AtLeast:
		return ok && n >= t.N
	}
	return ok && n <= t.N // AtMost
}

// has reports whether list holds s. (Inlined in its five places, it would
// cost the module about 2 KB.)
//
//go:noinline
func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// reason explains why rule r applied, naming the answers that made it apply.
func reason(r *Rule, answers map[string]string, lower bool) Reason {
	var tests []*Test
	for i := range r.All {
		tests = append(tests, &r.All[i])
	}
	for i := range r.Any {
		if holds(&r.Any[i], answers) {
			tests = append(tests, &r.Any[i])
		}
	}
	if len(tests) == 0 {
		// The rule that applies when no other does: name the answers that
		// kept the pain from counting as ordinary soreness.
		for i := range rules {
			for j := range rules[i].All {
				if t := &rules[i].All[j]; rules[i].Level == NormalSoreness && !holds(t, answers) {
					tests = append(tests, t)
				}
			}
		}
	}
	res := Reason{ID: r.ID, Level: r.Level, Answers: []string{}, Lower: lower}
	said, missing := "", ""
	for _, t := range tests {
		if has(res.Answers, t.ID) {
			continue
		}
		res.Answers = append(res.Answers, t.ID)
		q, _ := question(t.ID)
		if v := answers[t.ID]; v != "" {
			said += "; " + saying(q, v)
		} else {
			missing += "; " + q.Topic
		}
	}
	if said != "" {
		res.Text = " You said: " + said[2:] + "."
	}
	if missing != "" {
		res.Text += " You did not say: " + missing[2:] + "."
	}
	if r.Level == SelfCare {
		res.Text += " So the checker cannot call it ordinary soreness."
	}
	res.Text = res.Text[1:]
	return res
}

// saying names an answer in a reason.
func saying(q *Question, v string) string {
	for _, o := range q.Options {
		if o.Value == v {
			return o.Said
		}
	}
	for i := 0; i+3 <= len(q.Said); i++ {
		if q.Said[i:i+3] == "{n}" {
			return q.Said[:i] + v + q.Said[i+3:]
		}
	}
	return q.Said
}

// number reads a whole number written in digits, with an optional minus
// sign. Numbers too big for an int come back as a huge number.
func number(s string) (n int, ok bool) {
	digits := s
	if len(s) > 1 && s[0] == '-' {
		digits = s[1:]
	}
	for _, c := range []byte(digits) {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = min(n*10+int(c-'0'), 1<<40)
	}
	if len(digits) < len(s) {
		n = -n
	}
	return n, digits != ""
}

// itoa writes a whole number of 0 or more in digits.
func itoa(n int) string {
	const decimal = "0123456789"
	s := ""
	for ; n >= 10; n /= 10 {
		s = decimal[n%10:n%10+1] + s
	}
	return decimal[n:n+1] + s
}

// validate returns the first problem with the answers: an unknown id (the
// first in sorted order) before anything else, then the first bad answer in
// the order of the questions.
func validate(answers map[string]string) error {
	var first *AnswerError
	at := 0 // the place of first's question; -1 for an unknown id
	for id, v := range answers {
		q, i := question(id)
		var err *AnswerError
		if q == nil {
			ids := ""
			for _, g := range groups {
				for _, q := range g.Questions {
					ids += ", " + q.ID
				}
			}
			err, i = &AnswerError{id, v, "is not a question of the checker", "the ids are " + ids[2:]}, -1
		} else {
			err = checkAnswer(q, v)
		}
		if err != nil && (first == nil || i < at || i == at && id < first.ID) {
			first, at = err, i
		}
	}
	if first == nil {
		return nil
	}
	return first
}

// checkAnswer checks one answer against its question.
func checkAnswer(q *Question, v string) *AnswerError {
	n, isNumber := number(v)
	switch q.Kind {
	case Number:
		if isNumber && n >= q.Min && n <= q.Max {
			return nil
		}
	case Check:
		if v == "yes" || v == "no" {
			return nil
		}
	default:
		for _, o := range q.Options {
			if o.Value == v {
				return nil
			}
		}
	}
	// Only a bad answer pays for the words.
	problem, allowed := "is not one of the choices", "use yes (ticked) or no"
	switch q.Kind {
	case Number:
		problem, allowed = "is not a whole number", "use a whole number from "+itoa(q.Min)+" to "+itoa(q.Max)
		if isNumber {
			problem = "is out of range"
		}
	case YesNo, Choice:
		allowed = "use one of"
		for i, o := range q.Options {
			if i > 0 {
				allowed += ","
			}
			allowed += " " + o.Value
		}
	}
	if v == "" {
		problem, allowed = "is empty", "leave it out or "+allowed
	}
	return &AnswerError{q.ID, v, problem, allowed}
}
