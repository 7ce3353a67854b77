package e2e

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"
)

// linkChecker resolves the references of one built site to its files.
type linkChecker struct {
	s       *site
	origins map[string]bool // placeholder origins of absolute self-links (from sitemap.xml)

	mu  sync.Mutex
	ids map[string]map[string]bool // file -> ids in it
}

// ref is one reference found in a file.
type ref struct {
	attr string // where: "a href", "css url()", "sitemap <loc>"…
	raw  string
	nav  bool // a navigation link, which may point to another site
}

// linkProblem is a broken reference.
type linkProblem struct {
	file, where, raw, why string
}

func newLinkChecker(t testing.TB, s *site) *linkChecker {
	t.Helper()
	lc := &linkChecker{s: s, origins: map[string]bool{}, ids: map[string]map[string]bool{}}
	data, err := os.ReadFile(filepath.Join(s.Dir, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var sm sitemapXML
	if err := xml.Unmarshal(data, &sm); err != nil {
		t.Fatal(err)
	}
	for _, u := range sm.URLs {
		loc := strings.TrimSpace(u.Loc)
		p := locPath(loc)
		if i := strings.Index(loc, p); i > 0 {
			lc.origins[loc[:i]] = true
		}
	}
	return lc
}

// fileOf maps a site path to a file of the build, or reports why it cannot.
func (lc *linkChecker) fileOf(p string) (string, string) {
	rel, ok := lc.s.Rel(p)
	if !ok {
		return "", fmt.Sprintf("the path %s is outside the base path %s", p, lc.s.Base)
	}
	dec, err := url.PathUnescape(rel)
	if err != nil {
		return "", "bad escape in the path"
	}
	if strings.HasSuffix(dec, "/") {
		dec += "index.html"
	}
	full := filepath.Join(lc.s.Dir, filepath.FromSlash(path.Clean(dec)))
	fi, err := os.Stat(full)
	if err != nil {
		return "", fmt.Sprintf("no file %s in the build", strings.TrimPrefix(path.Clean(dec), "/"))
	}
	if fi.IsDir() {
		if _, err := os.Stat(filepath.Join(full, "index.html")); err != nil {
			return "", "a directory without index.html"
		}
		return "", "a directory link without its trailing slash (a redirect on GitHub Pages; link to " + p + "/)"
	}
	return full, ""
}

// idsOf returns the ids (and <a name>) of an HTML or SVG file.
func (lc *linkChecker) idsOf(file string) map[string]bool {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	if m, ok := lc.ids[file]; ok {
		return m
	}
	m := map[string]bool{}
	if f, err := os.Open(file); err == nil {
		z := html.NewTokenizer(f)
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				break
			}
			if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
				tok := z.Token()
				for _, a := range tok.Attr {
					if a.Key == "id" || (tok.Data == "a" && a.Key == "name") {
						m[a.Val] = true
					}
				}
			}
		}
		f.Close()
	}
	lc.ids[file] = m
	return m
}

// check resolves raw, found in the file at site path from (whose own file
// is fromFile), and returns why it is broken, or "".
func (lc *linkChecker) check(from, fromFile string, r ref) string {
	raw := strings.TrimSpace(r.raw)
	if raw == "" {
		return "an empty URL"
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "not a URL: " + err.Error()
	}
	switch u.Scheme {
	case "mailto", "tel", "data":
		return ""
	case "javascript":
		return "a javascript: URL"
	case "http", "https":
		origin := u.Scheme + "://" + u.Host
		if !lc.origins[origin] {
			if r.nav {
				return "" // a link to another site
			}
			return "a resource on another host (" + u.Host + "): the site must be self-contained"
		}
		u = &url.URL{Path: u.Path, RawPath: u.RawPath, Fragment: u.Fragment, RawQuery: u.RawQuery}
	case "":
		if u.Host != "" {
			return "a protocol-relative URL to " + u.Host
		}
	default:
		return "an unexpected scheme " + u.Scheme
	}
	var target string
	if u.Path == "" {
		target = fromFile // "#x" or "?q" in the same file
		if target == "" {
			return "a same-document reference in a file that has no document"
		}
	} else {
		base, _ := url.Parse(from)
		abs := base.ResolveReference(&url.URL{Path: u.Path, RawPath: u.RawPath})
		file, why := lc.fileOf(abs.Path)
		if why != "" {
			return why
		}
		target = file
	}
	if u.Fragment != "" {
		ext := strings.ToLower(filepath.Ext(target))
		if ext == ".html" || ext == ".svg" {
			if !lc.idsOf(target)[u.Fragment] {
				rel, _ := filepath.Rel(lc.s.Dir, target)
				return fmt.Sprintf("no id=%q in %s", u.Fragment, filepath.ToSlash(rel))
			}
		}
	}
	return ""
}

// sitePathOf returns the URL path that serves a file of the build.
func (lc *linkChecker) sitePathOf(rel string) string {
	rel = filepath.ToSlash(rel)
	if rel == "index.html" {
		return lc.s.Path("/")
	}
	if strings.HasSuffix(rel, "/index.html") {
		return lc.s.Path("/" + strings.TrimSuffix(rel, "index.html"))
	}
	return lc.s.Path("/" + rel)
}

