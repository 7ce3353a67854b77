package site

import (
	"strings"
	"testing"
)

// TestWithPolicy: the builder's policy goes first in <head>, after a
// <meta charset> that opens it, and a page without <head> is refused.
func TestWithPolicy(t *testing.T) {
	for page, want := range map[string]string{
		`<html><head><title>x</title></head>`:                           `<html><head>` + string(cspMeta) + `<title>x</title></head>`,
		`<html><HEAD lang=en><meta charset="utf-8"><title>x</title>`:    `<html><HEAD lang=en><meta charset="utf-8">` + string(cspMeta) + `<title>x</title>`,
		`<html><head><link rel=stylesheet href=/a.css><meta charset=x>`: `<html><head>` + string(cspMeta) + `<link rel=stylesheet href=/a.css><meta charset=x>`,
		`<html><header>no head</header>`:                                "",
	} {
		if got := string(withPolicy([]byte(page))); got != want {
			t.Errorf("withPolicy(%q) =\n%q, want\n%q", page, got, want)
		}
	}
	// One definition: the meta says what Policy says, and serve's header
	// adds frame-ancestors to the same.
	if !strings.Contains(string(cspMeta), `content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval';`) {
		t.Errorf("cspMeta %s", cspMeta)
	}
	if got := PolicyString(FrameAncestors); got != PolicyString()+"; frame-ancestors 'none'" {
		t.Errorf("PolicyString(FrameAncestors) = %q", got)
	}
}
