// Package content loads Liftwell's source content into typed values.
//
// The content directory holds:
//
//	articles/<slug>.md       YAML front matter between "---" lines, then Markdown
//	articles/<name>.svg      drawings the articles show, by bare file name
//	exercises/<slug>.yaml    one exercise, fields as in [Exercise]
//	exercises/<slug>.svg     its illustration
//
// Hidden files (.bridge.yaml.swp) and backups (bridge.yaml~), which
// editors leave beside the files, are passed over; anything else is an
// error.
//
// LoadDir reads it all, confined to the folder with an os.Root: only
// regular files inside it, each at most [MaxFileSize] (Load reads any
// fs.FS, for tests). Loading checks the content (unknown, missing,
// duplicate and mistyped fields, cross references, file names, UTF-8;
// drawings are rebuilt from an allowlist by package svg) and reports
// every problem at once as a [srcerr.List] of [srcerr.Error] values that name the file,
// line and column, with values from the files quoted short and escaped
// ([srcerr.Quote]), such as
//
//	content/exercises/bridge.yaml:7:1: unknown field "stpes" (did you mean "steps"?)
//
// Markdown bodies are parsed later, by the renderer.
package content

import (
	"bytes"
	"errors"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/liftwell/liftwell/internal/parallel"
	"github.com/liftwell/liftwell/internal/srcerr"
)

// Site is everything Load found.
type Site struct {
	Articles  []*Article        // by Order, then slug
	Exercises []*Exercise       // by name
	Images    map[string]*Image // by path below the content root: "articles/timeline.svg"

	indexOnce sync.Once // builds the two maps on the first lookup
	articles  map[string]*Article
	exercises map[string]*Exercise
}

// Article returns the article with the given slug, or nil. It is safe to
// call from several goroutines, once Articles and Exercises are final.
func (s *Site) Article(slug string) *Article {
	s.indexOnce.Do(s.index)
	return s.articles[slug]
}

// Exercise returns the exercise with the given slug, or nil, as Article.
func (s *Site) Exercise(slug string) *Exercise {
	s.indexOnce.Do(s.index)
	return s.exercises[slug]
}

// index maps slugs to pages, once; lookups by scanning would make the
// cross reference checks cost the square of the number of articles.
func (s *Site) index() {
	s.articles = make(map[string]*Article, len(s.Articles))
	for _, a := range s.Articles {
		s.articles[a.Slug] = a
	}
	s.exercises = make(map[string]*Exercise, len(s.Exercises))
	for _, e := range s.Exercises {
		s.exercises[e.Slug] = e
	}
}

// EditorFile reports whether a file is one an editor or the system keeps
// beside the content, which loading passes over (and serve's watcher
// starts no build for): a hidden file (.x.swp, .DS_Store) or a backup
// (bridge.yaml~). name is the file's base name.
func EditorFile(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~")
}

// IsSlug reports whether s is a slug: lowercase letters and digits in
// words joined by single hyphens (the regular expression
// ^[a-z0-9]+(-[a-z0-9]+)*$, written out: it runs once for every file of
// every load).
func IsSlug(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == '-' && s[i-1] != '-':
		default:
			return false
		}
	}
	return true
}

// Load reads the content in fsys. root is how errors name fsys's top
// ("content"), so that messages point at real paths.
//
// Files are read and checked on GOMAXPROCS goroutines, so fsys must allow
// concurrent reads (os.DirFS and fstest.MapFS do). The result does not
// depend on it: errors come by directory, then by file as fs.ReadDir
// lists them, then in the order each file's checks found them.
func Load(fsys fs.FS, root string) (*Site, error) {
	return load(fsys, root, nil)
}

