//go:build !js

package checker

import (
	"bytes"
	"os"
	"testing"
)

// TestLeanTables checks that tables_js.go is what go generate writes
// from the tables today.
func TestLeanTables(t *testing.T) {
	want, err := LeanTables()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("tables_js.go")
	if err != nil {
		t.Fatalf("%v: run go generate ./internal/checker", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("tables_js.go is stale: run go generate ./internal/checker")
	}
}

// TestPageWords checks the words that only the pages show, which the
// WebAssembly build leaves out.
func TestPageWords(t *testing.T) {
	for _, g := range groups {
		if g.Title == "" {
			t.Errorf("group %s has no title", g.ID)
		}
		for _, q := range g.Questions {
			if q.Label == "" {
				t.Errorf("question %s has no label", q.ID)
			}
			for _, o := range q.Options {
				if o.Label == "" {
					t.Errorf("option %s=%s has no label", q.ID, o.Value)
				}
			}
		}
	}
	for _, lv := range levels {
		if lv.Title == "" {
			t.Errorf("level %s has no title", lv.ID)
		}
	}
	for _, r := range rules {
		if r.Says == "" {
			t.Errorf("rule %s says nothing", r.ID)
		}
	}
}
