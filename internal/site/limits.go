package site

import (
	"bytes"
	"strconv"
)

// Limits on an article's Markdown, checked before goldmark parses it
// (prescan), so that no article can make the build take memory or time
// out of proportion to what it says. Each is far above what an article
// of the site needs.
const (
	// MaxBrackets is how many "[" an article may hold: goldmark's link
	// parsing takes time that grows with the square of the brackets left
	// open (200,000 unclosed "[a](" still ran after 30 s; 20,000, 24 s).
	// The longest article has 41.
	MaxBrackets = 2000
	// MaxTableColumns is how many columns a table row may have, and
	// MaxTableCells how many cells all the tables of an article may have
	// together: goldmark pads every row to the header's width, so a
	// 52 KB table of 3,000 columns ran out of memory.
	MaxTableColumns = 64
	MaxTableCells   = 20000
	// MaxReferences is how many link reference definitions ("[x]: /url")
	// an article may have.
	MaxReferences = 500
	// MaxURL is the longest link destination, in bytes; a reference used
	// again and again copies it each time.
	MaxURL = 2048
)

// prescan returns the offset in body of the first thing past a limit
// above, and what it is, or -1.
func prescan(body []byte) (off int, msg string) {
	brackets := 0
	cells, refs := 0, 0
	tableCols := 0 // the header's columns of the table being read, or 0
	for start := 0; start < len(body); {
		end := bytes.IndexByte(body[start:], '\n')
		if end < 0 {
			end = len(body)
		} else {
			end += start
		}
		line := body[start:end]
		if n := bytes.Count(line, []byte("[")); brackets+n > MaxBrackets {
			i := start - 1 // the (MaxBrackets+1)th "[", which is on this line
			for ; brackets <= MaxBrackets; brackets++ {
				i += 1 + bytes.IndexByte(body[i+1:], '[')
			}
			return i, "more than " + strconv.Itoa(MaxBrackets) + " \"[\" in one article: split it (brackets left open make Markdown slow to read)"
		}
		brackets += bytes.Count(line, []byte("["))
		pipes := bytes.Count(line, []byte("|"))
		switch {
		case pipes == 0 || len(bytes.TrimSpace(line)) == 0:
			tableCols = 0
		default:
			cols := pipes + 1 // "| a | b |": the outer pipes make no columns
			if t := bytes.TrimSpace(line); t[0] == '|' {
				cols--
			}
			if t := bytes.TrimSpace(line); len(t) > 1 && t[len(t)-1] == '|' {
				cols--
			}
			if cols > MaxTableColumns {
				return start, "a table row of more than " + strconv.Itoa(MaxTableColumns) + " columns"
			}
			if tableCols == 0 {
				tableCols = cols
			}
			if cells += tableCols; cells > MaxTableCells {
				return start, "more than " + strconv.Itoa(MaxTableCells) + " table cells in one article"
			}
		}
		if isReferenceDefinition(line) {
			if refs++; refs > MaxReferences {
				return start, "more than " + strconv.Itoa(MaxReferences) + " link reference definitions in one article"
			}
		}
		start = end + 1
	}
	return -1, ""
}

// isReferenceDefinition reports whether line may start a link reference
// definition: up to three spaces, "[", a label and "]:". (A label may
// span lines; counting the lines that look like one is enough for a
// limit.)
func isReferenceDefinition(line []byte) bool {
	t := bytes.TrimLeft(line, " ")
	if len(line)-len(t) > 3 || len(t) == 0 || t[0] != '[' {
		return false
	}
	return bytes.Contains(t, []byte("]:"))
}