// A Loader loads the same content again and again, as serve does after
// every save, reading and checking again only the files that changed:
// those named to [Loader.Changed] (the watcher's events), and those whose
// size or modification time is not what it was. What it found in the
// other files it takes from the last load; the merge that follows (slugs,
// order, cross references) runs over every file as [Load]'s does, so that
// a Loader returns what Load would, errors included. The articles and
// exercises of unchanged files are the same values as in the last Site:
// callers may tell an unchanged page by its pointer.
//
// A Loader is not safe for concurrent use.
type Loader struct {
	files map[string]cachedFile // by name in fsys: "articles/bridge.md"
	dirty map[string]bool       // named to Changed since the last load
	root  string                // the root of the last load

	// With a watcher (Watched): each directory's entries at the last
	// load, and whether that load saw everything, so that the next one
	// may trust Changed alone.
	watched bool
	trusted bool
	dirs    map[string][]fs.DirEntry

	bufs map[string]*dirBuffers // by directory
}

// dirBuffers are the slices loading a directory fills, one element a
// file, kept for the next load of it.
type dirBuffers struct {
	files  []loaded
	stats  []*cachedFile
	reused []bool
}

// buffers returns the directory name's slices for this load.
func (c *Loader) buffers(name string) *dirBuffers {
	if c.bufs == nil {
		c.bufs = map[string]*dirBuffers{}
	}
	if c.bufs[name] == nil {
		c.bufs[name] = &dirBuffers{}
	}
	return c.bufs[name]
}

// Watched tells the Loader that from now on [Loader.Changed] hears of
// every change below the root, as a watcher's events do. A load then
// reads a directory's listing, and a file's size and time, only for what
// Changed named (a file, its directory or the root), so that its cost
// follows the edit rather than the number of files. The first load after
// Watched still looks at every file, for what changed before the watcher
// started; a watcher that lost events (an overflow) names the root, and
// the next load looks at everything again.
func (c *Loader) Watched() { c.watched = true }

// cachedFile is what loading one file found, with the size and
// modification time it had when it was read.
type cachedFile struct {
	set  bool // a file the directory loads
	size int64
	mod  time.Time
	f    loaded
}

// Changed says that the files at paths (as the watcher names them: the
// root the content was loaded from, joined with the name in it) may have
// changed, whatever their size and time say. Paths outside the root are
// ignored; a directory's path marks every file in it.
func (c *Loader) Changed(paths ...string) {
	if c.dirty == nil {
		c.dirty = map[string]bool{}
	}
	root, err := filepath.Abs(c.root)
	if err != nil {
		return
	}
	root = filepath.ToSlash(root)
	for _, p := range paths {
		if abs, err := filepath.Abs(p); err == nil {
			p = filepath.ToSlash(abs)
		}
		if rest, ok := strings.CutPrefix(p, root+"/"); ok && c.root != "" {
			c.dirty[rest] = true
		} else if p == root {
			c.dirty[""] = true
		}
	}
}

// Load loads the content in fsys as [Load] does, reusing what it found in
// the files that did not change since the last call.
func (c *Loader) Load(fsys fs.FS, root string) (*Site, error) {
	if c.files == nil || root != c.root {
		c.files = map[string]cachedFile{}
	}
	if c.dirs == nil || root != c.root {
		c.dirs = map[string][]fs.DirEntry{}
	}
	c.root = root
	site, err := load(fsys, root, c)
	c.dirty = nil
	c.trusted = c.watched
	return site, err
}

// readDir lists the directory name as fs.ReadDir does. With a trusted
// watcher it takes the last listing, and looks again only at the
// entries named to Changed: each is read with Lstat, and put in, replaced
// or taken out, in name order as fs.ReadDir gives it.
//
// It says whether it read the whole listing (fresh).
func (c *Loader) readDir(fsys fs.FS, name string) (entries []fs.DirEntry, fresh bool, err error) {
	prev, ok := c.dirs[name]
	if !c.trusted || !ok || c.dirty[""] || c.dirty[name] {
		entries, err := fs.ReadDir(fsys, name)
		if err != nil {
			delete(c.dirs, name)
			return nil, true, err
		}
		c.dirs[name] = entries
		return entries, true, nil
	}
	var names []string
	for p := range c.dirty {
		if path.Dir(p) == name {
			names = append(names, path.Base(p))
		}
	}
	if len(names) == 0 {
		return prev, false, nil
	}
	entries = slices.Clone(prev)
	for _, n := range names {
		i, found := slices.BinarySearchFunc(entries, n, func(e fs.DirEntry, n string) int { return strings.Compare(e.Name(), n) })
		info, err := fs.Lstat(fsys, name+"/"+n)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if found {
				entries = slices.Delete(entries, i, i+1)
			}
		case err != nil:
			c.trusted = false
			return c.readDir(fsys, name)
		case found:
			entries[i] = fs.FileInfoToDirEntry(info)
		default:
			entries = slices.Insert(entries, i, fs.FileInfoToDirEntry(info))
		}
	}
	c.dirs[name] = entries
	return entries, false, nil
}

