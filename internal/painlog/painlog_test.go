package painlog

import (
	"go/build"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// day is a date in the tests: day 0 is 2026-11-01.
func day(n int) Date {
	d, ok := ParseDate("2026-11-01")
	if !ok {
		panic("bad base date")
	}
	return d + Date(n)
}

// pains makes a log from a string of one character a day from day 0:
// a digit is that pain ("X" is 10), "." a day with no entry; a following
// "t" marks a training day, "d" a deadlift day.
func pains(s string) []Entry {
	var es []Entry
	n := -1
	for _, c := range s {
		switch {
		case c == '.':
			n++
		case c == 't' || c == 'd':
			es[len(es)-1].Trained = true
			es[len(es)-1].Deadlift = c == 'd'
		default:
			n++
			p := int(c - '0')
			if c == 'X' {
				p = 10
			}
			es = append(es, Entry{Date: day(n), Pain: p})
		}
	}
	return es
}

// TestDates checks ParseDate and String against the time package.
func TestDates(t *testing.T) {
	epoch := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	for tm := time.Date(MinYear, 1, 1, 0, 0, 0, 0, time.UTC); tm.Year() <= MaxYear; tm = tm.AddDate(0, 0, 1) {
		s := tm.Format("2006-01-02")
		d, ok := ParseDate(s)
		if want := Date(tm.Sub(epoch).Hours() / 24); !ok || d != want {
			t.Fatalf("ParseDate(%q) = %d, %v; want %d", s, d, ok, want)
		}
		if d.String() != s {
			t.Fatalf("%d.String() = %q, want %q", d, d.String(), s)
		}
	}
	for _, s := range []string{"", "2026-2-01", "2026-02-30", "2025-02-29", "1900-02-29", "2026-13-01", "2026-00-10",
		"2026-01-00", "1899-12-31", "2200-01-01", "2026/01/01", "26-01-01xx", "+026-01-01", "2026-01-1a"} {
		if _, ok := ParseDate(s); ok {
			t.Errorf("ParseDate(%q) accepted it", s)
		}
	}
	if _, ok := ParseDate("2000-02-29"); !ok {
		t.Error("2000-02-29 is a date")
	}
}

// TestSummary checks the summary rules of the package doc on small logs.
// Today is the day after the last character unless said otherwise.
func TestSummary(t *testing.T) {
	for _, c := range []struct {
		name  string
		log   string
		today int // -1: the last day of the log
		days  int
		trend string
		worst int
		rec   bool
	}{
		{"empty", "", 0, -1, "", -1, false},
		{"one day today", "5", -1, 0, "", 5, false},
		{"sore three days, getting better", "675", -1, 2, Better, 7, false},
		{"falls two points", "763", -1, 2, Better, 6, false},
		{"rises one point", "343", -1, 2, Same, 4, false},
		{"rises above the worst of three days", "3234", -1, 3, Worse, 4, false},
		{"back to the worst of three days", "3434", -1, 3, Same, 4, false},
		{"as bad as the worst of three days", "5235", -1, 3, Same, 5, false},
		{"three pain-free days end an episode", "55000", -1, -1, Better, 0, false},
		{"two pain-free days do not", "5500", -1, 3, Better, 0, false},
		{"a break, then a new episode", "66000" + "3", -1, 0, Worse, 3, false},
		{"a day not logged never ends one", "5...4", -1, 4, "", 4, false},
		{"nor does a gap in the pain-free days", "500.003", -1, 6, Worse, 3, false},
		{"latest entry two days ago: no trend", "864", 4, 4, "", -1, false},
		{"latest yesterday: trend and worst", "864", 3, 3, Better, 4, false},
		{"worst of today and yesterday", "82", -1, 1, Better, 8, false},
		{"pain 0 today after pain", "40", -1, 1, Better, 4, false},
		{"pain-free log", "000", -1, -1, Same, 0, false},
		{"entries after today are left out", "5559", 2, 2, Same, 5, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			es := pains(c.log)
			today := day(c.today)
			if c.today < 0 {
				today = es[len(es)-1].Date
			}
			s := Summarize(es, today)
			if s.Days != c.days || s.Trend != c.trend || s.Worst != c.worst || s.Recurring != c.rec {
				t.Errorf("%q on day %d: days %d trend %q worst %d recurring %v; want %d %q %d %v",
					c.log, today-day(0), s.Days, s.Trend, s.Worst, s.Recurring, c.days, c.trend, c.worst, c.rec)
			}
			if (s.Days >= 0) != s.Episode || s.Episode && today-s.Start != Date(s.Days) {
				t.Errorf("episode %v start %v days %d", s.Episode, s.Start, s.Days)
			}
		})
	}
}

