package main

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/liftwell/liftwell/internal/checker"
)

func assess(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = runAssess(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestAssessAgrees checks the parsing of arguments once: answers given as
// id=value, in any order, reach checker.Assess as they were given. What
// Assess decides is tested against the spec in internal/checker; running
// this over many generated answer sets would compare the code with itself.
func TestAssessAgrees(t *testing.T) {
	answers := map[string]string{"age": "34", "leg_pain": "yes", "onset": "during_lift", "days": "4", "warmed_up": "no"}
	want, err := checker.Assess(answers)
	if err != nil {
		t.Fatal(err)
	}
	wantJSON, _ := json.Marshal(want)
	var wantAny any
	json.Unmarshal(wantJSON, &wantAny)
	args := []string{"age=34", "leg_pain=yes", "onset=during_lift", "days=4", "warmed_up=no"}
	for range 2 {
		code, out, errOut := assess(args...)
		var got any
		if err := json.Unmarshal([]byte(out), &got); err != nil || code != 0 || errOut != "" || !reflect.DeepEqual(got, wantAny) {
			t.Errorf("%v: exit %d, stderr %q\n got %s\nwant %s", args, code, errOut, out, wantJSON)
		}
		slices.Reverse(args)
	}
}

func TestAssessOutput(t *testing.T) {
	code, out, _ := assess("saddle_numbness=yes", "age=40")
	var res struct {
		Level   string
		Reasons []struct{ ID, Text string }
		Tips    []struct{ ID, Text string }
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 {
		t.Fatalf("exit %d, %v:\n%s", code, err, out)
	}
	if res.Level != "emergency" || res.Reasons[0].ID != "saddle_numbness" || !strings.HasPrefix(res.Reasons[0].Text, "You said") || res.Tips == nil {
		t.Errorf("unexpected result %+v", res)
	}
	for _, field := range []string{`"level"`, `"reasons"`, `"why"`, `"now"`, `"escalate"`, `"exercises"`, `"stop_if"`, `"tips"`, `"note"`, `"phones"`, `"tel"`, `"answers"`, `"lower"`} {
		if !strings.Contains(out, field) {
			t.Errorf("output lacks %s", field)
		}
	}
	if code, out, _ := assess(); code != 0 || !strings.Contains(out, `"level": "self_care"`) {
		t.Errorf("no answers: exit %d\n%s", code, out)
	}
}

func TestAssessBadInput(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"age"}, `argument "age" is not an answer: write id=value`},
		{[]string{"age=old"}, `answer age="old" is not a whole number: use a whole number from 1 to 120`},
		{[]string{"trend=worst"}, `answer trend="worst" is not one of the choices: use one of better, same, worse`},
		{[]string{"colour=red"}, `answer colour="red" is not a question of the checker`},
		{[]string{"fever=yes", "fever=no"}, `answer fever is given twice`},
		{[]string{"recurring=often"}, `answer recurring="often" is not one of the choices: use one of yes, no`},
		{[]string{"night_pain=never"}, `use one of none, wakes_when_moving, keeps_awake, constant`},
		// Hostile input is quoted short and escaped.
		{[]string{"age=\x1b[2J\x1b]0;title\a"}, `answer age="\x1b[2J\x1b]0;title\x07" is not a whole number`},
		{[]string{"\x1b[31mred"}, `argument "\x1b[31mred" is not an answer`},
		{[]string{"trend=\xff\xfe" + strings.Repeat("x", 131*1024)}, `answer trend="\xff\xfe` + strings.Repeat("x", 38) + `"… is not one of the choices`},
	} {
		code, out, errOut := assess(c.args...)
		if code != 2 || out != "" || !strings.Contains(errOut, c.want) || len(errOut) > 1200 ||
			strings.ContainsAny(errOut, "\x1b\x07\xff") {
			t.Errorf("%.80q: exit %d, stdout %q, stderr %.300q; want exit 2 and %q", c.args, code, out, errOut, c.want)
		}
	}
}