// LoadDir is [LoadDir] with the Loader's memory of the last load.
func (c *Loader) LoadDir(dir string) (*Site, error) {
	fsys, closeDir, err := openContentDir(dir)
	if err != nil {
		return nil, err
	}
	defer closeDir()
	return c.Load(fsys, dir)
}

// reuse returns what the last load found in the file name, if the file
// did not change since.
func (c *Loader) reuse(name string, e fs.DirEntry) (loaded, bool) {
	prev, ok := c.files[name]
	if !ok || c.dirty[name] || c.dirty[path.Dir(name)] || c.dirty[""] {
		return loaded{}, false
	}
	if c.trusted {
		return prev.f, true // Changed did not name it: the watcher saw no change
	}
	info, err := e.Info()
	if err != nil || info.Size() != prev.size || !info.ModTime().Equal(prev.mod) {
		return loaded{}, false
	}
	return prev.f, true
}

// update keeps what loading the directory name found: the files read
// again (stats), and not those reused, which are as they were. The files
// that are gone are forgotten: any of the directory's when its whole
// listing was read again (fresh), else only those Changed named.
func (c *Loader) update(name string, entries []fs.DirEntry, fresh bool, stats []*cachedFile, reused []bool) {
	if fresh {
		keep := make(map[string]bool, len(entries))
		for i, e := range entries {
			if stats[i] != nil || reused[i] {
				keep[name+"/"+e.Name()] = true
			}
		}
		for f := range c.files {
			if path.Dir(f) == name && !keep[f] {
				delete(c.files, f)
			}
		}
	} else {
		for f := range c.dirty {
			if path.Dir(f) == name {
				delete(c.files, f)
			}
		}
	}
	for i, e := range entries {
		if stats[i] != nil {
			c.files[name+"/"+e.Name()] = *stats[i]
		}
	}
}

func load(fsys fs.FS, root string, cache *Loader) (*Site, error) {
	l := &loader{fsys: fsys, root: root, site: &Site{Images: map[string]*Image{}}, cache: cache}
	if r := path.Clean(root); r != "." {
		l.rootPrefix = strings.TrimSuffix(r, "/") + "/"
	}
	l.dir("articles", map[string]loadFunc{".md": article, ".markdown": article})
	l.dir("exercises", map[string]loadFunc{".yaml": exercise, ".yml": exercise})
	if l.errs.Err() != nil {
		return nil, l.errs
	}
	sort.SliceStable(l.site.Articles, func(i, j int) bool {
		a, b := l.site.Articles[i], l.site.Articles[j]
		return a.Order < b.Order || a.Order == b.Order && a.Slug < b.Slug
	})
	sort.Slice(l.site.Exercises, func(i, j int) bool { return l.site.Exercises[i].Name < l.site.Exercises[j].Name })
	l.site.index()
	l.crossReferences()
	if l.errs.Err() != nil {
		return nil, l.errs
	}
	return l.site, nil
}

type loader struct {
	fsys       fs.FS
	root       string
	rootPrefix string
	site       *Site
	errs       srcerr.List
	slugs      map[string]string // "articles/bridge" -> the file that took it
	pos        map[any]Positions
	cache      *Loader // nil for a one-off load
}

// path names the file name of the content as errors do: path.Join(root,
// name), with the root's part made once per load.
func (l *loader) path(name string) string { return l.rootPrefix + name }

