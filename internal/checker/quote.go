package checker

// maxQuote is how many bytes of an answer an error message quotes at most.
const maxQuote = 40

// Quote returns s as an error message may show it: at most its first 40
// bytes, then "…" when there is more, with every byte that a terminal or
// a page could act on written as an escape \xNN: control characters and
// terminal escapes (\x0a, \x1b), and every byte outside ASCII, so that
// invalid UTF-8, C1 controls and invisible marks that turn text around
// (U+202E) never come through raw. (Answer ids and values are ASCII; a
// letter such as é shows as \xc3\xa9.) A backslash and a double quote are
// escaped too; with quoted, the result is in double quotes.
//
// It is written by hand, without strconv or unicode/utf8, to keep the
// package free of imports (see the package comment), and small: the
// WebAssembly module links it.
func Quote(s string, quoted bool) string {
	const hex = "0123456789abcdef"
	b := make([]byte, 0, 2*maxQuote)
	if quoted {
		b = append(b, '"')
	}
	for i := 0; i < len(s) && i < maxQuote; i++ {
		switch c := s[i]; {
		case c < 0x20 || c >= 0x7f:
			b = append(b, '\\', 'x', hex[c>>4], hex[c&15])
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		default:
			b = append(b, c)
		}
	}
	if quoted {
		b = append(b, '"')
	}
	if len(s) > maxQuote {
		b = append(b, "…"...)
	}
	return string(b)
}