// TestRecurring: four weeks of training three days a week.
func TestRecurring(t *testing.T) {
	week := func(s string) string { return strings.Repeat(s, 4) }
	for _, c := range []struct {
		name string
		log  string
		want bool
		n, f int // sessions judged, sessions pain followed
	}{
		// Monday, Wednesday and Friday sessions with pain the next day,
		// gone the day after.
		{"pain after every session", week("0d20t20t20"), true, 12, 12},
		{"no pain after sessions", week("0d00t00t00"), false, 12, 0},
		// Pain after two sessions of three: more than half.
		{"after most sessions", week("0d20t00t20"), true, 12, 8},
		{"after a third of them", week("0d20t00t00"), false, 12, 4},
		// Not in the first week: not yet four weeks.
		{"three weeks only", "0d00t00t00" + strings.Repeat("0d20t20t20", 3), false, 12, 9},
		// Pain after sessions in the first two weeks, then gone.
		{"stopped two weeks ago", strings.Repeat("0d20t20t20", 2) + strings.Repeat("0d000000", 2), false, 8, 6},
		{"pain on the session day counts", week("3d000000"), true, 4, 4},
		{"fewer than four sessions", "0d2" + strings.Repeat("0", 20) + "0t2000", false, 2, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			es := pains(c.log)
			if len(es) != 28 && c.name != "fewer than four sessions" {
				t.Fatalf("log of %d days", len(es))
			}
			s := Summarize(es, es[len(es)-1].Date)
			if s.Recurring != c.want || s.Sessions != c.n || s.Followed != c.f {
				t.Errorf("recurring %v (%d of %d sessions), want %v (%d of %d)", s.Recurring, s.Followed, s.Sessions, c.want, c.f, c.n)
			}
		})
	}
	// A session today or yesterday without pain yet is not judged.
	es := pains(strings.Repeat("0d20t20t20", 3) + "0d20t20t2" + "0t")
	if s := Summarize(es, es[len(es)-1].Date); s.Sessions != 12 || !s.Recurring {
		t.Errorf("a session today: %+v", s)
	}
}

// TestAwayFromTraining: days away from training (no session on them or
// on the two days before) and whether pain comes on them as often as
// after sessions. Sessions on the first and fifth day of each week, so
// the fourth day of each week is the one day away from training.
func TestAwayFromTraining(t *testing.T) {
	for _, c := range []struct {
		name                 string
		log                  string
		away, awayPain, n, f int
		anyDay, rec          bool
	}{
		// The case: pain every day, so after every session too.
		{"pain every day", strings.Repeat("3d3333t33", 4), 4, 4, 8, 8, true, true},
		{"pain only after sessions", strings.Repeat("0d2000t20", 4), 4, 0, 8, 8, false, true},
		{"pain away from training half as often", strings.Repeat("0d2000t20"+"0d2030t20", 2), 4, 2, 8, 8, false, true},
		{"pain away from training as often", strings.Repeat("0d2030t00", 4), 4, 4, 8, 4, true, false},
		{"no sessions", strings.Repeat("3", 28), 28, 28, 0, 0, true, false},
		{"no pain at all", strings.Repeat("0d0000t00", 4), 4, 0, 8, 0, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			es := pains(c.log)
			if len(es) != 28 {
				t.Fatalf("log of %d days", len(es))
			}
			s := Summarize(es, es[len(es)-1].Date)
			if s.AwayDays != c.away || s.AwayPain != c.awayPain || s.Sessions != c.n || s.Followed != c.f || s.AnyDay != c.anyDay || s.Recurring != c.rec {
				t.Errorf("away %d (pain on %d), sessions %d (pain after %d), any day %v, recurring %v; want %d (%d), %d (%d), %v, %v",
					s.AwayDays, s.AwayPain, s.Sessions, s.Followed, s.AnyDay, s.Recurring, c.away, c.awayPain, c.n, c.f, c.anyDay, c.rec)
			}
		})
	}
}

