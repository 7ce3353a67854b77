package painlog

// The CSV form of a log: a header row, then one row per entry, oldest
// first, with ISO dates. Write makes it; Parse reads it back and checks
// every field, reporting each bad row with its number and what is wrong.
//
//	date,pain,where,trained,deadlift,weight,reps,note
//	2026-11-28,6,lower_back;leg,yes,yes,140,5,"sharp on the last rep, then stiff"
//
// A note that a spreadsheet would take for a formula (one that starts
// with =, +, - or @) is written with an apostrophe in front, as OWASP
// advises against CSV injection: a spreadsheet shows the apostrophe's
// cell as text. So that reading gives back the note exactly, a note that
// starts with an apostrophe gets one more, and Parse takes the first
// apostrophe off a note only when what follows it is one of those five
// characters (see guardNote): "=1" is written '=1, "'x" is written ''x,
// and a note "'x" from a file Write did not make (an apostrophe before
// another character) is read as it is.
//
// Parse accepts a little more than Write makes (a byte order mark, CRLF
// line ends, quotes around any field, blank lines, empty trained and
// deadlift cells for "no", rows in any order); writing what it read gives
// the file as Write makes it, and a file Write made reads back unchanged.

// Header is the first row of a log's CSV file; Fields are its columns.
const Header = "date,pain,where,trained,deadlift,weight,reps,note"

// Fields are the columns of the CSV file, the names of the entry form's
// fields and of a stored entry's properties, in order.
var Fields = [...]string{"date", "pain", "where", "trained", "deadlift", "weight", "reps", "note"}

// Limits on a log.
const (
	MaxRows   = 20000 // entries in one file: more than fifty years of days
	MaxNote   = 200   // characters in a note
	MaxWeight = 1000  // top set weight, in the lifter's unit
	MaxReps   = 100
	MinYear   = 1900
	MaxYear   = 2199
	MaxPain   = 10 // the top of the checker's pain scale, which starts at 0
)

// CSVFacts are what templates/static/logcsv.js must know of the CSV form,
// to agree with Check, Parse and Write: the page is given them as JSON
// (site.LogView's CSV), and so is the test that runs the script.
type CSVFacts struct {
	Fields    []string `json:"fields"` // Fields
	Where     []string `json:"where"`  // Areas' names, in order
	MaxPain   int      `json:"maxPain"`
	MaxRows   int      `json:"maxRows"`
	MaxNote   int      `json:"maxNote"`
	MaxWeight int      `json:"maxWeight"`
	MaxReps   int      `json:"maxReps"`
	MinYear   int      `json:"minYear"`
	MaxYear   int      `json:"maxYear"`
}

// Facts returns the CSV form's facts (see CSVFacts).
func Facts() CSVFacts {
	return CSVFacts{Fields: append([]string(nil), Fields[:]...), Where: append([]string(nil), whereNames[:]...), MaxPain: MaxPain, MaxRows: MaxRows, MaxNote: MaxNote,
		MaxWeight: MaxWeight, MaxReps: MaxReps, MinYear: MinYear, MaxYear: MaxYear}
}

// RowError is what is wrong with one row of a file or one entry: Row is
// its line in the file (the header is row 1; 0 for an entry not read from
// a file), Field the column ("" for the row as a whole).
type RowError struct {
	Row   int
	Field string
	Msg   string
}

func (e RowError) Error() string {
	s := ""
	if e.Row > 0 {
		s = "row " + itoa(e.Row) + ": "
	}
	if e.Field != "" {
		s += e.Field + ": "
	}
	return s + e.Msg
}

