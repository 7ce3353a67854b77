//go:build js && wasm

package main

import (
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"syscall/js"

	"github.com/liftwell/liftwell/internal/checker"
	"github.com/liftwell/liftwell/internal/checker/checkertest"
)

// Run with: PATH="$(go env GOROOT)/lib/wasm:$PATH" GOOS=js GOARCH=wasm go test ./wasm/

func TestMain(m *testing.M) {
	register()
	os.Exit(m.Run())
}

func call(args ...any) js.Value {
	return js.Global().Call("liftwellAssess", args...)
}

// fromJS reads a result object back into Go, or its error message.
func fromJS(t *testing.T, v js.Value) (checker.Result, string) {
	t.Helper()
	if e := v.Get("error"); !e.IsUndefined() {
		return checker.Result{}, e.String()
	}
	strs := func(a js.Value) []string {
		out := []string{}
		for i := range a.Length() {
			out = append(out, a.Index(i).String())
		}
		return out
	}
	res := checker.Result{
		Level:     v.Get("level").String(),
		Now:       v.Get("now").String(),
		Escalate:  []checker.EscalateGroup{},
		Exercises: strs(v.Get("exercises")),
		StopIf:    strs(v.Get("stop_if")),
		Note:      v.Get("note").String(),
		Reasons:   []checker.Reason{},
		Tips:      []checker.Tip{},
		Advice:    []checker.Advice{},
		Phones:    []checker.Phone{},
	}
	for i := range v.Get("reasons").Length() {
		r := v.Get("reasons").Index(i)
		res.Reasons = append(res.Reasons, checker.Reason{ID: r.Get("id").String(), Text: r.Get("text").String(), Why: r.Get("why").String(),
			Level: r.Get("level").String(), Answers: strs(r.Get("answers")), Lower: r.Get("lower").Bool()})
	}
	for i := range v.Get("escalate").Length() {
		g := v.Get("escalate").Index(i)
		res.Escalate = append(res.Escalate, checker.EscalateGroup{Level: g.Get("level").String(), Title: g.Get("title").String(), Items: strs(g.Get("items"))})
	}
	for i := range v.Get("phones").Length() {
		p := v.Get("phones").Index(i)
		res.Phones = append(res.Phones, checker.Phone{Number: p.Get("number").String(), Tel: p.Get("tel").String(), Where: p.Get("where").String()})
	}
	for i := range v.Get("tips").Length() {
		tip := v.Get("tips").Index(i)
		res.Tips = append(res.Tips, checker.Tip{ID: tip.Get("id").String(), Text: tip.Get("text").String()})
	}
	for i := range v.Get("advice").Length() {
		ad := v.Get("advice").Index(i)
		res.Advice = append(res.Advice, checker.Advice{ID: ad.Get("id").String(), Text: ad.Get("text").String()})
	}
	return res, ""
}

// TestAgreesWithNative calls the registered function through JavaScript
// for generated answer sets, one in ten of them with a bad answer, and
// compares each result with checker.Assess.
func TestAgreesWithNative(t *testing.T) {
	r := rand.New(rand.NewPCG(2026, 7))
	const n = 10000
	start, errs := time.Now(), 0
	for i := range n {
		var a map[string]string
		if i%10 == 9 {
			a, _ = checkertest.Bad(r)
		} else {
			a = checkertest.Answers(r)
		}
		obj := map[string]any{}
		for k, v := range a {
			obj[k] = v
		}
		got, gotErr := fromJS(t, call(obj))
		want, err := checker.Assess(a)
		for i := range want.Tips {
			want.Tips[i].If = checker.Test{} // not part of the object
		}
		for i := range want.Advice {
			want.Advice[i].If, want.Advice[i].Not = 0, 0 // not part of the object
		}
		if want.Escalate == nil { // always empty in the module
			want.Escalate, want.Phones = []checker.EscalateGroup{}, []checker.Phone{}
		}
		wantErr := ""
		if err != nil {
			wantErr = err.Error()
			errs++
			want = checker.Result{}
		}
		if gotErr != wantErr || !reflect.DeepEqual(got, want) {
			t.Fatalf("%v:\nwasm:   %+v %q\nnative: %+v %q", a, got, gotErr, want, wantErr)
		}
	}
	t.Logf("%d answer sets (%d errors) in %v", n, errs, time.Since(start))
}

func TestBadCalls(t *testing.T) {
	for _, c := range []struct {
		args []any
		want string
	}{
		{nil, "takes one object"},
		{[]any{"age=34"}, "takes one object"},
		{[]any{map[string]any{"age": 34}}, "answer age must be a string"},
		{[]any{map[string]any{"fever": true}}, "answer fever must be a string"},
		{[]any{map[string]any{"age": "300"}}, `answer age="300" is not an answer to this question`},
		{[]any{map[string]any{"a\x1b[2Jb": 1}}, `answer a\x1b[2Jb must be a string`},
		{[]any{map[string]any{"age": "\x1b]0;x\a" + strings.Repeat("9", 131*1024)}}, `answer age="\x1b]0;x\x07999`},
	} {
		_, msg := fromJS(t, call(c.args...))
		if !strings.Contains(msg, c.want) {
			t.Errorf("liftwellAssess(%v) = error %q, want %q", c.args, msg, c.want)
		}
	}
	if res, msg := fromJS(t, call(map[string]any{"saddle_numbness": "yes"})); res.Level != checker.Emergency {
		t.Errorf("after the bad calls: %+v %q", res, msg)
	}
}

// A panic inside the callback becomes an error object. (A getter that
// throws cannot be tested this way: wasm_exec.js does not catch exceptions
// in property reads, so they unwind through Go's frames.)
func TestPanicBecomesError(t *testing.T) {
	for _, c := range []struct {
		f    func()
		want string
	}{
		{func() { panic("boom") }, "the checker failed: boom"},
		{func() { var m map[string]string; m["x"] = "y" }, "the checker failed: assignment to entry in nil map"},
	} {
		out := func() (out any) {
			defer recoverTo(&out)
			c.f()
			return nil
		}()
		if msg := js.ValueOf(out).Get("error").String(); msg != c.want {
			t.Errorf("got %q, want %q", msg, c.want)
		}
	}
}
