package site

import (
	"bytes"
	"errors"
	"html"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/liftwell/liftwell/internal/content"
	"github.com/liftwell/liftwell/internal/srcerr"
)

// newMarkdown returns the Markdown converter: GitHub tables, footnotes for
// citations, typographic quotes and dashes, heading ids, and code blocks
// highlighted by chroma with CSS classes. Raw HTML is never rendered; the
// renderer reports it as an error before it could be.
func newMarkdown(stop func() error) goldmark.Markdown {
	return goldmark.New(
		// Table cells are aligned by class (renderMarkdown sets it), not
		// by a style attribute, which the Content Security Policy blocks.
		goldmark.WithExtensions(extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
			extension.Strikethrough, extension.Footnote, extension.Typographer),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(codeRenderer{stop}, 100))),
	)
}

// markdownPage is one rendered Markdown body.
type markdownPage struct {
	html     []byte
	links    []sourceLink
	headings []sourceLink // each heading's id (href) and place
	sections []Section    // the body's h2 headings, in order
}

// Section is one h2 heading of an article, for its "On this page" list.
type Section struct {
	ID, Title string
}

// MinSections is how many h2 headings make an article long enough for an
// "On this page" list at its top.
const MinSections = 4

// renderMarkdown converts an article body. It rewrites site-root links
// ("/exercises/bridge/") to carry the base path, turns image file names
// into hashed asset URLs with their width and height, and reports raw HTML
// and links it cannot resolve.
func (b *Builder) renderMarkdown(a *content.Article, errs *srcerr.List) markdownPage {
	var page markdownPage
	before := len(*errs)
	if off, depth := nestingDepth(a.Body, MaxNesting); depth > MaxNesting {
		// goldmark's list parser takes time and memory that grow faster
		// than the nesting: 11 s at 1,500 levels. Refuse before parsing.
		line, col := srcerr.LineCol(a.Body, off)
		errs.AddAt(a.Path, line+a.BodyLine-1, col, "lists and quotes nested more than "+strconv.Itoa(MaxNesting)+" deep")
		return page
	}
	if off, msg := prescan(a.Body); off >= 0 {
		line, col := srcerr.LineCol(a.Body, off)
		errs.AddAt(a.Path, line+a.BodyLine-1, col, msg)
		return page
	}
	if off := bytes.IndexByte(a.Body, 0); off >= 0 {
		line, col := srcerr.LineCol(a.Body, off)
		errs.AddAt(a.Path, line+a.BodyLine-1, col, "NUL character (U+0000) in the text")
	}
	if err := b.stopped(); err != nil {
		errs.AddAt(a.Path, a.BodyLine, 1, err.Error()+" before this article's text")
		return page
	}
	doc := b.md.Parser().Parse(text.NewReader(a.Body))
	// Counting lines from the start for each link made a page of 40,000
	// links take four times as long as one of 20,000.
	lines := newLineIndex(a.Body)
	pos := func(n ast.Node) (int, int) {
		line, col := lines.at(nodeOffset(n, a.Body))
		return line + a.BodyLine - 1, col
	}
	nodes := 0
	stopped := ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if nodes++; nodes%stopEvery == 0 {
			if err := b.stopped(); err != nil {
				line, col := pos(n)
				errs.AddAt(a.Path, line, col, err.Error()+" here")
				return ast.WalkStop, err
			}
		}
		switch n := n.(type) {
		case *ast.RawHTML, *ast.HTMLBlock:
			line, col := pos(n)
			errs.AddAt(a.Path, line, col, "raw HTML is not allowed in Markdown: write it as Markdown")
			return ast.WalkSkipChildren, nil
		case *ast.Link:
			line, col := pos(n)
			href, msg := b.linkTarget(string(n.Destination))
			if len(n.Destination) > MaxURL {
				msg = "a link of " + strconv.Itoa(len(n.Destination)) + " bytes: at most " + strconv.Itoa(MaxURL)
			}
			if msg != "" {
				errs.AddAt(a.Path, line, col, msg)
				break
			}
			n.Destination = []byte(href)
			page.links = append(page.links, sourceLink{href: href, path: a.Path, line: line, col: col})
		case *ast.AutoLink:
			// <https://...> and <mailto:...>; <javascript:...> is refused
			// like any other link of that scheme.
			line, col := lines.at(autoLinkOffset(n, a.Body))
			line += a.BodyLine - 1
			if n.AutoLinkType != ast.AutoLinkURL {
				break
			}
			dest := string(n.URL(a.Body))
			href, msg := b.linkTarget(dest)
			if msg != "" || href != dest {
				if msg == "" {
					msg = "link " + srcerr.Quote(dest) + ": write a link inside the site as [text](/path/)"
				}
				errs.AddAt(a.Path, line, col, msg)
				break
			}
			page.links = append(page.links, sourceLink{href: href, path: a.Path, line: line, col: col})
		case *ast.Heading:
			if id, ok := n.AttributeString("id"); ok {
				if id, ok := id.([]byte); ok {
					line, col := pos(n)
					page.headings = append(page.headings, sourceLink{href: string(id), path: a.Path, line: line, col: col})
					if n.Level == 2 {
						page.sections = append(page.sections, Section{ID: string(id), Title: plainText(n, a.Body)})
					}
				}
			}
		case *extast.TableCell:
			if n.Alignment != extast.AlignNone {
				n.SetAttributeString("class", []byte("align-"+n.Alignment.String()))
			}
		case *ast.Image:
			line, col := pos(n)
			name := string(n.Destination)
			img := b.site.Images[path.Join("articles", name)]
			if img == nil || strings.Contains(name, "/") {
				errs.AddAt(a.Path, line, col, "no image "+srcerr.Quote(name)+": put the SVG file beside the article and name it alone")
				break
			}
			n.Destination = []byte(b.contentImageURL("articles/" + name))
			n.SetAttributeString("width", []byte(strconv.Itoa(img.Width)))
			n.SetAttributeString("height", []byte(strconv.Itoa(img.Height)))
			n.SetAttributeString("decoding", []byte("async"))
		}
		return ast.WalkContinue, nil
	})
	if stopped != nil {
		return page
	}
	// In the order of the lines, whatever check found them.
	mine := (*errs)[before:]
	sort.SliceStable(mine, func(i, j int) bool {
		return srcerr.Before(mine[i], mine[j])
	})
	var buf bytes.Buffer
	buf.Grow(2 * len(a.Body)) // HTML is rarely twice its Markdown
	if err := b.md.Renderer().Render(&buf, a.Body, doc); err != nil {
		var ce *codeError
		if errors.As(err, &ce) {
			line, col := pos(ce.block)
			if line > 1 || col > 1 {
				line-- // the fence, before the code's first line
			}
			errs.AddAt(a.Path, line, 1, ce.err.Error()+" in this code block")
		} else {
			errs.AddAt(a.Path, 0, 0, "cannot render Markdown: "+err.Error())
		}
		return page
	}
	html, err := minifyHTML(buf.Bytes())
	if err != nil {
		errs.AddAt(a.Path, 0, 0, "cannot minify: "+err.Error())
	}
	page.html = html
	return page
}

