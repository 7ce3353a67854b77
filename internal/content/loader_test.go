package content

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// TestLoader checks that a Loader gives what Load gives after each edit,
// errors included, reading again the files it is told of even when their
// size and time did not change, and the files whose size or time changed
// when it is told nothing; and that an unchanged file gives the same
// *Article as before.
func TestLoader(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string, mod time.Time) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mod, mod); err != nil {
			t.Fatal(err)
		}
		return p
	}
	article := func(title string, order int) string {
		return fmt.Sprintf("---\ntitle: %s\ndescription: D.\norder: %d\nupdated: 2026-01-02\n---\nBody.\n", title, order)
	}
	day := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	a := write("articles/a.md", article("Aaa", 1), day)
	write("articles/b.md", article("Bbb", 2), day)
	os.MkdirAll(filepath.Join(dir, "exercises"), 0o755)

	var l Loader
	check := loaderCheck(t, &l, dir)
	first := check("first load")
	again := check("no edit")
	if again.Article("b") != first.Article("b") {
		t.Error("an unchanged file gave a new *Article")
	}

	// Same size, same time: only Changed tells.
	write("articles/a.md", article("Ccc", 1), day)
	l.Changed(a)
	if s := check("an edit named to Changed"); s.Article("a").Title != "Ccc" {
		t.Errorf("title %q after an edit named to Changed", s.Article("a").Title)
	}
	// A new size: the stat check tells.
	write("articles/a.md", article("Dddd", 1), day)
	if s := check("an edit of another size"); s.Article("a").Title != "Dddd" {
		t.Errorf("title %q after an edit of another size", s.Article("a").Title)
	}
	if s := check("no edit"); s.Article("b") != first.Article("b") {
		t.Error("an unchanged file gave a new *Article")
	}
	// An error, a file added, a file removed, a folder named.
	write("articles/a.md", "---\ntitle: x\n", day.Add(time.Second))
	check("an error")
	write("articles/a.md", article("Eee", 3), day.Add(2*time.Second))
	write("articles/c.md", article("Fff", 0), day)
	check("a file added")
	os.Remove(filepath.Join(dir, "articles/b.md"))
	check("a file removed")
	write("articles/c.md", article("Ggg", 0), day)
	l.Changed(filepath.Join(dir, "articles"))
	if s := check("a folder named to Changed"); s.Article("c").Title != "Ggg" {
		t.Errorf("title %q after the folder was named to Changed", s.Article("c").Title)
	}
}

// loaderCheck returns a check that loads dir with l and with LoadDir,
// fails t if they differ, and returns what l loaded.
func loaderCheck(t *testing.T, l *Loader, dir string) func(what string) *Site {
	return func(what string) *Site {
		t.Helper()
		got, gotErr := l.LoadDir(dir)
		want, wantErr := LoadDir(dir)
		if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Fatalf("%s: Loader errors\n%v\nLoad errors\n%v", what, gotErr, wantErr)
		}
		if gotErr == nil && !reflect.DeepEqual(got.Articles, want.Articles) {
			t.Fatalf("%s: Loader articles %+v, Load %+v", what, got.Articles, want.Articles)
		}
		return got
	}
}

// TestLoaderWatched checks a Loader whose caller reports every change
// (Watched): after random edits, additions and removals, each named to
// Changed (as a file, or as its folder, or as the root), it gives what
// Load gives; and it trusts Changed alone, so that an edit nobody named,
// of another size, is not seen until it is named.
func TestLoaderWatched(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "articles"), 0o755)
	os.MkdirAll(filepath.Join(dir, "exercises"), 0o755)
	article := func(title string, order int) string {
		return fmt.Sprintf("---\ntitle: %s\ndescription: D.\norder: %d\nupdated: 2026-01-02\n---\nBody.\n", title, order)
	}
	write := func(name, text string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for i := range 20 {
		write(fmt.Sprintf("articles/a%02d.md", i), article(fmt.Sprintf("T%d", i), i))
	}
	var l Loader
	check := loaderCheck(t, &l, dir)
	check("first load")
	l.Watched()
	// An edit before the first load that trusts the watcher is seen.
	write("articles/a00.md", article("Before the watcher started", 0))
	if s := check("the first watched load"); s.Article("a00").Title != "Before the watcher started" {
		t.Errorf("title %q: the first watched load did not look at every file", s.Article("a00").Title)
	}
	// From now on an edit nobody names is not seen: Changed is trusted.
	p := write("articles/a01.md", article("Not named to Changed, longer", 1))
	if s, _ := l.LoadDir(dir); s.Article("a01").Title != "T1" {
		t.Errorf("title %q: a watched load looked at a file nobody named", s.Article("a01").Title)
	}
	l.Changed(p)
	check("the edit named")

	rng := rand.New(rand.NewPCG(1, 2))
	for step := range 300 {
		name := fmt.Sprintf("articles/a%02d.md", rng.IntN(25))
		p := filepath.Join(dir, name)
		var what string
		switch rng.IntN(5) {
		case 0:
			what = "remove " + name
			os.Remove(p)
		case 1:
			what = "bad " + name
			write(name, "---\ntitle: x\n")
		case 2:
			what = "unexpected file"
			p = write("articles/notes.txt", "x")
		default:
			what = "edit " + name
			write(name, article(fmt.Sprintf("S%d", step), rng.IntN(30)))
		}
		switch rng.IntN(4) {
		case 0:
			l.Changed(filepath.Dir(p))
		case 1:
			l.Changed(dir)
		default:
			l.Changed(p)
		}
		check(fmt.Sprintf("step %d: %s", step, what))
		if what == "unexpected file" {
			os.Remove(p)
			l.Changed(p)
		}
	}
}
