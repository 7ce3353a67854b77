//go:build !js

package painlog

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/liftwell/liftwell/internal/testfix"
)

// jsCSV is the page's twin of Check, Parse and Write.
const jsCSV = "../../templates/static/logcsv.js"

type jsError struct {
	Row   int    `json:"row"`
	Field string `json:"field"`
	Text  string `json:"text"`
}

type jsResult struct {
	Entries []map[string]string `json:"entries"`
	Errors  []jsError           `json:"errors"`
	CSV     string              `json:"csv"`
}

// csvInputs are files for the comparison: the tests' own, and random
// edits of written logs with the characters that matter to CSV.
func csvInputs() []string {
	ins := []string{good, "", Header, Header + "\n", "\ufeff" + Header + "\r\n2026-11-30,0,,,,,,\r\n",
		Header + "\n2026-11-02,3,leg;leg,no,yes,1000.5,0,\"a\"b\n",
		Header + "\n2026-11-02,3,,no,no,,,\"é " + strings.Repeat("✓", 199) + "\"\n",
		Header + "\n2026-11-02,3,,no,no,,,\"" + strings.Repeat("✓", 201) + "\"\n",
		Header + "\n2026-11-02,3,,no,no,,,tab\tinside\n",
		Header + "\n2026-11-02,3,,no,no,,,'=1\n2026-11-03,3,,no,no,,,''x\n2026-11-04,3,,no,no,,,'x\n2026-11-05,3,,no,no,,, '-\n",
		Header + "\n2026-11-02,3,,no,no,,,\"'@A1, '+2\"\n2026-11-03,3,,no,no,,,'\n2026-11-04,3,,no,no,,,'\t\n",
	}
	for _, c := range parseErrorCases {
		if utf8.ValidString(c.in) { // a browser reads a file as UTF-8 text
			ins = append(ins, c.in)
		}
	}
	r := rand.New(rand.NewPCG(7, 15))
	pieces := []string{",", "\"", "\n", "\r\n", "\r", ";", " ", "\t", "0", "1", "10", "11", "yes", "no", "leg", "buttock",
		"lower_back", ".", "5", "2026-02-29", "2024-02-29", "x", "é", "\u2028", "\"\"", "100.25", "-",
		"'", "=", "+", "@", "''"}
	// Notes a spreadsheet would run, and notes that start with the
	// apostrophe Write puts in front of those.
	notes := []string{"", "a, b", `say "hi"`, "ok", "=1+2", "+1", "-", "@A1", "'", "''", "'x", "'=1", `=HYPERLINK("x","y")`}
	for range 3000 {
		var es []Entry
		for _, e := range randomLog(r) {
			e.Where = Where(r.IntN(8))
			if e.Deadlift && r.IntN(2) == 0 {
				e.Weight, e.Reps = "102.5", 1+r.IntN(MaxReps)
			}
			e.Note = notes[r.IntN(len(notes))]
			es = append(es, e)
		}
		b := []byte(Write(es))
		for range r.IntN(4) {
			at := r.IntN(len(b) + 1)
			p := pieces[r.IntN(len(pieces))]
			cut := min(len(b), at+r.IntN(3))
			b = append(b[:at:at], append([]byte(p), b[cut:]...)...)
		}
		if utf8.Valid(b) {
			ins = append(ins, string(b))
		}
	}
	return ins
}

