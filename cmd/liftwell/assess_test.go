package main

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/liftwell/liftwell/internal/checker"
	"github.com/liftwell/liftwell/internal/checker/checkertest"
)

func assess(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = runAssess(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestAssessAgrees compares the command's JSON with checker.Assess for
// generated answer sets.
func TestAssessAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for range 2000 {
		a := checkertest.Answers(r)
		var args []string
		for id, v := range a {
			args = append(args, id+"="+v)
		}
		code, out, errOut := assess(args...)
		if code != 0 || errOut != "" {
			t.Fatalf("%v: exit %d, %s", args, code, errOut)
		}
		want, _ := checker.Assess(a)
		wantJSON, _ := json.Marshal(want)
		var got, wantAny map[string]any
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%v: output is not JSON: %v\n%s", args, err, out)
		}
		json.Unmarshal(wantJSON, &wantAny)
		if !reflect.DeepEqual(got, wantAny) {
			t.Fatalf("%v:\n got %s\nwant %s", args, out, wantJSON)
		}
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
	for _, field := range []string{`"level"`, `"reasons"`, `"now"`, `"escalate"`, `"exercises"`, `"tips"`, `"note"`, `"answers"`, `"lower"`} {
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
	} {
		code, out, errOut := assess(c.args...)
		if code != 2 || out != "" || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and %q", c.args, code, out, errOut, c.want)
		}
	}
}
