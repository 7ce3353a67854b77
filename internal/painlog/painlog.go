// Package painlog is the private pain log's one source of truth: what an
// entry is, how a log is read from and written to CSV, and the summary
// that the log page shows and hands to the pain checker (the checker's
// answers days, trend, severity and recurring; see /shared/spec/checker.md).
// The page's JavaScript stores entries and draws them. The summary is
// compiled into the same WebAssembly module as the checker (wasm/log.go);
// the CSV code is not (it would cost the module about 15 KB after gzip):
// the page reads and writes CSV with templates/static/logcsv.js, which a
// test here runs under Node against Parse and Write.
//
// Like internal/checker it imports nothing at all: the module must stay
// within its gzip budget, and even strings and strconv cost kilobytes
// there (see internal/checker's package doc).
//
// The summary rules, for a log and the visitor's date "today" (entries
// dated after today are left out):
//
//   - An episode is a run of days with pain (above 0). It ends only with
//     a break: BreakDays (3) calendar days in a row, each logged with pain
//     0. A day with no entry never ends an episode: the checker must not
//     under-triage, and a longer episode never lowers its level.
//   - The current episode is the one holding the latest day with pain,
//     unless a break follows that day (then there is none). It began on
//     its first day with pain; Days is today minus that day (0 = today).
//   - Trend compares the latest entry, when it is dated today or
//     yesterday, with the worst pain of the TrendDays (3) calendar days
//     before it: worse when the latest is higher by 1 or more, better when
//     it is lower by MinChange (2) or more, same otherwise, and unknown
//     without entries in those days. Two points on a 0 to 10 scale is about
//     the smallest change people feel as real (Farrar et al. 2001, Pain
//     94:149-158); any rise counts as worse, since missing a worsening
//     costs more than a false alarm. Comparing with the worst of those days
//     (not their average) means a day with more pain can never turn a trend
//     that was not better into better.
//   - Worst is the highest pain logged today or yesterday: the worst in
//     the last 24 hours, at day resolution, rounded towards more pain.
//   - Recurring is yes when, in the four weeks ending today (today-27 to
//     today), at least four training sessions can be judged (two days have
//     passed since the session, or pain was logged since), pain above 0 was
//     logged on the day of or one of the two days after more than half of
//     them, and such sessions with pain fall both in the first week of the
//     four (today-27 to today-21) and in the last two (today-13 to today):
//     pain has followed most sessions for four weeks.
//   - Days away from training, in the same four weeks, are the days
//     logged with no session on them or on the FollowDays (2) days before:
//     pain on them cannot have followed a session. When pain came on at
//     least as large a share of them as of the sessions it followed, the
//     log does not tie the pain to training (AnyDay): pain that is there
//     every day follows every session too, and the page must not word
//     that as pain after training.
package painlog

// Date is a calendar day, counted in days from 1970-01-01.
type Date int32

// Where a pain is felt, as a set of bits.
type Where uint8

// The places a pain can be, in the order they are written.
const (
	LowerBack Where = 1 << iota
	Buttock
	Leg
)

// Area is a place a pain can be, as the log's form, its table, the paper
// sheet and the CSV file name it.
type Area struct {
	Where Where
	Name  string // in the CSV file and the form: "lower_back"
	Label string // on the page: "Lower back"
}

// Areas are the places a pain can be, in the order they are written.
var Areas = [...]Area{
	{LowerBack, "lower_back", "Lower back"},
	{Buttock, "buttock", "Buttock"},
	{Leg, "leg", "Down a leg"},
}

var whereNames = [...]string{Areas[0].Name, Areas[1].Name, Areas[2].Name}

// Entry is one day of the log.
type Entry struct {
	Date     Date
	Pain     int // 0 to 10, the checker's scale
	Where    Where
	Trained  bool
	Deadlift bool   // a deadlift day (then Trained is true)
	Weight   string // top set weight as written ("140", "102.5"), or ""
	Reps     int    // top set reps, 0 when not given
	Note     string
}

// The summary's constants (see the package doc).
const (
	BreakDays   = 3    // pain-free days in a row that end an episode
	TrendDays   = 3    // days before the latest entry that the trend looks at
	MinChange   = 2    // the fall in pain that counts as better
	Weeks       = 4    // how long pain must have followed sessions to recur
	MinSessions = 4    // sessions that must be judged to call pain recurring
	FollowDays  = 2    // days after a session on which pain follows it
	MaxDays     = 3650 // the checker's largest days: longer episodes say this
)

// The log page's chart: it shows the last ChartWeeks weeks at first (its
// other choice is all of the log), and spans at least MinChartDays days,
// so that a new log's few entries are not spread across its whole width.
const (
	ChartWeeks   = 8
	MinChartDays = 14
)

