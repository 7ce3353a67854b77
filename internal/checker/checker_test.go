package checker

import (
	"errors"
	"maps"
	"math/bits"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// exercisePages are the exercise pages the site has (content/exercises);
// results may only recommend these.
func exercisePages(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../../content/exercises/*.yaml")
	if err != nil || len(files) < 10 {
		t.Fatalf("reading content/exercises: %v, %d files", err, len(files))
	}
	var slugs []string
	for _, f := range files {
		slugs = append(slugs, strings.TrimSuffix(filepath.Base(f), ".yaml"))
	}
	return slugs
}

// specIDs are the answer ids of the spec, version 3, in its order, except
// that the warning step ends with its "none" box and then night_pain,
// which the page shows apart from the tick boxes.
const specIDs = `saddle_numbness bladder_bowel sexual_change both_legs legs_unsteady major_trauma chest_or_belly dark_urine very_unwell
	too_much_paracetamol emergency_unsure emergency_none
	age first_episode pregnancy cancer_history bone_risk infection_risk diabetes recent_infection known_deficit blood_thinners
	fever weight_loss minor_fall foot_drop leg_weakness leg_numbness leg_pain leg_sides saddle_recheck cough_sneeze limp daily_activities
	back_lump upper_back flank_pain other_painkillers pregnancy_signs early_pregnancy_danger pregnancy_emergency belly_or_vomiting
	warning_none night_pain
	onset days character severity trend recurring morning_stiffness
	warmed_up load_jump late_in_session back_position rested_between_sets stretched_after deadlift_days prior_condition`

func mustAssess(t testing.TB, a map[string]string) Result {
	t.Helper()
	res, err := Assess(a)
	if err != nil {
		t.Fatalf("Assess(%v): %v", a, err)
	}
	return res
}

func TestData(t *testing.T) {
	seen := map[string]bool{}
	for _, g := range groups {
		for _, q := range g.Questions {
			if seen[q.ID] {
				t.Errorf("question %s twice", q.ID)
			}
			seen[q.ID] = true
			if q.Kind == Check && (len(q.Options) > 0 || q.Said == "") ||
				(q.Kind == YesNo || q.Kind == Choice) && len(q.Options) < 2 {
				t.Errorf("question %s: check items need Said, other questions options", q.ID)
			}
			if q.Kind == Number && (q.Min >= q.Max || !strings.Contains(q.Said, "{n}")) {
				t.Errorf("question %s: bad range or Said", q.ID)
			}
		}
	}
	var ids []string
	for gi, g := range groups {
		for _, q := range g.Questions {
			ids = append(ids, q.ID)
			// A follow-up question shows when an earlier answer is given:
			// the page can only test a choice or a tick box for values,
			// on this step or an earlier one.
			for _, tt := range q.ShowIf {
				checkTest(t, "question "+q.ID+" ShowIf", tt, false)
				qq, _ := question(tt.ID)
				if tt.Op != Is || qq == nil || !slices.ContainsFunc(groups[:gi+1], func(g Group) bool {
					return slices.ContainsFunc(g.Questions, func(x Question) bool { return x.ID == tt.ID })
				}) {
					t.Errorf("question %s shows after %s, which the page cannot test there", q.ID, tt.ID)
				}
			}
		}
	}
	if want := strings.Fields(specIDs); !slices.Equal(ids, want) {
		t.Errorf("question ids:\n got %v\nwant %v", ids, want)
	}
	if want := []string{"emergency", "about_you", "warning", "pain", "training"}; !slices.EqualFunc(groups, want, func(g Group, id string) bool { return g.ID == id }) {
		t.Errorf("groups are not in the spec's order %v", want)
	}
	if want := []string{Emergency, Urgent, SeeClinician, SelfCare, NormalSoreness}; !slices.EqualFunc(levels, want, func(l Level, id string) bool { return l.ID == id }) {
		t.Errorf("levels are not in the spec's order %v", want)
	}
	pages := exercisePages(t)
	for i, lv := range Page().Levels {
		if !lean && (lv.Now == "" || (i > 0) != (len(lv.Escalate) > 0)) {
			t.Errorf("level %s: missing words", lv.ID)
		}
		for _, e := range lv.Exercises {
			if !slices.Contains(pages, e) {
				t.Errorf("level %s: no exercise page %q", lv.ID, e)
			}
			if !slices.ContainsFunc(exercises, func(f ExerciseFit) bool { return f.Slug == e }) {
				t.Errorf("level %s: exercise %q is not in the exercise table", lv.ID, e)
			}
		}
		if (lv.ID == Emergency || lv.ID == Urgent) && (len(lv.Exercises) > 0 || lv.Tips) {
			t.Errorf("level %s recommends exercises or tips", lv.ID)
		}
	}
	ruleIDs := map[string]bool{}
	for i, r := range rules {
		if ruleIDs[r.ID] {
			t.Errorf("rule %s twice", r.ID)
		}
		ruleIDs[r.ID] = true
		if i > 0 && rank(r.Level) < rank(rules[i-1].Level) && r.Level != SelfCare {
			t.Errorf("rule %s is out of order: the table goes from most urgent to least", r.ID)
		}
		for _, tt := range append(slices.Clip(r.All), r.Any...) {
			checkTest(t, "rule "+r.ID, tt, true)
		}
	}
	if last := rules[len(rules)-1]; last.Level != SelfCare || len(last.All)+len(last.Any) > 0 {
		t.Errorf("the last rule must be self_care with no tests")
	}
	for _, tip := range tips {
		checkTest(t, "tip "+tip.ID, tip.If, false)
		if !slices.ContainsFunc(groups[len(groups)-1].Questions, func(q Question) bool { return q.ID == tip.If.ID }) {
			t.Errorf("tip %s depends on %s, not a training answer", tip.ID, tip.If.ID)
		}
	}
	for _, r := range rules {
		for _, tt := range append(slices.Clip(r.All), r.Any...) {
			if slices.ContainsFunc(groups[len(groups)-1].Questions, func(q Question) bool { return q.ID == tt.ID }) {
				t.Errorf("rule %s tests the training answer %s", r.ID, tt.ID)
			}
		}
	}
}

// checkTest checks that a test names a question, fits its kind, and, for
// a rule's test, that every value it accepts has words for a reason.
func checkTest(t *testing.T, where string, tt Test, words bool) {
	t.Helper()
	q, _ := question(tt.ID)
	if q == nil {
		t.Errorf("%s: unknown question %s", where, tt.ID)
		return
	}
	switch tt.Op {
	case Is, IsNot:
		if q.Kind == Number || len(tt.Values) == 0 {
			t.Errorf("%s: %s %d needs values of a choice", where, tt.ID, tt.Op)
		}
		if q.Kind == Check && (tt.Op != Is || !slices.Equal(tt.Values, []string{"yes"})) {
			t.Errorf("%s: check item %s may only be tested for yes (monotonicity)", where, tt.ID)
		}
		for _, v := range tt.Values {
			if !words || q.Kind == Check && q.Said != "" {
				continue
			}
			if !slices.ContainsFunc(q.Options, func(o Option) bool { return o.Value == v && o.Said != "" }) {
				t.Errorf("%s: %s has no value %q with words for reasons", where, tt.ID, v)
			}
		}
	case AtLeast, AtMost:
		if q.Kind != Number || tt.N < q.Min || tt.N > q.Max {
			t.Errorf("%s: %s %d %d does not fit the question", where, tt.ID, tt.Op, tt.N)
		}
	default:
		t.Errorf("%s: unknown op %q", where, tt.Op)
	}
	if tt.Op == IsNot && q.Topic == "" {
		t.Errorf("%s: %s needs a Topic for when it is unanswered", where, tt.ID)
	}
}

// witness returns the smallest answer set that makes rule r apply, using
// the first of its Any tests.
func witness(r Rule) map[string]string {
	a := map[string]string{}
	tests := slices.Clip(r.All)
	if len(r.Any) > 0 {
		tests = append(tests, r.Any[0])
	}
	for _, tt := range tests {
		switch tt.Op {
		case Is:
			a[tt.ID] = tt.Values[0]
		case AtLeast, AtMost:
			a[tt.ID] = strconv.Itoa(tt.N)
		}
	}
	return a
}

func TestEveryRuleIsReachable(t *testing.T) {
	for _, r := range rules {
		for i := range max(len(r.Any), 1) {
			a := witness(Rule{All: r.All, Any: r.Any[min(i, len(r.Any)):]})
			res := mustAssess(t, a)
			if res.Level != r.Level {
				t.Errorf("rule %s: %v gives %s, want %s", r.ID, a, res.Level, r.Level)
			}
			if !slices.ContainsFunc(res.Reasons, func(x Reason) bool { return x.ID == r.ID && x.Level == r.Level && !x.Lower }) {
				t.Errorf("rule %s: %v gives reasons %v without it", r.ID, a, res.Reasons)
			}
		}
	}
}

// checkItems are every check item, emergency signs and warning signs,
// but the "none" boxes.
func checkItems() []string {
	var ids []string
	for _, g := range groups {
		for _, q := range g.Questions {
			if q.Kind == Check && !q.None {
				ids = append(ids, q.ID)
			}
		}
	}
	return ids
}

// lone returns the level of the rules that test the check item id, when
// it appears in the rule table only as the single test of rules of that
// one level, and "" otherwise. Ticking such an item gives at least that
// level whatever else is answered, so it cannot lower the level.
func lone(id string) string {
	level := ""
	for _, r := range rules {
		for _, tt := range append(slices.Clip(r.All), r.Any...) {
			if tt.ID != id {
				continue
			}
			if len(r.All) != 1 || len(r.Any) != 0 || level != "" && level != r.Level {
				return ""
			}
			level = r.Level
		}
	}
	return level
}

// monotoneItems are the check items for the exhaustive test: every item
// but the lone signs, which are represented by the first of them at each
// level (the others behave the same, as lone checks; TestLoneSigns checks
// that each gives its level or a more urgent one over every base).
func monotoneItems() []string {
	var ids []string
	seen := map[string]bool{}
	for _, id := range checkItems() {
		if lv := lone(id); lv != "" {
			if seen[lv] {
				continue
			}
			seen[lv] = true
		}
		ids = append(ids, id)
	}
	return ids
}

func TestLoneSigns(t *testing.T) {
	n := map[string]int{}
	for _, id := range checkItems() {
		lv := lone(id)
		if lv == "" {
			continue
		}
		n[lv]++
		for _, base := range bases {
			a := maps.Clone(base)
			a[id] = "yes"
			if got := mustAssess(t, a).Level; rank(got) > rank(lv) {
				t.Errorf("%v gives %s", a, got)
			}
		}
	}
	// The spec's emergency items (ten), and the two pregnancy danger signs.
	if n[Emergency] != 12 {
		t.Errorf("%d emergency signs stand alone; the spec has 12", n[Emergency])
	}
}

// TestNoneBoxes checks that no rule tests a "none of these" box, and that
// ticking one never changes a result.
func TestNoneBoxes(t *testing.T) {
	var nones []string
	for _, g := range groups {
		for _, q := range g.Questions {
			if q.None {
				nones = append(nones, q.ID)
			}
		}
	}
	if !slices.Equal(nones, []string{"emergency_none", "warning_none"}) {
		t.Fatalf("none boxes: %v", nones)
	}
	for _, r := range rules {
		for _, tt := range append(slices.Clip(r.All), r.Any...) {
			if slices.Contains(nones, tt.ID) {
				t.Errorf("rule %s tests %s", r.ID, tt.ID)
			}
		}
	}
	for _, base := range bases {
		for _, id := range append(checkItems(), "") {
			a := maps.Clone(base)
			if id != "" {
				a[id] = "yes"
			}
			want := mustAssess(t, a)
			for _, none := range nones {
				a[none] = "yes"
			}
			if got := mustAssess(t, a); !reflect.DeepEqual(got, want) {
				t.Errorf("%v: ticking the none boxes changes the result from %+v to %+v", a, want, got)
			}
		}
	}
}

// bases are answers to the other questions, chosen to sit on either side of
// every rule's threshold, for the exhaustive test of the check items.
var bases = []map[string]string{
	{},
	{"age": "30", "first_episode": "no", "pregnancy": "no", "cancer_history": "no", "bone_risk": "no", "infection_risk": "no",
		"diabetes": "no", "recent_infection": "no", "known_deficit": "no", "blood_thinners": "no",
		"night_pain": "none", "onset": "after_hours", "days": "2", "character": "ache", "severity": "4", "trend": "better"},
	{"age": "25", "onset": "during_lift", "days": "0", "character": "ache", "severity": "6", "trend": "same"},
	{"age": "70", "first_episode": "yes", "night_pain": "wakes_when_moving", "days": "10", "trend": "worse", "severity": "5"},
	{"age": "66", "bone_risk": "yes", "severity": "3", "days": "1"},
	{"cancer_history": "yes", "night_pain": "none", "trend": "better", "severity": "2", "days": "4"},
	{"infection_risk": "yes", "pregnancy": "later", "character": "sharp", "severity": "9"},
	{"age": "14", "onset": "next_days", "days": "5", "character": "ache", "severity": "5", "trend": "same"},
	{"days": "30", "onset": "no_link", "character": "pinpoint", "severity": "7", "night_pain": "constant"},
	{"days": "50", "trend": "better", "age": "64", "first_episode": "yes", "severity": "0"},
	{"age": "17", "character": "pinpoint", "onset": "sudden", "days": "3", "severity": "6", "trend": "worse"},
	{"age": "40", "infection_risk": "yes", "trend": "worse", "days": "2", "night_pain": "none"},
	{"age": "35", "days": "14", "trend": "same", "night_pain": "keeps_awake", "recurring": "yes"},
	{"age": "50", "morning_stiffness": "yes", "severity": "10", "onset": "during_lift", "days": "0", "character": "ache", "trend": "better"},
	{"age": "68", "onset": "sudden", "character": "sharp", "bone_risk": "no", "first_episode": "no", "days": "1"},
	{"age": "45", "cancer_history": "yes", "night_pain": "keeps_awake", "onset": "next_days", "days": "1", "character": "ache", "severity": "3"},
	// Version 3: diabetes, a recent infection, blood thinners, the leg
	// follow-ups and the pregnancy values, each beside a threshold.
	{"age": "52", "diabetes": "yes", "trend": "same", "severity": "6", "night_pain": "keeps_awake", "onset": "during_lift", "days": "3"},
	{"age": "33", "recent_infection": "yes", "trend": "better", "severity": "7", "onset": "next_days", "days": "2", "character": "ache"},
	{"age": "61", "blood_thinners": "yes", "onset": "sudden", "severity": "6", "first_episode": "no", "leg_sides": "one", "saddle_recheck": "no"},
	{"age": "60", "first_episode": "yes", "onset": "no_link", "severity": "7", "pregnancy": "possible", "known_deficit": "yes"},
	{"age": "29", "pregnancy": "early", "onset": "sudden", "severity": "8", "saddle_recheck": "not_sure", "trend": "worse", "days": "1"},
	{"age": "24", "pregnancy": "after_birth", "character": "pinpoint", "onset": "after_hours", "severity": "8", "days": "3", "trend": "same"},
}

// TestMonotone ticks every subset of the check items over each base: ticking
// one more item never lowers the level.
func TestMonotone(t *testing.T) {
	items := monotoneItems()
	if len(items) != 13 {
		t.Fatalf("%d items %v: check the exhaustive walk's cost", len(items), items)
	}
	bs := bases
	switch {
	case runtime.GOARCH == "wasm":
		bs = bs[:1] // the native run covers every base; this one checks the compiled code
	case testing.Short():
		bs = bs[:3]
	}
	for bi, base := range bs {
		t.Run(strconv.Itoa(bi), func(t *testing.T) {
			t.Parallel()
			ranks := make([]int8, 1<<len(items))
			a := maps.Clone(base)
			if err := validate(a); err != nil {
				t.Fatal(err)
			}
			// Walk the subsets in Gray code order: each step ticks or
			// unticks one item.
			for g := range ranks {
				if g > 0 {
					id := items[bits.TrailingZeros(uint(g))]
					if a[id] == "yes" {
						delete(a, id)
					} else {
						a[id] = "yes"
					}
				}
				ranks[g^(g>>1)] = int8(rank(apply(a)[0].Level))
			}
			for set := range ranks {
				for i := range items {
					if more := set | 1<<i; ranks[more] > ranks[set] {
						t.Fatalf("base %v: ticking %s lowers the level from %s to %s (set %b)",
							base, items[i], levels[ranks[set]].ID, levels[ranks[more]].ID, set)
					}
				}
			}
		})
	}
}

func TestNormalSorenessNeedsThePainAnswers(t *testing.T) {
	full := map[string]string{"onset": "next_days", "days": "2", "character": "ache", "severity": "3"}
	if got := mustAssess(t, full).Level; got != NormalSoreness {
		t.Fatalf("%v gives %s", full, got)
	}
	for id := range full {
		a := map[string]string{}
		for k, v := range full {
			if k != id {
				a[k] = v
			}
		}
		res := mustAssess(t, a)
		if res.Level != SelfCare || !strings.Contains(res.Reasons[0].Text, "You did not say: "+q(id).Topic) {
			t.Errorf("without %s: %s, %q", id, res.Level, res.Reasons[0].Text)
		}
	}
}

func TestBadInput(t *testing.T) {
	for _, c := range []struct {
		answers map[string]string
		id      string
		want    string
	}{
		{map[string]string{"colour": "red"}, "colour", `answer colour="red" is not a question of the checker: the ids are saddle_numbness, `},
		{map[string]string{"fever": "true"}, "fever", `answer fever="true" is not one of the choices: use yes (ticked) or no`},
		{map[string]string{"trend": "worst"}, "trend", `answer trend="worst" is not one of the choices: use one of better, same, worse`},
		{map[string]string{"onset": ""}, "onset", `answer onset="" is empty: leave it out or use one of during_lift, sudden, after_hours, next_days, no_link`},
		{map[string]string{"age": "thirty"}, "age", `answer age="thirty" is not a whole number: use a whole number from 1 to 120`},
		{map[string]string{"severity": "6.5"}, "severity", `answer severity="6.5" is not a whole number: use a whole number from 0 to 10`},
		{map[string]string{"age": "0"}, "age", `answer age="0" is out of range: use a whole number from 1 to 120`},
		{map[string]string{"days": "3651"}, "days", `answer days="3651" is out of range: use a whole number from 0 to 3650`},
		{map[string]string{"days": "99999999999999999999"}, "days", `answer days="99999999999999999999" is out of range: use a whole number from 0 to 3650`},
		{map[string]string{"deadlift_days": ""}, "deadlift_days", `answer deadlift_days="" is empty: leave it out or use a whole number from 0 to 7`},
		{map[string]string{"night_pain": "sometimes"}, "night_pain", `answer night_pain="sometimes" is not one of the choices: use one of none, wakes_when_moving, keeps_awake, constant`},
		{map[string]string{"recurring": "often"}, "recurring", `answer recurring="often" is not one of the choices: use one of yes, no`},
		{map[string]string{"emergency_none": "maybe"}, "emergency_none", `answer emergency_none="maybe" is not one of the choices: use yes (ticked) or no`},
		// Quoted as short, escaped excerpts.
		{map[string]string{"age": "\x1b[2J\x1b]0;pwned\a"}, "age", `answer age="\x1b[2J\x1b]0;pwned\x07" is not a whole number`},
		{map[string]string{"trend": "\xff\xfe\xc0\xaf"}, "trend", `answer trend="\xff\xfe\xc0\xaf" is not one of the choices`},
		{map[string]string{"fe\nver": "yes"}, "fe\nver", `answer fe\x0aver="yes" is not a question of the checker`},
		// The first bad answer in the order of the ids.
		{map[string]string{"trend": "x", "age": "x"}, "age", `answer age="x" is not a whole number`},
	} {
		res, err := Assess(c.answers)
		var ae *AnswerError
		if !errors.As(err, &ae) {
			t.Errorf("%v: got %+v, %v; want an *AnswerError", c.answers, res, err)
			continue
		}
		want := c.want
		if lean {
			// The module's messages leave out what is allowed (lean_js.go).
			want = want[:strings.Index(want, `" is `)+5]
		}
		if ae.ID != c.id || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%v:\n got %s\nwant %s...", c.answers, err, c.want)
		}
	}
}

func TestQuote(t *testing.T) {
	long := strings.Repeat("a", 131*1024)
	for _, c := range []struct{ in, want string }{
		{"", `""`},
		{"plain text 34", `"plain text 34"`},
		{`say "hi" \ bye`, `"say \"hi\" \\ bye"`},
		{"\x1b[31mred\x1b[0m", `"\x1b[31mred\x1b[0m"`},
		{"a\nb\tc\r\x00\x7f", `"a\x0ab\x09c\x0d\x00\x7f"`},
		{"\u009b31m C1 CSI", `"\xc2\x9b31m C1 CSI"`},
		{"abc\u202edcba", `"abc\xe2\x80\xaedcba"`},
		{"caf\u00e9", `"caf\xc3\xa9"`},
		{"\xff\xc3(\xed\xa0\x80", `"\xff\xc3(\xed\xa0\x80"`},
		{long, `"` + long[:40] + `"…`},
		{strings.Repeat("\x1b", 50), `"` + strings.Repeat(`\x1b`, 40) + `"…`},
	} {
		if got := Quote(c.in, true); got != c.want {
			t.Errorf("Quote(%.60q) = %.200q, want %.200q", c.in, got, c.want)
		}
	}
	// A 131 KB answer: the message quotes 40 bytes of it, whatever the id.
	for _, id := range []string{"age", "trend", "fever", long} {
		_, err := Assess(map[string]string{id: "\x1b]8;;" + long})
		msg := err.Error()
		if len(msg) > 1200 || strings.ContainsAny(msg, "\x1b\x07") || !strings.Contains(msg, "…") {
			t.Errorf("%.20s: message of %d bytes: %.200q", id, len(msg), msg)
		}
	}
}

func TestPage(t *testing.T) {
	p := Page()
	if len(p.Checklist) != len(rules) || p.Checklist[len(p.Checklist)-1].Level != SelfCare {
		t.Errorf("the checklist has %d statements for %d rules", len(p.Checklist), len(rules))
	}
	n := 0
	for i, lr := range p.Rules {
		if lr.Level.ID != levels[i].ID {
			t.Errorf("rules by level: %s in place of %s", lr.Level.ID, levels[i].ID)
		}
		n += len(lr.Statements)
	}
	if n != len(rules) {
		t.Errorf("rules by level hold %d statements, want %d", n, len(rules))
	}
	if len(p.Sources) != 14 {
		t.Errorf("%d sources, the spec cites 14", len(p.Sources))
	}
}

// TestPrefill: a link may answer exactly the four questions the pain
// log's summary gives (how long the bout has lasted, its trend, the worst
// pain in the last day, and whether it keeps coming back; painlog's
// package doc), each a question with a range or a set of values the page
// can check a link's value against, never a tick box (a red flag).
func TestPrefill(t *testing.T) {
	got := Page().Prefill
	if want := []string{"days", "trend", "severity", "recurring"}; !slices.Equal(got, want) {
		t.Errorf("Prefill %v, want %v", got, want)
	}
	for _, id := range got {
		q := q(id)
		switch {
		case q == nil:
			t.Errorf("Prefill names %q, which is no question", id)
		case q.Kind == Check:
			t.Errorf("Prefill names the tick box %q", id)
		case q.Kind == Number && q.Min > q.Max, q.Kind != Number && len(q.Options) == 0:
			t.Errorf("Prefill names %q, which has no range or values to check a link against", id)
		}
	}
}

// lean is true in the WebAssembly build, whose tables leave out the words
// that only the pages show (see lean.go).
const lean = runtime.GOOS == "js"

func q(id string) *Question {
	q, _ := question(id)
	return q
}