var (
	cssURL    = regexp.MustCompile(`url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)`)
	cssImport = regexp.MustCompile(`@import\s+(?:"([^"]*)"|'([^']*)')`)
	jsString  = regexp.MustCompile(`"([^"\\\n]*)"|'([^'\\\n]*)'|` + "`([^`\\\\$\\n]*)`")
)

// htmlRefs lists the references of an HTML document.
func htmlRefs(data []byte) (refs []ref, baseHref string) {
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		attrs := map[string]string{}
		for _, a := range tok.Attr {
			key := a.Key
			if a.Namespace != "" {
				key = a.Namespace + ":" + a.Key
			}
			attrs[key] = a.Val
		}
		add := func(attr string, nav bool) {
			if v, ok := attrs[attr]; ok {
				refs = append(refs, ref{attr: tok.Data + " " + attr, raw: v, nav: nav})
			}
		}
		addSrcset := func(attr string) {
			v, ok := attrs[attr]
			if !ok {
				return
			}
			for _, cand := range strings.Split(v, ",") {
				if f := strings.Fields(cand); len(f) > 0 {
					refs = append(refs, ref{attr: tok.Data + " " + attr, raw: f[0]})
				}
			}
		}
		switch tok.Data {
		case "base":
			baseHref = attrs["href"]
		case "a", "area":
			add("href", true)
		case "link":
			rel := strings.ToLower(attrs["rel"])
			nav := strings.Contains(rel, "canonical") || strings.Contains(rel, "alternate") && attrs["type"] == "" || strings.Contains(rel, "license") || strings.Contains(rel, "author")
			add("href", nav)
			addSrcset("imagesrcset")
		case "script", "iframe", "embed", "track":
			add("src", false)
		case "img", "source", "input":
			add("src", false)
			addSrcset("srcset")
		case "video", "audio":
			add("src", false)
			add("poster", false)
		case "object":
			add("data", false)
		case "form":
			add("action", true)
		case "use", "image":
			add("href", false)
			add("xlink:href", false)
		case "meta":
			prop := attrs["property"] + attrs["name"]
			switch prop {
			case "og:url":
				refs = append(refs, ref{attr: "meta " + prop, raw: attrs["content"], nav: true})
			case "og:image", "twitter:image":
				refs = append(refs, ref{attr: "meta " + prop, raw: attrs["content"]})
			}
		}
		if style, ok := attrs["style"]; ok {
			for _, m := range cssURL.FindAllStringSubmatch(style, -1) {
				refs = append(refs, ref{attr: tok.Data + " style url()", raw: m[1] + m[2] + m[3]})
			}
		}
	}
}