// Parse reads a log's CSV file. It returns the entries sorted by date, or,
// when any row is wrong, no entries and every row's errors (a row may have
// several), so that an import with errors changes nothing.
func Parse(text string) ([]Entry, []RowError) {
	var errs []RowError
	if len(text) >= 3 && text[:3] == "\xef\xbb\xbf" {
		text = text[3:]
	}
	rows := 0
	var entries []Entry
	seen := map[Date]int{}
	header := false
	for line := 1; text != ""; {
		rec, rest, lines, bad := record(text)
		row := line
		line += lines
		text = rest
		if bad != "" {
			errs = append(errs, RowError{row, "", bad})
			continue
		}
		if len(rec) == 1 && trim(rec[0]) == "" {
			continue // a blank line
		}
		if !header {
			header = true
			if join(rec, ",") != Header {
				errs = append(errs, RowError{row, "", "the first row must be the header " + Header})
				return nil, errs
			}
			continue
		}
		if rows++; rows > MaxRows {
			errs = append(errs, RowError{row, "", "too many rows: a log holds at most " + itoa(MaxRows) + " entries"})
			break
		}
		if len(rec) != len(Fields) {
			errs = append(errs, RowError{row, "", "has " + itoa(len(rec)) + " fields, want " + itoa(len(Fields)) + " (" + Header + ")"})
			continue
		}
		var f [len(Fields)]string
		copy(f[:], rec)
		f[7] = unguardNote(trim(f[7]))
		e, es := Check(f)
		for _, err := range es {
			err.Row = row
			errs = append(errs, err)
		}
		if len(es) > 0 {
			continue
		}
		if prev, ok := seen[e.Date]; ok {
			errs = append(errs, RowError{row, "date", e.Date.String() + " is already on row " + itoa(prev) + ": one entry a day"})
			continue
		}
		seen[e.Date] = row
		entries = append(entries, e)
	}
	if !header {
		errs = append(errs, RowError{1, "", "the file is empty: the first row must be the header " + Header})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	Sort(entries)
	return entries, nil
}

// Write makes the CSV file of a log: the header, then the entries sorted
// by date, each line ended by "\n".
func Write(entries []Entry) string {
	es := append([]Entry(nil), entries...)
	Sort(es)
	b := make([]byte, 0, len(Header)+1+len(es)*32)
	b = append(b, Header...)
	b = append(b, '\n')
	for _, e := range es {
		fs := e.Strings()
		fs[7] = guardNote(fs[7])
		for i, f := range fs {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendField(b, f)
		}
		b = append(b, '\n')
	}
	return string(b)
}

// Strings returns the entry's fields as written in the CSV file, in the
// order of Fields.
func (e Entry) Strings() [len(Fields)]string {
	var w []byte
	for i, name := range whereNames {
		if e.Where&(1<<i) != 0 {
			if len(w) > 0 {
				w = append(w, ';')
			}
			w = append(w, name...)
		}
	}
	reps := ""
	if e.Reps > 0 {
		reps = itoa(e.Reps)
	}
	return [...]string{e.Date.String(), itoa(e.Pain), string(w), yesNo(e.Trained), yesNo(e.Deadlift), e.Weight, reps, e.Note}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// Check reads one entry from its fields, in the order of Fields, as the
// entry form or a CSV row gives them, and says everything wrong with it.
func Check(f [len(Fields)]string) (Entry, []RowError) {
	var e Entry
	var errs []RowError
	bad := func(field, msg string) { errs = append(errs, RowError{Field: field, Msg: msg}) }
	for i := range f {
		if i != 7 {
			f[i] = trim(f[i])
		}
	}
	d, ok := ParseDate(f[0])
	if !ok {
		bad("date", quote(f[0])+" is not a date written YYYY-MM-DD between "+itoa(MinYear)+" and "+itoa(MaxYear))
	}
	e.Date = d
	if n, ok := ParsePain(f[1]); ok {
		e.Pain = n
	} else {
		bad("pain", quote(f[1])+" is not a whole number from 0 to "+itoa(MaxPain))
	}
	if f[2] != "" {
		for _, part := range split(f[2], ';') {
			w := Where(0)
			for i, name := range whereNames {
				if trim(part) == name {
					w = 1 << i
				}
			}
			switch {
			case w == 0:
				bad("where", quote(part)+" is not one of "+whereList())
			case e.Where&w != 0:
				bad("where", quote(part)+" is given twice")
			}
			e.Where |= w
		}
	}
	yes := func(field, v string) bool {
		switch v {
		case "yes":
			return true
		case "no", "":
		default:
			bad(field, quote(v)+" is not yes or no")
		}
		return false
	}
	e.Trained = yes("trained", f[3])
	e.Deadlift = yes("deadlift", f[4])
	if e.Deadlift && !e.Trained && f[3] != "" {
		bad("deadlift", "is yes but trained is no")
	}
	e.Trained = e.Trained || e.Deadlift
	if f[5] != "" {
		if !weight(f[5]) {
			bad("weight", quote(f[5])+" is not a number above 0 and up to "+itoa(MaxWeight)+", with at most two decimals, such as 102.5")
		} else if !e.Deadlift {
			bad("weight", "is for a deadlift day, but deadlift is no")
		}
		e.Weight = f[5]
	}
	if f[6] != "" {
		if n, ok := number(f[6], len(itoa(MaxReps))); ok && n >= 1 && n <= MaxReps {
			e.Reps = n
			if !e.Deadlift {
				bad("reps", "is for a deadlift day, but deadlift is no")
			}
		} else {
			bad("reps", quote(f[6])+" is not a whole number from 1 to "+itoa(MaxReps))
		}
	}
	note := trim(f[7])
	n := 0
	for i, r := range note {
		n++
		switch {
		case r == 0xfffd && !(len(note) >= i+3 && note[i:i+3] == "\uFFFD"):
			bad("note", "is not valid UTF-8 text")
			return e, errs
		case r < ' ' || r == 0x7f || r == 0x2028 || r == 0x2029:
			bad("note", "has a line break or control character: keep it to one line")
			return e, errs
		}
	}
	if n > MaxNote {
		bad("note", "has "+itoa(n)+" characters, more than "+itoa(MaxNote))
	}
	e.Note = note
	return e, errs
}

// record reads one CSV record from the start of text. It returns the
// fields, the rest of the text, how many lines the record took, and what
// is wrong with it ("" when nothing).
func record(text string) (fields []string, rest string, lines int, bad string) {
	lines = 1
	i := 0
	for {
		var f []byte
		if i < len(text) && text[i] == '"' {
			i++
			for {
				if i >= len(text) {
					return nil, "", lines, "a quoted field has no closing quote"
				}
				c := text[i]
				i++
				if c == '"' {
					if i < len(text) && text[i] == '"' {
						f = append(f, '"')
						i++
						continue
					}
					break
				}
				if c == '\n' {
					lines++
				}
				f = append(f, c)
			}
			if i < len(text) && text[i] != ',' && text[i] != '\n' && text[i] != '\r' {
				// Skip to the end of the line so the next row is read alone.
				for i < len(text) && text[i] != '\n' {
					i++
				}
				if i < len(text) {
					i++
				}
				return nil, text[i:], lines, "a quoted field is followed by text: write quotes inside a field twice (\"\")"
			}
		} else {
			j := i
			for j < len(text) && text[j] != ',' && text[j] != '\n' && text[j] != '\r' {
				if text[j] == '"' {
					for j < len(text) && text[j] != '\n' {
						j++
					}
					if j < len(text) {
						j++
					}
					return nil, text[j:], lines, "a quote inside a field that does not start with one: put the field in quotes and write the quote twice (\"\")"
				}
				j++
			}
			f = []byte(text[i:j])
			i = j
		}
		fields = append(fields, string(f))
		if i >= len(text) {
			return fields, "", lines, ""
		}
		switch text[i] {
		case ',':
			i++
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				return fields, text[i+2:], lines, ""
			}
			return fields, text[i+1:], lines, ""
		default: // '\n'
			return fields, text[i+1:], lines, ""
		}
	}
}

// formulaStart reports whether c, first in a cell, makes a spreadsheet
// read the cell as a formula (=, +, - and @; a tab or a carriage return
// too, which a note cannot hold), or is the apostrophe that guardNote
// adds.
func formulaStart(c byte) bool {
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' || c == '\''
}

// guardNote is how a note is written: with an apostrophe in front when it
// starts with a character of formulaStart, so that no spreadsheet runs it
// and unguardNote gives it back exactly.
func guardNote(note string) string {
	if note != "" && formulaStart(note[0]) {
		return "'" + note
	}
	return note
}

// unguardNote undoes guardNote: it takes off a first apostrophe that
// guardNote could have added, that is one followed by a character of
// formulaStart, and nothing else.
func unguardNote(cell string) string {
	if len(cell) >= 2 && cell[0] == '\'' && formulaStart(cell[1]) {
		return cell[1:]
	}
	return cell
}

// appendField appends a field, quoted when it has a comma, a quote or a
// character that ends a line.
func appendField(b []byte, f string) []byte {
	quoted := false
	for i := 0; i < len(f); i++ {
		if c := f[i]; c == ',' || c == '"' || c == '\n' || c == '\r' {
			quoted = true
		}
	}
	if !quoted {
		return append(b, f...)
	}
	b = append(b, '"')
	for i := 0; i < len(f); i++ {
		if f[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, f[i])
	}
	return append(b, '"')
}

// Sort sorts entries by date (an insertion sort: logs are short and come
// nearly sorted).
func Sort(es []Entry) {
	for i := 1; i < len(es); i++ {
		for j := i; j > 0 && es[j].Date < es[j-1].Date; j-- {
			es[j], es[j-1] = es[j-1], es[j]
		}
	}
}

// number reads a whole number of at most max digits.
func number(s string, max int) (int, bool) {
	if s == "" || len(s) > max {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// weight reports whether s is a weight: digits, at most two decimals,
// above 0 and up to MaxWeight.
func weight(s string) bool {
	whole, frac, dot := cut(s, '.')
	if dot && (frac == "" || len(frac) > 2) {
		return false
	}
	w, ok := number(whole, len(itoa(MaxWeight)))
	f, fok := number(frac+"00"[len(frac):], 2)
	return ok && fok && (w > 0 || f > 0) && (w < MaxWeight || w == MaxWeight && f == 0)
}

func trim(s string) string {
	for s != "" && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for s != "" && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

func cut(s string, sep byte) (before, after string, found bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == sep {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

func split(s string, sep byte) []string {
	var parts []string
	for {
		before, after, ok := cut(s, sep)
		parts = append(parts, before)
		if !ok {
			return parts
		}
		s = after
	}
}

func join(parts []string, sep string) string {
	s := ""
	for i, p := range parts {
		if i > 0 {
			s += sep
		}
		s += p
	}
	return s
}

// quote puts a value in quotes for a message, cut short when long.
func quote(s string) string {
	if len(s) > 40 {
		s = s[:40] + "..."
	}
	return "\"" + s + "\""
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// ParsePain reads a pain score: a whole number from 0 to MaxPain.
func ParsePain(s string) (int, bool) {
	n, ok := number(s, len(itoa(MaxPain)))
	return n, ok && n <= MaxPain
}

// whereList is the names of the places a pain can be, as an error lists
// them: "lower_back, buttock, leg".
func whereList() string {
	s := ""
	for i, name := range whereNames {
		if i > 0 {
			s += ", "
		}
		s += name
	}
	return s
}
