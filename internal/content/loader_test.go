package content

import (
	"fmt"
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
	check := func(what string) *Site {
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
