package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The Content Security Policy every page must carry, as directive ->
// the sources it must allow, no more and no less. GitHub Pages sends no
// custom headers, so the policy is a <meta http-equiv> in each page.
// A directive not listed here is an error too: a policy may only be
// this one. (frame-ancestors is not here: browsers ignore it in a meta,
// see TestServePolicy in internal/serve for the header.)
var wantCSP = map[string][]string{
	"default-src":  {"'self'"},
	"script-src":   {"'self'", "'wasm-unsafe-eval'"},
	"style-src":    {"'self'"},
	"img-src":      {"'self'"},
	"font-src":     {"'self'"},
	"connect-src":  {"'self'"},
	"manifest-src": {"'self'"},
	"worker-src":   {"'self'"},
	"object-src":   {"'none'"},
	"base-uri":     {"'self'"},
	"form-action":  {"'self'"},
}

// allowedSources are the only sources a directive may name: keywords, no
// host, scheme or wildcard.
var allowedSources = []string{"'self'", "'none'", "'wasm-unsafe-eval'"}

// Sources no directive may allow.
var forbiddenSources = []string{"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:", "https:", "blob:"}

// TestSecurity checks every HTML page of the builds for / and /liftwell/:
// the CSP meta with the directives above, placed before anything it
// governs; referrer no-referrer; no inline script (a JSON-LD block of
// type application/ld+json is data, and must parse); no <style> element,
// style attribute or on* event attribute; no javascript: URL; no
// resource (link, script, img, iframe, source...) from another origin, where
// only plain <a> links and the site's own absolute URLs may name one; and
// the manifest link with data-base on <html>.
func TestSecurity(t *testing.T) {
	for _, base := range []string{"/", "/liftwell/"} {
		t.Run("base="+base, func(t *testing.T) {
			cfg := fixtureConfig("../..", base)
			files := fixtureBuild(t, cfg)
			pages := 0
			for _, p := range files.Paths() {
				if path.Ext(p) == ".css" {
					for _, problem := range cssSecurity(files[p]) {
						t.Errorf("base %s, %s: %s", base, p, problem)
					}
				}
				if path.Ext(p) != ".html" {
					continue
				}
				pages++
				for _, problem := range pageSecurity(files[p], cfg.Origin, base) {
					t.Errorf("base %s, %s: %s", base, p, problem)
				}
			}
			if pages < 5 {
				t.Fatalf("only %d HTML pages in the build", pages)
			}
		})
	}
}

