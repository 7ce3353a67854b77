package site

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/liftwell/liftwell/internal/painlog"
)

// The pain log's chart as the README describes it ("The pain log"): "a
// chart of the last 8 weeks or all of it", and "The chart spans the days
// logged, at least 14."
const (
	readmeChartWeeks = 8
	readmeMinSpan    = 14
)

// TestLogViewFacts: the log page carries the facts its scripts need, from
// Go: the chart's first range and least span as the README states them
// (and the range button's label from the same value), and painlog's CSV
// facts for logcsv.js. The scripts retype none of them.
func TestLogViewFacts(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"a chart of the last " + strconv.Itoa(readmeChartWeeks) + " weeks",
		"The chart spans the days logged, at least " + strconv.Itoa(readmeMinSpan) + "."} {
		if !strings.Contains(strings.Join(strings.Fields(string(readme)), " "), s) {
			t.Errorf("README.md does not say %q: this test and the README disagree", s)
		}
	}

	files := fixtureBuild(t, fixtureConfig("../..", "/"))
	doc, err := html.Parse(bytes.NewReader(files["log/index.html"]))
	if err != nil {
		t.Fatal(err)
	}
	var data map[string]string
	var button, maxlength string
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch id, _ := pattr(n, "id"); id {
		case "log":
			data = map[string]string{}
			for _, a := range n.Attr {
				if k, ok := strings.CutPrefix(a.Key, "data-"); ok {
					data[k] = a.Val
				}
			}
		case "log-range-recent":
			button = ptextOf(n)
		case "f-note":
			maxlength, _ = pattr(n, "maxlength")
		}
	}
	if data == nil {
		t.Fatal("the log page has no #log")
	}
	if got, want := data["chart-days"], strconv.Itoa(7*readmeChartWeeks); got != want {
		t.Errorf("#log data-chart-days is %q, want %s (the README's %d weeks)", got, want, readmeChartWeeks)
	}
	if got, want := data["min-chart-days"], strconv.Itoa(readmeMinSpan); got != want {
		t.Errorf("#log data-min-chart-days is %q, want %s (the README)", got, want)
	}
	if want := "Last " + strconv.Itoa(readmeChartWeeks) + " weeks"; button != want {
		t.Errorf("the range button says %q, want %q", button, want)
	}

	var facts painlog.CSVFacts
	if err := json.Unmarshal([]byte(data["csv"]), &facts); err != nil {
		t.Fatalf("#log data-csv %q: %v", data["csv"], err)
	}
	if !reflect.DeepEqual(facts, painlog.Facts()) {
		t.Errorf("#log data-csv is %+v, want painlog.Facts() %+v", facts, painlog.Facts())
	}
	var where []string
	for _, a := range painlog.Areas {
		where = append(where, a.Name)
	}
	if !reflect.DeepEqual(facts.Where, where) || facts.MaxPain != 10 || strings.Join(facts.Fields, ",") != painlog.Header {
		t.Errorf("#log data-csv: places %v, pain top %d, columns %v; want painlog.Areas' names %v, 10 (the checker's scale) and the header %s",
			facts.Where, facts.MaxPain, facts.Fields, where, painlog.Header)
	}
	if maxlength != strconv.Itoa(painlog.MaxNote) {
		t.Errorf("the note field's maxlength is %q, want painlog.MaxNote (%d)", maxlength, painlog.MaxNote)
	}

	// The scripts hold none of these facts themselves: no chart range or
	// span, no place's name, no limit of painlog's.
	retyped := []string{strconv.Itoa(7 * painlog.ChartWeeks), strconv.Itoa(painlog.MinChartDays), strconv.Itoa(painlog.MaxRows),
		strconv.Itoa(painlog.MaxNote), strconv.Itoa(painlog.MaxWeight), strconv.Itoa(painlog.MaxReps),
		strconv.Itoa(painlog.MinYear), strconv.Itoa(painlog.MaxYear)}
	for _, a := range painlog.Areas {
		retyped = append(retyped, a.Name)
	}
	// Comments aside, and the calendar's y % 100 that is no limit.
	comment := regexp.MustCompile(`(?m)^\s*//.*$|\s//\s.*$|%\s*\d+`)
	for _, name := range []string{"log.js", "logcsv.js", "logprefill.js"} {
		src, err := os.ReadFile("../../templates/static/" + name)
		if err != nil {
			t.Fatal(err)
		}
		code := comment.ReplaceAllString(string(src), "")
		for _, s := range retyped {
			if regexp.MustCompile(`\b` + s + `\b`).MatchString(code) {
				t.Errorf("%s writes %s, a fact it must read from the page (site.LogView)", name, s)
			}
		}
	}
}