// Trends.
const (
	Better = "better"
	Same   = "same"
	Worse  = "worse"
)

// Summary is what the log says, and what the checker is given.
type Summary struct {
	Entries int // entries up to today

	Episode bool // whether an episode is going on
	Start   Date // the day it began, when Episode
	Days    int  // days since Start (0 = today); -1 without an episode

	Trend string // Better, Same, Worse, or "" when the log cannot tell
	Worst int    // highest pain today or yesterday; -1 when neither is logged

	Recurring bool
	Sessions  int // training sessions judged in the last four weeks
	Followed  int // of those, the ones pain followed

	// Days away from training in the last four weeks (see the package
	// doc), and how many of them had pain.
	AwayDays, AwayPain int
	// AnyDay: pain came on days away from training at least as often as
	// after sessions, so the log does not tie it to training.
	AnyDay bool
}

// Summarize computes the summary of entries as of today. The entries may
// come in any order; two entries of one day count as the worse of them.
func Summarize(entries []Entry, today Date) Summary {
	s := Summary{Days: -1, Worst: -1}
	// The days from the first entry to today, each with its pain (-1 for a
	// day with no entry) and whether it was a training day. (Slices, not
	// maps: a map type costs the WebAssembly module kilobytes.)
	first := today + 1
	for _, e := range entries {
		first = min(first, e.Date)
	}
	if first > today {
		return s
	}
	n := int(today-first) + 1
	pain := make([]int8, n)
	trained := make([]bool, n)
	for i := range pain {
		pain[i] = -1
	}
	for _, e := range entries {
		if e.Date > today {
			continue
		}
		i := int(e.Date - first)
		if pain[i] < 0 {
			s.Entries++
		}
		pain[i] = max(pain[i], int8(e.Pain))
		trained[i] = trained[i] || e.Trained || e.Deadlift
	}
	at := func(d Date) int8 { // the pain of day d, -1 when not logged
		if d < first || d > today {
			return -1
		}
		return pain[d-first]
	}
	last, latestPain := first, first-1
	for d := first; d <= today; d++ {
		if p := at(d); p >= 0 {
			last = d
			if p > 0 {
				latestPain = d
			}
		}
	}

	// The episode: from the latest day with pain, back to a break.
	s.Episode = latestPain >= first
	free := 0
	for d := latestPain + 1; s.Episode && d <= last; d++ {
		free = freeDay(at(d), free)
		s.Episode = free < BreakDays
	}
	if s.Episode {
		start := latestPain
		free = 0
		for d := latestPain - 1; d >= first && free < BreakDays; d-- {
			if free = freeDay(at(d), free); at(d) > 0 {
				start = d
			}
		}
		s.Start, s.Days = start, min(int(today-start), MaxDays)
	}

	// The trend.
	if last >= today-1 {
		ref := int8(-1)
		for d := last - TrendDays; d < last; d++ {
			ref = max(ref, at(d))
		}
		switch p := at(last); {
		case ref < 0:
		case p >= ref+1:
			s.Trend = Worse
		case p <= ref-MinChange:
			s.Trend = Better
		default:
			s.Trend = Same
		}
	}

	// Worst in the last 24 hours.
	s.Worst = int(max(at(today-1), at(today)))

	// Recurring.
	from := today - 7*Weeks + 1
	early, recent := false, false
	session := func(d Date) bool { return d >= first && d <= today && trained[d-first] }
	for d := max(from, first); d <= today; d++ {
		if !session(d) {
			away := at(d) >= 0
			for k := Date(1); k <= FollowDays; k++ {
				away = away && !session(d-k)
			}
			if away {
				s.AwayDays++
				if at(d) > 0 {
					s.AwayPain++
				}
			}
			continue
		}
		followed := false
		for k := Date(0); k <= FollowDays; k++ {
			followed = followed || at(d+k) > 0
		}
		if !followed && d+FollowDays > today {
			continue // too soon to judge
		}
		s.Sessions++
		if followed {
			s.Followed++
			early = early || d <= from+6
			recent = recent || d >= today-13
		}
	}
	s.Recurring = s.Sessions >= MinSessions && 2*s.Followed > s.Sessions && early && recent
	s.AnyDay = s.AwayPain > 0 && s.AwayPain*s.Sessions >= s.Followed*s.AwayDays
	return s
}

// freeDay counts pain-free days in a row: given the count before a day
// and the day's pain (-1 when not logged), it returns the count with the
// day. A day with no entry, or with pain, resets it.
func freeDay(p int8, free int) int {
	if p == 0 {
		return free + 1
	}
	return 0
}
