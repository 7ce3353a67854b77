package site

import (
	"regexp"
	"strings"

	"github.com/liftwell/liftwell/internal/srcerr"
)

// Policy is the Content Security Policy of every page, the one
// definition of it: the builder writes it as a <meta http-equiv> at the
// top of each page's <head> (GitHub Pages sends no custom headers), and
// serve sends it as a header too, with FrameAncestors. A template that
// writes a policy of its own is an error (checkTemplatePolicy).
var Policy = []Directive{
	{"default-src", "'self'"},
	{"script-src", "'self' 'wasm-unsafe-eval'"}, // the checker's WebAssembly module
	{"style-src", "'self'"},
	{"img-src", "'self'"},
	{"font-src", "'self'"},
	{"connect-src", "'self'"},
	{"manifest-src", "'self'"},
	{"worker-src", "'self'"},
	{"object-src", "'none'"},
	{"base-uri", "'self'"},
	{"form-action", "'self'"},
}

// FrameAncestors keeps every other site from framing the pages
// (clickjacking). Browsers ignore it in a <meta> policy, so only a
// header carries it: serve's responses, or a host that can send headers.
var FrameAncestors = Directive{"frame-ancestors", "'none'"}

// Directive is one directive of the policy and its sources.
type Directive struct{ Name, Sources string }

// PolicyString is the policy as a header or meta carries it, with the
// extra directives after Policy's.
func PolicyString(extra ...Directive) string {
	var b strings.Builder
	for i, d := range append(Policy[:len(Policy):len(Policy)], extra...) {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(d.Name + " " + d.Sources)
	}
	return b.String()
}

// cspMeta is the <meta> the builder puts first in every page's <head>.
var cspMeta = []byte(`<meta http-equiv="Content-Security-Policy" content="` + strings.ReplaceAll(PolicyString(), `"`, "&quot;") + `">`)

// withPolicy returns page with cspMeta right after its <head> tag (and
// after a <meta charset> that follows it at once), so that the policy
// governs everything after it, or nil when the page has no <head> tag.
func withPolicy(page []byte) []byte {
	m := headTag.FindIndex(page)
	if m == nil {
		return nil
	}
	at := m[1]
	if c := charsetTag.FindIndex(page[at:]); c != nil {
		at += c[1]
	}
	out := make([]byte, 0, len(page)+len(cspMeta))
	out = append(out, page[:at]...)
	out = append(out, cspMeta...)
	return append(out, page[at:]...)
}

// headTag is the <head> start tag, which the layout must write (the
// minifier keeps it), and charsetTag a <meta charset> right after it.
var (
	headTag    = regexp.MustCompile(`(?i)<head(?:\s[^>]*)?>`)
	charsetTag = regexp.MustCompile(`(?i)^\s*<meta charset="?[a-z0-9-]+"?\s*/?>`)
)

// forbiddenMarkup is what a template may not write, each with why: the
// builder owns the page's policy, and each of these could undo it.
var forbiddenMarkup = []struct {
	re  *regexp.Regexp
	why string
}{
	{regexp.MustCompile(`(?i)\bhttp-equiv\b`), "http-equiv is not allowed in a template: the builder writes the Content-Security-Policy itself, and a refresh could send the reader to another site"},
	{regexp.MustCompile(`(?i)<base\b`), "<base> is not allowed in a template: it would change where every relative link and script of the page points"},
	{regexp.MustCompile(`(?i)\bsrcdoc\b`), "srcdoc is not allowed in a template: a frame's document written inline escapes the page's policy"},
}

// checkTemplatePolicy adds an error at each place in the template file
// path (src as written) that writes what forbiddenMarkup lists.
func checkTemplatePolicy(path string, src []byte, errs *srcerr.List) {
	for _, f := range forbiddenMarkup {
		for _, m := range f.re.FindAllIndex(src, -1) {
			line, col := srcerr.LineCol(src, m[0])
			errs.AddAt(path, line, col, f.why)
		}
	}
}
