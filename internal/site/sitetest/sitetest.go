// Package sitetest makes builds of the site for the tests of other
// packages (serve, linkcheck, e2e): a content and templates tree with the
// checker's real tables and the fake checker module of testfix, so that
// nothing compiles. The site package's own tests have theirs in
// site_test.go, since they cannot import this package.
package sitetest

import (
	"path/filepath"
	"testing"

	"github.com/liftwell/liftwell/internal/checker"
	"github.com/liftwell/liftwell/internal/site"
	"github.com/liftwell/liftwell/internal/testfix"
)

// Origin is the origin of the builds: not a local one, so that links to
// it are checked as the builder checks them on GitHub Pages.
const Origin = "https://example.github.io"

// Config is a build of root's content/ and templates/ under base, with
// the checker's tables and a fake module.
func Config(root, base string) site.Config {
	return site.Config{
		Content:     filepath.Join(root, "content"),
		Templates:   filepath.Join(root, "templates"),
		Base:        base,
		Origin:      Origin,
		ModuleDir:   root,
		Module:      testfix.Module,
		WasmExec:    testfix.WasmExec,
		Checker:     new(checker.Page()),
		RulesSource: checker.RulesSource,
	}
}

// Build builds cfg with a new Builder, failing tb on an error.
func Build(tb testing.TB, cfg site.Config) site.Files {
	tb.Helper()
	b, err := site.New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	files, err := b.Build()
	if err != nil {
		tb.Fatalf("build of %s under %s:\n%v", cfg.Content, cfg.Base, err)
	}
	return files
}
