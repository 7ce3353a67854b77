// Package srcerr is Liftwell's error type: an error that points into a
// source file (content, a template, a static file, the module's sources,
// an output file) as "path:line:col: message", the form editors and
// terminals link to, and a List of them, so that a build reports every
// problem it found at once. It also makes the excerpts of a file that
// messages quote safe to print, and turns a byte offset into a line and
// column.
package srcerr

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Error is one problem found in one file. It prints as
// "path:line:col: message", the form editors and terminals link to.
// Line and Col are 1-based; zero means unknown.
type Error struct {
	Path string
	Line int
	Col  int
	Msg  string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(clean(e.Path, 1024))
	if e.Line > 0 {
		b.WriteString(":" + strconv.Itoa(e.Line))
		if e.Col > 0 {
			b.WriteString(":" + strconv.Itoa(e.Col))
		}
	}
	b.WriteString(": " + clean(e.Msg, maxMessage))
	return b.String()
}

// MaxExcerpt is how many characters of a value from a file (a field's
// text, a link, a file name) an error message quotes; the rest is cut.
const MaxExcerpt = 60

// maxMessage caps a whole message, as a last guard for messages made by
// other packages (a YAML or XML parser's) that may quote the file.
const maxMessage = 400

// Before reports whether error a is at an earlier line and column than
// b, for putting the errors of one file in order. An error that is not
// an *Error (nor wraps one) has no position: it sorts as line 0.
func Before(a, b error) bool {
	var x, y *Error
	if !errors.As(a, &x) {
		x = &Error{}
	}
	if !errors.As(b, &y) {
		y = &Error{}
	}
	return x.Line < y.Line || x.Line == y.Line && x.Col < y.Col
}

// Quote returns s as an error message shows a value from a file: in
// double quotes, Go-escaped (control characters, terminal escapes,
// invisible format characters and invalid UTF-8 come out as \x1b,
// \u202e, \xff...), and cut after MaxExcerpt characters, marked by "…"
// after the closing quote. A message never echoes a whole file.
func Quote(s string) string {
	n, i := 0, 0
	for i < len(s) && n < MaxExcerpt {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n++
	}
	if i < len(s) {
		return strconv.Quote(s[:i]) + "…"
	}
	return strconv.Quote(s)
}

// clean escapes what a terminal could take for a command in s (control
// and format characters, invalid UTF-8) and cuts it after max bytes.
func clean(s string, max int) string {
	safe := len(s) <= max
	for _, r := range s {
		if r == utf8.RuneError || !unicode.IsPrint(r) && r != ' ' {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if b.Len() >= max {
			b.WriteString("…")
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 || !unicode.IsPrint(r) {
			q := strconv.Quote(s[i : i+size])
			b.WriteString(q[1 : len(q)-1])
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// List collects errors. Its Err method returns nil when it is empty, or an
// error whose message lists every error, one a line. There is no cap: a
// build that stopped at a number would leave the rest to find one
// rebuild at a time, and each line is short (values are quoted cut, see
// [Quote]).
type List []error

// Add appends err unless it is nil. A List added to a List is flattened.
func (l *List) Add(err error) {
	if err == nil {
		return
	}
	var sub List
	if errors.As(err, &sub) {
		*l = append(*l, sub...)
		return
	}
	*l = append(*l, err)
}

// AddAt appends the error msg at line and col of the file path (zero:
// unknown).
func (l *List) AddAt(path string, line, col int, msg string) {
	*l = append(*l, &Error{Path: path, Line: line, Col: col, Msg: msg})
}

// Err returns the list as an error, or nil.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

func (l List) Error() string {
	var b strings.Builder
	for i, err := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(err.Error())
	}
	return b.String()
}

// Unwrap lets errors.Is and errors.As see every error in the list.
func (l List) Unwrap() []error { return l }

// LineCol returns the 1-based line and column (in bytes) of byte offset
// off in src; an offset past the end is the end.
func LineCol(src []byte, off int) (line, col int) {
	off = max(0, min(off, len(src)))
	line = 1 + bytes.Count(src[:off], []byte("\n"))
	col = off - bytes.LastIndexByte(src[:off], '\n')
	return line, col
}
