package linkcheck

import (
	"bytes"
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/liftwell/liftwell/internal/parallel"
)

// State is the link check of a site built more than once (serve): it
// keeps, for every page, what it found in it (its ids and links), its
// broken links, and which files those answers depend on, so that a
// rebuild checks again only
//
//   - the pages whose bytes changed;
//   - the pages with a link to a file that appeared or went away;
//   - the pages with a link to a #fragment of a page whose ids changed
//     (so a heading renamed is reported on every page that links to it).
//
// Its broken links are placed again on every check (place may answer
// differently: a link moved in its Markdown), so Check returns what the
// package's Check returns for the same files, error for error. The zero
// State is ready to use; a State is not for concurrent use.
type State struct {
	known   map[string]bool            // the files of the last check
	paths   []string                   // the same, sorted
	pages   []string                   // those of them whose links are checked
	scans   map[string]linkScan        // by page, HTML or feed
	pageIDs map[string]map[string]bool // the ids of each page, as in scans
	results map[string]linkResult      // by page
	exists  map[string]map[string]bool // file f -> pages whose answers depend on whether f or f+"/index.html" exists
	ids     map[string]map[string]bool // file -> pages whose answers depend on its ids
}

// linkScan is what scanning one page found.
type linkScan struct {
	data []byte
	ids  map[string]bool
	refs []string
}

// linkResult is the broken links of one page, and what they depend on.
type linkResult struct {
	broken []Broken
	exists []string // files the answers depend on, existing or not (each f, and f+"/index.html")
	ids    []string // files whose ids the answers depend on
}

// linked says whether a file is one whose links are checked.
func linked(p string) bool {
	return strings.HasSuffix(p, ".html") || p == "sitemap.xml" || p == "feed.xml"
}

// Check is the package's Check for a rebuild: it checks again only the
// pages whose answers could have changed since the last call.
func (s *State) Check(files map[string][]byte, base, origin string, place func(Broken) error) error {
	return s.CheckContext(context.Background(), files, base, origin, place)
}

// CheckContext is Check, stopped when ctx is cancelled while it scans the
// pages (the long part after an edit that changed every page): it then
// returns ctx's error, and the State is as it was before the call.
func (s *State) CheckContext(ctx context.Context, files map[string][]byte, base, origin string, place func(Broken) error) error {
	if s.known == nil {
		s.known, s.scans, s.results = map[string]bool{}, map[string]linkScan{}, map[string]linkResult{}
		s.exists, s.ids, s.pageIDs = map[string]map[string]bool{}, map[string]map[string]bool{}, map[string]map[string]bool{}
	}
	c := s.lists(files)
	s.scan(ctx, c)
	if err := ctx.Err(); err != nil {
		return err // nothing of the State was changed yet
	}
	recheck := s.affected(c)
	s.remember(c)
	return report(s.checkPages(c, recheck, base, origin), place)
}

// checkCall is what one call of CheckContext knows of the files.
type checkCall struct {
	files   map[string][]byte
	paths   []string // the files, sorted
	pages   []string // those of them whose links are checked
	sameSet bool     // the files are those of the last call
	scans   []linkScan
	fresh   []bool // pages[i] was scanned again: its bytes changed
}

// lists sorts the files and picks the pages. After most edits the files
// are the same set as last time: no file came or went, and the sorted
// lists are the last ones.
func (s *State) lists(files map[string][]byte) *checkCall {
	c := &checkCall{files: files, paths: s.paths, pages: s.pages}
	c.sameSet = len(s.paths) == len(files) && len(files) > 0
	for _, p := range s.paths {
		if _, ok := files[p]; !ok {
			c.sameSet = false
			break
		}
	}
	if !c.sameSet {
		c.paths, c.pages = slices.Sorted(maps.Keys(files)), nil
		for _, p := range c.paths {
			if linked(p) {
				c.pages = append(c.pages, p)
			}
		}
	}
	return c
}

// scan scans the pages whose bytes changed, in parallel, and takes the
// last scan of the others. It stops scanning when ctx is cancelled.
func (s *State) scan(ctx context.Context, c *checkCall) {
	c.scans = make([]linkScan, len(c.pages))
	c.fresh = make([]bool, len(c.pages))
	parallel.For(len(c.pages), func(i int) {
		p := c.pages[i]
		data := c.files[p]
		if prev, ok := s.scans[p]; ok && bytes.Equal(prev.data, data) {
			c.scans[i] = prev
			return
		}
		if ctx.Err() != nil {
			return
		}
		c.fresh[i] = true
		sc := linkScan{data: data}
		if strings.HasSuffix(p, ".html") {
			sc.ids, sc.refs = scanHTML(data)
		} else {
			sc.refs = scanXMLURLs(data)
		}
		c.scans[i] = sc
	})
}