// checkSite checks every reference of every file of the build.
func checkLinks(t *testing.T, s *site) {
	lc := newLinkChecker(t, s)
	var problems []linkProblem
	report := func(file string, r ref, why string) {
		problems = append(problems, linkProblem{file: file, where: r.attr, raw: r.raw, why: why})
	}
	files := 0
	err := filepath.WalkDir(s.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(s.Dir, p)
		rel = filepath.ToSlash(rel)
		from := lc.sitePathOf(rel)
		ext := strings.ToLower(filepath.Ext(p))
		var data []byte
		switch {
		case ext == ".html", ext == ".css", ext == ".xml", ext == ".webmanifest", rel == "manifest.json", ext == ".js" && strings.Contains(rel, "sw"):
			if data, err = os.ReadFile(p); err != nil {
				return err
			}
			files++
		default:
			return nil
		}
		switch {
		case ext == ".html":
			refs, baseHref := htmlRefs(data)
			if baseHref != "" {
				report(rel, ref{attr: "base href", raw: baseHref}, "a <base> element changes how every relative URL resolves; use paths from the base instead")
			}
			for _, r := range refs {
				if rel == "404.html" && !isRootRelative(r.raw) {
					report(rel, r, "404.html is served at any unknown path, so its URLs must start with the base path (or be absolute)")
					continue
				}
				if why := lc.check(from, p, r); why != "" {
					report(rel, r, why)
				}
			}
		case ext == ".css":
			for _, re := range []*regexp.Regexp{cssURL, cssImport} {
				for _, m := range re.FindAllStringSubmatch(string(data), -1) {
					raw := strings.Join(m[1:], "")
					if strings.HasPrefix(raw, "#") { // an SVG filter or marker reference in the page
						continue
					}
					r := ref{attr: "css url()", raw: raw}
					if why := lc.check(from, "", r); why != "" {
						report(rel, r, why)
					}
				}
			}
		case rel == "sitemap.xml":
			var sm sitemapXML
			if err := xml.Unmarshal(data, &sm); err != nil {
				report(rel, ref{attr: "xml"}, err.Error())
			}
			for _, u := range sm.URLs {
				r := ref{attr: "sitemap <loc>", raw: u.Loc, nav: true}
				if why := lc.check(from, "", r); why != "" {
					report(rel, r, why)
				}
			}
		case ext == ".xml":
			for _, r := range feedRefs(data) {
				if why := lc.check(from, "", r); why != "" {
					report(rel, r, why)
				}
			}
		case ext == ".webmanifest", rel == "manifest.json":
			for _, r := range manifestRefs(data) {
				if why := lc.check(from, "", r); why != "" {
					report(rel, r, why)
				}
			}
		case ext == ".js":
			// The service worker's precache list: string literals that are
			// paths under the base.
			for _, m := range jsString.FindAllStringSubmatch(string(data), -1) {
				raw := m[1] + m[2] + m[3]
				if !strings.HasPrefix(raw, s.Base) || strings.ContainsAny(raw, " *") || strings.HasPrefix(raw, "//") {
					continue
				}
				r := ref{attr: "service worker string", raw: raw}
				if why := lc.check(from, "", r); why != "" {
					report(rel, r, why)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Fatalf("%s: no files to check", s.Dir)
	}
	sort.Slice(problems, func(i, j int) bool {
		if problems[i].file != problems[j].file {
			return problems[i].file < problems[j].file
		}
		return problems[i].raw < problems[j].raw
	})
	byFile := map[string][]string{}
	var order []string
	for _, p := range problems {
		if byFile[p.file] == nil {
			order = append(order, p.file)
		}
		byFile[p.file] = append(byFile[p.file], fmt.Sprintf("%s %q: %s", p.where, p.raw, p.why))
	}
	for _, f := range order {
		t.Errorf("base %s, %s: %d broken references:\n%s", s.Base, f, len(byFile[f]), indent(strings.Join(byFile[f], "\n"), "  - "))
	}
}

func isRootRelative(raw string) bool {
	raw = strings.TrimSpace(raw)
	return strings.HasPrefix(raw, "/") || strings.HasPrefix(raw, "#") || strings.Contains(raw, "://") || strings.HasPrefix(raw, "mailto:") || strings.HasPrefix(raw, "tel:") || strings.HasPrefix(raw, "data:")
}

// feedRefs lists the links of an Atom or RSS feed.
func feedRefs(data []byte) []ref {
	var refs []ref
	d := xml.NewDecoder(bytes.NewReader(data))
	var stack []string
	for {
		tok, err := d.Token()
		if err == io.EOF || err != nil {
			if err != io.EOF {
				refs = append(refs, ref{attr: "xml", raw: "", nav: true})
			}
			return refs
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			stack = append(stack, tk.Name.Local)
			switch tk.Name.Local {
			case "link":
				for _, a := range tk.Attr {
					if a.Name.Local == "href" {
						refs = append(refs, ref{attr: "feed <link href>", raw: a.Value, nav: true})
					}
				}
			case "enclosure", "content":
				for _, a := range tk.Attr {
					if a.Name.Local == "url" || a.Name.Local == "src" {
						refs = append(refs, ref{attr: "feed <" + tk.Name.Local + ">", raw: a.Value})
					}
				}
			}
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if len(stack) > 0 {
				switch stack[len(stack)-1] {
				case "link", "icon", "logo", "url":
					if txt := strings.TrimSpace(string(tk)); txt != "" {
						refs = append(refs, ref{attr: "feed <" + stack[len(stack)-1] + ">", raw: txt, nav: true})
					}
				}
			}
		}
	}
}

// manifestRefs lists the URLs of a web app manifest.
func manifestRefs(data []byte) []ref {
	var m struct {
		StartURL string `json:"start_url"`
		Scope    string `json:"scope"`
		ID       string `json:"id"`
		Icons    []struct {
			Src string `json:"src"`
		} `json:"icons"`
		Screenshots []struct {
			Src string `json:"src"`
		} `json:"screenshots"`
		Shortcuts []struct {
			URL string `json:"url"`
		} `json:"shortcuts"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return []ref{{attr: "manifest JSON: " + err.Error(), raw: "?"}}
	}
	var refs []ref
	if m.StartURL != "" {
		refs = append(refs, ref{attr: "manifest start_url", raw: m.StartURL, nav: true})
	}
	if m.Scope != "" {
		refs = append(refs, ref{attr: "manifest scope", raw: m.Scope, nav: true})
	}
	for _, i := range m.Icons {
		refs = append(refs, ref{attr: "manifest icon", raw: i.Src})
	}
	for _, i := range m.Screenshots {
		refs = append(refs, ref{attr: "manifest screenshot", raw: i.Src})
	}
	for _, i := range m.Shortcuts {
		refs = append(refs, ref{attr: "manifest shortcut", raw: i.URL, nav: true})
	}
	return refs
}

// TestLinks checks, in the builds for / and for /liftwell/, that every
// href, src, srcset, CSS url(), #fragment, feed link, sitemap <loc>,
// manifest URL and service-worker precache path resolves to a file of the
// build (inside its base path), and that each fragment names an id in its
// target. Links to other sites are allowed only as navigation (<a href>,
// canonical, feed links), never as resources.
func TestLinks(t *testing.T) {
	t.Parallel()
	for _, base := range []string{baseRoot, baseProject} {
		s := builtSite(t, base)
		t.Run(baseName(base), func(t *testing.T) {
			t.Parallel()
			checkLinks(t, s)
		})
	}
}
