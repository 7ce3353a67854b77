package svg

import (
	"strconv"
	"strings"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/css"
)

// functions are the CSS functions a drawing's style may call. url() is
// not among them: it is a token of its own, allowed only to a #fragment.
var functions = map[string]bool{
	"rgb": true, "rgba": true, "hsl": true, "hsla": true, "calc": true, "var": true,
	"min": true, "max": true, "clamp": true,
	"translate": true, "translatex": true, "translatey": true, "rotate": true, "scale": true,
	"scalex": true, "scaley": true, "skewx": true, "skewy": true, "matrix": true,
}

// atRules are the at-rules allowed: @media, for the dark colour scheme and print.
var atRules = map[string]bool{"media": true}

type cssProblem struct {
	off int // byte offset in the style sheet
	msg string
}

// rebuildCSS tokenizes a style sheet, checks every token with its CSS
// escapes decoded, and returns it written out again from the tokens,
// comments replaced by a space (a minifier that drops a comment could
// otherwise join "u/**/rl(" into "url(").
func rebuildCSS(sheet string) (string, []cssProblem) {
	var b strings.Builder
	problems := scanCSS(sheet, func(tt css.TokenType, data []byte) {
		if tt == css.CommentToken {
			b.WriteByte(' ')
			return
		}
		b.Write(data)
	})
	return b.String(), problems
}

// checkCSSValue checks an attribute's value as CSS.
func checkCSSValue(v string) []cssProblem {
	return scanCSS(v, func(css.TokenType, []byte) {})
}

// scanCSS runs the CSS lexer over sheet, calls emit with each token and
// returns what is not allowed.
func scanCSS(sheet string, emit func(css.TokenType, []byte)) []cssProblem {
	var problems []cssProblem
	lex := css.NewLexer(parse.NewInputString(sheet))
	off := 0
	for {
		tt, data := lex.Next()
		if tt == css.ErrorToken {
			if off < len(sheet) {
				problems = append(problems, cssProblem{off, "the CSS cannot be read past here"})
			}
			return problems
		}
		bad := func(msg string) { problems = append(problems, cssProblem{off, msg}) }
		switch tt {
		case css.AtKeywordToken:
			if name := strings.ToLower(unescape(string(data[1:]))); !atRules[name] {
				bad("@" + clip(name) + " is not allowed in a drawing's style: only @media")
			}
		case css.FunctionToken:
			name := strings.ToLower(unescape(strings.TrimSuffix(string(data), "(")))
			if name == "url" {
				bad("url() written with escapes or spaces is not allowed: write url(#id), to a part of the drawing itself")
			} else if !functions[name] {
				bad(clip(name) + "() is not allowed in a drawing's style (url() only to a #fragment of the drawing)")
			}
		case css.URLToken:
			if u := urlValue(string(data)); !strings.HasPrefix(u, "#") {
				bad("url(" + quote(u) + ") is not allowed: a drawing may only refer to itself, as url(#id)")
			}
		case css.BadURLToken, css.BadStringToken:
			bad("malformed CSS: " + quote(string(data)))
		case css.DelimToken:
			if string(data) == `\` {
				bad(`a lone backslash in CSS`)
			}
		}
		emit(tt, data)
		off += len(data)
	}
}

// urlValue returns the address of a url() token, escapes decoded.
func urlValue(tok string) string {
	i := strings.IndexByte(tok, '(')
	s := strings.TrimSpace(strings.TrimSuffix(tok[i+1:], ")"))
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		s = s[1 : len(s)-1]
	}
	return strings.TrimSpace(unescape(s))
}

// unescape decodes CSS escapes: a backslash and one to six hex digits
// (and one white space after them), or a backslash and any other
// character, which stands for itself.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		j := i + 1
		for j < len(s) && j < i+7 && isHex(s[j]) {
			j++
		}
		if j == i+1 {
			if s[j] != '\n' { // an escaped newline continues a string
				b.WriteByte(s[j])
			}
			i = j
			continue
		}
		r, _ := strconv.ParseUint(s[i+1:j], 16, 32)
		if r == 0 || r > 0x10ffff || r >= 0xd800 && r <= 0xdfff {
			r = 0xfffd
		}
		b.WriteRune(rune(r))
		if j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n') {
			j++
		}
		i = j - 1
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'f'
}
