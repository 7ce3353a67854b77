package checker_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/liftwell/liftwell/internal/checker"
	"github.com/liftwell/liftwell/internal/checker/checkertest"
)

var update = flag.Bool("update", false, "rewrite the golden results in testdata/golden")

func mustAssess(t testing.TB, a map[string]string) checker.Result {
	t.Helper()
	res, err := checker.Assess(a)
	if err != nil {
		t.Fatalf("Assess(%v): %v", a, err)
	}
	return res
}

// TestChecklistAgrees reads the checklist page's groups as a person
// would, from the top, stopping at the first level with a statement that
// is true, and compares that level with Assess. It also checks that the
// groups hold every rule once, each level at most once.
func TestChecklistAgrees(t *testing.T) {
	p := checker.Page()
	var ids []string
	seen := map[string]bool{}
	for _, lr := range p.ChecklistLevels {
		if seen[lr.Level.ID] {
			t.Errorf("level %s has two groups on the checklist", lr.Level.ID)
		}
		seen[lr.Level.ID] = true
		for _, s := range lr.Statements {
			ids = append(ids, s.Rule)
		}
	}
	if len(seen) != len(p.Levels) || !slices.EqualFunc(ids, p.Checklist, func(id string, s checker.Statement) bool { return id == s.Rule }) {
		t.Fatalf("the checklist's groups %v do not hold the rules in order", ids)
	}
	r := rand.New(rand.NewPCG(1, 2))
	count := map[string]int{}
	for range 20000 {
		a := checkertest.Answers(r)
		res := mustAssess(t, a)
		first := ""
	read:
		for _, lr := range p.ChecklistLevels {
			for _, s := range lr.Statements {
				if checker.Applies(s.Rule, a) {
					first = lr.Level.ID
					break read
				}
			}
		}
		if first != res.Level {
			t.Fatalf("%v: the checklist says %s, Assess says %s", a, first, res.Level)
		}
		count[first]++
	}
	for _, lv := range p.Levels {
		if count[lv.ID] < 100 {
			t.Errorf("only %d of the samples reached %s", count[lv.ID], lv.ID)
		}
	}
	t.Logf("levels reached: %v", count)
}

func TestTipsNeverChangeTheLevel(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	groups := checker.Page().Groups
	training := groups[len(groups)-1]
	for range 5000 {
		a := checkertest.Answers(r)
		want := mustAssess(t, a).Level
		b := checkertest.Answers(r)
		for _, q := range training.Questions {
			delete(a, q.ID)
			if v, ok := b[q.ID]; ok {
				a[q.ID] = v
			}
		}
		if got := mustAssess(t, a).Level; got != want {
			t.Fatalf("%v: other training answers change the level from %s to %s", a, want, got)
		}
	}
}

func TestReasons(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 5000 {
		a := checkertest.Answers(r)
		res := mustAssess(t, a)
		if len(res.Reasons) == 0 || res.Reasons[0].Level != res.Level || res.Reasons[0].Lower {
			t.Fatalf("%v: the first reason must be at the result's level: %+v", a, res)
		}
		for _, x := range res.Reasons {
			if len(x.Answers) == 0 {
				t.Errorf("%v: reason %s names no answer", a, x.ID)
			}
			if x.Lower != (checker.Rank(x.Level) > checker.Rank(res.Level)) {
				t.Errorf("%v: reason %s has the wrong lower flag", a, x.ID)
			}
			for _, id := range x.Answers {
				if w := checker.Words(id, a); !strings.Contains(x.Text, w) {
					t.Errorf("reason %s: %q does not name %s (%q)", x.ID, x.Text, id, w)
				}
			}
		}
		if (res.Level == checker.Emergency || res.Level == checker.Urgent) && (len(res.Exercises) > 0 || len(res.Tips) > 0) {
			t.Errorf("%v: %s recommends exercises or tips", a, res.Level)
		}
	}
}

func TestBadAnswersAreRejected(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 5000 {
		a, id := checkertest.Bad(r)
		res, err := checker.Assess(a)
		var ae *checker.AnswerError
		if !errors.As(err, &ae) || ae.ID != id && ae.Problem != "is not a question of the checker" {
			t.Fatalf("%v (bad %q): got %+v, %v", a, id, res, err)
		}
	}
}

