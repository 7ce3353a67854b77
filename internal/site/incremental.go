package site

// Incremental rebuilds: what a Builder that builds more than once (serve's)
// keeps from one build to the next, so that a rebuild costs what the edit
// changed. See "Rebuilds" in the package documentation.

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"text/template/parse"

	"github.com/liftwell/liftwell/internal/content"
	"github.com/liftwell/liftwell/internal/linkcheck"
	"github.com/liftwell/liftwell/internal/srcerr"
	"github.com/liftwell/liftwell/internal/wasmbuild"
)

// incremental is what a Builder keeps between builds when it is not a
// one-off (Config.Once).
type incremental struct {
	loader content.Loader

	// pages are the last build's pages, by output path, with what each
	// was made from.
	pages map[string]pageRecord
	// lists are the site-wide lists of the last build, and a version for
	// each that grows whenever the list changes.
	lists    *SiteData
	versions [numLists]int

	// Generated files, kept with what they were made from.
	pageLinks map[string][]sourceLink // the links written in Markdown, by page

	feedItems    []feedItem
	feed         []byte
	sitemapItems []string
	sitemap      []byte
	minified     map[string][2][]byte // by path: input, output
	revisions    map[string]revision  // by path
	links        linkcheck.State
	paths        [2][]string // the sorted paths of two sets of files (sortedPaths)
	sources      watchedSources
	hashed       map[string]hashedAsset // assets' hashed names (hashedName)

	// renderPages' slices, used again by the next build (see reuse).
	results []rendered
	records []pageRecord
	reused  []bool
}

// sortedPaths is b.files.Paths(): with a Builder that builds again, the
// last build's list when the set of paths is the same (as after most
// edits), which saves sorting thousands of paths at every stage that
// lists them. The list must not be changed.
func (b *Builder) sortedPaths() []string {
	if b.inc == nil {
		return b.files.Paths()
	}
	for i, paths := range b.inc.paths {
		if samePaths(paths, b.files) {
			b.inc.paths[0], b.inc.paths[1] = paths, b.inc.paths[1-i]
			return paths
		}
	}
	paths := b.files.Paths()
	b.inc.paths[0], b.inc.paths[1] = paths, b.inc.paths[0]
	return paths
}

// samePaths says whether paths lists every file of files, and only them.
func samePaths(paths []string, files Files) bool {
	if paths == nil || len(paths) != len(files) {
		return false
	}
	for _, p := range paths {
		if _, ok := files[p]; !ok {
			return false
		}
	}
	return true
}

func newIncremental() *incremental {
	return &incremental{pages: map[string]pageRecord{}, minified: map[string][2][]byte{}, revisions: map[string]revision{}}
}

// watchedSources is what a Builder told of every change (Watched) keeps
// of the templates folder and the module: what it read, until an event
// names something there.
type watchedSources struct {
	on          bool
	templates   string                   // the templates folder, absolute
	moduleDirs  []string                 // the module's source folders, absolute
	files       map[string][]byte        // templates' files read, by name in the folder
	dirs        map[string][]fs.DirEntry // templates' folders listed
	moduleDirty bool                     // an event named a module source since the module was checked
}

// inside says whether the absolute path p is dir or below it.
func inside(p, dir string) bool {
	return p == dir || strings.HasPrefix(p, dir+string(filepath.Separator))
}

// changed forgets what it kept of the folders that paths are in. A path
// that is a parent of a folder (it was replaced whole) counts too.
func (w *watchedSources) changed(paths []string) {
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			w.files, w.dirs, w.moduleDirty = nil, nil, true
			return
		}
		if inside(abs, w.templates) || inside(w.templates, abs) {
			w.files, w.dirs = nil, nil
		}
		for _, d := range w.moduleDirs {
			if inside(abs, d) || inside(d, abs) {
				w.moduleDirty = true
			}
		}
	}
}

