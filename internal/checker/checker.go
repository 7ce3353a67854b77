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
// without the words only the pages show, which `go generate
// ./internal/checker` writes (see lean.go).
// So the module's results leave these empty, and the checker page renders
// them from PageData at build time:
//
//   - escalate and phones (PageData.Levels[i].Escalate and Phones);
//   - note (PageData.Note);
//   - each reason's why (PageData.Why, by rule id);
//   - each tip's text (PageData.Tips, by id);
//   - now: the page shows PageData.Levels[i].Now, or, where the module
//     says UnlinkedKey, the level's Unlinked words (self-care for pain
//     with no link to lifting).
//
// Its error messages name the answer and quote it, but leave out the list
// of what is allowed (lean_js.go). Everything else equals Assess in the
// native build, which `liftwell assess` prints in full.
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

// Anchor names a stretch of a number scale, From to To, for the page to
// show beside the question (the severity scale's none, mild, ...).
type Anchor struct {
	From, To int
	Name     string
	Means    string // what it means for moving, sleeping and working
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
	Min, Max int      // for a number question
	Scale    []Anchor // for a number question: named stretches of the range
	// Said names a ticked check item in a reason, or a number answer with
	// "{n}" standing for the number.
	Said string
	// Required marks questions the checker page asks for before moving on.
	// Assess itself accepts any question unanswered.
	Required bool
	// None marks the "none of these" box of a step of check items. No rule
	// tests it: it never changes the level.
	None bool
	// ShowIf, when set, makes this a follow-up question: the checker page
	// shows it only while one of these tests holds for the answers given,
	// and then asks for it if it is Required. Assess takes it whatever
	// else is answered.
	ShowIf []Test
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
	ID    string
	Title string
	Now   string // what to do now
	// Unlinked, when set, replaces Now for pain with no clear link to
	// lifting (onset=no_link). The module's tables hold UnlinkedKey
	// instead of the words, and its result's now says just that.
	Unlinked string
	// Signs heads this level's list in "when to go up a level", such as
	// "Get medical advice today if".
	Signs string
	// Escalate is when to go up a level: one group for each more urgent
	// level that has signs, generated from the rule table (Page and Assess
	// fill it in).
	Escalate []EscalateGroup
	Phones   []Phone
	// Exercises are slugs of exercise pages that may suit this level, before
	// the answers rule any out (see fits).
	Exercises []string
	// Tips says whether prevention tips are shown at this level.
	Tips bool
}

// EscalateGroup is one more urgent level in "when to go up a level": its
// heading and every sign of its rules, in short.
type EscalateGroup struct {
	Level string   `json:"level"`
	Title string   `json:"title"`
	Items []string `json:"items"`
}

// Phone is a number to call, for a tel: link.
type Phone struct {
	Number string `json:"number"` // as written: "999"
	Tel    string `json:"tel"`    // digits for the tel: link
	Where  string `json:"where"`  // where it works
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
	// Sign is the rule in a few words, for "when to go up a level".
	Sign string
	// Why says in a few words why it matters.
	Why string
}

// Condition is a set of answers that rules an exercise or a piece of
// advice out (or, for advice, in): it holds when every test of one of its
// When lists holds.
type Condition struct {
	ID   string
	When [][]Test
	Says string // in plain words, after "Not for you now if"
}

// Cond is a set of the conditions of the exercise table, one bit each (see
// conditions).
type Cond uint16

// The conditions, as bits: a set of them is a Cond.
const (
	LegSymptoms        Cond = 1 << iota // pain, numbness, tingling or weakness in a leg, or foot drop
	FragileBones                        // bone_risk
	CancerHistory                       // cancer_history
	OlderSudden                         // 65 or older, with a sudden onset
	LaterPregnancy                      // pregnancy=later
	BloodThinners                       // blood_thinners
	YoungSpine                          // a young athlete who may have a stress fracture
	NoAntiInflammatory                  // an answer that rules out an NSAID
	NoMorePainkillers                   // took more of a painkiller than allowed
	AfterBirth                          // pregnancy=after_birth
)

// Advice is a piece of advice on medicines or pregnancy that a result may
// give: when If is empty or holds, and Not does not.
type Advice struct {
	ID   string `json:"id"`
	If   Cond   `json:"-"`
	Not  Cond   `json:"-"`
	Text string `json:"text"`
}

// ExerciseFit is one row of the exercise table: an exercise page and the
// conditions that rule it out.
type ExerciseFit struct {
	Slug string
	Not  Cond
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
	Why     string   `json:"why"`     // why it matters
	Level   string   `json:"level"`   // the rule's level
	Answers []string `json:"answers"` // the ids of the answers that made the rule apply
	Lower   bool     `json:"lower"`   // the rule's level is below the result's
}

// Result is the outcome of Assess.
type Result struct {
	Level     string          `json:"level"`
	Reasons   []Reason        `json:"reasons"`
	Now       string          `json:"now"`
	Escalate  []EscalateGroup `json:"escalate"`
	Exercises []string        `json:"exercises"`
	StopIf    []string        `json:"stop_if"` // stop the exercises if any of these happens
	Tips      []Tip           `json:"tips"`
	Advice    []Advice        `json:"advice"` // on medicines and pregnancy
	Note      string          `json:"note"`
	Phones    []Phone         `json:"phones"`
}

