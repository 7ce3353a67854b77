package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"html/template"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"

	"github.com/liftwell/liftwell/internal/checker"
	"github.com/liftwell/liftwell/internal/srcerr"
)

// pageTemplate is one page template parsed together with layout.html and
// every partial (files named _*.html), twice: as written, and minified.
//
// Pages are drawn from the minified parse, so their HTML comes out
// minified with no pass over the whole page: the text of the templates is
// minified once, when they are loaded, and what goes into them is either
// short escaped text or HTML the builder minified when it made it (the
// Markdown bodies, the highlighted rules). The parse as written is there
// for when the minified one fails: a template error is reported from it,
// so that it names the lines of the file as written, and the page is then
// drawn from it and minified whole, as a page would be without all this.
type pageTemplate struct {
	*template.Template                    // as written
	min                *template.Template // minified; nil if it does not parse
	path               string
	links              []sourceLink // the links written as literals in the set, page unset
	lists              int          // the site-wide lists it may read (siteLists)
	key                string       // a hash of the files of its set
}

// loadTemplates parses the templates' *.html, reusing the last parse
// when no file changed: their names and bytes are hashed on every build
// (read again unless a watcher says they did not change), which costs
// little beside parsing them. Files are named by their path under
// Config.Templates, as errors name them.
func (b *build) loadTemplates() error {
	entries, err := b.readTemplateDir(".")
	if err != nil {
		return &srcerr.Error{Path: b.cfg.Templates, Msg: "cannot read the templates folder: " + err.Error()}
	}
	var files []string // in name order, as listed
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".html") { // as fs.Glob(*.html) matches
			files = append(files, filepath.Join(b.cfg.Templates, e.Name()))
		}
	}
	h := sha256.New()
	sources := map[string]string{}
	for _, f := range files {
		data, err := b.readTemplate(filepath.Base(f))
		if err != nil {
			return err
		}
		h.Write([]byte(f))
		h.Write(data)
		sources[f] = string(data)
	}
	key := hex.EncodeToString(h.Sum(nil))
	if key == b.cache.templatesKey {
		return nil
	}
	layout := filepath.Join(b.cfg.Templates, "layout.html")
	if _, ok := sources[layout]; !ok {
		return &srcerr.Error{Path: layout, Msg: "missing: every page is drawn inside it"}
	}
	var errs srcerr.List
	for _, f := range files {
		checkTemplatePolicy(f, []byte(sources[f]), &errs)
	}
	if errs.Err() != nil {
		return errs
	}
	minified := map[string]string{}
	for f, src := range sources {
		minified[f] = minifyTemplate(src)
	}
	parsed := map[string]*pageTemplate{}
	for _, f := range files {
		name := filepath.Base(f)
		if name == "layout.html" || strings.HasPrefix(name, "_") {
			continue
		}
		t, err := b.parseSet(name, files, sources)
		if err != nil {
			errs.Add(err)
			continue
		}
		// Minified sources that do not parse (which would be a bug of the
		// minifier) leave pages to be minified whole.
		min, _ := b.parseSet(name, files, minified)
		lists := siteLists(t)
		checks := guard(t, nil)
		if min != nil {
			guard(min, checks)
		}
		// The set is the page's file, the layout and the partials.
		set := sha256.New()
		for _, g := range files {
			if base := filepath.Base(g); g == f || base == "layout.html" || strings.HasPrefix(base, "_") {
				set.Write([]byte(g + "\x00" + sources[g] + "\x00"))
			}
		}
		parsed[name] = &pageTemplate{Template: t, min: min, path: f, links: b.templateLinks(t), lists: lists, key: hex.EncodeToString(set.Sum(nil))}
	}
	if errs.Err() != nil {
		return errs
	}
	b.cache.templatesKey, b.cache.templates = key, parsed
	return nil
}

// parseSet parses the page template file name with layout.html and the
// partials, taking their text from sources.
func (b *build) parseSet(name string, files []string, sources map[string]string) (*template.Template, error) {
	var errs srcerr.List
	t := template.New(name).Funcs(b.funcs(name))
	_, err := t.Parse(sources[filepath.Join(b.cfg.Templates, name)])
	errs.Add(templateError(err, b.cfg.Templates))
	for _, part := range files {
		if base := filepath.Base(part); base == "layout.html" || strings.HasPrefix(base, "_") {
			_, err := t.New(base).Parse(sources[part])
			errs.Add(templateError(err, b.cfg.Templates))
		}
	}
	return t, errs.Err()
}