// TestJavaScriptCSV runs logcsv.js under Node on many files and compares
// it with Parse and Write: the same entries, the same errors (row, field,
// and text, but for long values cut at a different place), the same file
// written back. It also compares check with Check on each row's fields.
func TestJavaScriptCSV(t *testing.T) {
	node, err := exec.LookPath("node")
	testfix.Need(t, err == nil, "node is not installed")
	ins := csvInputs()
	data, _ := json.Marshal(ins)
	in := filepath.Join(t.TempDir(), "in.json")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	facts, _ := json.Marshal(Facts())
	script := `
require(process.argv[1]);
const fs = require("fs");
const csv = globalThis.liftwellCSV(JSON.parse(process.argv[3]));
const out = JSON.parse(fs.readFileSync(process.argv[2], "utf8")).map(text => {
  const r = csv.parse(text);
  return {entries: r.entries, errors: r.errors, csv: csv.write(r.entries)};
});
process.stdout.write(JSON.stringify(out));
`
	js, _ := filepath.Abs(jsCSV)
	out, err := exec.Command(node, "-e", script, js, in, string(facts)).Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var got []jsResult
	if err := json.Unmarshal(out, &got); err != nil || len(got) != len(ins) {
		t.Fatalf("node printed %d results for %d files: %v", len(got), len(ins), err)
	}
	failures, bad := 0, 0
	for i, text := range ins {
		es, errs := Parse(text)
		want := jsResult{Entries: []map[string]string{}, Errors: []jsError{}, CSV: Write(es)}
		for _, e := range es {
			m := map[string]string{}
			for j, s := range e.Strings() {
				m[Fields[j]] = s
			}
			want.Entries = append(want.Entries, m)
		}
		for _, e := range errs {
			want.Errors = append(want.Errors, jsError{e.Row, e.Field, e.Error()})
		}
		if len(errs) > 0 {
			bad++
		}
		g := got[i]
		if g.Entries == nil {
			g.Entries = []map[string]string{}
		}
		if g.Errors == nil {
			g.Errors = []jsError{}
		}
		if len(g.Errors) == len(want.Errors) {
			for j := range g.Errors {
				if strings.Contains(want.Errors[j].Text, "...") {
					g.Errors[j].Text = want.Errors[j].Text // cut by bytes in Go, by UTF-16 units in JavaScript
				}
			}
		}
		if !reflect.DeepEqual(g, want) {
			t.Errorf("%q:\nJavaScript %+v\nGo         %+v", text, g, want)
			if failures++; failures > 5 {
				t.FailNow()
			}
		}
	}
	t.Logf("%d files (%d with errors): logcsv.js agrees with Parse and Write", len(ins), bad)
}

// TestJavaScriptCSVFacts: logcsv.js takes its facts from what it is
// given, not from numbers or names of its own: given other facts than
// painlog's, it accepts and refuses what they say.
func TestJavaScriptCSVFacts(t *testing.T) {
	node, err := exec.LookPath("node")
	testfix.Need(t, err == nil, "node is not installed")
	f := Facts()
	f.Where = []string{"neck", "knee"}
	f.MaxPain, f.MaxReps, f.MaxWeight, f.MaxNote, f.MaxRows, f.MinYear, f.MaxYear = 5, 8, 50, 3, 2, 2000, 2030
	facts, _ := json.Marshal(f)
	rows := []string{
		"2026-11-02,5,neck;knee,yes,yes,50,8,abc", // at each limit: no error
		"2026-11-02,6,lower_back,yes,yes,51,9,abcd",
		"1999-11-02,0,,,,,,",
	}
	script := `
require(process.argv[1]);
const csv = globalThis.liftwellCSV(JSON.parse(process.argv[2]));
const rows = JSON.parse(process.argv[3]);
const h = csv.HEADER + "\n";
process.stdout.write(JSON.stringify([
  ...rows.map(r => csv.check(r.split(",")).errors.map(e => e.text)),
  csv.parse(h + "2026-01-01,0,,,,,,\n2026-01-02,0,,,,,,\n2026-01-03,0,,,,,,\n").errors.map(e => e.text),
]));
`
	js, _ := filepath.Abs(jsCSV)
	in, _ := json.Marshal(rows)
	out, err := exec.Command(node, "-e", script, js, string(facts), string(in)).Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var got [][]string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("node printed %s: %v", out, err)
	}
	want := [][]string{
		{},
		{`pain: "6" is not a whole number from 0 to 5`, `where: "lower_back" is not one of neck, knee`,
			`weight: "51" is not a number above 0 and up to 50, with at most two decimals, such as 102.5`,
			`reps: "9" is not a whole number from 1 to 8`, "note: has 4 characters, more than 3"},
		{`date: "1999-11-02" is not a date written YYYY-MM-DD between 2000 and 2030`},
		{"row 4: too many rows: a log holds at most 2 entries"},
	}
	if g, w := mustJSON(t, got), mustJSON(t, want); g != w {
		t.Errorf("logcsv.js with other facts:\n%s\nwant\n%s", g, w)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
