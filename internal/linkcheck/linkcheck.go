// Package linkcheck checks the links of a built site: every link, asset
// and #fragment of its HTML pages, every URL of its sitemap and feed,
// resolved against the site's own files in memory, before anything is
// written.
//
// Pages are read by a scanner of their own (see scanHTML), which finds
// the ids and links as golang.org/x/net/html's Tokenizer does, five times
// faster. Where a broken link was written (a Markdown file, a template)
// is for the caller to say: Check passes each one to a function of its.
// A site built again and again (serve) keeps a State, whose Check checks
// again only the pages whose answers could have changed.
package linkcheck

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"maps"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/liftwell/liftwell/internal/parallel"
	"github.com/liftwell/liftwell/internal/srcerr"
)

// Broken is a link of the built site that does not resolve.
type Broken struct {
	Page string // the output file it is on: "articles/a/index.html"
	Ref  string // the link, without the site's own origin
	Why  string // why it does not resolve: "no such page or file"
}

// Message is what an error about b says, after the place.
func (b Broken) Message() string { return "broken link " + srcerr.Quote(b.Ref) + ": " + b.Why }

// Check resolves every link, asset and #fragment in the HTML pages of
// files (output path to bytes), every URL in the sitemap and feed,
// against files, for a site served under base from origin. place turns a
// broken link into an error that says where it was written; when place is
// nil, or returns nil, the error names the output file, as "the built
// articles/a/index.html". The errors come sorted by file, line and
// column, each once.
func Check(files map[string][]byte, base, origin string, place func(Broken) error) error {
	paths := slices.Sorted(maps.Keys(files))
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
	var broken []Broken
	for i, p := range paths {
		pageURL := base + p
		for _, ref := range pageRefs[i] {
			raw := ref
			ref, res := strings.CutPrefix(ref, Resource)
			ref = strings.TrimPrefix(ref, origin)
			msg, ok := rooted[raw]
			if !ok {
				if msg = foreignResource(ref, res); msg == "" {
					msg = resolve(files, ids, base, pageURL, ref)
				}
				if strings.HasPrefix(ref, "/") {
					rooted[raw] = msg
				}
			}
			if msg != "" {
				broken = append(broken, Broken{Page: p, Ref: ref, Why: msg})
			}
		}
	}
	return report(broken, place)
}

// report turns the broken links into errors placed by place, sorted by
// file, line and column, each once (as Check and State.Check return them).
func report(broken []Broken, place func(Broken) error) error {
	var errs srcerr.List
	for _, b := range broken {
		var err error
		if place != nil {
			err = place(b)
		}
		if err == nil {
			// A file the builder made, not from a source.
			err = &srcerr.Error{Path: "the built " + b.Page, Msg: b.Message()}
		}
		errs.Add(err)
	}
	// In the order of the files and lines where the links are written.
	slices.SortStableFunc(errs, func(x, y error) int {
		var a, b *srcerr.Error
		if !errors.As(x, &a) || !errors.As(y, &b) {
			return strings.Compare(x.Error(), y.Error())
		}
		return cmp.Or(strings.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
	// A link written once in a template is on many pages: report it once.
	errs = slices.CompactFunc(errs, func(a, b error) bool { return a.Error() == b.Error() })
	return errs.Err()
}

// foreignResource returns why ref, a link of the site's pages with the
// site's own origin taken off, may not be loaded by a page (res: see
// Resource), or "". A page loads only files of the site: an image, a
// style sheet or a frame from another origin could track the reader or
// change what the page says.
func foreignResource(ref string, res bool) string {
	if !res {
		return ""
	}
	u, err := url.Parse(strings.TrimSpace(ref))
	switch {
	case err != nil:
		return "not a URL"
	case u.Scheme == "" && u.Host == "":
		return ""
	case (u.Scheme == "http" || u.Scheme == "https") && isLocal(u.Host):
		return ""
	}
	return "a page may load only the site's own files, not a resource from another origin"
}

// resolve returns why ref, found on the page at pageURL, does not resolve,
// or "" when it does.
func resolve(files map[string][]byte, ids map[string]map[string]bool, base, pageURL, ref string) string {
	msg, _, _ := resolveRef(files, ids, base, pageURL, ref)
	return msg
}

// resolveRef is resolve that also says which file of the site the answer
// depends on (file, and file+"/index.html"), and whether it depends on
// that file's ids too; file is "" when the answer depends on no file.
func resolveRef(files map[string][]byte, ids map[string]map[string]bool, base, pageURL, ref string) (msg, file string, fragment bool) {
	u, err := url.Parse(ref)
	if err != nil {
		return "not a URL", "", false
	}
	if u.Scheme == "mailto" || (u.Scheme == "https" || u.Scheme == "http") && !isLocal(u.Host) {
		return "", "", false
	}
	if u.Scheme == "tel" { // the checker's emergency numbers
		if u.Opaque == "" || strings.Trim(u.Opaque, "+0123456789") != "" {
			return "a tel: link takes digits only, such as tel:999", "", false
		}
		return "", "", false
	}
	if u.Scheme == "" && u.Host != "" {
		return "a link without a scheme to another host: write https:// in full", "", false
	}
	if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
		return "scheme " + u.Scheme + " is not allowed", "", false
	}
	if ref == "#" {
		return "empty fragment", "", false
	}
	target := (&url.URL{Path: pageURL}).ResolveReference(&url.URL{Path: u.Path})
	p := target.Path
	if u.Path == "" {
		p = pageURL
	}
	if !strings.HasPrefix(p, base) {
		return "outside the base path " + base, "", false
	}
	file = strings.TrimPrefix(p, base)
	if file == "" || strings.HasSuffix(file, "/") {
		file += "index.html"
	}
	fragment = u.Fragment != "" && strings.HasSuffix(file, ".html")
	if _, ok := files[file]; !ok {
		if _, dir := files[file+"/index.html"]; dir {
			return "a folder: end the link with a slash", file, fragment
		}
		return "no such page or file", file, fragment
	}
	if fragment && !ids[file][u.Fragment] {
		return "no element with id " + srcerr.Quote(u.Fragment) + " in " + path.Join(base, file), file, fragment
	}
	return "", file, fragment
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