// templateLinks returns the links written in the templates of t as
// literals, with their places in the files as written, for the link
// check's errors: href="..." and src="..." in the text, and {{url "..."}}
// and {{absURL "..."}}, as they come out (with the base path).
func (b *Builder) templateLinks(t *template.Template) []sourceLink {
	var links []sourceLink
	place := func(tree *parse.Tree, n parse.Node, href string) {
		loc, _ := tree.ErrorContext(n)
		m := placePattern.FindStringSubmatch(loc)
		if m == nil {
			return
		}
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		col++ // from 0 in the template package
		links = append(links, sourceLink{href: href, path: filepath.Join(b.cfg.Templates, m[1]), line: line, col: col})
	}
	var walk func(tree *parse.Tree, n parse.Node)
	walk = func(tree *parse.Tree, n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					walk(tree, c)
				}
			}
		case *parse.TextNode:
			for _, m := range literalLink.FindAllSubmatchIndex(n.Text, -1) {
				href := html.UnescapeString(string(n.Text[m[2]:m[3]]))
				place(tree, &parse.TextNode{NodeType: parse.NodeText, Pos: n.Pos + parse.Pos(m[2])}, href)
			}
		case *parse.ActionNode:
			walk(tree, n.Pipe)
		case *parse.PipeNode:
			if n != nil {
				for _, c := range n.Cmds {
					walk(tree, c)
				}
			}
		case *parse.CommandNode:
			for i, a := range n.Args {
				if id, ok := a.(*parse.IdentifierNode); ok && (id.Ident == "url" || id.Ident == "absURL") && i+1 < len(n.Args) {
					if s, ok := n.Args[i+1].(*parse.StringNode); ok {
						place(tree, s, b.url(s.Text))
					}
				}
				walk(tree, a)
			}
		case *parse.IfNode:
			walk(tree, n.Pipe)
			walk(tree, n.List)
			walk(tree, n.ElseList)
		case *parse.RangeNode:
			walk(tree, n.Pipe)
			walk(tree, n.List)
			walk(tree, n.ElseList)
		case *parse.WithNode:
			walk(tree, n.Pipe)
			walk(tree, n.List)
			walk(tree, n.ElseList)
		case *parse.TemplateNode:
			walk(tree, n.Pipe)
		}
	}
	templates := t.Templates()
	sort.Slice(templates, func(i, j int) bool { return templates[i].Name() < templates[j].Name() })
	for _, tt := range templates {
		if tt.Tree != nil && tt.Tree.Root != nil {
			walk(tt.Tree, tt.Tree.Root)
		}
	}
	return links
}

// literalLink finds href="...", src="...", action="..." and poster="..."
// written whole in a template's text.
var literalLink = regexp.MustCompile(`\b(?:href|src|action|poster)="([^"]+)"`)

// execute runs the template name of t with data into buf, from the
// minified parse when it can and may; minified says whether it did.
// A page that grows past maxPage, or rendering stopped (see guard), is an
// error at once, not tried again.
func (t *pageTemplate) execute(buf *bytes.Buffer, name string, data any, mayMinify bool) (minified bool, err error) {
	w := &limitedBuffer{buf}
	if t.min != nil && mayMinify {
		err := t.min.ExecuteTemplate(w, name, data)
		var stop *renderStopped
		if err == nil || errors.Is(err, errPageTooLarge) || errors.As(err, &stop) {
			return err == nil, err
		}
		buf.Reset()
	}
	return false, t.ExecuteTemplate(w, name, data)
}

// maxPage is the most one page may weigh as its template writes it.
const maxPage = 64 << 20

var errPageTooLarge = errors.New("grew larger than 64 MB: does a loop write without end?")

// limitedBuffer is a page buffer that refuses to grow past maxPage.
type limitedBuffer struct{ buf *bytes.Buffer }

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if l.buf.Len()+len(p) > maxPage {
		return 0, errPageTooLarge
	}
	return l.buf.Write(p)
}

// Rendering is bounded. html/template cannot be interrupted, and a
// template can loop for ever without writing a byte or calling a
// function ({{range $i := 100000000}}{{range $j := 100000000}}{{end}}
// {{end}}), so guard puts a check that the build may go on at the start
// of every template and of every range's body: the only places where a
// template's running time can grow without bound. The check is an action
// that declares a variable, which writes nothing and which html/template
// leaves alone. It names its place in the file as written, also in the
// minified parse, whose checks come in the same order.

// tickFunc is the name of the check in the templates.
const tickFunc = "_liftwellTick"

