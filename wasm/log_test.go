//go:build js && wasm

package main

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"syscall/js"

	"github.com/liftwell/liftwell/internal/painlog"
)

// Run with: PATH="$(go env GOROOT)/lib/wasm:$PATH" GOOS=js GOARCH=wasm go test ./wasm/
// (TestMain in main_test.go registers the log's functions too.)

// jsEntries makes stored entries of es, with pain as a number in every
// other one.
func jsEntries(es []painlog.Entry) []any {
	list := []any{}
	for i, e := range es {
		obj := map[string]any{}
		for i, s := range e.Strings() {
			obj[painlog.Fields[i]] = s
		}
		if i%2 == 1 {
			obj["pain"] = e.Pain
		}
		list = append(list, obj)
	}
	return list
}

// TestLogSummaryAgrees compares liftwellLogSummary, called through
// JavaScript, with painlog.Summarize on random logs.
func TestLogSummaryAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 1))
	start, _ := painlog.ParseDate("2026-10-01")
	for range 2000 {
		var es []painlog.Entry
		for d := range r.IntN(50) {
			if r.IntN(4) > 0 {
				tr := r.IntN(3) == 0
				es = append(es, painlog.Entry{Date: start + painlog.Date(d), Pain: r.IntN(11), Trained: tr, Deadlift: tr && r.IntN(2) == 0})
			}
		}
		today := start + painlog.Date(r.IntN(55))
		got := js.Global().Call("liftwellLogSummary", jsEntries(es), today.String())
		if e := got.Get("error"); !e.IsUndefined() {
			t.Fatalf("%v: %s", es, e.String())
		}
		want := painlog.Summarize(es, today)
		days, worst := "", ""
		if want.Episode {
			days = strconv.Itoa(want.Days)
		}
		if want.Worst >= 0 {
			worst = strconv.Itoa(want.Worst)
		}
		rec := map[bool]string{true: "yes", false: "no"}
		if got.Get("days").String() != days || got.Get("trend").String() != want.Trend || got.Get("worst").String() != worst ||
			got.Get("recurring").String() != rec[want.Recurring] || got.Get("entries").Int() != want.Entries || got.Get("followed").Int() != want.Followed ||
			got.Get("awayDays").Int() != want.AwayDays || got.Get("awayPain").Int() != want.AwayPain || got.Get("anyDay").String() != rec[want.AnyDay] {
			t.Fatalf("%v on %v: wasm days %s trend %s worst %s recurring %s; native %+v", es, today,
				got.Get("days"), got.Get("trend"), got.Get("worst"), got.Get("recurring"), want)
		}
	}
}

func TestLogBadCalls(t *testing.T) {
	for _, c := range []struct {
		name string
		args []any
		want string
	}{
		{"liftwellLogSummary", []any{[]any{}}, "takes a list of entries and today's date"},
		{"liftwellLogSummary", []any{"x", "2026-11-30"}, "takes a list of entries"},
		{"liftwellLogSummary", []any{[]any{}, "yesterday"}, "today must be a date"},
		{"liftwellLogSummary", []any{[]any{1}, "2026-11-30"}, "entry 1 is not an object"},
		{"liftwellLogSummary", []any{[]any{map[string]any{"date": "2026-11-30", "pain": "x"}}, "2026-11-30"}, `entry 1: pain x is not a whole number`},
		{"liftwellLogSummary", []any{[]any{map[string]any{"date": "2026-11-30", "pain": 11}}, "2026-11-30"}, `entry 1: pain 11 is not a whole number`},
		{"liftwellLogSummary", []any{[]any{map[string]any{"date": "30/11/2026", "pain": 1}}, "2026-11-30"}, `entry 1: date 30/11/2026 is not`},
	} {
		got := js.Global().Call(c.name, c.args...).Get("error")
		if got.IsUndefined() || !strings.Contains(got.String(), c.want) {
			t.Errorf("%s(%v) = error %v, want %q", c.name, c.args, got, c.want)
		}
	}
}
