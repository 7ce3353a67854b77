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
// returns {level, reasons: [{id, text, level, answers, lower}], now,
// escalate, exercises, tips: [{id, text}], note}, the same fields as the
// assess command's JSON, or {error: "..."} for bad input. Then it sets
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
			return failure("answer " + id + " must be a string, such as \"yes\" or \"34\"")
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

// object converts a result to a plain JavaScript object. (Setting fields
// one by one makes less code than building Go maps for js.ValueOf.)
func object(res checker.Result) js.Value {
	reasons := js.Global().Get("Array").New()
	for i, r := range res.Reasons {
		o := newObject()
		o.Set("id", r.ID)
		o.Set("text", r.Text)
		o.Set("level", r.Level)
		o.Set("answers", list(r.Answers))
		o.Set("lower", r.Lower)
		reasons.SetIndex(i, o)
	}
	tips := js.Global().Get("Array").New()
	for i, t := range res.Tips {
		o := newObject()
		o.Set("id", t.ID)
		o.Set("text", t.Text)
		tips.SetIndex(i, o)
	}
	obj := newObject()
	obj.Set("level", res.Level)
	obj.Set("reasons", reasons)
	obj.Set("now", res.Now)
	obj.Set("escalate", res.Escalate)
	obj.Set("exercises", list(res.Exercises))
	obj.Set("tips", tips)
	obj.Set("note", res.Note)
	return obj
}

func list(s []string) js.Value {
	a := js.Global().Get("Array").New()
	for i, v := range s {
		a.SetIndex(i, v)
	}
	return a
}
