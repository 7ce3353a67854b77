package readability

import (
	"math"
	"strings"
	"testing"
)

func TestSyllables(t *testing.T) {
	for word, want := range map[string]int{
		"cat": 1, "the": 1, "knee": 1, "make": 1, "makes": 1, "hinge": 1,
		"hinges": 2, "table": 2, "people": 2, "muscles": 2, "boxes": 2,
		"stretched": 1, "walked": 1, "lifted": 2, "rounded": 2,
		"deadlift": 2, "hamstring": 2, "easy": 2, "doctor": 2,
		"physical": 3, "identify": 4, "warm-up": 2, "you're": 1,
		"lifter's": 2, "10": 2, "I": 1,
	} {
		if got := Syllables(word); got != want {
			t.Errorf("Syllables(%q) = %d, want %d", word, got, want)
		}
	}
}

func TestGradeOfKnownSentences(t *testing.T) {
	for _, c := range []struct {
		text  string
		stats Stats
		grade float64
	}{
		// 6 words of one syllable in one sentence: 0.39×6 + 11.8×1 − 15.59
		{"The cat sat on the mat.", Stats{1, 6, 6}, -1.45},
		// two short sentences: 0.39×2.5 + 11.8×1 − 15.59
		{"Warm up first. Then lift.", Stats{2, 5, 5}, -2.815},
		// Physical(3) therapists(3) can(1) identify(4) what(1) is(1)
		// causing(2) the(1) discomfort(3): 0.39×9 + 11.8×19/9 − 15.59
		{"Physical therapists can identify what is causing the discomfort.", Stats{1, 9, 19}, 12.831},
		// a question and an exclamation end sentences; "1.5" does not
		{"Is it sore? Rest 1.5 days! Then go", Stats{3, 8, 9}, 0.39*8/3 + 11.8*9/8 - 15.59},
	} {
		got := Analyze(c.text)
		if got != c.stats {
			t.Errorf("Analyze(%q) = %+v, want %+v", c.text, got, c.stats)
		}
		if g := got.Grade(); math.Abs(g-c.grade) > 0.001 {
			t.Errorf("grade of %q = %.3f, want %.3f", c.text, g, c.grade)
		}
	}
	if g := (Stats{}).Grade(); g != 0 {
		t.Errorf("grade of no text = %v, want 0", g)
	}
}

func TestPlainText(t *testing.T) {
	md := "---\ntitle: A title: with colon\norder: 1\n---\n" +
		"Intro with a [link](https://example.com/long/path) here[^a].\nSecond line\n\n" +
		"## Is it normal\n\n" +
		"- First *item*\n- Second item: `more`\n\n" +
		"Do this:\n\n1. Step one\n\n" +
		"| Sign | Do |\n| --- | --- |\n| Numbness | Call **now** |\n\n" +
		"```go\ncode here\n```\n\n" +
		"![A chart of soreness](chart.svg)\n\n" +
		"- Smith J. Old paper. *Journal*. 2020. [doi:10.1/x](https://doi.org/10.1/x)\n" +
		"- A plain entry without a link\n\n" +
		"[^a]: Author A. A paper title. 2020.\n"
	want := strings.Join([]string{
		"Intro with a link here. Second line.",
		"Is it normal.",
		"First item.",
		"Second item: more.",
		"Do this.",
		"Step one.",
		"Sign.", "Do.", "Numbness.", "Call now.",
		"A chart of soreness.",
		"A plain entry without a link.",
	}, "\n") + "\n"
	if got := PlainText([]byte(md)); got != want {
		t.Errorf("PlainText:\n%s\nwant:\n%s", got, want)
	}
}

func TestPiecesStats(t *testing.T) {
	got := PiecesStats("Lie on your back", "", "Lift your hips. Hold.")
	if want := (Stats{3, 8, 8}); got != want {
		t.Errorf("PiecesStats = %+v, want %+v", got, want)
	}
}
