package main

import (
	"os"
	"path/filepath"

	"github.com/liftwell/liftwell/internal/corpus"
)

// writeHugoSite writes a Hugo project in dir: configuration, a minimal
// layout that draws the same page as templates/layout.html and
// templates/article.html, the site's CSS and script as fingerprinted
// resources, and the content.
func writeHugoSite(dir string, real *corpus.Real, arts []corpus.Article) error {
	files := map[string]string{
		"config.toml":                      hugoConfig,
		"layouts/_default/baseof.html":     hugoBaseof,
		"layouts/_default/single.html":     hugoSingle,
		"layouts/_default/list.html":       hugoList,
		"layouts/articles/single.html":     hugoArticle,
		"layouts/index.html":               hugoHome,
		"layouts/404.html":                 hugo404,
		"layouts/partials/jsonld.html":     hugoJSONLD,
		"layouts/partials/footer-nav.html": hugoFooterNav,
		"content/_index.md":                "---\ntitle: \"Liftwell: lower back pain after deadlifts\"\ndescription: Plain answers about back pain after deadlifts.\n---\n",
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "assets"), 0o755); err != nil {
		return err
	}
	for _, name := range []string{"site.css", "app.js", "icon.svg"} {
		data, err := os.ReadFile(filepath.Join("templates", "static", name))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "assets", name), data, 0o644); err != nil {
			return err
		}
	}
	return corpus.WriteHugoContent(filepath.Join(dir, "content"), real, arts)
}

const hugoConfig = `baseURL = "https://example.org/"
languageCode = "en"
title = "Liftwell"
disableKinds = ["taxonomy", "term"]
enableRobotsTXT = true

[outputs]
home = ["HTML", "RSS"]
section = ["HTML"]
page = ["HTML"]

[markup.highlight]
noClasses = false

[markup.goldmark.renderer]
unsafe = false

[markup.goldmark.extensions]
typographer = true
footnote = true
table = true
strikethrough = true
`

const hugoBaseof = `<!doctype html>
<html lang="en" data-base="/">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'">
<meta name="referrer" content="no-referrer">
<title>{{if .IsHome}}{{.Title}}{{else}}{{.Title}} · Liftwell{{end}}</title>
<meta name="description" content="{{.Description}}">
<link rel="canonical" href="{{.Permalink}}">
<meta property="og:type" content="{{if eq .Section "articles"}}article{{else}}website{{end}}">
<meta property="og:site_name" content="Liftwell">
<meta property="og:title" content="{{.Title}}">
<meta property="og:description" content="{{.Description}}">
<meta property="og:url" content="{{.Permalink}}">
<meta name="theme-color" content="#1d4e5f">
{{- $css := resources.Get "site.css" | minify | fingerprint }}
<link rel="stylesheet" href="{{$css.RelPermalink}}">
{{- $icon := resources.Get "icon.svg" | fingerprint }}
<link rel="icon" href="{{$icon.RelPermalink}}" type="image/svg+xml">
<link rel="alternate" type="application/atom+xml" title="Liftwell articles" href="/index.xml">
{{- $js := resources.Get "app.js" | minify | fingerprint }}
<script src="{{$js.RelPermalink}}" defer></script>
{{- block "head" .}}{{end}}
</head>
<body class="page-{{.Kind}}">
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
<div class="wrap">
<a class="brand" href="/"><img src="{{$icon.RelPermalink}}" alt="" width="32" height="32"><span>Liftwell</span></a>
<nav aria-label="Main">
<ul>
<li><a href="/articles/sore-or-hurt/"{{if eq .RelPermalink "/articles/sore-or-hurt/"}} aria-current="page"{{end}}>Sore or hurt?</a></li>
<li><a href="/exercises/"{{if eq .RelPermalink "/exercises/"}} aria-current="page"{{end}}>Exercises</a></li>
<li><a href="/checker/">Pain checker</a></li>
</ul>
</nav>
</div>
</header>
<div id="update" class="update" role="status" hidden></div>
<main id="main" tabindex="-1">
<div class="wrap">
{{block "main" .}}{{end}}
</div>
</main>
<footer class="site-footer">
<div class="wrap">
<p class="disclaimer"><strong>Not medical advice.</strong> Liftwell explains common causes of back pain after lifting. It cannot examine you or diagnose anything. If you have numbness around the groin or buttocks, new trouble peeing or controlling your bowels, weakness in both legs, or you feel very unwell, call your emergency number now.</p>
{{partialCached "footer-nav.html" .}}
<p class="privacy">No tracking, no cookies, no third-party requests. Everything you type into the checker stays on your device.</p>
</div>
</footer>
</body>
</html>
`