// dir loads every file of a directory, by extension; .svg files are images.
//
// The files are read, decoded and checked in parallel, each into its own
// [loaded], then merged one by one in directory order, so that the Site
// and the errors are the same whatever order the goroutines ran in.
// Slugs are claimed in the merge, which therefore drops what a duplicate's
// loader found.
func (l *loader) dir(name string, loaders map[string]loadFunc) {
	if info, err := fs.Lstat(l.fsys, name); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		l.errs.AddAt(l.path(name), 0, 0, "a symbolic link: content must be regular files inside the content folder")
		return
	}
	var entries []fs.DirEntry
	var err error
	fresh := true
	if l.cache != nil {
		entries, fresh, err = l.cache.readDir(l.fsys, name)
	} else {
		entries, err = fs.ReadDir(l.fsys, name)
	}
	if err != nil {
		l.errs.AddAt(l.path(name), 0, 0, "cannot read directory: "+unwrapPathError(err))
		return
	}
	var files []loaded
	var stats []*cachedFile // with a cache: the size and time of each file read
	var reused []bool
	if l.cache != nil {
		b := l.cache.buffers(name)
		files, stats, reused = parallel.Reuse(&b.files, len(entries)), parallel.Reuse(&b.stats, len(entries)), parallel.Reuse(&b.reused, len(entries))
	} else {
		files = make([]loaded, len(entries))
	}
	parallel.For(len(entries), func(i int) {
		e := entries[i]
		if e.IsDir() || EditorFile(e.Name()) {
			return
		}
		ext := path.Ext(e.Name())
		load, ok := loaders[ext]
		if !ok && ext != ".svg" {
			return
		}
		file := name + "/" + e.Name()
		if l.cache == nil {
			files[i] = l.loadFile(file, ext, load)
			return
		}
		if f, ok := l.cache.reuse(file, e); ok {
			files[i], reused[i] = f, true
			return
		}
		// The size and time are taken before the file is read: a write
		// that lands between the two makes the next load read it again.
		st := &cachedFile{set: true, size: -1} // read again next time if it has no size
		if info, err := e.Info(); err == nil {
			st.size, st.mod = info.Size(), info.ModTime()
		}
		files[i] = l.loadFile(file, ext, load)
		st.f, stats[i] = files[i], st
	})
	if l.cache != nil {
		l.cache.update(name, entries, fresh, stats, reused)
	}
	for i, e := range entries {
		file := name + "/" + e.Name()
		p := l.path(file)
		if e.IsDir() || EditorFile(e.Name()) {
			continue
		}
		ext := path.Ext(e.Name())
		if _, ok := loaders[ext]; !ok && ext != ".svg" {
			l.errs.AddAt(p, 0, 0, "unexpected file: want "+strings.Join(slices.Sorted(maps.Keys(loaders)), ", ")+" or .svg")
			continue
		}
		f := &files[i]
		l.errs = append(l.errs, f.errs...)
		if !f.valid {
			continue
		}
		if ext == ".svg" {
			if name := strings.TrimSuffix(e.Name(), ext); !IsSlug(name) {
				// Its name is part of its URL, where "#" or "?" would cut it.
				l.errs.AddAt(p, 0, 0, "file name "+srcerr.Quote(name)+" is not a slug: a drawing's name is part of its URL, so use lowercase letters, digits and single hyphens")
				continue
			}
			if f.img != nil {
				l.site.Images[file] = f.img
			}
			continue
		}
		slug := strings.TrimSuffix(e.Name(), ext)
		if !IsSlug(slug) {
			l.errs.AddAt(p, 0, 0, "file name "+srcerr.Quote(slug)+" is not a slug: use lowercase letters, digits and single hyphens")
			continue
		}
		if l.slugs == nil {
			l.slugs = make(map[string]string, len(entries))
		}
		if prev, dup := l.slugs[name+"/"+slug]; dup {
			l.errs.AddAt(p, 0, 0, "duplicate slug "+srcerr.Quote(slug)+": "+prev+" has it too")
			continue
		}
		l.slugs[name+"/"+slug] = p
		l.errs = append(l.errs, f.pageErrs...)
		switch v := f.page.(type) {
		case *Article:
			l.site.Articles = append(l.site.Articles, v)
		case *Exercise:
			l.site.Exercises = append(l.site.Exercises, v)
		default: // an article without front matter
			continue
		}
		l.keep(f.page, f.pos)
	}
}

