//go:build js && wasm

// Command wasm is the pain checker as a WebAssembly module for the browser:
// thin glue that hands a JavaScript object of answers to checker.Assess
// and returns the result as a plain JavaScript object.
//
// Once started with Go's wasm_exec.js, it defines
//
//	globalThis.liftwellAssess(answers)
//
// where answers is an object of string values such as {age: "34"}. It
// returns {level, reasons: [{id, text, why, level, answers, lower}], now,
// escalate: [{level, title, items}], exercises, stop_if, tips: [{id, text}],
// advice: [{id, text}], note, phones: [{number, tel, where}]}, the same fields as the assess
// command's JSON, or {error: "..."} for bad input. To keep the module
// small, the texts that depend only on the level, the rule or the tip are
// left out of its tables (internal/checker/tables_js.go) and come back
// empty: escalate, phones, note, each reason's why, and the text of each
// tip and piece of advice.
// The checker page renders them from checker.PageData at build time. Then it sets
// globalThis.liftwellReady to true and dispatches a "liftwellready" event
// on globalThis where it can.
//
// Keep the imports to syscall/js and the checker: fmt, encoding/json and
// reflect would add hundreds of kilobytes (a test checks this).
package main

import (
	"syscall/js"

	"github.com/liftwell/liftwell/internal/checker"
)

func main() {
	register()
	global := js.Global()
	global.Set("liftwellReady", true)
	if global.Get("dispatchEvent").Type() == js.TypeFunction && global.Get("Event").Type() == js.TypeFunction {
		global.Call("dispatchEvent", global.Get("Event").New("liftwellready"))
	}
	select {}
}

// register defines globalThis.liftwellAssess.
func register() {
	js.Global().Set("liftwellAssess", js.FuncOf(assess))
	registerLog() // the pain log's functions: log.go
}

// assess is the body of liftwellAssess. It works synchronously (blocking
// in a callback would stop the Go program) and turns a panic into an error
// object: one panic that escaped would end the program for good.
func assess(_ js.Value, args []js.Value) (out any) {
	defer recoverTo(&out)
	if len(args) != 1 || args[0].Type() != js.TypeObject {
		return failure("liftwellAssess takes one object of answers, such as {age: \"34\"}")
	}
	keys := js.Global().Get("Object").Call("keys", args[0])
	answers := make(map[string]string, keys.Length())
	for i := range keys.Length() {
		id := keys.Index(i).String()
		v := args[0].Get(id)
		if v.Type() != js.TypeString {
			return failure("answer " + checker.Quote(id, false) + " must be a string, such as \"yes\" or \"34\"")
		}
		answers[id] = v.String()
	}
	res, err := checker.Assess(answers)
	if err != nil {
		return failure(err.Error())
	}
	return object(res)
}

// recoverTo, deferred, turns a panic into an error object in *out.
func recoverTo(out *any) {
	if r := recover(); r != nil {
		msg := "unexpected failure"
		switch r := r.(type) {
		case error:
			msg = r.Error()
		case string:
			msg = r
		}
		*out = failure("the checker failed: " + msg)
	}
}

func failure(msg string) any {
	obj := newObject()
	obj.Set("error", msg)
	return obj
}

func newObject() js.Value { return js.Global().Get("Object").New() }

// object converts a result to a plain JavaScript object. escalate and
// phones are always empty in the module (see the package comment), and
// TestAgreesWithNative checks that Assess agrees. The small helpers below
// are not inlined: each call costs less code than a js.Value.Set with its
// conversion to any, and the module must stay small.
func object(res checker.Result) js.Value {
	reasons := array()
	for i, r := range res.Reasons {
		o := newObject()
		set(o, "id", r.ID)
		set(o, "text", r.Text)
		set(o, "why", r.Why)
		set(o, "level", r.Level)
		setValue(o, "answers", list(r.Answers))
		setValue(o, "lower", js.ValueOf(r.Lower))
		reasons.SetIndex(i, o)
	}
	tips := array()
	for i, t := range res.Tips {
		tips.SetIndex(i, idText(t.ID, t.Text))
	}
	advice := array()
	for i, ad := range res.Advice {
		advice.SetIndex(i, idText(ad.ID, ad.Text))
	}
	obj := newObject()
	set(obj, "level", res.Level)
	setValue(obj, "reasons", reasons)
	set(obj, "now", res.Now)
	setValue(obj, "escalate", array())
	setValue(obj, "exercises", list(res.Exercises))
	setValue(obj, "stop_if", list(res.StopIf))
	setValue(obj, "tips", tips)
	setValue(obj, "advice", advice)
	set(obj, "note", res.Note)
	setValue(obj, "phones", array())
	return obj
}

//go:noinline
func set(o js.Value, key, s string) { o.Set(key, s) }

// idText is {id, text}, for a tip or a piece of advice.
//
//go:noinline
func idText(id, text string) js.Value {
	o := newObject()
	set(o, "id", id)
	set(o, "text", text)
	return o
}

//go:noinline
func setValue(o js.Value, key string, v js.Value) { o.Set(key, v) }

//go:noinline
func array() js.Value { return js.Global().Get("Array").New() }

func list(s []string) js.Value {
	a := array()
	for i, v := range s {
		a.SetIndex(i, v)
	}
	return a
}