// AnswerError reports an answer that Assess cannot accept. Its message
// quotes the id and the value only as short, escaped excerpts (see Quote).
type AnswerError struct {
	ID      string
	Value   string
	Problem string // what is wrong with it
	Allowed string // what would be accepted
}

func (e *AnswerError) Error() string {
	msg := "answer " + Quote(e.ID, false) + "=" + Quote(e.Value, true) + " " + e.Problem
	if e.Allowed != "" {
		msg += ": " + e.Allowed
	}
	return msg
}

// UnlinkedKey is what the WebAssembly module gives as a result's now when
// the level's Unlinked words apply: its page shows them from PageData.
const UnlinkedKey = "unlinked"

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
		Exercises: []string{},
		StopIf:    []string{},
		Tips:      []Tip{},
		Advice:    []Advice{},
	}
	levelWords(&res, top)
	if lv.Unlinked != "" && answers["onset"] == "no_link" {
		res.Now = lv.Unlinked
	}
	for _, r := range applied {
		res.Reasons = append(res.Reasons, reason(r, answers, rank(r.Level) > top))
	}
	conds := held(answers)
	for _, slug := range lv.Exercises {
		// An exercise missing from the exercise table fits.
		fits := true
		for i := range exercises {
			fits = fits && (exercises[i].Slug != slug || exercises[i].Not&conds == 0)
		}
		if fits {
			res.Exercises = append(res.Exercises, slug)
		}
	}
	if len(res.Exercises) > 0 {
		leg := stopLeg[0]
		if conds&LegSymptoms != 0 {
			leg = stopLeg[1]
		}
		res.StopIf = append(res.StopIf, stopSharper, leg)
	}
	for i := range tips {
		if lv.Tips && holds(&tips[i].If, answers) {
			res.Tips = append(res.Tips, tips[i])
		}
	}
	for i := range advice {
		if ad := &advice[i]; lv.Tips && (ad.If == 0 || ad.If&conds != 0) && ad.Not&conds == 0 {
			res.Advice = append(res.Advice, *ad)
		}
	}
	return res, nil
}

// The lines of "stop the exercises if" in a result: the first always,
// then stopLeg[1] for someone who already has leg symptoms, stopLeg[0]
// for everyone else.
const stopSharper = "the pain gets sharper or much worse"

var stopLeg = [2]string{"pain, numbness or tingling starts to spread down a leg",
	"leg symptoms spread further down the leg or get stronger; and if anything changes around your bottom or genitals, or in peeing or pooing, call the emergency number"}

// escalations returns "when to go up a level" for the level of rank top:
// for each more urgent level, its heading and the Sign of every rule that
// leads to it, in the order of the rule table. It is generated, never
// written by hand, so that it cannot leave a sign out.
func escalations(top int) []EscalateGroup {
	out := []EscalateGroup{}
	for i := range top {
		g := EscalateGroup{Level: levels[i].ID, Title: levels[i].Signs}
		for j := range rules {
			if rules[j].Level == g.Level && rules[j].Sign != "" {
				g.Items = append(g.Items, rules[j].Sign)
			}
		}
		if len(g.Items) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// held returns the conditions of the exercise and advice tables that hold
// for the answers: those of whose When lists one has every test holding.
func held(answers map[string]string) Cond {
	var set Cond
	for i := range conditions {
		for _, all := range conditions[i].When {
			ok := true
			for j := range all {
				ok = ok && holds(&all[j], answers)
			}
			if ok {
				set |= 1 << i
			}
		}
	}
	return set
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
	res := Reason{ID: r.ID, Why: r.Why, Level: r.Level, Answers: []string{}, Lower: lower}
	var w words
	for i := range r.All {
		w.name(&res, &r.All[i], answers)
	}
	for i := range r.Any {
		if holds(&r.Any[i], answers) {
			w.name(&res, &r.Any[i], answers)
		}
	}
	if len(r.All)+len(r.Any) == 0 {
		// The rule that applies when no other does: name the answers that
		// kept the pain from counting as ordinary soreness.
		for i := range rules {
			for j := range rules[i].All {
				if t := &rules[i].All[j]; rules[i].Level == NormalSoreness && !holds(t, answers) {
					w.name(&res, t, answers)
				}
			}
		}
	}
	if w.said != "" {
		res.Text = " You said: " + w.said[2:] + "."
	}
	if w.missing != "" {
		res.Text += " You did not say: " + w.missing[2:] + "."
	}
	res.Text = res.Text[1:]
	return res
}

// words collects the words of a reason: what was said, and what was not.
type words struct{ said, missing string }

// name adds the answer tested by t to the reason, once.
func (w *words) name(res *Reason, t *Test, answers map[string]string) {
	if has(res.Answers, t.ID) {
		return
	}
	res.Answers = append(res.Answers, t.ID)
	q, _ := question(t.ID)
	if v := answers[t.ID]; v != "" {
		w.said += "; " + saying(q, v)
	} else {
		w.missing += "; " + q.Topic
	}
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
			problem, allowed := describe(nil, v, false)
			err, i = &AnswerError{id, v, problem, allowed}, -1
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
	problem, allowed := describe(q, v, isNumber)
	return &AnswerError{q.ID, v, problem, allowed}
}