// A loadFunc decodes and checks one page, adding its problems to errs.
// It returns an *Article or an *Exercise and the positions of its fields.
type loadFunc func(p, slug string, src []byte, errs *srcerr.List) (page any, pos Positions)

// loaded is what loading one file of a directory found, kept apart from
// the other files' so that they can be loaded in parallel.
type loaded struct {
	errs  srcerr.List // reading it, its UTF-8 and, for a drawing, its SVG
	valid bool        // read and valid UTF-8
	img   *Image      // a drawing without problems

	// For a page whose file name is a slug: what load returned, and the
	// problems it found, reported only if no other file has the slug.
	page     any
	pos      Positions
	pageErrs srcerr.List
}

// loadFile reads the file named name in l.fsys and checks it: as a drawing
// if ext is ".svg", else with load if its name is a slug. It touches
// nothing shared, so that files can be loaded in parallel.
func (l *loader) loadFile(name, ext string, load loadFunc) loaded {
	var f loaded
	p := l.path(name)
	src, msg := readFile(l.fsys, name)
	if msg != "" {
		f.errs.AddAt(p, 0, 0, msg)
		return f
	}
	if !validUTF8(p, src, &f.errs) {
		return f
	}
	f.valid = true
	if ext == ".svg" {
		f.img = checkSVG(p, src, &f.errs)
		return f
	}
	if slug := strings.TrimSuffix(path.Base(name), ext); IsSlug(slug) {
		f.page, f.pos = load(p, slug, src, &f.pageErrs)
	}
	return f
}