// plainText returns the text of n's inline children, with the
// typographer's quotes and dashes as characters: the heading as a reader
// sees it, without its markup.
func plainText(n ast.Node, src []byte) string {
	var s strings.Builder
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			s.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				s.WriteByte(' ')
			}
		case *ast.String:
			if c.IsCode() {
				s.WriteString(html.UnescapeString(string(c.Value)))
			} else {
				s.Write(c.Value)
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(s.String())
}

// linkTarget checks a Markdown link destination and returns it as the
// page should carry it. Internal links are written from the site root.
func (b *Builder) linkTarget(dest string) (href, problem string) {
	switch {
	case strings.HasPrefix(dest, "#"):
		return dest, ""
	case strings.HasPrefix(dest, "https://"), strings.HasPrefix(dest, "http://"), strings.HasPrefix(dest, "mailto:"):
		return dest, ""
	case strings.HasPrefix(dest, "//"):
		return "", "link " + srcerr.Quote(dest) + ": write https:// in full"
	case strings.HasPrefix(dest, "/"):
		return b.url(dest), ""
	case schemeRE.MatchString(dest):
		return "", "link " + srcerr.Quote(dest) + ": only https:, http: and mailto: links are allowed"
	}
	return "", "link " + srcerr.Quote(dest) + ": write links inside the site from its root, like /articles/sore-or-hurt/"
}