// randomLog makes a log of up to 60 days with gaps.
func randomLog(r *rand.Rand) []Entry {
	var es []Entry
	n := r.IntN(60)
	for d := range n {
		if r.IntN(5) == 0 {
			continue
		}
		e := Entry{Date: day(d), Pain: r.IntN(11)}
		if r.IntN(3) == 0 {
			e.Pain = 0
		}
		e.Trained = r.IntN(3) == 0
		e.Deadlift = e.Trained && r.IntN(2) == 0
		es = append(es, e)
	}
	return es
}

var trendOrder = map[string]int{Better: 0, "": 1, Same: 1, Worse: 2}

// TestProperties checks the rules' promises on random logs.
func TestProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 2026))
	for range 20000 {
		es := randomLog(r)
		if len(es) == 0 {
			continue
		}
		latest := es[len(es)-1]
		today := latest.Date
		before := Summarize(es, today)

		// A new latest day with more pain than the latest entry never
		// turns a trend that was not better into better, and makes it
		// worse when it is above every day of the three before.
		gap := Date(1 + r.IntN(3))
		more := Entry{Date: latest.Date + gap, Pain: min(10, latest.Pain+1+r.IntN(3))}
		if latest.Pain < 10 {
			after := Summarize(append(es[:len(es):len(es)], more), more.Date)
			if before.Trend != Better && after.Trend == Better {
				t.Fatalf("%v + %v: trend %q became better", es, more, before.Trend)
			}
			top := -1
			for _, e := range es {
				if e.Date >= more.Date-TrendDays {
					top = max(top, e.Pain)
				}
			}
			if top >= 0 && more.Pain > top && after.Trend != Worse {
				t.Fatalf("%v + %v: trend %q, want worse", es, more, after.Trend)
			}
		}

		// Raising the pain of any day never makes the trend better, the
		// episode shorter, the worst lower or recurring pain go away...
		i := r.IntN(len(es))
		if es[i].Pain < 10 {
			raised := append([]Entry(nil), es...)
			raised[i].Pain += 1 + r.IntN(10-es[i].Pain)
			after := Summarize(raised, today)
			if i == len(es)-1 && trendOrder[after.Trend] < trendOrder[before.Trend] {
				t.Fatalf("%v: raising the latest day made the trend %q from %q", es, after.Trend, before.Trend)
			}
			if before.Episode && after.Days < before.Days || after.Worst < before.Worst || before.Recurring && !after.Recurring {
				t.Fatalf("%v: raising day %v: %+v then %+v", es, es[i].Date, before, after)
			}
		}

		// ...and a day that was not logged, logged with pain, neither.
		if d := day(r.IntN(60)); d <= today {
			if _, ok := dayOf(es, d); !ok {
				after := Summarize(append(es[:len(es):len(es)], Entry{Date: d, Pain: 1 + r.IntN(10)}), today)
				if before.Episode && after.Days < before.Days || after.Worst < before.Worst || before.Recurring && !after.Recurring {
					t.Fatalf("%v + pain on %v: %+v then %+v", es, d, before, after)
				}
			}
		}

		// The order of the entries does not matter.
		shuffled := append([]Entry(nil), es...)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if Summarize(shuffled, today) != before {
			t.Fatalf("%v: order changes the summary", es)
		}

		// The summary's values are the checker's answers: in range.
		if before.Days > MaxDays || before.Worst > 10 || before.Followed > before.Sessions {
			t.Fatalf("%v: %+v", es, before)
		}
	}
}

func dayOf(es []Entry, d Date) (Entry, bool) {
	for _, e := range es {
		if e.Date == d {
			return e, true
		}
	}
	return Entry{}, false
}

// TestImportsNothing: the package goes into the WebAssembly module, where
// every import costs kilobytes (see the package doc).
func TestImportsNothing(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(pkg.GoFiles) < 3 || len(pkg.Imports) > 0 {
		t.Errorf("files %v import %v; the package must import nothing", pkg.GoFiles, pkg.Imports)
	}
}