// validUTF8 reports whether src is valid UTF-8, adding an error at the
// first bad byte to errs if it is not.
func validUTF8(p string, src []byte, errs *srcerr.List) bool {
	if utf8.Valid(src) {
		return true
	}
	off := 0
	for off < len(src) {
		r, size := utf8.DecodeRune(src[off:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		off += size
	}
	line, col := srcerr.LineCol(src, off)
	errs.AddAt(p, line, col, "invalid UTF-8")
	return false
}

var frontMatterEnd = []byte("\n---\n")

// Length limits, in characters, of the fields that every page repeats
// (the footer lists the first articles by their short title; the title,
// description and summary go into meta tags, the feed and lists): one
// long field would otherwise be copied into every page of the site.
const (
	MaxTitle       = 100
	MaxShort       = 40
	MaxDescription = 300
	// MaxBody is the most bytes an article's Markdown may have: some
	// twenty times the longest article.
	MaxBody = 256 << 10
)

// checkLength adds an error at field when value is longer than max
// characters.
func checkLength(p string, pos Positions, field, value string, max int, errs *srcerr.List) {
	if n := utf8.RuneCountInString(value); n > max {
		line, col := pos.At(field)
		errs.AddAt(p, line, col, "field "+srcerr.Quote(field)+" is "+strconv.Itoa(n)+" characters long: at most "+strconv.Itoa(max))
	}
}

// article decodes and checks an article. It is a [loadFunc].
func article(p, slug string, src []byte, errs *srcerr.List) (any, Positions) {
	// A byte order mark, which some editors write, is not part of the
	// "---" line. Columns on the first line count from after it.
	src = normalizeNewlines(bytes.TrimPrefix(src, []byte("\ufeff")))
	if !bytes.HasSuffix(src, []byte("\n")) {
		src = append(src, '\n') // a closing "---" may end the file
	}
	if !bytes.HasPrefix(src, []byte("---\n")) {
		errs.AddAt(p, 1, 1, `missing front matter: the file must start with a line "---"`)
		return nil, nil
	}
	end := bytes.Index(src[3:], frontMatterEnd)
	if end < 0 {
		errs.AddAt(p, 1, 1, `front matter is not closed: add a line "---" after it`)
		return nil, nil
	}
	end += 3
	a := &Article{Slug: slug, Path: p}
	before := len(*errs)
	pos := decodeYAML(p, src[4:end+1], 1, a, errs)
	if len(*errs) == before {
		if _, err := time.Parse("2006-01-02", a.Updated); err != nil {
			line, col := pos.At("updated")
			errs.AddAt(p, line, col, `field "updated": want a date as YYYY-MM-DD, got `+srcerr.Quote(a.Updated))
		}
	}
	if len(*errs) == before {
		checkLength(p, pos, "title", a.Title, MaxTitle, errs)
		checkLength(p, pos, "short", a.Short, MaxShort, errs)
		checkLength(p, pos, "description", a.Description, MaxDescription, errs)
	}
	bodyStart := end + len(frontMatterEnd)
	a.Body = src[bodyStart:]
	a.BodyLine, _ = srcerr.LineCol(src, bodyStart)
	if len(a.Body) > MaxBody {
		errs.AddAt(p, a.BodyLine, 1, "the article's text is "+strconv.Itoa(len(a.Body))+" bytes, more than the "+strconv.Itoa(MaxBody)+" an article may have: split it")
	}
	if a.Short == "" {
		a.Short = a.Title
	}
	return a, pos
}

// exercise decodes and checks an exercise. It is a [loadFunc].
func exercise(p, slug string, src []byte, errs *srcerr.List) (any, Positions) {
	e := &Exercise{Slug: slug, Path: p}
	before := len(*errs)
	pos := decodeYAML(p, normalizeNewlines(src), 0, e, errs)
	if len(*errs) == before {
		checkLength(p, pos, "name", e.Name, MaxTitle, errs)
		checkLength(p, pos, "summary", e.Summary, MaxDescription, errs)
	}
	if len(*errs) == before && !contains(Purposes, e.Purpose) {
		line, col := pos.At("purpose")
		errs.AddAt(p, line, col, `field "purpose": `+srcerr.Quote(e.Purpose)+" is not one of "+strings.Join(Purposes, ", "))
	}
	return e, pos
}

// normalizeNewlines turns CRLF and lone CR line ends into LF. YAML and
// Markdown both take a lone CR for a line end; counting lines by LF alone
// would then place errors on the wrong line.
func normalizeNewlines(src []byte) []byte {
	if bytes.IndexByte(src, '\r') < 0 {
		return src // most files: no copy
	}
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
}

func (l *loader) keep(v any, pos Positions) {
	if l.pos == nil {
		l.pos = map[any]Positions{}
	}
	l.pos[v] = pos
}

// crossReferences checks that every slug named in a field exists.
func (l *loader) crossReferences() {
	for _, a := range l.site.Articles {
		for i, slug := range a.Exercises {
			l.ref(a, a.Path, "exercises", i, slug, l.site.Exercise(slug) != nil, "exercise")
		}
		for i, slug := range a.Related {
			l.ref(a, a.Path, "related", i, slug, l.site.Article(slug) != nil, "article")
		}
	}
	for _, e := range l.site.Exercises {
		for i, slug := range e.Related {
			l.ref(e, e.Path, "related", i, slug, l.site.Exercise(slug) != nil, "exercise")
		}
		name := e.Illustration.File
		file := "exercises/" + name
		switch _, ok := l.site.Images[file]; {
		case name == "":
		case strings.ContainsAny(name, `/\`):
			// The site looks drawings up by "exercises/" + name: a path
			// would name a file outside the folder, or none.
			line, col := l.pos[e].At("illustration.file")
			l.errs.AddAt(e.Path, line, col, `field "illustration.file": name the SVG file alone, without a folder: it must be beside the YAML file`)
		case !ok:
			line, col := l.pos[e].At("illustration.file")
			l.errs.AddAt(e.Path, line, col, `field "illustration.file": no SVG file `+srcerr.Quote(path.Join(l.root, file)))
		}
	}
}

func (l *loader) ref(v any, p, field string, i int, slug string, ok bool, kind string) {
	if ok {
		return
	}
	key := field + "[" + strconv.Itoa(i) + "]"
	line, col := l.pos[v].At(key)
	l.errs.AddAt(p, line, col, "field "+srcerr.Quote(field)+": no "+kind+" "+srcerr.Quote(slug))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// unwrapPathError drops the path an fs error repeats, since ours names it.
func unwrapPathError(err error) string {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}