const hugoArticle = `{{define "head"}}{{partial "jsonld.html" .}}{{end}}
{{define "main"}}
<article class="article">
<header class="article-head">
<h1>{{.Title}}</h1>
<p class="lead">{{.Description}}</p>
<p class="meta">Updated <time datetime="{{.Lastmod.Format "2006-01-02"}}">{{.Lastmod.Format "2006-01-02"}}</time></p>
</header>
<div class="prose">
{{.Content}}
</div>
{{- with .Params.exercises}}
<section class="related" aria-labelledby="exercises-heading">
<h2 id="exercises-heading">Exercises for this page</h2>
<ul class="cards">
{{- range .}}{{with site.GetPage (printf "/exercises/%s" .)}}
<li class="card"><h3><a href="{{.RelPermalink}}">{{.Title}}</a></h3><p>{{.Description}}</p></li>
{{- end}}{{end}}
</ul>
</section>
{{- end}}
{{- with .Params.related}}
<section class="related" aria-labelledby="related-heading">
<h2 id="related-heading">Read next</h2>
<ul>
{{- range .}}{{with site.GetPage (printf "/articles/%s" .)}}
<li><a href="{{.RelPermalink}}">{{.Title}}</a></li>
{{- end}}{{end}}
</ul>
</section>
{{- end}}
</article>
{{end}}
`

// hugoFooterNav is the footer's list of links, the same on every page:
// the layout inserts it with partialCached, so that Hugo makes it once per
// build, as liftwell's shared "site-footer-nav" is.
const hugoFooterNav = `<nav aria-label="Footer">
<ul>
<li><a href="/">Home</a></li>
{{- range first 10 (site.GetPage "/articles").Pages.ByWeight}}
<li><a href="{{.RelPermalink}}">{{.LinkTitle}}</a></li>
{{- end}}
<li><a href="/exercises/">Exercises</a></li>
<li><a href="/checker/">Pain checker</a></li>
<li><a href="/checker/checklist/">Checklist</a></li>
<li><a href="/checker/rules/">How the checker decides</a></li>
<li><a href="/index.xml">Feed</a></li>
</ul>
</nav>
`

const hugoJSONLD = `{{- $ld := dict "@context" "https://schema.org" "@type" "Article" "headline" .Title "description" .Description "dateModified" (.Lastmod.Format "2006-01-02") "datePublished" (.Date.Format "2006-01-02") "url" .Permalink "inLanguage" "en" "publisher" (dict "@type" "Organization" "name" "Liftwell") -}}
<script type="application/ld+json">{{$ld | jsonify | safeJS}}</script>
`

const hugoSingle = `{{define "main"}}
<article>
<h1>{{.Title}}</h1>
<p class="lead">{{.Description}}</p>
{{.Content}}
</article>
{{end}}
`

const hugoList = `{{define "main"}}
<h1>{{.Title}}</h1>
<p class="lead">{{.Description}}</p>
<ul class="cards">
{{- range .Pages}}
<li class="card"><h3><a href="{{.RelPermalink}}">{{.Title}}</a></h3><p>{{.Description}}</p></li>
{{- end}}
</ul>
{{end}}
`

const hugoHome = `{{define "main"}}
<section class="hero">
<h1>Lower back sore after deadlifts?</h1>
<p class="lead">Most soreness after a heavy pull is ordinary and fades in a few days. Some pain is a reason to get help.</p>
<p class="actions"><a class="button" href="/checker/">Check your pain</a> <a class="button secondary" href="/articles/sore-or-hurt/">Sore or hurt?</a></p>
</section>
<section aria-labelledby="questions-heading">
<h2 id="questions-heading">Your questions, answered</h2>
<ul class="cards">
{{- range (site.GetPage "/articles").Pages}}
<li class="card"><h3><a href="{{.RelPermalink}}">{{.Title}}</a></h3><p>{{.Description}}</p></li>
{{- end}}
</ul>
</section>
{{end}}
`

const hugo404 = `{{define "main"}}
<h1>Page not found</h1>
<p>There is no page at this address. It may have moved, or the link may have a typo.</p>
{{end}}
`
