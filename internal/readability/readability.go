// Package readability estimates how hard English text is to read, as a
// Flesch-Kincaid grade level: roughly the school grade (US) a reader needs
// to follow it on a first reading.
//
//	grade = 0.39 × (words / sentences) + 11.8 × (syllables / words) − 15.59
//
// Markdown is first reduced to the prose a reader sees: front matter, link
// targets, footnote markers and definitions, code blocks and markup are
// dropped. Each heading, paragraph, list item, table cell and image
// description counts as a sentence of its own when it does not end with one
// already, because a reader takes it in as a separate piece.
//
// Syllables come from a simple heuristic: count groups of vowels (a, e, i, o,
// u, y), then drop a silent final "e" and the silent "-es" and "-ed" endings
// ("makes", "stretched"). It is right for most everyday words and off by one
// for some longer ones; the grade is a guide for plain writing, not a test
// score. A number counts as one syllable per digit.
//
// Bibliography entries are not prose: a list item that links to a DOI
// (doi.org) or to PubMed is a citation and is left out of the count.
package readability

import (
	"bytes"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// Stats holds the counts the grade is computed from.
type Stats struct {
	Sentences int
	Words     int
	Syllables int
}

// Grade returns the Flesch-Kincaid grade level of the counted text, or 0
// when there are no words.
func (s Stats) Grade() float64 {
	if s.Words == 0 || s.Sentences == 0 {
		return 0
	}
	return 0.39*float64(s.Words)/float64(s.Sentences) +
		11.8*float64(s.Syllables)/float64(s.Words) - 15.59
}

// Add returns the sum of two sets of counts, for grading several pieces of
// text as one page.
func (s Stats) Add(t Stats) Stats {
	return Stats{s.Sentences + t.Sentences, s.Words + t.Words, s.Syllables + t.Syllables}
}

// Analyze counts sentences, words and syllables in plain text. A sentence
// ends at ".", "!" or "?" followed by a space or the end of the text; text
// after the last full stop still counts as a sentence.
func Analyze(plain string) Stats {
	var s Stats
	inSentence := false
	for _, field := range strings.Fields(plain) {
		word := strings.TrimFunc(field, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		})
		if word != "" {
			s.Words++
			s.Syllables += Syllables(word)
			inSentence = true
		}
		if endsSentence(field) && inSentence {
			s.Sentences++
			inSentence = false
		}
	}
	if inSentence {
		s.Sentences++
	}
	return s
}

// endsSentence reports whether s ends with ".", "!" or "?", perhaps followed
// by closing brackets or quotes.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, ")]\"'\u201d\u2019")
	return s != "" && strings.ContainsAny(s[len(s)-1:], ".!?")
}

// Syllables estimates the number of syllables in one word. Hyphenated words
// and words joined by an apostrophe are counted part by part.
func Syllables(word string) int {
	n := 0
	for _, part := range strings.FieldsFunc(strings.ToLower(word), func(r rune) bool {
		return r == '-' || r == '\u2010' || r == '/'
	}) {
		n += partSyllables(part)
	}
	if n == 0 {
		return 1
	}
	return n
}

func partSyllables(w string) int {
	digits := 0
	var letters []rune
	for _, r := range w {
		switch {
		case unicode.IsDigit(r):
			digits++
		case r >= 'a' && r <= 'z':
			letters = append(letters, r)
		case r == '\'' || r == '\u2019':
			letters = append(letters, '\'')
		}
	}
	if len(letters) == 0 {
		return digits
	}
	w = strings.TrimSuffix(string(letters), "'s")
	w = strings.ReplaceAll(w, "'", "")
	if w == "" {
		return digits
	}
	isVowel := func(b byte) bool { return strings.IndexByte("aeiouy", b) >= 0 }
	count := 0
	prev := false
	for i := 0; i < len(w); i++ {
		v := isVowel(w[i])
		if v && !prev {
			count++
		}
		prev = v
	}
	if count > 1 {
		n := len(w)
		switch {
		case strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "ee") &&
			!(strings.HasSuffix(w, "le") && n >= 3 && !isVowel(w[n-3])):
			// silent final e: make, hinge (but not table, knee)
			count--
		case strings.HasSuffix(w, "es") && n >= 4 && !isVowel(w[n-3]):
			// -es is silent after most consonants (makes, hinges is not)
			before := w[n-3]
			sounded := strings.IndexByte("sxzcg", before) >= 0 ||
				strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes") ||
				(before == 'l' && !isVowel(w[n-4]))
			if !sounded {
				count--
			}
		case strings.HasSuffix(w, "ed") && n >= 4 && !isVowel(w[n-3]):
			// -ed is silent unless it follows t or d (stretched, lifted)
			if w[n-3] != 't' && w[n-3] != 'd' {
				count--
			}
		}
	}
	if count < 1 {
		count = 1
	}
	return count + digits
}

// StripFrontMatter returns the Markdown after a leading block of YAML front
// matter between "---" lines, or the input unchanged when there is none.
func StripFrontMatter(md []byte) []byte {
	rest, ok := bytes.CutPrefix(md, []byte("---\n"))
	if !ok {
		return md
	}
	if _, body, found := bytes.Cut(rest, []byte("\n---\n")); found {
		return body
	}
	return md
}

var markdown = goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote))

// PlainText reduces a Markdown document (with or without front matter) to the
// prose a reader sees, one piece per line; each piece ends with a full stop
// or other sentence mark.
func PlainText(md []byte) string {
	src := StripFrontMatter(md)
	doc := markdown.Parser().Parse(text.NewReader(src))
	var out strings.Builder
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		switch n.Kind() {
		case extast.KindFootnoteList, ast.KindFencedCodeBlock, ast.KindCodeBlock,
			ast.KindHTMLBlock, ast.KindThematicBreak:
			return
		case ast.KindListItem:
			if isCitation(n, src) {
				return
			}
		case ast.KindParagraph, ast.KindTextBlock, ast.KindHeading, extast.KindTableCell:
			piece(&out, inlineText(n, src))
			return
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			walk(c)
		}
	}
	walk(doc)
	return out.String()
}

// MarkdownStats counts the prose of a Markdown document.
func MarkdownStats(md []byte) Stats {
	return Analyze(PlainText(md))
}

// PiecesStats counts separate pieces of plain text (such as the fields of an
// exercise), each read as at least one sentence.
func PiecesStats(pieces ...string) Stats {
	var out strings.Builder
	for _, p := range pieces {
		piece(&out, p)
	}
	return Analyze(out.String())
}

// piece writes one block of text as a line, closing it with a full stop when
// it has no sentence mark of its own; a closing colon counts as one.
func piece(out *strings.Builder, s string) {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return
	}
	s = strings.TrimSuffix(s, ":")
	if !endsSentence(s) {
		s += "."
	}
	out.WriteString(s)
	out.WriteByte('\n')
}

// inlineText gathers the visible text under a block: link and image text but
// not their targets, no footnote markers.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.AutoLink, *ast.RawHTML, *extast.FootnoteLink:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// isCitation reports whether a list item is a bibliography entry: it links
// to a DOI or to PubMed.
func isCitation(item ast.Node, src []byte) bool {
	found := false
	_ = ast.Walk(item, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		var dest string
		switch l := c.(type) {
		case *ast.Link:
			dest = string(l.Destination)
		case *ast.AutoLink:
			dest = string(l.URL(src))
		}
		if entering && (strings.Contains(dest, "doi.org/") || strings.Contains(dest, "pubmed.ncbi.nlm.nih.gov")) {
			found = true
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}
