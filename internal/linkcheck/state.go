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
	// After most edits the files are the same set as last time: no file
	// came or went, and the sorted lists are the last ones.
	sameSet := len(s.paths) == len(files) && len(files) > 0
	for _, p := range s.paths {
		if _, ok := files[p]; !ok {
			sameSet = false
			break
		}
	}
	paths, pages := s.paths, s.pages
	if !sameSet {
		paths, pages = slices.Sorted(maps.Keys(files)), nil
		for _, p := range paths {
			if linked(p) {
				pages = append(pages, p)
			}
		}
	}
	// Scan the pages whose bytes changed.
	scans := make([]linkScan, len(pages))
	fresh := make([]bool, len(pages))
	parallel.For(len(pages), func(i int) {
		p := pages[i]
		data := files[p]
		if prev, ok := s.scans[p]; ok && bytes.Equal(prev.data, data) {
			scans[i] = prev
			return
		}
		if ctx.Err() != nil {
			return
		}
		fresh[i] = true
		sc := linkScan{data: data}
		if strings.HasSuffix(p, ".html") {
			sc.ids, sc.refs = scanHTML(data)
		} else {
			sc.refs = scanXMLURLs(data)
		}
		scans[i] = sc
	})

	if err := ctx.Err(); err != nil {
		return err // nothing of the State was changed yet
	}
	// What changed for the pages that link to others.
	recheck := map[string]bool{}
	dependents := func(index map[string]map[string]bool, file string) {
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
	if !sameSet {
		for p := range s.known {
			if _, ok := files[p]; !ok { // gone
				dependents(s.exists, p)
				dependents(s.ids, p)
			}
		}
		for _, p := range paths {
			if !s.known[p] { // new
				dependents(s.exists, p)
				dependents(s.ids, p)
			}
		}
	}
	for i, p := range pages {
		if !fresh[i] {
			continue
		}
		recheck[p] = true
		if prev, ok := s.scans[p]; !ok || !maps.Equal(prev.ids, scans[i].ids) {
			dependents(s.ids, p)
		}
	}
	// Forget the pages that are gone.
	if !sameSet {
		for p := range s.scans {
			if _, ok := files[p]; !ok || !linked(p) {
				s.forget(p)
				delete(s.scans, p)
				delete(s.pageIDs, p)
			}
		}
	}
	for i, p := range pages {
		if fresh[i] {
			s.scans[p] = scans[i]
			s.pageIDs[p] = scans[i].ids
		}
	}
	if !sameSet {
		s.known = make(map[string]bool, len(files))
		for p := range files {
			s.known[p] = true
		}
		s.paths, s.pages = paths, pages
	}

	// Check the pages again, one by one: most links are root-relative and
	// resolve the same from every page, so each is resolved once.
	type answer struct {
		msg, file string
		fragment  bool
	}
	rooted := map[string]answer{}
	var broken []Broken
	seenExists, seenIDs := map[string]bool{}, map[string]bool{}
	for _, p := range pages {
		if !recheck[p] {
			broken = append(broken, s.results[p].broken...)
			continue
		}
		prev, had := s.results[p]
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
					a.msg, a.file, a.fragment = resolveRef(files, s.pageIDs, base, pageURL, ref)
				}
				if strings.HasPrefix(ref, "/") {
					rooted[raw] = a
				}
			}
			msg, file, fragment := a.msg, a.file, a.fragment
			if file != "" && !seenExists[file] {
				seenExists[file] = true
				r.exists = append(r.exists, file) // and file+"/index.html": see dependents
			}
			if fragment && !seenIDs[file] {
				seenIDs[file] = true
				r.ids = append(r.ids, file)
			}
			if msg != "" {
				r.broken = append(r.broken, Broken{Page: p, Ref: ref, Why: msg})
			}
		}
		// Most pages checked again link to what they linked to before (a
		// template edit changes every page, not its links): the indexes
		// then stay as they are.
		if !had || !slices.Equal(prev.exists, r.exists) || !slices.Equal(prev.ids, r.ids) {
			s.forget(p)
			for _, f := range r.exists {
				add(s.exists, f, p)
			}
			for _, f := range r.ids {
				add(s.ids, f, p)
			}
		}
		s.results[p] = r
		broken = append(broken, r.broken...)
	}
	return report(broken, place)
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