// readTemplate reads the file name of the templates (a path in the
// folder: "static/site.css"), as content is read: once, with a watcher.
func (b *Builder) readTemplate(name string) ([]byte, error) {
	w := b.watched()
	if w != nil && w.files[name] != nil {
		return w.files[name], nil
	}
	data, err := content.ReadFile(b.tmpl, name, "templates")
	if err != nil {
		return nil, &srcerr.Error{Path: filepath.Join(b.cfg.Templates, filepath.FromSlash(name)), Msg: err.Error()}
	}
	if w != nil {
		if w.files == nil {
			w.files = map[string][]byte{}
		}
		w.files[name] = data
	}
	return data, nil
}

// readTemplateDir lists the folder dir of the templates ("." or
// "static"), as content.ReadDir does: once, with a watcher.
func (b *Builder) readTemplateDir(dir string) ([]fs.DirEntry, error) {
	w := b.watched()
	if w != nil && w.dirs[dir] != nil {
		return w.dirs[dir], nil
	}
	entries, err := content.ReadDir(b.tmpl, dir, "templates")
	if err == nil && w != nil {
		if w.dirs == nil {
			w.dirs = map[string][]fs.DirEntry{}
		}
		w.dirs[dir] = entries
	}
	return entries, err
}

// watched is what the Builder keeps of its sources under a watcher, or
// nil when nothing tells it of every change.
func (b *Builder) watched() *watchedSources {
	if b.inc == nil || !b.inc.sources.on {
		return nil
	}
	return &b.inc.sources
}

// Changed tells the Builder that the files at paths (the watcher's
// events) may have changed, whatever their size and time say; the next
// Build reads them again. A one-off Builder ignores it.
func (b *Builder) Changed(paths ...string) {
	if b.inc != nil {
		b.inc.loader.Changed(paths...)
		b.inc.sources.changed(paths)
	}
}

// Watched tells the Builder that from now on Changed hears of every
// change to the content, as serve's watcher does, so that a rebuild
// looks only at the files it names (see content.Loader.Watched). A
// one-off Builder ignores it.
func (b *Builder) Watched() {
	if b.inc == nil {
		return
	}
	b.inc.loader.Watched()
	// Templates, static files and the module's sources are read again
	// at the next build, for what changed before the watcher started,
	// and then only when an event names them.
	w := &b.inc.sources
	*w = watchedSources{on: true, moduleDirty: true}
	w.templates, _ = filepath.Abs(b.cfg.Templates)
	for _, d := range wasmbuild.SourceDirs(b.cfg.ModuleDir) {
		abs, _ := filepath.Abs(d)
		w.moduleDirs = append(w.moduleDirs, abs)
	}
}

// pageRecord is one page of the last build: what it was made from, and
// what rendering it produced.
type pageRecord struct {
	key     string         // the templates, the assets and the versions of the lists the page's templates read
	article *articleInputs // an article page's own inputs
	deps    []any          // another page's own inputs (pageDeps)
	r       rendered
}

func sameDeps(a, b []any) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if la, ok := a[i].([]Link); ok {
			if lb, ok := b[i].([]Link); !ok || !slices.Equal(la, lb) {
				return false
			}
		} else if !reflect.DeepEqual(a[i], b[i]) { // == panics on a slice or map
			return false
		}
	}
	return true
}

// pageDeps are the inputs of a page that is not an article: its Page
// whole, but for the list of the articles that use an exercise, which is
// long, and compared as it is.
func pageDeps(p Page) []any {
	if p.Exercise != nil {
		v := *p.Exercise
		p.Exercise = &v
		used := v.UsedIn
		v.UsedIn = nil
		return []any{pageFingerprint(p), used}
	}
	return []any{pageFingerprint(p)}
}

// The site-wide lists a page may show (see SiteData), as bits.
const (
	listArticles = iota
	listFooter
	listPurposes
	listExercises
	numLists
)

var listNames = map[string]int{"Articles": listArticles, "Footer": listFooter, "Purposes": listPurposes, "Exercises": listExercises}

// allLists is the mask of every list.
const allLists = 1<<numLists - 1