// guard adds the checks to every template of t and returns their
// places; the checks of a minified parse are given the places of the
// parse as written (when there are as many).
func guard(t *template.Template, written []string) []string {
	var places []string
	add := func(tree *parse.Tree, list *parse.ListNode, at parse.Node, kind string) {
		place, _ := tree.ErrorContext(at)
		if written != nil && len(places) < len(written) {
			place = written[len(places)]
		}
		places = append(places, place)
		str := func(s string) *parse.StringNode {
			return &parse.StringNode{NodeType: parse.NodeString, Pos: at.Position(), Quoted: strconv.Quote(s), Text: s}
		}
		tick := &parse.ActionNode{NodeType: parse.NodeAction, Pos: at.Position(), Line: 0, Pipe: &parse.PipeNode{
			NodeType: parse.NodePipe, Pos: at.Position(),
			Decl: []*parse.VariableNode{{NodeType: parse.NodeVariable, Pos: at.Position(), Ident: []string{"$_"}}},
			Cmds: []*parse.CommandNode{{NodeType: parse.NodeCommand, Pos: at.Position(), Args: []parse.Node{
				&parse.IdentifierNode{NodeType: parse.NodeIdentifier, Pos: at.Position(), Ident: tickFunc},
				str(kind), str(place),
			}}},
		}}
		list.Nodes = append([]parse.Node{tick}, list.Nodes...)
	}
	var walk func(tree *parse.Tree, list *parse.ListNode)
	walk = func(tree *parse.Tree, list *parse.ListNode) {
		if list == nil {
			return
		}
		for _, n := range list.Nodes {
			switch n := n.(type) {
			case *parse.RangeNode:
				walk(tree, n.List)
				add(tree, n.List, n, "range")
				walk(tree, n.ElseList)
			case *parse.IfNode:
				walk(tree, n.List)
				walk(tree, n.ElseList)
			case *parse.WithNode:
				walk(tree, n.List)
				walk(tree, n.ElseList)
			case *parse.ListNode:
				walk(tree, n)
			}
		}
	}
	templates := t.Templates()
	sort.Slice(templates, func(i, j int) bool { return templates[i].Name() < templates[j].Name() })
	for _, tt := range templates {
		if tt.Tree == nil || tt.Tree.Root == nil {
			continue
		}
		walk(tt.Tree, tt.Tree.Root)
		add(tt.Tree, tt.Tree.Root, tt.Tree.Root, "template "+strconv.Quote(tt.Name()))
	}
	return places
}

// renderStopped is the error of a check that found the build must stop:
// where it was, and why.
type renderStopped struct {
	kind, place string // "range" or `template "name"`, and file:line:col
	why         error
}

func (e *renderStopped) Error() string { return e.kind + " at " + e.place + ": " + e.why.Error() }

// tick is the check guard adds: it fails once the build's render must
// stop, on its deadline or because it was cancelled.
func (b *Builder) tick(kind, place string) (string, error) {
	if b.cur == nil {
		return "", nil
	}
	if p := b.cur.stop.Load(); p != nil {
		return "", &renderStopped{kind: kind, place: place, why: *p}
	}
	if b.cfg.RenderExpired != nil && b.cfg.RenderExpired(kind, place) {
		return "", &renderStopped{kind: kind, place: place, why: b.timeoutError()}
	}
	return "", nil
}

// timeoutError is the error of a render stopped by its deadline.
func (b *Builder) timeoutError() error {
	return fmt.Errorf("rendering stopped after %v (the render timeout)", b.cfg.RenderTimeout)
}

// stoppedError turns a stopped render into an error at the place of the
// check, in the file as written.
func stoppedError(e *renderStopped, dir string) error {
	path, line, col := e.place, 0, 0
	if m := placePattern.FindStringSubmatch(e.place); m != nil {
		path = m[1]
		line, _ = strconv.Atoi(m[2])
		col, _ = strconv.Atoi(m[3])
		col++ // from 0 in the template package
	}
	what := "this loop"
	if e.kind != "range" {
		what = e.kind + ", which starts here"
	}
	return &srcerr.Error{Path: filepath.Join(dir, path), Line: line, Col: col, Msg: e.why.Error() + " in " + what}
}

var placePattern = regexp.MustCompile(`^(.*):(\d+):(\d+)$`)

var templatePos = regexp.MustCompile(`^(?:html/)?template: ?([^:]+):(\d+)(?::(\d+))?: `)

