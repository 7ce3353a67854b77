package site

import (
	"encoding/json"
	"encoding/xml"
	"slices"
	"strings"
)

// addFeeds adds sitemap.xml, robots.txt, the Atom feed of articles and the
// web app manifest.
func (b *build) addFeeds() {
	b.addSitemap()
	b.files["robots.txt"] = []byte("User-agent: *\nAllow: /\nSitemap: " + b.absURL("/sitemap.xml") + "\n")
	b.addAtom()
	b.addManifest()
}

// sitemapPaths lists the pages worth indexing, in output order.
func (b *build) sitemapPaths() []string {
	var paths []string
	for _, f := range b.sortedPaths() {
		if !strings.HasSuffix(f, "index.html") || f == "offline/index.html" {
			continue
		}
		paths = append(paths, "/"+strings.TrimSuffix(f, "index.html"))
	}
	return paths
}

func (b *build) addSitemap() {
	// Made again only when a page or an article's date changed.
	paths := b.sitemapPaths()
	items := make([]string, 0, len(paths)+2*len(b.site.Articles))
	items = append(items, paths...)
	for _, a := range b.site.Articles {
		items = append(items, a.Slug, a.Updated)
	}
	if b.inc.sitemap == nil || !slices.Equal(items, b.inc.sitemapItems) {
		b.inc.sitemap, b.inc.sitemapItems = b.sitemap(paths), items
	}
	b.files["sitemap.xml"] = b.inc.sitemap
}

func (b *build) sitemap(paths []string) []byte {
	type url struct {
		Loc     string `xml:"loc"`
		Lastmod string `xml:"lastmod,omitempty"`
	}
	var set struct {
		XMLName xml.Name `xml:"urlset"`
		NS      string   `xml:"xmlns,attr"`
		URLs    []url    `xml:"url"`
	}
	set.NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
	updated := map[string]string{}
	for _, a := range b.site.Articles {
		updated["/articles/"+a.Slug+"/"] = a.Updated
	}
	for _, p := range paths {
		set.URLs = append(set.URLs, url{Loc: b.absURL(p), Lastmod: updated[p]})
	}
	return xmlDoc(set)
}

// feedItem is what the feed shows of an article.
type feedItem struct{ slug, title, description, updated string }

func (b *build) addAtom() {
	// Made again only when what it shows of an article changed.
	items := make([]feedItem, len(b.site.Articles))
	for i, a := range b.site.Articles {
		items[i] = feedItem{a.Slug, a.Title, a.Description, a.Updated}
	}
	if b.inc.feed == nil || !slices.Equal(items, b.inc.feedItems) {
		b.inc.feed, b.inc.feedItems = b.atom(), items
	}
	b.files["feed.xml"] = b.inc.feed
}

func (b *build) atom() []byte {
	type link struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr,omitempty"`
		Type string `xml:"type,attr,omitempty"`
	}
	type entry struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Link    link   `xml:"link"`
		Updated string `xml:"updated"`
		Summary string `xml:"summary"`
	}
	var feed struct {
		XMLName xml.Name `xml:"feed"`
		NS      string   `xml:"xmlns,attr"`
		Title   string   `xml:"title"`
		ID      string   `xml:"id"`
		Updated string   `xml:"updated"`
		Author  string   `xml:"author>name"`
		Links   []link   `xml:"link"`
		Entries []entry  `xml:"entry"`
	}
	feed.NS = "http://www.w3.org/2005/Atom"
	feed.Title = "Liftwell"
	feed.ID = b.absURL("/")
	feed.Author = "Liftwell"
	feed.Links = []link{{Href: b.absURL("/feed.xml"), Rel: "self", Type: "application/atom+xml"}, {Href: b.absURL("/")}}
	for _, a := range b.site.Articles {
		u := b.absURL("/articles/" + a.Slug + "/")
		feed.Entries = append(feed.Entries, entry{Title: a.Title, ID: u, Link: link{Href: u}, Updated: a.Updated + "T00:00:00Z", Summary: a.Description})
		if a.Updated+"T00:00:00Z" > feed.Updated {
			feed.Updated = a.Updated + "T00:00:00Z"
		}
	}
	return xmlDoc(feed)
}

func xmlDoc(v any) []byte {
	out, err := xml.MarshalIndent(v, "", " ")
	if err != nil {
		panic(err) // the types above always marshal
	}
	return append([]byte(xml.Header), out...)
}

// Theme colours, shared by the manifest and the pages' theme-color.
const (
	themeColor      = "#1d4e5f"
	backgroundColor = "#ffffff"
)

func (b *build) addManifest() {
	type icon struct {
		Src     string `json:"src"`
		Sizes   string `json:"sizes"`
		Type    string `json:"type"`
		Purpose string `json:"purpose,omitempty"`
	}
	m := map[string]any{
		"name":             "Liftwell: back pain after deadlifts",
		"short_name":       "Liftwell",
		"description":      "Plain answers about lower back pain after deadlifts, and a private pain checker that works offline.",
		"lang":             "en",
		"start_url":        "./",
		"scope":            "./",
		"display":          "standalone",
		"theme_color":      themeColor,
		"background_color": backgroundColor,
	}
	var icons []icon
	for _, i := range []icon{
		{Src: "icon.svg", Sizes: "any", Type: "image/svg+xml", Purpose: "any"},
		{Src: "icon-maskable.svg", Sizes: "any", Type: "image/svg+xml", Purpose: "maskable"},
		{Src: "icon-192.png", Sizes: "192x192", Type: "image/png", Purpose: "any"},
		{Src: "icon-512.png", Sizes: "512x512", Type: "image/png", Purpose: "any"},
		{Src: "icon-maskable-512.png", Sizes: "512x512", Type: "image/png", Purpose: "maskable"},
	} {
		if u, ok := b.assets[i.Src]; ok {
			i.Src = u
			icons = append(icons, i)
		}
	}
	m["icons"] = icons
	out, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		panic(err)
	}
	b.files["manifest.webmanifest"] = out
}
