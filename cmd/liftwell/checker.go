package main

import (
	"github.com/liftwell/liftwell/internal/checker"
	"github.com/liftwell/liftwell/internal/site"
)

// withChecker gives the builder the checker's tables, from which it draws
// the checker page, the checklist and the rules page.
func withChecker(cfg *site.Config) {
	cfg.Checker = new(checker.Page())
	cfg.RulesSource = checker.RulesSource
}
