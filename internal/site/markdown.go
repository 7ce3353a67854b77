package site

import (
	"bytes"
	"html"
	"path"
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
)

// newMarkdown returns the Markdown converter: GitHub tables, footnotes for
// citations, typographic quotes and dashes, heading ids, and code blocks
// highlighted by chroma with CSS classes. Raw HTML is never rendered; the
// renderer reports it as an error before it could be.
func newMarkdown() goldmark.Markdown {
	return goldmark.New(
		// Table cells are aligned by class (renderMarkdown sets it), not
		// by a style attribute, which the Content Security Policy blocks.
		goldmark.WithExtensions(extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
			extension.Strikethrough, extension.Footnote, extension.Typographer),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(codeRenderer{}, 100))),
	)
}

// sourceLink is a link written in a Markdown file, kept with its position
// so that a broken one is reported where the author wrote it.
type sourceLink struct {
	href      string // as rendered, with the base path
	path      string // the Markdown file
	page      string // the output file it ends up in
	line, col int
}

// markdownPage is one rendered Markdown body.
type markdownPage struct {
	html  []byte
	links []sourceLink
}

// renderMarkdown converts an article body. It rewrites site-root links
// ("/exercises/bridge/") to carry the base path, turns image file names
// into hashed asset URLs with their width and height, and reports raw HTML
// and links it cannot resolve.
func (b *Builder) renderMarkdown(a *content.Article, errs *content.List) markdownPage {
	doc := b.md.Parser().Parse(text.NewReader(a.Body))
	var page markdownPage
	pos := func(n ast.Node) (int, int) {
		line, col := lineColAt(a.Body, nodeOffset(n, a.Body))
		return line + a.BodyLine - 1, col
	}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.RawHTML, *ast.HTMLBlock:
			line, col := pos(n)
			errs.Addf(a.Path, line, col, "raw HTML is not allowed in Markdown: write it as Markdown")
			return ast.WalkSkipChildren, nil
		case *ast.Link:
			line, col := pos(n)
			href, msg := b.linkTarget(string(n.Destination))
			if msg != "" {
				errs.Addf(a.Path, line, col, msg)
				break
			}
			n.Destination = []byte(href)
			page.links = append(page.links, sourceLink{href: href, path: a.Path, line: line, col: col})
		case *extast.TableCell:
			if n.Alignment != extast.AlignNone {
				n.SetAttributeString("class", []byte("align-"+n.Alignment.String()))
			}
		case *ast.Image:
			line, col := pos(n)
			name := string(n.Destination)
			img := b.site.Images[path.Join("articles", name)]
			if img == nil || strings.Contains(name, "/") {
				errs.Addf(a.Path, line, col, "no image "+strconv.Quote(name)+": put the SVG file beside the article and name it alone")
				break
			}
			n.Destination = []byte(b.contentImageURL("articles/" + name))
			n.SetAttributeString("width", []byte(strconv.Itoa(img.Width)))
			n.SetAttributeString("height", []byte(strconv.Itoa(img.Height)))
			n.SetAttributeString("decoding", []byte("async"))
		}
		return ast.WalkContinue, nil
	})
	var buf bytes.Buffer
	buf.Grow(2 * len(a.Body)) // HTML is rarely twice its Markdown
	if err := b.md.Renderer().Render(&buf, a.Body, doc); err != nil {
		errs.Addf(a.Path, 0, 0, "cannot render Markdown: "+err.Error())
	}
	html, err := minifyHTML(buf.Bytes())
	if err != nil {
		errs.Addf(a.Path, 0, 0, "cannot minify: "+err.Error())
	}
	page.html = html
	return page
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
		return "", "link " + strconv.Quote(dest) + ": write https:// in full"
	case strings.HasPrefix(dest, "/"):
		return b.url(dest), ""
	}
	return "", "link " + strconv.Quote(dest) + ": write links inside the site from its root, like /articles/sore-or-hurt/"
}

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

func lineColAt(src []byte, off int) (line, col int) {
	line = 1 + bytes.Count(src[:off], []byte("\n"))
	col = off - bytes.LastIndexByte(src[:off], '\n')
	return line, col
}

// codeRenderer renders fenced code blocks with chroma, using CSS classes
// so the colours come from the site's stylesheet (light and dark). An
// unknown language is shown as plain, escaped code.
type codeRenderer struct{}

func (codeRenderer) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
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
		return ast.WalkSkipChildren, highlight(w, string(fc.Language(src)), code.String())
	})
}

// highlight writes code as HTML, highlighted when the language is known.
func highlight(w interface{ WriteString(string) (int, error) }, lang, code string) error {
	lexer := lexers.Get(lang)
	if lang == "" || lexer == nil {
		_, err := w.WriteString(`<pre class="code"><code>` + html.EscapeString(code) + "</code></pre>\n")
		return err
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
	if err != nil {
		return err
	}
	var buf strings.Builder
	if err := codeFormatter.Format(&buf, styles.Fallback, it); err != nil {
		return err
	}
	_, err = w.WriteString(buf.String())
	return err
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
