package content

import (
	"errors"
	"strconv"
	"strings"
)

// Error is one problem found in one content file. It prints as
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
	b.WriteString(e.Path)
	if e.Line > 0 {
		b.WriteString(":" + strconv.Itoa(e.Line))
		if e.Col > 0 {
			b.WriteString(":" + strconv.Itoa(e.Col))
		}
	}
	b.WriteString(": " + e.Msg)
	return b.String()
}

// MaxErrors caps how many errors one build reports.
const MaxErrors = 50

// List collects errors. Its Err method returns nil when it is empty, or an
// error whose message lists every error, one a line (up to MaxErrors).
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

// Addf appends a positioned error.
func (l *List) Addf(path string, line, col int, msg string) {
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
		if i == MaxErrors {
			b.WriteString("too many errors (" + strconv.Itoa(len(l)) + "); stopped after " + strconv.Itoa(MaxErrors) + "\n")
			break
		}
		b.WriteString(err.Error())
		b.WriteByte('\n')
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// Unwrap lets errors.Is and errors.As see every error in the list.
func (l List) Unwrap() []error { return l }

// lineCol returns the 1-based line and column of byte offset off in src.
func lineCol(src []byte, off int) (line, col int) {
	line, col = 1, 1
	for i := 0; i < off && i < len(src); i++ {
		if src[i] == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}