// TestGolden compares results with testdata/golden/*.txtar. Each archive
// holds the answers (one id=value a line), the expected level written by
// hand from the spec (want-level: a level, or "error"), and the result as
// JSON. The test checks the level against want-level first, and -update
// rewrites only result.json, and only when the level is right: a change
// of level can never be accepted by regenerating.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/golden/*.txtar")
	if len(files) < 50 {
		t.Fatalf("%d golden files, want at least 50", len(files))
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if len(ar.Files) != 3 || ar.Files[0].Name != "answers" || ar.Files[1].Name != "want-level" || ar.Files[2].Name != "result.json" {
				t.Fatalf("want the files answers, want-level and result.json")
			}
			a := map[string]string{}
			for _, line := range strings.Split(strings.TrimSpace(string(ar.Files[0].Data)), "\n") {
				if id, v, ok := strings.Cut(line, "="); ok {
					a[id] = v
				}
			}
			wantLevel := strings.TrimSpace(string(ar.Files[1].Data))
			var got []byte
			res, err := checker.Assess(a)
			gotLevel := res.Level
			if err != nil {
				gotLevel = "error"
				got, _ = json.MarshalIndent(map[string]string{"error": err.Error()}, "", "  ")
			} else {
				got, _ = json.MarshalIndent(res, "", "  ")
			}
			if gotLevel != wantLevel {
				t.Fatalf("level %s, want %s (want-level is written by hand from the spec; -update never changes it)", gotLevel, wantLevel)
			}
			got = append(got, '\n')
			if runtime.GOOS == "js" {
				// The module's tables leave out the words that only the
				// page shows: compare the rest.
				var want checker.Result
				if gotLevel != "error" {
					if err := json.Unmarshal(ar.Files[2].Data, &want); err != nil {
						t.Fatal(err)
					}
					if res.Now != "" && res.Now != want.Now && !(res.Now == checker.UnlinkedKey && a["onset"] == "no_link") {
						t.Errorf("now: %q, want %q", res.Now, want.Now)
					}
					if g, w := checkertest.ModuleView(res), checkertest.ModuleView(want); !reflect.DeepEqual(g, w) {
						t.Errorf("result differs from %s:\n%+v\nwant %+v", file, g, w)
					}
				}
				return
			}
			if *update {
				ar.Files[2].Data = got
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if !bytes.Equal(got, ar.Files[2].Data) {
				t.Errorf("result differs from %s (run go test -update after checking the change):\n%s", file, got)
			}
		})
	}
}

func FuzzAssess(f *testing.F) {
	levels := checker.Page().Levels
	f.Fuzz(func(t *testing.T, s string) {
		a := map[string]string{}
		for _, pair := range strings.Split(s, "&") {
			id, v, _ := strings.Cut(pair, "=")
			a[id] = v
		}
		res, err := checker.Assess(a)
		if err != nil {
			var ae *checker.AnswerError
			if !errors.As(err, &ae) {
				t.Fatalf("%q: error of type %T: %v", s, err, err)
			}
			if v, ok := a[ae.ID]; !ok || v != ae.Value {
				t.Fatalf("%q: error %q is not about an answer given", s, err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "answer "+checker.Quote(ae.ID, false)+"="+checker.Quote(ae.Value, true)+" ") {
				t.Fatalf("%q: error %q does not name %q", s, msg, ae.ID)
			}
			// Never raw bytes: no control characters, nothing outside
			// ASCII but the "…" of a cut, at most 40 bytes of each.
			for _, c := range []byte(strings.ReplaceAll(msg, "…", "")) {
				if c < 0x20 || c >= 0x7f {
					t.Fatalf("%q: error %q holds the byte %#x", s, msg, c)
				}
			}
			return
		}
		if !slices.ContainsFunc(levels, func(l checker.Level) bool { return l.ID == res.Level }) ||
			len(res.Reasons) == 0 || runtime.GOOS != "js" && (res.Now == "" || res.Note == "") {
			t.Fatalf("%q: incomplete result %+v", s, res)
		}
	})
}

func BenchmarkAssess(b *testing.B) {
	a := map[string]string{"age": "34", "first_episode": "no", "pregnancy": "no", "cancer_history": "no",
		"bone_risk": "no", "infection_risk": "no", "night_pain": "wakes_when_moving", "leg_pain": "yes",
		"onset": "during_lift", "days": "4", "character": "sharp", "severity": "5", "trend": "same",
		"warmed_up": "no", "load_jump": "yes", "back_position": "rounded", "deadlift_days": "3"}
	for b.Loop() {
		if _, err := checker.Assess(a); err != nil {
			b.Fatal(err)
		}
	}
}
