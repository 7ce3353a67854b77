//go:build js && wasm

package main

// The pain log's summary, for the log page (templates/static/log.js):
//
//	liftwellLogSummary(entries, today)
//
// where entries is a list of objects {date: "2026-11-30", pain: "4",
// trained: "yes", deadlift: "no", ...} (the stored entries; other fields
// are ignored, and pain may be a number) and today the visitor's date,
// "YYYY-MM-DD". It returns painlog.Summarize's result as {entries, days,
// start, trend, worst, recurring, sessions, followed, awayDays, awayPain,
// anyDay}: days, start, trend and worst are strings, "" when the log
// cannot tell; recurring and anyDay are "yes" or "no"; or {error: "..."}
// for bad input.
//
// Only the summary is here: reading and writing CSV is done by the page
// (templates/static/logcsv.js, checked against painlog.Parse and Write by
// internal/painlog's tests), since painlog's CSV code would add about
// 15 KB to the module after gzip.

import (
	"syscall/js"

	"github.com/liftwell/liftwell/internal/painlog"
)

// registerLog defines globalThis.liftwellLogSummary.
func registerLog() {
	js.Global().Set("liftwellLogSummary", js.FuncOf(logSummary))
}

func logSummary(_ js.Value, args []js.Value) (out any) {
	defer recoverTo(&out)
	if len(args) != 2 || args[1].Type() != js.TypeString || !js.Global().Get("Array").Call("isArray", args[0]).Bool() {
		return failure("liftwellLogSummary takes a list of entries and today's date, such as \"2026-11-30\"")
	}
	today, ok := painlog.ParseDate(args[1].String())
	if !ok {
		return failure("today must be a date written YYYY-MM-DD, not " + args[1].String())
	}
	list := args[0]
	entries := make([]painlog.Entry, list.Length())
	for i := range entries {
		v := list.Index(i)
		if v.Type() != js.TypeObject {
			return failure("entry " + itoa(i+1) + " is not an object")
		}
		e := &entries[i]
		if e.Date, ok = painlog.ParseDate(str(v.Get("date"))); !ok {
			return failure("entry " + itoa(i+1) + ": date " + str(v.Get("date")) + " is not written YYYY-MM-DD")
		}
		if e.Pain, ok = painlog.ParsePain(str(v.Get("pain"))); !ok {
			return failure("entry " + itoa(i+1) + ": pain " + str(v.Get("pain")) + " is not a whole number from 0 to 10")
		}
		e.Trained = str(v.Get("trained")) == "yes"
		e.Deadlift = str(v.Get("deadlift")) == "yes"
	}
	s := painlog.Summarize(entries, today)
	obj := newObject()
	obj.Set("entries", s.Entries)
	days, start, worst := "", "", ""
	if s.Episode {
		days, start = itoa(s.Days), s.Start.String()
	}
	if s.Worst >= 0 {
		worst = itoa(s.Worst)
	}
	obj.Set("days", days)
	obj.Set("start", start)
	obj.Set("trend", s.Trend)
	obj.Set("worst", worst)
	obj.Set("recurring", "no")
	if s.Recurring {
		obj.Set("recurring", "yes")
	}
	obj.Set("sessions", s.Sessions)
	obj.Set("followed", s.Followed)
	obj.Set("awayDays", s.AwayDays)
	obj.Set("awayPain", s.AwayPain)
	obj.Set("anyDay", "no")
	if s.AnyDay {
		obj.Set("anyDay", "yes")
	}
	return obj
}

// str is a string or a number as JavaScript writes it, or "".
func str(v js.Value) string {
	switch v.Type() {
	case js.TypeString:
		return v.String()
	case js.TypeNumber:
		return js.Global().Call("String", v).String()
	}
	return ""
}

func itoa(n int) string {
	if n >= 10 {
		return itoa(n/10) + itoa(n%10)
	}
	return string(rune('0' + n))
}