// affected returns the pages to check again: those whose bytes changed,
// and those whose links depend on a file that came or went or on the ids
// of a page that changed. It reads the State as the last call left it.
func (s *State) affected(c *checkCall) map[string]bool {
	recheck := map[string]bool{}
	if !c.sameSet {
		for p := range s.known {
			if _, ok := c.files[p]; !ok { // gone
				dependents(recheck, s.exists, p)
				dependents(recheck, s.ids, p)
			}
		}
		for _, p := range c.paths {
			if !s.known[p] { // new
				dependents(recheck, s.exists, p)
				dependents(recheck, s.ids, p)
			}
		}
	}
	for i, p := range c.pages {
		if !c.fresh[i] {
			continue
		}
		recheck[p] = true
		if prev, ok := s.scans[p]; !ok || !maps.Equal(prev.ids, c.scans[i].ids) {
			dependents(recheck, s.ids, p)
		}
	}
	return recheck
}

// dependents adds to recheck the pages that index says depend on file.
func dependents(recheck map[string]bool, index map[string]map[string]bool, file string) {
	for p := range index[file] {
		recheck[p] = true
	}
	// A link to "dir" depends on whether "dir/index.html" exists too.
	if dir, ok := strings.CutSuffix(file, "/index.html"); ok {
		for p := range index[dir] {
			recheck[p] = true
		}
	}
}

// remember keeps the new scans and file lists, and forgets the pages that
// are gone.
func (s *State) remember(c *checkCall) {
	if !c.sameSet {
		for p := range s.scans {
			if _, ok := c.files[p]; !ok || !linked(p) {
				s.forget(p)
				delete(s.scans, p)
				delete(s.pageIDs, p)
			}
		}
	}
	for i, p := range c.pages {
		if c.fresh[i] {
			s.scans[p] = c.scans[i]
			s.pageIDs[p] = c.scans[i].ids
		}
	}
	if !c.sameSet {
		s.known = make(map[string]bool, len(c.files))
		for p := range c.files {
			s.known[p] = true
		}
		s.paths, s.pages = c.paths, c.pages
	}
}

// answer is what resolving one link found.
type answer struct {
	msg, file string
	fragment  bool
}

// checkPages checks the pages in recheck again, one by one, keeps their
// results, and returns the broken links of every page. Most links are
// root-relative and resolve the same from every page, so each is
// resolved once.
func (s *State) checkPages(c *checkCall, recheck map[string]bool, base, origin string) []Broken {
	rooted := map[string]answer{}
	var broken []Broken
	seenExists, seenIDs := map[string]bool{}, map[string]bool{}
	for _, p := range c.pages {
		if !recheck[p] {
			broken = append(broken, s.results[p].broken...)
			continue
		}
		var r linkResult
		pageURL := base + p
		clear(seenExists)
		clear(seenIDs)
		for _, ref := range s.scans[p].refs {
			raw := ref
			ref, res := strings.CutPrefix(ref, Resource)
			ref = strings.TrimPrefix(ref, origin)
			a, ok := rooted[raw]
			if !ok {
				if a.msg = foreignResource(ref, res); a.msg == "" {
					a.msg, a.file, a.fragment = resolveRef(c.files, s.pageIDs, base, pageURL, ref)
				}
				if strings.HasPrefix(ref, "/") {
					rooted[raw] = a
				}
			}
			if a.file != "" && !seenExists[a.file] {
				seenExists[a.file] = true
				r.exists = append(r.exists, a.file) // and file+"/index.html": see dependents
			}
			if a.fragment && !seenIDs[a.file] {
				seenIDs[a.file] = true
				r.ids = append(r.ids, a.file)
			}
			if a.msg != "" {
				r.broken = append(r.broken, Broken{Page: p, Ref: ref, Why: a.msg})
			}
		}
		s.setResult(p, r)
		broken = append(broken, r.broken...)
	}
	return broken
}

// setResult keeps page p's new result. Most pages checked again link to
// what they linked to before (a template edit changes every page, not its
// links): the indexes then stay as they are.
func (s *State) setResult(p string, r linkResult) {
	if prev, had := s.results[p]; !had || !slices.Equal(prev.exists, r.exists) || !slices.Equal(prev.ids, r.ids) {
		s.forget(p)
		for _, f := range r.exists {
			add(s.exists, f, p)
		}
		for _, f := range r.ids {
			add(s.ids, f, p)
		}
	}
	s.results[p] = r
}

// forget removes page p's result and its entries in the indexes.
func (s *State) forget(p string) {
	r, ok := s.results[p]
	if !ok {
		return
	}
	for _, f := range r.exists {
		delete(s.exists[f], p)
		if len(s.exists[f]) == 0 {
			delete(s.exists, f)
		}
	}
	for _, f := range r.ids {
		delete(s.ids[f], p)
		if len(s.ids[f]) == 0 {
			delete(s.ids, f)
		}
	}
	delete(s.results, p)
}

func add(index map[string]map[string]bool, file, page string) {
	m := index[file]
	if m == nil {
		m = map[string]bool{}
		index[file] = m
	}
	m[page] = true
}
