package linkcheck

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"testing"
)

// scanHTMLRef is the reference scanHTML must agree with on any input:
// the Tokenizer, which scanHTML falls back to on pages it leaves alone.
var scanHTMLRef = tokenizeHTML

// scanHTMLCases are pages to compare scanHTML and scanHTMLRef on, with
// what they must give where it is worth writing down.
var scanHTMLCases = []struct {
	page string
	ids  []string
	refs []string
}{
	{page: `<a href="/a?x=1&amp;y=2" id="x&lt;y">`, ids: []string{"x<y"}, refs: []string{"/a?x=1&y=2"}},
	{page: `<a href=x id=y>`, ids: []string{"y"}, refs: []string{"x"}},
	{page: `<A HREF='/s q' ID=Up>`, ids: []string{"Up"}, refs: []string{"/s q"}},
	{page: `<img src=/i.png srcset="/a.png 1x, /b.png  2x,,/c.png" alt>`, refs: []string{Resource + "/a.png", Resource + "/b.png", Resource + "/c.png", Resource + "/i.png"}},
	{page: `<a href="/first" href="/second" id=one id=two HREF=/third>`, ids: []string{"one"}, refs: []string{"/first"}},
	{page: `<!-- <a href="/c" id="c"> --><a href="/after">`, refs: []string{"/after"}},
	{page: `<script>document.write('<a href="/s" id="s">')</script><a href="/after">`, refs: []string{"/after"}},
	{page: `<style>a[href="/x"]::after{content:"<a href=/y>"}</style><i id=i>`, ids: []string{"i"}},
	{page: `<textarea><a href="/t"></textarea><title><a id=t></title><a href="/after">`, refs: []string{"/after"}},
	{page: `</a href="/end" id="end"><a/ href=/self id=self/>`, ids: []string{"self/"}, refs: []string{"/self"}},
	{page: `<a id="" href="">`, ids: []string{""}},
	{page: `<a href="/open`},
	{page: `<a href="/x"><!-- open <a id=c>`, refs: []string{"/x"}},
	{page: `<a href="/x"><b id=open`, refs: []string{"/x"}},

	// Character references as in attributes: without ';' and before
	// '=' or a letter, they are text.
	{page: `<a href="?a=1&copy=2&ampx&amp&lt;&#65;&#x42;&#0;&#99999999999;&#x;&nLt;&notin;&notit;&" id="&#5">`},
	{page: `<a href="&AMP;&Amp;&amp;amp;&#128;&#x80;&#xD800;&#1114112;">`},
	{page: "<a href=\"/a\x00b\" id=\"x\r\ny\rz\">"},
	{page: "<a\x00 href=/n\x00 i\x00d=z>"},

	// Quotes, spaces and slashes in tags.
	{page: "<a\thref\n=\f'/q'\rid = \"i\">"},
	{page: `<a href='/x"y' id="a'b" src=/u'v"w>`},
	{page: `<a href=/a/>x<a href=/b/ >`},
	{page: `<a =href=/x href = /y>`},
	{page: `<a href=>x<a href= id=z>`},
	{page: `<a =id="x>" href=/z><a href=/y>`},
	{page: `<a / href=/x/ / id=/y/>`},
	{page: `<a href="/x"id="y">`},
	{page: `<a href/=/x id="y">`},
	{page: `<a<b href=/x>`},
	{page: `<a href="/x" id="y"/><br/><img src=/i/>`},
	{page: `<DATA-WASM data-wasm=/m.wasm DATA-WASM-EXEC=/e.js action=/f poster=/p.jpg>`},

	// Raw text: the end tag in any case, followed by space, '/' or '>'.
	{page: `<SCRIPT>x</scriptx><a id=no></SCRIPT ><a id=yes>`},
	{page: `<script>a<!--b<script>c</script>d--></script><a id=z>`},
	{page: `<script><!--<script></script>--><a id=z></script><a id=y>`},
	{page: `<script><!-- x --> <a id=in> </script><a id=out>`},
	{page: `<script><!--<scripT/></SCRIPT --><a id=a></script><a id=b>`},
	{page: `<script><!--<a></script><a id=b>`},
	{page: `<script><!--<!--</script><a id=b>`},
	{page: `<script><!--<1<script></script><a id=a></script><a id=b>`},
	{page: `<script><!--<script>--></script><a id=b>`},
	{page: `<script><!--><script></script><a id=a>`},
	{page: `<script><!--<script></script --><a id=a></script ><a id=b>`},
	{page: `<script>`},
	{page: `<script></scr`},
	{page: `<style></style/><a id=a><iframe><a id=b></iframe><a id=c>`},
	{page: `<noscript><a href=/ns></noscript><noembed><a id=ne></noembed><noframes><a id=nf></noframes><xmp><a id=x></xmp><a id=after>`},
	{page: `<plaintext><a href=/p></plaintext><a id=z>`},
	{page: `<title/><a id=t></title><a id=u>`},
	{page: `<titles><a id=t><scripts><a id=s>`},
	{page: `<svg><title><a id=in></title><a id=out></svg>`},

	// Comments, doctypes and the like.
	{page: `<!--><a id=a><!---><a id=b><!----><a id=c>`},
	{page: `<!-- --!><a id=a><!-- --!-><a id=b>--><a id=c>`},
	{page: `<!-- -- -><a id=x> ---><a id=y>`},
	{page: `<!-- --!--><a id=a>--><a id=b>`},
	{page: `<!DOCTYPE html><!doctype><!DOC<a id=a>><a id=b>`},
	{page: `<![CDATA[<a id=a>]]><a id=b>`},
	{page: `<?xml <a id=a>?><a id=b>`},
	{page: `</><a id=a></ a id=b><a id=c></3 <a id=d>><a id=e>`},
	{page: `< a id=a><1 id=b><a id=c>`},
	{page: `<!`}, {page: `<!-`}, {page: `<!>`}, {page: `<!x`}, {page: `<`}, {page: `</`}, {page: `</a`},
	{page: `<a`}, {page: `<a `}, {page: `<a h`}, {page: `<a h=`}, {page: `<a h="`}, {page: `<a h=x`}, {page: `<a h /`},
	{page: `<!--`}, {page: `<!-- -`}, {page: `<!-- --`}, {page: `<!-- --!`},
	{page: ""},
	{page: `<p>No tags with links.</p>`},
}