// updateLists compares the build's lists with the last build's and
// moves the version of each that changed.
func (inc *incremental) updateLists(d *SiteData) {
	prev := inc.lists
	if prev == nil {
		prev = &SiteData{}
		for i := range inc.versions {
			inc.versions[i]++
		}
	}
	if !slices.Equal(prev.Articles, d.Articles) {
		inc.versions[listArticles]++
	}
	if !slices.Equal(prev.Footer, d.Footer) {
		inc.versions[listFooter]++
	}
	if !slices.EqualFunc(prev.Purposes, d.Purposes, func(a, b PurposeGroup) bool {
		return a.Purpose == b.Purpose && a.Title == b.Title && slices.Equal(a.Exercises, b.Exercises)
	}) {
		inc.versions[listPurposes]++
	}
	if !slices.Equal(prev.Exercises, d.Exercises) {
		inc.versions[listExercises]++
	}
	inc.lists = d
}

// siteLists finds which of the site-wide lists the templates of a page
// set may read, from their parse trees, erring on the side of "all":
//
//   - a field chain through .Site (or $.Site, or $v.Site) reads the list
//     it names next; .Site alone, or followed by anything else, reads
//     them all;
//   - the templates that `shared` inserts, and those they call, run with
//     the lists as dot: a field chain there that starts with a list's
//     name reads it, and dot itself (or $) reads them all;
//   - a `shared` call whose name is not a constant string reads them all.
//
// Templates are checked whole, whichever parts run: a page whose template
// mentions a list is redrawn when the list changes.
func siteLists(t *template.Template) int {
	used := 0
	fragments := map[string]bool{}
	var calls func(name string)
	calls = func(name string) { // fragments and what they call
		if fragments[name] {
			return
		}
		fragments[name] = true
		if tt := t.Lookup(name); tt != nil && tt.Tree != nil {
			walkTree(tt.Tree.Root, func(n parse.Node) {
				if tn, ok := n.(*parse.TemplateNode); ok {
					calls(tn.Name)
				}
			})
		}
	}
	for _, tt := range t.Templates() {
		if tt.Tree == nil {
			continue
		}
		walkTree(tt.Tree.Root, func(n parse.Node) {
			switch n := n.(type) {
			case *parse.CommandNode:
				if id, ok := n.Args[0].(*parse.IdentifierNode); ok && id.Ident == "shared" {
					if len(n.Args) == 2 {
						if s, ok := n.Args[1].(*parse.StringNode); ok {
							calls(s.Text)
							return
						}
					}
					used = allLists
				}
			case *parse.FieldNode:
				used |= siteChain(n.Ident)
			case *parse.VariableNode:
				used |= siteChain(n.Ident[1:])
			case *parse.ChainNode:
				used |= siteChain(n.Field)
			}
		})
	}
	for name := range fragments {
		tt := t.Lookup(name)
		if tt == nil || tt.Tree == nil {
			continue
		}
		walkTree(tt.Tree.Root, func(n parse.Node) {
			switch n := n.(type) {
			case *parse.DotNode:
				used = allLists
			case *parse.FieldNode:
				if i, ok := listNames[n.Ident[0]]; ok {
					used |= 1 << i
				}
			case *parse.VariableNode:
				if len(n.Ident) == 1 && n.Ident[0] == "$" {
					used = allLists
				} else if len(n.Ident) > 1 {
					if i, ok := listNames[n.Ident[1]]; ok {
						used |= 1 << i
					}
				}
			}
		})
	}
	return used
}

// siteChain returns the lists a field chain reads through a field "Site".
func siteChain(ident []string) int {
	used := 0
	for i, id := range ident {
		if id != "Site" {
			continue
		}
		if i+1 == len(ident) {
			return allLists
		}
		l, ok := listNames[ident[i+1]]
		if !ok {
			return allLists
		}
		used |= 1 << l
	}
	return used
}

// walkTree calls f on every node under n.
func walkTree(n parse.Node, f func(parse.Node)) {
	if n == nil || reflect.ValueOf(n).IsNil() {
		return
	}
	f(n)
	switch n := n.(type) {
	case *parse.ListNode:
		for _, c := range n.Nodes {
			walkTree(c, f)
		}
	case *parse.ActionNode:
		walkTree(n.Pipe, f)
	case *parse.PipeNode:
		for _, v := range n.Decl {
			walkTree(v, f)
		}
		for _, c := range n.Cmds {
			walkTree(c, f)
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			walkTree(a, f)
		}
	case *parse.ChainNode:
		walkTree(n.Node, f)
	case *parse.IfNode:
		walkBranch(&n.BranchNode, f)
	case *parse.RangeNode:
		walkBranch(&n.BranchNode, f)
	case *parse.WithNode:
		walkBranch(&n.BranchNode, f)
	case *parse.TemplateNode:
		walkTree(n.Pipe, f)
	}
}

