package readability

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/liftwell/liftwell/internal/content"
)

// MaxGrade is the highest Flesch-Kincaid grade a page of the site may have.
const MaxGrade = 8.0

// exempt lists pages that are checked and logged but may go over MaxGrade,
// with the reason. Bibliography entries are already left out of every page
// (see the package comment), so the references page is graded on its prose
// like any other and needs no exemption; a page is listed here only when
// citations or names it cannot avoid dominate what is left.
var exempt = map[string]string{}

// TestContentGrades grades every article and every exercise page, loaded by
// the site's own content loader, and fails when one reads above MaxGrade.
// Run with -v to see each page's figures.
func TestContentGrades(t *testing.T) {
	root := filepath.Join("..", "..", "content")
	site, err := content.Load(os.DirFS(root), root)
	if err != nil {
		t.Fatal(err)
	}
	type page struct {
		name  string
		stats Stats
	}
	var pages []page
	for _, a := range site.Articles {
		s := PiecesStats(a.Title, a.Description).Add(MarkdownStats(a.Body))
		pages = append(pages, page{"articles/" + a.Slug + ".md", s})
	}
	for _, ex := range site.Exercises {
		pages = append(pages, page{"exercises/" + ex.Slug + ".yaml", exerciseStats(ex)})
	}
	if len(pages) == 0 {
		t.Skip("no content yet")
	}
	for _, p := range pages {
		g := p.stats.Grade()
		note := ""
		if reason, ok := exempt[p.name]; ok {
			note = " (exempt: " + reason + ")"
		}
		t.Logf("%-34s grade %5.2f  (%4d words, %3d sentences, %.2f syllables a word)%s",
			p.name, g, p.stats.Words, p.stats.Sentences,
			float64(p.stats.Syllables)/float64(max(p.stats.Words, 1)), note)
		if g > MaxGrade && note == "" {
			t.Errorf("%s reads at grade %.2f, above %.1f: use shorter sentences and plainer words", p.name, g, MaxGrade)
		}
	}
}

// exerciseStats counts the text an exercise page shows: its name as a
// heading, then every sentence field and the illustration's description.
func exerciseStats(ex *content.Exercise) Stats {
	pieces := []string{ex.Name, ex.Summary}
	pieces = append(pieces, ex.Steps...)
	pieces = append(pieces, ex.Dose)
	pieces = append(pieces, ex.Cues...)
	pieces = append(pieces, ex.Mistakes...)
	pieces = append(pieces, ex.Easier, ex.Harder)
	pieces = append(pieces, ex.StopIf...)
	pieces = append(pieces, ex.CheckFirst...)
	pieces = append(pieces, ex.Illustration.Alt)
	for i, p := range pieces {
		pieces[i] = strings.TrimSpace(p)
	}
	return PiecesStats(pieces...)
}
