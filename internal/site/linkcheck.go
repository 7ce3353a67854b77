package site

import (
	"bytes"
	"encoding/xml"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/liftwell/liftwell/internal/parallel"
	"github.com/liftwell/liftwell/internal/srcerr"
)

// checkLinks resolves every link, asset and #fragment in the HTML pages,
// every URL in the sitemap and feed, and every URL the web app manifest
// names, against the files of the build. A broken link written in
// Markdown is reported where it was written; others name the output file.
//
// A link written in a template is reported where it is written when it
// is a literal there (href="/x/" or {{url "/x/"}}); templateOf gives, for
// an output file, the template it was drawn from and those links.
func checkLinks(files Files, origin, base string, written []sourceLink, templateOf func(page string) *pageTemplate) error {
	paths := files.Paths()
	pageIDs := make([]map[string]bool, len(paths))
	pageRefs := make([][]string, len(paths))
	parallel.For(len(paths), func(i int) {
		switch p := paths[i]; {
		case strings.HasSuffix(p, ".html"):
			pageIDs[i], pageRefs[i] = scanHTML(files[p])
		case p == "sitemap.xml" || p == "feed.xml":
			pageRefs[i] = scanXMLURLs(files[p])
		}
	})
	ids := map[string]map[string]bool{}
	for i, p := range paths {
		ids[p] = pageIDs[i]
	}
	// A root-relative link resolves the same from every page: most links
	// are of that kind (menus, footers, assets), so resolve each once.
	rooted := map[string]string{}
	var errs srcerr.List
	for i, p := range paths {
		pageURL := base + p
		for _, ref := range pageRefs[i] {
			ref := strings.TrimPrefix(ref, origin)
			msg, ok := rooted[ref]
			if !ok {
				msg = resolve(files, ids, base, pageURL, ref)
				if strings.HasPrefix(ref, "/") {
					rooted[ref] = msg
				}
			}
			if msg != "" {
				errs.Add(linkError(p, ref, origin, msg, written, templateOf))
			}
		}
	}
	// In the order of the files and lines where the links are written.
	sort.SliceStable(errs, func(i, j int) bool {
		a, b := errs[i].(*srcerr.Error), errs[j].(*srcerr.Error)
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
	// A link written once in a template is on many pages: report it once.
	errs = slices.CompactFunc(errs, func(a, b error) bool { return a.Error() == b.Error() })
	return errs.Err()
}

// linkError places a broken link where it was written: in Markdown, or
// as a literal in a template. ref is the link as checked, without the
// site's own origin, which a link written in full
// ("https://user.github.io/nope/") has.
func linkError(page, ref, origin, msg string, written []sourceLink, templateOf func(string) *pageTemplate) error {
	for _, l := range written {
		if l.page == page && (l.href == ref || strings.TrimPrefix(l.href, origin) == ref) {
			return &srcerr.Error{Path: l.path, Line: l.line, Col: l.col, Msg: "broken link " + srcerr.Quote(l.href) + ": " + msg}
		}
	}
	var t *pageTemplate
	if templateOf != nil {
		t = templateOf(page)
	}
	if t == nil {
		// A file the builder made from the content, not from a template.
		return &srcerr.Error{Path: "the built " + page, Msg: "broken link " + srcerr.Quote(ref) + ": " + msg}
	}
	for _, l := range t.links {
		if l.href == ref || strings.TrimPrefix(l.href, origin) == ref {
			return &srcerr.Error{Path: l.path, Line: l.line, Col: l.col, Msg: "broken link " + srcerr.Quote(l.href) + ": " + msg}
		}
	}
	// Made by an action from the page's data: the page's template, and
	// the page.
	return &srcerr.Error{Path: t.path, Msg: "broken link " + srcerr.Quote(ref) + " on page /" + strings.TrimSuffix(page, "index.html") + ": " + msg}
}

// resolve returns why ref, found on the page at pageURL, does not resolve,
// or "" when it does.
func resolve(files Files, ids map[string]map[string]bool, base, pageURL, ref string) string {
	u, err := url.Parse(ref)
	if err != nil {
		return "not a URL"
	}
	if u.Scheme == "mailto" || (u.Scheme == "https" || u.Scheme == "http") && !isLocal(u.Host) {
		return ""
	}
	if u.Scheme == "tel" { // the checker's emergency numbers
		if u.Opaque == "" || strings.Trim(u.Opaque, "+0123456789") != "" {
			return "a tel: link takes digits only, such as tel:999"
		}
		return ""
	}
	if u.Scheme == "" && u.Host != "" {
		return "a link without a scheme to another host: write https:// in full"
	}
	if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
		return "scheme " + u.Scheme + " is not allowed"
	}
	if ref == "#" {
		return "empty fragment"
	}
	target := (&url.URL{Path: pageURL}).ResolveReference(&url.URL{Path: u.Path})
	p := target.Path
	if u.Path == "" {
		p = pageURL
	}
	if !strings.HasPrefix(p, base) {
		return "outside the base path " + base
	}
	file := strings.TrimPrefix(p, base)
	if file == "" || strings.HasSuffix(file, "/") {
		file += "index.html"
	}
	if _, ok := files[file]; !ok {
		if _, dir := files[file+"/index.html"]; dir {
			return "a folder: end the link with a slash"
		}
		return "no such page or file"
	}
	if u.Fragment != "" && strings.HasSuffix(file, ".html") && !ids[file][u.Fragment] {
		return "no element with id " + srcerr.Quote(u.Fragment) + " in " + path.Join(base, file)
	}
	return ""
}

// isLocal reports whether host is where the site itself is served in
// tests and previews; such absolute URLs are checked like relative ones.
func isLocal(host string) bool {
	return strings.HasPrefix(host, "localhost") || strings.HasPrefix(host, "127.0.0.1")
}

// scanXMLURLs returns the <loc> texts and href attributes of a sitemap or feed.
func scanXMLURLs(data []byte) []string {
	var refs []string
	dec := xml.NewDecoder(bytes.NewReader(data))
	inLoc := false
	for {
		tok, err := dec.Token()
		if err != nil {
			return refs
		}
		switch t := tok.(type) {
		case xml.StartElement:
			inLoc = t.Name.Local == "loc" || t.Name.Local == "id"
			for _, a := range t.Attr {
				if a.Name.Local == "href" {
					refs = append(refs, a.Value)
				}
			}
		case xml.CharData:
			if inLoc {
				refs = append(refs, strings.TrimSpace(string(t)))
			}
		case xml.EndElement:
			inLoc = false
		}
	}
}