// checkScanHTML compares scanHTML with scanHTMLRef on page.
// checkScanHTML compares scanHTML's own scan, when it takes the page,
// with the Tokenizer's; fast says whether it took it.
func checkScanHTML(t *testing.T, name string, page []byte) (ids []string, refs []string, fast bool) {
	t.Helper()
	wantIDs, wantRefs := scanHTMLRef(page)
	gotIDs, gotRefs, fast := scanFast(page)
	if !fast {
		gotIDs, gotRefs = scanHTML(page)
	}
	if !maps.Equal(gotIDs, wantIDs) || !slices.Equal(gotRefs, wantRefs) {
		t.Errorf("%s: %q\nscanHTML: ids %q refs %q\nTokenizer: ids %q refs %q", name, page,
			slices.Sorted(maps.Keys(gotIDs)), gotRefs, slices.Sorted(maps.Keys(wantIDs)), wantRefs)
	}
	return slices.Sorted(maps.Keys(gotIDs)), gotRefs, fast
}

// TestScanHTML compares scanHTML with the Tokenizer's scan on hand-written
// pages, each alone and in the middle of the others.
func TestScanHTML(t *testing.T) {
	var all bytes.Buffer
	fast := 0
	for i, c := range scanHTMLCases {
		name := fmt.Sprintf("case %d", i)
		ids, refs, ok := checkScanHTML(t, name, []byte(c.page))
		if ok {
			fast++
		}
		if c.ids != nil && !slices.Equal(ids, c.ids) {
			t.Errorf("%s: %q: ids %q, want %q", name, c.page, ids, c.ids)
		}
		if c.refs != nil && !slices.Equal(refs, c.refs) {
			t.Errorf("%s: %q: refs %q, want %q", name, c.page, refs, c.refs)
		}
		checkScanHTML(t, name+" in a page", []byte(`<!doctype html><p id=before>`+c.page+`<a href=/after id=after>`))
		all.WriteString(c.page)
		all.WriteString("\n")
	}
	checkScanHTML(t, "all cases", all.Bytes())
	// Only the cases of scripts with "<!--" and of values with '&', CR or
	// NUL go to the Tokenizer.
	if fast*10 < len(scanHTMLCases)*7 {
		t.Errorf("scanHTML took only %d of %d cases itself", fast, len(scanHTMLCases))
	}
}

// FuzzScanHTML compares scanHTML with the Tokenizer's scan on any input.
func FuzzScanHTML(f *testing.F) {
	for _, c := range scanHTMLCases {
		f.Add([]byte(c.page))
	}
	f.Fuzz(func(t *testing.T, page []byte) {
		checkScanHTML(t, "fuzz", page)
	})
}