// pageSecurity returns what is wrong with one page.
func pageSecurity(page []byte, origin, base string) []string {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return []string{"cannot parse: " + err.Error()}
	}
	var problems []string
	bad := func(format string, args ...any) {
		problems = append(problems, fmt.Sprintf(format, args...))
	}
	self, _ := url.Parse(origin + base)
	var csps []string
	var referrer, manifest string
	cspCount := 0
	governedBeforeCSP := ""
	attr := func(n *html.Node, key string) (string, bool) {
		for _, a := range n.Attr {
			if a.Namespace == "" && strings.EqualFold(a.Key, key) {
				return a.Val, true
			}
		}
		return "", false
	}
	// foreign reports whether raw names a resource outside the site.
	foreign := func(raw string) bool {
		u, err := self.Parse(strings.TrimSpace(raw))
		if err != nil {
			return true
		}
		switch u.Scheme {
		case "http", "https":
			return u.Host != self.Host || u.Scheme != self.Scheme
		case "data":
			return false
		}
		return true
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			name := n.Data
			for _, a := range n.Attr {
				key := strings.ToLower(a.Key)
				switch {
				case key == "style":
					bad("<%s> has a style attribute (style-src 'self' blocks it): %s", name, clipString(a.Val, 60))
				case strings.HasPrefix(key, "on"):
					bad("<%s> has an event handler attribute %s (inline script)", name, key)
				case (key == "href" || key == "src" || key == "action" || key == "formaction" || key == "xlink:href") &&
					strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:"):
					bad("<%s %s> is a javascript: URL", name, key)
				case key == "srcdoc":
					bad("<%s srcdoc> (a document written inline)", name)
				case (key == "href" || key == "xlink:href") && n.Namespace == "svg" && name != "a" && foreign(a.Val):
					bad("SVG <%s %s=%s> names another origin", name, key, a.Val)
				}
			}
			switch n.DataAtom {
			case atom.Meta:
				equiv, _ := attr(n, "http-equiv")
				metaName, _ := attr(n, "name")
				content, _ := attr(n, "content")
				if strings.EqualFold(equiv, "Content-Security-Policy") {
					csps = append(csps, content)
					cspCount++
					if n.Parent == nil || n.Parent.DataAtom != atom.Head {
						bad("the CSP <meta> is outside <head>, where browsers ignore it")
					}
				}
				if equiv != "" && !strings.EqualFold(equiv, "Content-Security-Policy") {
					bad("<meta http-equiv=%s>", equiv)
				}
				if strings.EqualFold(metaName, "referrer") {
					referrer = content
				}
			case atom.Script:
				typ, _ := attr(n, "type")
				src, hasSrc := attr(n, "src")
				if cspCount == 0 && governedBeforeCSP == "" {
					governedBeforeCSP = "<script>"
				}
				switch {
				case strings.EqualFold(strings.TrimSpace(typ), "application/ld+json"):
					if hasSrc {
						bad("a JSON-LD <script> with src")
					}
					var v any
					if err := json.Unmarshal([]byte(textOf(n)), &v); err != nil {
						bad("the JSON-LD block is not valid JSON: %s", err.Error())
					}
				case !hasSrc:
					bad("an inline <script> (type %q): %s", typ, clipString(textOf(n), 60))
				case foreign(src):
					bad("<script src=%s> loads a script from elsewhere", src)
				}
			case atom.Style:
				bad("a <style> element (style-src 'self' blocks it)")
			case atom.Base:
				bad("a <base> element")
			case atom.Link:
				rel, _ := attr(n, "rel")
				href, _ := attr(n, "href")
				if cspCount == 0 && governedBeforeCSP == "" && strings.Contains(rel, "stylesheet") {
					governedBeforeCSP = "<link rel=stylesheet>"
				}
				if strings.Contains(" "+rel+" ", " manifest ") {
					manifest = href
				}
				if foreign(href) {
					bad("<link rel=%s href=%s> names another origin", rel, href)
				}
			case atom.Img, atom.Iframe, atom.Source, atom.Embed, atom.Audio, atom.Video, atom.Track, atom.Input, atom.Object, atom.Form:
				for _, key := range []string{"src", "data", "action", "poster"} {
					if v, ok := attr(n, key); ok && v != "" && foreign(v) {
						bad("<%s %s=%s> names another origin", name, key, v)
					}
				}
				if v, ok := attr(n, "srcset"); ok {
					for _, part := range strings.Split(v, ",") {
						if f := strings.Fields(part); len(f) > 0 && foreign(f[0]) {
							bad("<%s srcset> names another origin: %s", name, f[0])
						}
					}
				}
			}
			if n.DataAtom == atom.Html {
				if b, _ := attr(n, "data-base"); b != base {
					bad("<html data-base=%s>, want %s", b, base)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)

	switch {
	case cspCount == 0:
		bad("no Content-Security-Policy <meta>")
	case cspCount > 1:
		bad("more than one Content-Security-Policy <meta>")
	}
	if governedBeforeCSP != "" && cspCount > 0 {
		bad("a %s comes before the CSP <meta>, which only governs what follows it", governedBeforeCSP)
	}
	for _, csp := range csps {
		directives := map[string][]string{}
		for _, d := range strings.Split(csp, ";") {
			f := strings.Fields(d)
			if len(f) == 0 {
				continue
			}
			name := strings.ToLower(f[0])
			// Browsers use the first of repeated directives and ignore
			// the others: keep the first, as they do, and refuse the page.
			if _, ok := directives[name]; ok {
				bad("the CSP repeats %s (browsers use the first)", name)
				continue
			}
			if _, ok := wantCSP[name]; !ok {
				bad("the CSP has a directive %s that the policy does not have", name)
			}
			directives[name] = f[1:]
			for _, src := range f[1:] {
				for _, no := range forbiddenSources {
					if strings.EqualFold(src, no) {
						bad("the CSP allows %s in %s", src, f[0])
					}
				}
				if !slices.Contains(allowedSources, strings.ToLower(src)) {
					bad("the CSP names a source %s in %s: only %s are allowed", src, f[0], strings.Join(allowedSources, " "))
				}
			}
		}
		for d, want := range wantCSP {
			got, ok := directives[d]
			if !ok {
				bad("the CSP has no %s", d)
				continue
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				bad("the CSP says %s %s, want %s", d, strings.Join(got, " "), strings.Join(want, " "))
			}
		}
	}
	if referrer != "no-referrer" {
		bad("<meta name=referrer content=%s>, want no-referrer", referrer)
	}
	if manifest != base+"manifest.webmanifest" {
		bad("the manifest link is %s, want %s", manifest, base+"manifest.webmanifest")
	}
	return problems
}

// cssSecurity returns what in a built style sheet could load something
// from another site: an @import, a url( or image-set( naming a scheme or
// a host, a backslash (an escape could spell url( otherwise).
func cssSecurity(css []byte) []string {
	var problems []string
	text := strings.ToLower(string(css))
	if strings.Contains(text, "@import") {
		problems = append(problems, "an @import")
	}
	if strings.Contains(text, `\`) {
		problems = append(problems, "a backslash (a CSS escape)")
	}
	for _, fn := range []string{"url(", "image-set("} {
		for rest := text; ; {
			i := strings.Index(rest, fn)
			if i < 0 {
				break
			}
			rest = rest[i+len(fn):]
			arg, _, _ := strings.Cut(rest, ")")
			if strings.Contains(arg, ":") || strings.Contains(arg, "//") {
				problems = append(problems, fn+arg+") names another origin")
			}
		}
	}
	return problems
}

// TestCSSSecurityFinds: cssSecurity finds each problem.
func TestCSSSecurityFinds(t *testing.T) {
	css := `@import "x.css";a{background:url(https://t.example/c)}b{background:image-set("//cdn.example/x.png" 1x)}c{background:u\72l(x)}d{background:url(/assets/ok.png)}`
	got := strings.Join(cssSecurity([]byte(css)), "\n")
	for _, want := range []string{"@import", "url(https://t.example/c)", `image-set("//cdn.example/x.png" 1x)`, "backslash"} {
		if !strings.Contains(got, want) {
			t.Errorf("cssSecurity did not report %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "ok.png") {
		t.Errorf("cssSecurity reported a path of the site:\n%s", got)
	}
}

func textOf(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

func clipString(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// TestWebAppManifest: the manifest names the app, describes it, gives its
// colours, a start URL and scope that resolve to the base path, and icons
// of ours that exist in the build: a PNG of at least 192 px and one of
// 512 px for any purpose, and a maskable one, each of the size it states.
func TestWebAppManifest(t *testing.T) {
	for _, base := range []string{"/", "/liftwell/"} {
		t.Run("base="+base, func(t *testing.T) {
			cfg := fixtureConfig("../..", base)
			files := fixtureBuild(t, cfg)
			data, ok := files["manifest.webmanifest"]
			if !ok {
				t.Fatal("no manifest.webmanifest")
			}
			var m struct {
				Name, ShortName, Description, StartURL, Scope string
				Display, ThemeColor, BackgroundColor          string
				Icons                                         []struct{ Src, Sizes, Type, Purpose string }
			}
			var raw map[string]json.RawMessage
			if err := json.Unmarshal(data, &raw); err != nil {
				t.Fatal(err)
			}
			str := func(k string) string {
				var s string
				json.Unmarshal(raw[k], &s)
				return s
			}
			m.Name, m.ShortName, m.Description = str("name"), str("short_name"), str("description")
			m.StartURL, m.Scope, m.Display = str("start_url"), str("scope"), str("display")
			m.ThemeColor, m.BackgroundColor = str("theme_color"), str("background_color")
			json.Unmarshal(raw["icons"], &m.Icons)
			for k, v := range map[string]string{"name": m.Name, "short_name": m.ShortName, "description": m.Description, "theme_color": m.ThemeColor, "background_color": m.BackgroundColor} {
				if strings.TrimSpace(v) == "" {
					t.Errorf("the manifest has no %s", k)
				}
			}
			if len(m.ShortName) > 12 {
				t.Errorf("short_name %q is long for a home screen", m.ShortName)
			}
			if m.Display != "standalone" && m.Display != "minimal-ui" {
				t.Errorf("display %q: installable apps need standalone or minimal-ui", m.Display)
			}
			manifestURL, _ := url.Parse(cfg.Origin + base + "manifest.webmanifest")
			for k, v := range map[string]string{"start_url": m.StartURL, "scope": m.Scope} {
				u, err := manifestURL.Parse(v)
				if err != nil || u.String() != cfg.Origin+base {
					t.Errorf("%s %q resolves to %v, want %s", k, v, u, cfg.Origin+base)
				}
			}
			var anyLarge, any512, maskable bool
			for _, ic := range m.Icons {
				file := strings.TrimPrefix(ic.Src, base)
				icon, ok := files[file]
				if !strings.HasPrefix(ic.Src, base) || !ok {
					t.Errorf("icon %s is not a file of the build", ic.Src)
					continue
				}
				if ic.Type != "image/png" {
					continue
				}
				cfgImg, err := png.DecodeConfig(bytes.NewReader(icon))
				if err != nil {
					t.Errorf("icon %s: %v", ic.Src, err)
					continue
				}
				size := strings.Fields(ic.Sizes)
				if len(size) != 1 || size[0] != strconv.Itoa(cfgImg.Width)+"x"+strconv.Itoa(cfgImg.Height) {
					t.Errorf("icon %s says sizes %q but is %dx%d", ic.Src, ic.Sizes, cfgImg.Width, cfgImg.Height)
				}
				for _, purpose := range strings.Fields(ic.Purpose + " ") {
					switch {
					case purpose == "any" && cfgImg.Width >= 192:
						anyLarge = true
						any512 = any512 || cfgImg.Width >= 512
					case purpose == "maskable" && cfgImg.Width >= 512:
						maskable = true
					}
				}
				if ic.Purpose == "" && cfgImg.Width >= 192 {
					anyLarge = true
					any512 = any512 || cfgImg.Width >= 512
				}
			}
			if !anyLarge || !any512 || !maskable {
				t.Errorf("icons: any >= 192 px %v, any >= 512 px %v, maskable PNG >= 512 px %v; want all", anyLarge, any512, maskable)
			}
		})
	}
}

// TestPageSecurityFindsProblems feeds pageSecurity a page with one of
// each problem, so that a checker that finds nothing cannot pass
// TestSecurity.
func TestPageSecurityFindsProblems(t *testing.T) {
	page := `<!doctype html><html data-base="/x/"><head>
<link rel="stylesheet" href="https://cdn.example.com/a.css">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self'; object-src 'none'">
<script>alert(1)</script><script type="application/ld+json">{"a":</script>
<script src="https://cdn.example.com/x.js"></script><style>p{}</style>
<meta http-equiv="Content-Security-Policy" content="script-src 'self'">
<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example/">
</head><body><p style="color:red" onclick="x()">hi</p><img src="https://img.example.com/a.png">
<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe><svg><image href="https://tracker.example/p.png"/></svg>
<a href="https://other.example.com/">fine</a><a href="javascript:void 0">bad</a></body></html>`
	problems := strings.Join(pageSecurity([]byte(page), "https://example.github.io", "/"), "\n")
	for _, want := range []string{
		"another origin", "before the CSP", "'unsafe-inline'", "inline <script>", "JSON-LD",
		"loads a script from elsewhere", "<style> element", "style attribute", "onclick",
		"<img src=https://img.example.com/a.png>", "javascript: URL", "no base-uri", "no form-action",
		"no-referrer", "manifest link", "data-base",
		"more than one Content-Security-Policy", "<base> element", "http-equiv=refresh", "<iframe srcdoc>",
		"SVG <image href=https://tracker.example/p.png>",
	} {
		if !strings.Contains(problems, want) {
			t.Errorf("pageSecurity did not report %q; it said:\n%s", want, problems)
		}
	}
	// One policy at a time: a repeated directive (browsers keep the
	// first), a directive the policy does not have, a host source.
	page = strings.Replace(page, `<meta http-equiv="Content-Security-Policy" content="script-src 'self'">`, "", 1)
	page = strings.Replace(page, `script-src 'self' 'unsafe-inline'; style-src 'self'; object-src 'none'`,
		`script-src 'self' https://evil.example; style-src 'self'; object-src 'none'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' https://tracker.example; prefetch-src 'self'`, 1)
	problems = strings.Join(pageSecurity([]byte(page), "https://example.github.io", "/"), "\n")
	for _, want := range []string{
		"repeats script-src", "source https://evil.example in script-src", "source https://tracker.example in img-src",
		"script-src 'self' https://evil.example, want 'self' 'wasm-unsafe-eval'", "directive prefetch-src",
	} {
		if !strings.Contains(problems, want) {
			t.Errorf("pageSecurity did not report %q; it said:\n%s", want, problems)
		}
	}
	if strings.Contains(problems, "other.example.com") {
		t.Errorf("pageSecurity reported a plain link to another site:\n%s", problems)
	}
}
