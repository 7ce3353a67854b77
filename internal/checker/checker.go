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
// The package must stay small enough for the browser: it, and everything the
// WebAssembly module links, must not import fmt, encoding/json, reflect or
// syscall/js (a test checks this).
package checker

import (
	"slices"
	"strconv"
	"strings"
)

// Kind is the type of a question.
type Kind string

// The kinds of question.
const (
	Check  Kind = "check"  // a tick box: "yes" when ticked, "no" or absent otherwise
	YesNo  Kind = "yesno"  // "yes" or "no"
	Choice Kind = "choice" // one of the options
	Number Kind = "number" // a whole number from Min to Max
)

// Option is one allowed answer to a check, yes-no or choice question. A
// number question may also list options: values with their own wording in
// reasons (such as 0 days: "today"); they do not limit its range.
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
	// Said names a number answer in a reason; "{n}" stands for the number.
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
type Op string

// The tests an answer can pass.
const (
	Is      Op = "is"       // answered with one of Values
	IsNot   Op = "is not"   // not answered with any of Values (true when unanswered)
	AtLeast Op = "at least" // a number answer of N or more
	AtMost  Op = "at most"  // a number answer of N or less
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
	id := e.ID
	if _, known := byID[id]; !known {
		id = strconv.Quote(id)
	}
	return "answer " + id + "=" + strconv.Quote(e.Value) + " " + e.Problem + ": " + e.Allowed
}

// Note is the reminder that every result carries.
const Note = "This is not a diagnosis. The checker sorts your answers by how urgent they look, " +
	"following published guidance on warning signs in back pain, but it cannot examine you. " +
	"If you are worried, or something changes, get medical advice."

var byID = func() map[string]*Question {
	m := map[string]*Question{}
	for gi := range groups {
		for qi := range groups[gi].Questions {
			q := &groups[gi].Questions[qi]
			m[q.ID] = q
		}
	}
	return m
}()

// rank orders levels: 0 is the most urgent.
func rank(level string) int {
	for i := range levels {
		if levels[i].ID == level {
			return i
		}
	}
	panic("checker: unknown level " + level)
}

func level(id string) *Level { return &levels[rank(id)] }

// Assess checks the answers, then applies the rule table to them.
func Assess(answers map[string]string) (Result, error) {
	if err := validate(answers); err != nil {
		return Result{}, err
	}
	applied := apply(answers)
	lv := level(applied[0].Level)
	res := Result{
		Level:     lv.ID,
		Reasons:   make([]Reason, 0, len(applied)),
		Now:       lv.Now,
		Escalate:  lv.Escalate,
		Exercises: append([]string{}, lv.Exercises...),
		Tips:      []Tip{},
		Note:      Note,
	}
	for _, r := range applied {
		res.Reasons = append(res.Reasons, reason(r, answers, applied[0].Level))
	}
	if lv.Tips {
		for _, t := range tips {
			if holds(t.If, answers) {
				res.Tips = append(res.Tips, t)
			}
		}
	}
	return res, nil
}

// apply returns the rules that apply to valid answers, most urgent first;
// the first one's level is the result. When none above the fallback
// applies, it returns the first fallback rule that does (the last one has
// no tests, so one always does).
func apply(answers map[string]string) []*Rule {
	var out []*Rule
	fallback := rank(SelfCare)
	for i := range rules {
		r := &rules[i]
		if rank(r.Level) >= fallback {
			break
		}
		if applies(r, answers) {
			out = append(out, r)
		}
	}
	if len(out) > 0 {
		return out
	}
	for i := range rules {
		r := &rules[i]
		if rank(r.Level) >= fallback && applies(r, answers) {
			return []*Rule{r}
		}
	}
	panic("checker: no fallback rule applies")
}

func applies(r *Rule, answers map[string]string) bool {
	for _, t := range r.All {
		if !holds(t, answers) {
			return false
		}
	}
	if len(r.Any) == 0 {
		return true
	}
	for _, t := range r.Any {
		if holds(t, answers) {
			return true
		}
	}
	return false
}

func holds(t Test, answers map[string]string) bool {
	v, ok := answers[t.ID]
	switch t.Op {
	case Is:
		return ok && slices.Contains(t.Values, v)
	case IsNot:
		return !ok || !slices.Contains(t.Values, v)
	case AtLeast, AtMost:
		if !ok {
			return false
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return false
		}
		if t.Op == AtLeast {
			return n >= t.N
		}
		return n <= t.N
	}
	panic("checker: unknown test " + string(t.Op))
}

