package site

import (
	"strings"

	"github.com/liftwell/liftwell/internal/linkcheck"
	"github.com/liftwell/liftwell/internal/srcerr"
)

// sourceLink is a link written in a Markdown file, kept with its position
// so that a broken one is reported where the author wrote it.
type sourceLink struct {
	href      string // as rendered, with the base path
	path      string // the Markdown file
	page      string // the output file it ends up in
	line, col int
}

// placeLink says where a broken link was written (for linkcheck.Check):
// in Markdown, or as a literal in a template. The link as checked is
// without the site's own origin, which a link written in full
// ("https://user.github.io/nope/") has. A link in a file the builder made
// from the content, not from a template, is left to Check, which names
// the built file.
func (b *build) placeLink(l linkcheck.Broken) error {
	origin := b.cfg.Origin
	for _, w := range b.pageLinks[l.Page] {
		if w.page == l.Page && (w.href == l.Ref || strings.TrimPrefix(w.href, origin) == l.Ref) {
			return &srcerr.Error{Path: w.path, Line: w.line, Col: w.col, Msg: "broken link " + srcerr.Quote(w.href) + ": " + l.Why}
		}
	}
	t := b.cache.templates[b.pageKinds[l.Page]+".html"]
	if t == nil {
		return nil
	}
	for _, w := range t.links {
		if w.href == l.Ref || strings.TrimPrefix(w.href, origin) == l.Ref {
			return &srcerr.Error{Path: w.path, Line: w.line, Col: w.col, Msg: "broken link " + srcerr.Quote(w.href) + ": " + l.Why}
		}
	}
	// Made by an action from the page's data: the page's template, and
	// the page.
	return &srcerr.Error{Path: t.path, Msg: "broken link " + srcerr.Quote(l.Ref) + " on page /" + strings.TrimSuffix(l.Page, "index.html") + ": " + l.Why}
}