// templateError turns "template: name:12:5: message" (or html/template's
// "html/template:name:12:5: message") into an error that names the
// template file, line and column.
func templateError(err error, dir string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	m := templatePos.FindStringSubmatch(msg)
	if m == nil {
		msg = strings.TrimPrefix(strings.TrimPrefix(msg, "html/"), "template: ")
		return &srcerr.Error{Path: dir, Msg: msg}
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	if m[3] != "" {
		col++ // the template package counts columns from 0
	}
	return &srcerr.Error{Path: filepath.Join(dir, m[1]), Line: line, Col: col, Msg: msg[len(m[0]):]}
}

// funcs are the functions the templates parsed with page can call. The
// templates are kept between builds: the functions read the build in
// progress (Builder.cur).
func (b *Builder) funcs(page string) template.FuncMap {
	return template.FuncMap{
		// shared "site-footer" inserts the template of that name, run
		// once per build with the SiteData as dot: for the parts of the
		// layout that are the same on every page.
		"shared": func(name string) (template.HTML, error) { return b.cur.shared.get(page, name) },
		// url "/checker/" gives the path under the base path.
		"url": b.url,
		// absURL gives the absolute URL, for canonical and Open Graph.
		"absURL": b.absURL,
		// asset "app.js" gives the hashed URL of a static file.
		"asset": func(name string) (string, error) {
			u, ok := b.cur.assets[name]
			if !ok {
				return "", errorString("no static file " + quote(name) + " in templates/static")
			}
			return u, nil
		},
		// absAsset is asset with the origin in front.
		"absAsset": func(name string) (string, error) {
			u, ok := b.cur.assets[name]
			if !ok {
				return "", errorString("no static file " + quote(name) + " in templates/static")
			}
			return b.cfg.Origin + u, nil
		},
		"wasmURL":     func() string { return b.cur.assets["checker.wasm"] },
		"wasmExecURL": func() string { return b.cur.assets["wasm_exec.js"] },
		"base":        func() string { return b.cfg.Base },
		tickFunc:      b.tick,
		"join":        strings.Join,
		// help is the checker's data on getting help: the emergency
		// numbers, who can help in each region, each level's plan.
		"help": checker.HelpData,
		// tel makes a tel: link of a phone number's digits.
		"tel": telURL,
		// showIf writes when a follow-up question of the checker shows.
		"showIf": showIf,
	}
}

// telURL is the tel: link of a number written with digits, spaces and a
// leading +; anything else is refused, so the template may trust it.
func telURL(number string) (template.URL, error) {
	digits := strings.ReplaceAll(number, " ", "")
	if digits == "" || strings.Trim(digits, "+0123456789") != "" || strings.LastIndex(digits, "+") > 0 {
		return "", errorString("not a phone number: " + quote(number))
	}
	return template.URL("tel:" + digits), nil
}

// sharedFragments holds the output of the templates that `shared`
// inserts, each made once per build and page template. Pages render
// concurrently: the first to ask for a fragment makes it (two may, the
// same), outside the lock, since a fragment may insert another.
type sharedFragments struct {
	mu        sync.Mutex
	data      *SiteData
	templates map[string]*pageTemplate
	out       map[[2]string]template.HTML // by page template and name
	making    map[[2]string]int           // how many are making each
}

// reset forgets the last build's fragments.
func (s *sharedFragments) reset(data *SiteData, templates map[string]*pageTemplate) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data, s.templates = data, templates
	s.out, s.making = map[[2]string]template.HTML{}, map[[2]string]int{}
}

// get returns the fragment name of page's templates, making it if need be.
// Fragments that insert each other in a loop are an error: each level of
// the loop is one more maker of the same fragment, and there are never
// more makers than goroutines rendering pages.
func (s *sharedFragments) get(page, name string) (template.HTML, error) {
	key := [2]string{page, name}
	s.mu.Lock()
	h, ok := s.out[key]
	t := s.templates[page]
	if !ok {
		s.making[key]++
		defer func() { s.mu.Lock(); s.making[key]--; s.mu.Unlock() }()
	}
	loop := s.making[key] > runtime.GOMAXPROCS(0)+1
	s.mu.Unlock()
	switch {
	case ok:
		return h, nil
	case t == nil || t.Lookup(name) == nil:
		return "", errorString("no template " + quote(name) + " to share")
	case loop:
		return "", errorString("shared templates insert each other in a loop")
	}
	// Fragments are made once a build: minifying them whole costs
	// nothing, and takes out the spaces a template's own minifying must
	// leave next to its actions.
	var buf bytes.Buffer
	if _, err := t.execute(&buf, name, s.data, true); err != nil {
		return "", &fragmentError{err}
	}
	out, err := minifyHTML(buf.Bytes())
	if err != nil {
		return "", &fragmentError{err}
	}
	s.mu.Lock()
	s.out[key] = template.HTML(out)
	s.mu.Unlock()
	return template.HTML(out), nil
}

// fragmentError is a shared template's own error, which the page's error
// wraps: the build reports where the innermost fragment failed, not where
// the layout calls it.
type fragmentError struct{ err error }

func (e *fragmentError) Error() string { return e.err.Error() }

type errorString string

func (e errorString) Error() string { return string(e) }