// schemeRE matches a URL that starts with a scheme ("javascript:").
var schemeRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

// nodeOffset finds a byte offset in src for n: its own lines, or those of
// its first text, or of its parent.
func nodeOffset(n ast.Node, src []byte) int {
	for ; n != nil; n = n.Parent() {
		if r, ok := n.(*ast.RawHTML); ok && r.Segments.Len() > 0 {
			return r.Segments.At(0).Start
		}
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			return n.Lines().At(0).Start
		}
		for c := n.FirstChild(); c != nil; c = c.FirstChild() {
			if t, ok := c.(*ast.Text); ok {
				// Back up to the "[" or "![" that opens a link or image.
				off := t.Segment.Start
				if off > 0 && src[off-1] == '[' {
					off--
					if off > 0 && src[off-1] == '!' {
						off--
					}
				}
				return off
			}
		}
	}
	return 0
}

// autoLinkOffset finds where an autolink's "<" is. goldmark keeps no
// position for it, but its label is a slice of src, whose capacity tells
// where it starts; else it is looked for from its paragraph's start.
func autoLinkOffset(n *ast.AutoLink, src []byte) int {
	label := n.Label(src)
	if off := cap(src) - cap(label); off > 0 && off+len(label) <= len(src) && src[off-1] == '<' && bytes.Equal(src[off:off+len(label)], label) {
		return off - 1
	}
	from := nodeOffset(n.Parent(), src)
	if i := bytes.Index(src[from:], append(append([]byte("<"), n.Label(src)...), '>')); i >= 0 {
		return from + i
	}
	return from
}

// MaxNesting is how deep lists and block quotes may nest in an article.
const MaxNesting = 32

// nestingDepth measures how deep list items and block quotes nest in
// Markdown src, line by line, without parsing it. It returns the deepest
// nesting, up to limit+1, and the offset of the first marker that
// reached it: past the limit it stops.
//
// It follows CommonMark's rule for open blocks, simplified: a line
// continues the open quotes it starts with a ">" for, and the open list
// items it is indented into; a new marker after those closes the rest and
// opens one more level. A line without a new marker closes nothing (it
// may be a lazy continuation), so the measure is never below goldmark's
// nesting, and a limit on it holds.
func nestingDepth(src []byte, limit int) (at, deepest int) {
	type box struct {
		quote   bool
		content int // the column a list item's content starts at
	}
	var open []box
	for off := 0; off < len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src) - off
		}
		line := src[off : off+end]
		off += end + 1
		col, i := indent(line, 0, 0)
		if i == len(line) || thematicBreak(line) {
			continue // blank closes nothing here; "- - -" is a rule, not lists
		}
		k := 0
		for ; k < len(open); k++ {
			if o := open[k]; o.quote && i < len(line) && line[i] == '>' {
				col, i = indent(line, i+1, col+1)
			} else if o.quote || col < o.content {
				break
			}
		}
		for i < len(line) {
			next, content := containerMarker(line, i, col)
			if next < 0 {
				break
			}
			open = append(open[:k], box{quote: line[i] == '>', content: content})
			k++
			if len(open) > deepest {
				deepest, at = len(open), off-end-1+i
				if deepest > limit {
					return at, deepest
				}
			}
			col, i = indent(line, next, col+(next-i))
		}
	}
	return at, deepest
}