// reason explains why rule r applied, naming the answers that made it apply.
func reason(r *Rule, answers map[string]string, result string) Reason {
	var tests []Test
	if len(r.All)+len(r.Any) == 0 {
		// The rule that applies when no other does: name the answers that
		// kept the pain from counting as ordinary soreness.
		for i := range rules {
			if rules[i].Level != NormalSoreness {
				continue
			}
			for _, t := range rules[i].All {
				if !holds(t, answers) {
					tests = append(tests, t)
				}
			}
		}
	} else {
		tests = append(tests, r.All...)
		for _, t := range r.Any {
			if holds(t, answers) {
				tests = append(tests, t)
			}
		}
	}
	var ids, said, missing []string
	for _, t := range tests {
		if slices.Contains(ids, t.ID) {
			continue
		}
		ids = append(ids, t.ID)
		q := byID[t.ID]
		if v, ok := answers[t.ID]; ok {
			said = append(said, saying(q, v))
		} else {
			missing = append(missing, q.Topic)
		}
	}
	var text []string
	if len(said) > 0 {
		text = append(text, "You said "+join(said, "and")+".")
	}
	if len(missing) > 0 {
		text = append(text, "You did not say "+join(missing, "or")+".")
	}
	if r.Level == SelfCare {
		text = append(text, "So the checker cannot call it ordinary soreness.")
	}
	return Reason{
		ID:      r.ID,
		Text:    strings.Join(text, " "),
		Level:   r.Level,
		Answers: ids,
		Lower:   rank(r.Level) > rank(result),
	}
}

// saying names an answer in a reason.
func saying(q *Question, v string) string {
	for _, o := range q.Options {
		if o.Value == v {
			return o.Said
		}
	}
	return strings.ReplaceAll(q.Said, "{n}", v)
}

// join lists words in plain English: "a", "a and b", "a, b and c", or
// "a; b, c; and d" when an item has a comma of its own.
func join(words []string, and string) string {
	if len(words) < 3 {
		return strings.Join(words, " "+and+" ")
	}
	sep, last := ", ", " "+and+" "
	for _, w := range words {
		if strings.Contains(w, ",") {
			sep, last = "; ", "; "+and+" "
		}
	}
	return strings.Join(words[:len(words)-1], sep) + last + words[len(words)-1]
}

// validate returns the first problem with the answers: an unknown id (the
// first in sorted order) before anything else, then the first bad answer in
// the order of the questions.
func validate(answers map[string]string) error {
	var first error
	known := 0
	for _, g := range groups {
		for i := range g.Questions {
			q := &g.Questions[i]
			if v, ok := answers[q.ID]; ok {
				known++
				if first == nil {
					first = checkAnswer(q, v)
				}
			}
		}
	}
	if known < len(answers) {
		var unknown []string
		for id := range answers {
			if _, ok := byID[id]; !ok {
				unknown = append(unknown, id)
			}
		}
		id := slices.Min(unknown)
		return &AnswerError{id, answers[id], "is not a question of the checker", "the ids are " + allIDs()}
	}
	return first
}

// checkAnswer checks one answer against its question.
func checkAnswer(q *Question, v string) error {
	if q.Kind == Number {
		allowed := "use a whole number from " + strconv.Itoa(q.Min) + " to " + strconv.Itoa(q.Max)
		n, err := strconv.Atoi(v)
		switch {
		case v == "":
			return &AnswerError{q.ID, v, "is empty", "leave it out or " + allowed}
		case err != nil && err.(*strconv.NumError).Err == strconv.ErrRange:
			return &AnswerError{q.ID, v, "is out of range", allowed}
		case err != nil:
			return &AnswerError{q.ID, v, "is not a whole number", allowed}
		case n < q.Min || n > q.Max:
			return &AnswerError{q.ID, v, "is out of range", allowed}
		}
		return nil
	}
	if slices.ContainsFunc(q.Options, func(o Option) bool { return o.Value == v }) {
		return nil
	}
	values := make([]string, len(q.Options))
	for i, o := range q.Options {
		values[i] = o.Value
	}
	problem := "is not one of the choices"
	if v == "" {
		problem = "is empty"
	}
	return &AnswerError{q.ID, v, problem, "use " + join(values, "or")}
}

func allIDs() string {
	var ids []string
	for _, g := range groups {
		for _, q := range g.Questions {
			ids = append(ids, q.ID)
		}
	}
	return strings.Join(ids, ", ")
}