func walkBranch(n *parse.BranchNode, f func(parse.Node)) {
	walkTree(n.Pipe, f)
	walkTree(n.List, f)
	walkTree(n.ElseList, f)
}

// pageKeys returns, for each page template, the key its pages are
// redrawn on: the templates, every asset's URL, and the versions of the
// lists the template set reads.
func (b *Builder) pageKeys() map[string]string {
	var assets strings.Builder
	names := make([]string, 0, len(b.assets))
	for n := range b.assets {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		assets.WriteString(n + "=" + b.assets[n] + "\x00")
	}
	keys := map[string]string{}
	for name, t := range b.cache.templates {
		k := t.key + "\x00" + assets.String()
		for l := 0; l < numLists; l++ {
			if t.lists&(1<<l) != 0 {
				k += "\x00" + strconv.Itoa(b.inc.versions[l])
			} else {
				k += "\x00-"
			}
		}
		keys[strings.TrimSuffix(name, ".html")] = k
	}
	return keys
}

// fingerprint writes v to w in full, for comparing the inputs of the few
// pages that are not articles from one build to the next. Page.Site must
// be nil (the lists are compared by version).
func fingerprint(w *bytes.Buffer, v reflect.Value) {
	switch v.Kind() {
	case reflect.Invalid:
		w.WriteString("<nil>")
	case reflect.String:
		w.WriteString(strconv.Itoa(v.Len()))
		w.WriteByte(':')
		w.WriteString(v.String())
	case reflect.Bool:
		w.WriteString(strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		w.WriteString(strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		w.WriteString(strconv.FormatUint(v.Uint(), 10))
	case reflect.Float32, reflect.Float64:
		w.WriteString(strconv.FormatFloat(v.Float(), 'g', -1, 64))
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			w.WriteString("nil")
			return
		}
		w.WriteString("[" + strconv.Itoa(v.Len()))
		for i := 0; i < v.Len(); i++ {
			w.WriteByte(',')
			fingerprint(w, v.Index(i))
		}
		w.WriteByte(']')
	case reflect.Map:
		if v.IsNil() {
			w.WriteString("nil")
			return
		}
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		w.WriteString("{" + strconv.Itoa(len(keys)))
		for _, k := range keys {
			w.WriteByte(',')
			fingerprint(w, k)
			w.WriteByte(':')
			fingerprint(w, v.MapIndex(k))
		}
		w.WriteByte('}')
	case reflect.Struct:
		if v.Type() == linkType { // most of what pages list: no type name
			// By field, not by Interface, which panics on a value reached
			// through an unexported field.
			for i := range v.NumField() {
				fingerprint(w, v.Field(i))
			}
			return
		}
		w.WriteString(v.Type().String())
		w.WriteByte('{')
		for i := 0; i < v.NumField(); i++ {
			w.WriteByte(',')
			fingerprint(w, v.Field(i))
		}
		w.WriteByte('}')
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			w.WriteString("nil")
			return
		}
		if v.Kind() == reflect.Interface {
			w.WriteString(v.Elem().Type().String())
		}
		w.WriteByte('&')
		fingerprint(w, v.Elem())
	default:
		// Functions and channels have no value to compare: such a page
		// is never taken from the last build.
		w.WriteString("never" + strconv.FormatInt(never.Add(1), 10))
	}
}

var never atomic.Int64

var linkType = reflect.TypeFor[Link]()

// pageFingerprint is the fingerprint of p's own inputs.
func pageFingerprint(p Page) string {
	// The lists are compared by version; the checker's tables and its
	// highlighted rules come from the Config, which does not change
	// during a Builder's life.
	p.Site, p.Checker, p.RulesHTML = nil, nil, ""
	var w bytes.Buffer
	fingerprint(&w, reflect.ValueOf(p))
	return w.String()
}