// thematicBreak reports whether line is three or more of one of "-",
// "*" or "_", and spaces: a rule, which CommonMark prefers over a list
// item.
func thematicBreak(line []byte) bool {
	marks := bytes.Trim(line, " \t")
	if len(marks) == 0 || marks[0] != '-' && marks[0] != '*' && marks[0] != '_' {
		return false
	}
	n := 0
	for _, c := range marks {
		switch c {
		case marks[0]:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

// indent skips spaces and tabs from line[i], at column col, and returns
// the column and index of what follows.
func indent(line []byte, i, col int) (int, int) {
	for ; i < len(line); i++ {
		switch line[i] {
		case ' ':
			col++
		case '\t':
			col += 4 - col%4
		default:
			return col, i
		}
	}
	return col, i
}

// containerMarker reads a block quote ">" or a list marker ("-", "*",
// "+", "1." or "1)" followed by a space or the line's end) at line[i],
// column col. It returns the index after it and the column its content
// starts at, or -1.
func containerMarker(line []byte, i, col int) (next, content int) {
	j := i
	switch c := line[i]; {
	case c == '>':
		return i + 1, col + 1
	case c == '-' || c == '*' || c == '+':
		j++
	case '0' <= c && c <= '9':
		for j < len(line) && j-i < 9 && '0' <= line[j] && line[j] <= '9' {
			j++
		}
		if j == len(line) || line[j] != '.' && line[j] != ')' {
			return -1, 0
		}
		j++
	default:
		return -1, 0
	}
	if j < len(line) && line[j] != ' ' && line[j] != '\t' {
		return -1, 0
	}
	return j, col + (j - i) + 1
}

// lineIndex holds the offset of each line's start, to find the line and
// column of an offset in logarithmic time.
type lineIndex []int

func newLineIndex(src []byte) lineIndex {
	idx := lineIndex{0}
	for i, c := range src {
		if c == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

// at returns the 1-based line and column (in bytes) of offset off.
func (idx lineIndex) at(off int) (line, col int) {
	line = sort.Search(len(idx), func(i int) bool { return idx[i] > off })
	return line, off - idx[line-1] + 1
}

// codeRenderer renders fenced code blocks with chroma, using CSS classes
// so the colours come from the site's stylesheet (light and dark). A
// language outside highlightLanguages is shown as plain, escaped code.
// stop, when set, says whether the render must stop (its deadline passed,
// or the build was cancelled): highlighting checks it as it goes.
type codeRenderer struct{ stop func() error }

func (c codeRenderer) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(ast.KindFencedCodeBlock, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		fc := n.(*ast.FencedCodeBlock)
		var code bytes.Buffer
		for i := 0; i < fc.Lines().Len(); i++ {
			seg := fc.Lines().At(i)
			code.Write(seg.Value(src))
		}
		if err := highlightStop(w, string(fc.Language(src)), code.String(), c.stop); err != nil {
			return ast.WalkStop, &codeError{block: fc, err: err}
		}
		return ast.WalkSkipChildren, nil
	})
}

// codeError is a code block that could not be highlighted, to be
// reported at the block.
type codeError struct {
	block *ast.FencedCodeBlock
	err   error
}

func (e *codeError) Error() string { return e.err.Error() }

// highlightLanguages are the languages whose code is highlighted, by the
// name a fence gives (```go). chroma has some 250 lexers, of which some
// never advance on some input (JSONata on a lone "\", Jungle on "!"):
// only these, whose lexers we use and test, run.
var highlightLanguages = map[string]bool{
	"go": true, "json": true, "yaml": true, "sh": true, "bash": true, "shell": true,
	"javascript": true, "js": true, "html": true, "css": true, "diff": true, "text": true,
}

// highlight writes code as HTML, highlighted when the language is one of
// highlightLanguages.
func highlight(w interface{ WriteString(string) (int, error) }, lang, code string) error {
	return highlightStop(w, lang, code, nil)
}

// highlightStop is highlight that calls stop, when not nil, as it goes,
// and returns its error once it has one.
func highlightStop(w interface{ WriteString(string) (int, error) }, lang, code string, stop func() error) error {
	lexer := lexers.Get(lang)
	if !highlightLanguages[strings.ToLower(lang)] || lexer == nil {
		return plainCode(w, code)
	}
	return highlightWith(w, lexer, code, stop)
}

// highlightWith highlights code with lexer. The lexer's tokens are read
// through tokens, which stops a lexer that makes no progress (its code is
// then written plain) and checks stop.
func highlightWith(w interface{ WriteString(string) (int, error) }, lexer chroma.Lexer, code string, stop func() error) error {
	it, err := lexer.Tokenise(nil, code)
	if err != nil {
		return err
	}
	t := &tokens{next: it, stop: stop}
	var buf strings.Builder
	if err := codeFormatter.Format(&buf, styles.Fallback, t.iterator()); err != nil {
		return err
	}
	if t.err != nil {
		return t.err
	}
	if t.stuck {
		return plainCode(w, code)
	}
	_, err = w.WriteString(buf.String())
	return err
}

// plainCode writes code as plain, escaped code.
func plainCode(w interface{ WriteString(string) (int, error) }, code string) error {
	_, err := w.WriteString(`<pre class="code"><code>` + html.EscapeString(code) + "</code></pre>\n")
	return err
}

// tokens reads a lexer's tokens as chroma.Coalesce does (joining
// neighbours of one type), leaving out empty ones, but ends them early:
// at a run of tokens of zero length (a lexer rule that matches nothing,
// which chroma would repeat for ever: stuck), or once stop returns an
// error (err). It checks stop
// every stopEvery tokens.
type tokens struct {
	next  chroma.Iterator
	stop  func() error
	n     int
	ahead *chroma.Token
	stuck bool
	err   error
}

const stopEvery = 256

func (t *tokens) read() (chroma.Token, bool) {
	if t.ahead != nil {
		tok := *t.ahead
		t.ahead = nil
		return tok, true
	}
	if t.stuck || t.err != nil {
		return chroma.EOF, false
	}
	for empty := 0; ; empty++ {
		t.n++
		if t.stop != nil && t.n%stopEvery == 0 {
			if t.err = t.stop(); t.err != nil {
				return chroma.EOF, false
			}
		}
		tok := t.next()
		if tok == chroma.EOF {
			return tok, false
		}
		if tok.Value != "" {
			return tok, true
		}
		// An empty token writes nothing; a run of them is a rule
		// that matches nothing, over and over.
		if empty == maxEmpty {
			t.stuck = true
			return chroma.EOF, false
		}
	}
}

// maxEmpty is how many empty tokens in a row mean a lexer is stuck.
const maxEmpty = 64

func (t *tokens) iterator() chroma.Iterator {
	return func() chroma.Token {
		tok, ok := t.read()
		if !ok {
			return chroma.EOF
		}
		var joined strings.Builder // not +=, which is quadratic on a long run
		for {
			next, ok := t.read()
			if ok && next.Type == tok.Type {
				if joined.Len() == 0 {
					joined.WriteString(tok.Value)
				}
				joined.WriteString(next.Value)
				continue
			}
			if ok {
				t.ahead = &next
			}
			if joined.Len() > 0 {
				tok.Value = joined.String()
			}
			return tok
		}
	}
}

var codeFormatter = chromahtml.New(chromahtml.WithClasses(true), chromahtml.ClassPrefix("hl-"), chromahtml.TabWidth(4))

// highlightCSS returns the stylesheet for highlighted code: a light scheme,
// and a dark one under prefers-color-scheme.
func highlightCSS() (string, error) {
	var light, dark strings.Builder
	if err := codeFormatter.WriteCSS(&light, styles.Get("github")); err != nil {
		return "", err
	}
	if err := codeFormatter.WriteCSS(&dark, styles.Get("github-dark")); err != nil {
		return "", err
	}
	// Each scheme stands alone: a token class that one style colours and the
	// other does not must not carry light colours onto a dark background.
	return "@media not all and (prefers-color-scheme: dark){" + light.String() + "}" +
		"@media (prefers-color-scheme: dark){" + dark.String() + "}", nil
}
