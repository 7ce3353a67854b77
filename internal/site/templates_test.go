package site

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/liftwell/liftwell/internal/content"
)

// TestTemplatesFS: a build of the fixture read from memory
// (Config.ContentFS and TemplatesFS) gives the files of the build of the
// same tree read from its folders.
func TestTemplatesFS(t *testing.T) {
	for _, base := range []string{"/", "/liftwell/"} {
		disk := fixtureBuild(t, fixtureConfig(fixtureSite, base))
		mem := fixtureBuild(t, memConfig(t, fixtureFS(t, nil), base))
		if d := diffFiles(disk, mem); d != "" {
			t.Errorf("base %s: the build from memory differs: %s", base, d)
		}
	}
}

// TestTemplatesRefuseNonRegular: the templates are contributor-controlled
// as content is, and read as content is: a symbolic link among them
// (wherever it points) or a file over content.MaxFileSize is an error
// naming it, and nothing of it is read.
func TestTemplatesRefuseNonRegular(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks")
	}
	secret := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(secret, []byte("root:x:0:0:SECRET-LINE:/root:/bin/bash\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	staticDir, err := filepath.Abs(filepath.Join(fixtureSite, "templates", "static"))
	if err != nil {
		t.Fatal(err)
	}
	symlink := func(target string) func(p string) error {
		return func(p string) error {
			if err := os.RemoveAll(p); err != nil {
				return err
			}
			return os.Symlink(target, p)
		}
	}
	for _, tc := range []struct {
		name string
		make func(p string) error
		want string
	}{
		{"static/x.css", symlink("/etc/passwd"), "a symbolic link"},
		{"static/app.js", symlink(secret), "a symbolic link"},
		{"static/inside.css", symlink("site.css"), "a symbolic link"},
		{"layout.html", symlink(secret), "a symbolic link"},
		{"extra.html", symlink("404.html"), "a symbolic link"},
		{"sw.js", symlink(secret), "a symbolic link"},
		{"static", symlink(staticDir), "cannot read static files: a symbolic link"},
		{"static/big.css", func(p string) error {
			if err := os.WriteFile(p, nil, 0o644); err != nil {
				return err
			}
			return os.Truncate(p, content.MaxFileSize+1)
		}, "file is larger than 10 MB"},
	} {
		t.Run(strings.ReplaceAll(tc.name, "/", "_"), func(t *testing.T) {
			root := newFixture(t)
			p := filepath.Join(root, "templates", tc.name)
			if err := tc.make(p); err != nil {
				t.Skip(err)
			}
			b, err := New(fixtureConfig(root, "/"))
			if err != nil {
				t.Fatal(err)
			}
			files, err := b.Build()
			if err == nil {
				t.Fatalf("built %d files with templates/%s in it", len(files), tc.name)
			}
			msg := err.Error()
			if want := p + ": " + tc.want; !strings.Contains(msg, want) {
				t.Errorf("error:\n%s\nwant a line starting %q", msg, want)
			}
			if strings.Contains(msg, "SECRET") || strings.Contains(msg, "root:") {
				t.Errorf("error quotes the file outside: %s", msg)
			}
		})
	}
}

// TestTemplatesFSRefusesSymlink: a symbolic link in Config.TemplatesFS
// is refused too.
func TestTemplatesFSRefusesSymlink(t *testing.T) {
	fsys := fixtureFS(t, nil)
	fsys["templates/static/x.css"] = &fstest.MapFile{Data: []byte("/etc/passwd"), Mode: os.ModeSymlink}
	b, err := New(memConfig(t, fsys, "/"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Build(); err == nil || !strings.Contains(err.Error(), "templates/static/x.css: a symbolic link") {
		t.Errorf("error %v, want templates/static/x.css named as a symbolic link", err)
	}
}

// TestNoscriptStylesheet: templates/static/noscript.css is served as a file
// of its own, for a <noscript> in a page's head, and kept out of the one
// render-blocking style.css that every page loads; the other CSS files are
// joined into style.css.
func TestNoscriptStylesheet(t *testing.T) {
	fsys := fixtureFS(t, nil)
	fsys["templates/static/noscript.css"] = &fstest.MapFile{Data: []byte("[data-with-script]{display:none!important}\n")}
	fsys["templates/static/extra.css"] = &fstest.MapFile{Data: []byte(".extra{color:red}\n")}
	files := fixtureBuild(t, memConfig(t, fsys, "/"))
	got := map[string]string{}
	for _, p := range files.Paths() {
		if m := regexp.MustCompile(`^assets/(style|noscript)\.[0-9a-f]{10}\.css$`).FindStringSubmatch(p); m != nil {
			got[m[1]] = string(files[p])
		}
	}
	if !strings.Contains(got["noscript"], "[data-with-script]") {
		t.Errorf("assets/noscript.*.css is %q, want the rules of templates/static/noscript.css", got["noscript"])
	}
	if style := got["style"]; strings.Contains(style, "data-with-script") || !strings.Contains(style, ".extra") {
		t.Errorf("style.css is %q, want extra.css's rules and none of noscript.css's", clipText(style, 200))
	}
}
