package svg

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tdewolff/minify/v2"
	minsvg "github.com/tdewolff/minify/v2/svg"
)

// FuzzSVG: whatever goes in, what Sanitize lets out (and what the site's
// SVG minifier makes of it) holds no script, no event attribute and no
// reference to anything outside the drawing. That is checked by unsafe,
// which parses the output on its own terms. The output is also stable:
// sanitizing it again gives it back unchanged.
func FuzzSVG(f *testing.F) {
	files, _ := filepath.Glob("../../content/*/*.svg")
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	for _, s := range hostile {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		d, errs := Sanitize(src)
		if d == nil {
			if len(errs) == 0 {
				t.Fatal("no drawing and no error")
			}
			return
		}
		if len(errs) > 0 {
			t.Fatalf("a drawing and errors: %v", errs)
		}
		if msg := unsafe(d.Data); msg != "" {
			t.Fatalf("unsafe output (%s):\n%s", msg, d.Data)
		}
		var min bytes.Buffer
		if err := minsvg.Minify(minify.New(), &min, bytes.NewReader(d.Data), nil); err == nil {
			if msg := unsafe(min.Bytes()); msg != "" {
				t.Fatalf("unsafe once minified (%s):\n%s\nfrom\n%s", msg, min.Bytes(), d.Data)
			}
		}
		again, errs := Sanitize(d.Data)
		if again == nil || !bytes.Equal(again.Data, d.Data) || again.Width != d.Width || again.Height != d.Height {
			t.Fatalf("not stable: %v\n%s\nthen\n%v", errs, d.Data, again)
		}
	})
}

var hostile = []string{
	`<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1" viewBox="0 0 1 1"><style>&#64;import "http://x/";</style><rect/></svg>`,
	`<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1" viewBox="0 0 1 1"><style>.a{fill:u\72l(http://x/)}</style><rect/></svg>`,
	`<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1" viewBox="0 0 1 1"><style>.a{fill:u/**/rl(http://x/)}</style><rect/></svg>`,
	`<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1" viewBox="0 0 1 1"><style>.a{b:image-set("http://x/" 1x)}</style><rect/></svg>`,
	`<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1" viewBox="0 0 1 1"><style>.a{fill:url(#a)}</style><rect fill="url(#b)"/></svg>`,
	`<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1" viewBox="0 0 1 1" onload="x"><script>x</script><rect/></svg>`,
	`<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1" viewBox="0 0 1 1"><text>&lt;script&gt;</text></svg>`,
	`<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1" viewBox="0 0 1 1"><style><![CDATA[.a>b{fill:red}]]></style><rect/></svg>`,
}

var (
	cssEscape  = regexp.MustCompile(`(?s)\\([0-9a-fA-F]{1,6})[ \t\n]?|\\(.)`)
	cssComment = regexp.MustCompile(`(?s)/\*.*?\*/`)
	spaces     = regexp.MustCompile(`[\s\x00-\x1f]+`)
)

// cssForm decodes CSS escapes, drops comments and white space, and
// lowers the case, so that a plain substring search finds what a browser
// would read.
func cssForm(s string) string {
	s = cssComment.ReplaceAllString(s, "")
	s = cssEscape.ReplaceAllStringFunc(s, func(m string) string {
		sub := cssEscape.FindStringSubmatch(m)
		if sub[1] != "" {
			r, _ := strconv.ParseUint(sub[1], 16, 32)
			return string(rune(r))
		}
		return sub[2]
	})
	return strings.ToLower(spaces.ReplaceAllString(s, ""))
}

var externalRef = regexp.MustCompile(`url\((['"]?)[^#'"]|@import|image-set\(|image\(|javascript:|expression\(|@namespace|@font-face|src\(`)

// unsafe parses an SVG document without the sanitizer's code and says
// what in it is unsafe, or "".
func unsafe(data []byte) string {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var stack []string
	depth := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "not XML: " + err.Error()
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			name := strings.ToLower(t.Name.Local)
			stack = append(stack, name)
			if t.Name.Space != "http://www.w3.org/2000/svg" {
				return "element outside the SVG namespace: " + t.Name.Space
			}
			switch name {
			case "script", "foreignobject", "iframe", "image", "use", "a", "animate", "set", "feimage", "object", "embed", "handler", "listener":
				return "element " + name
			}
			for _, a := range t.Attr {
				an := strings.ToLower(a.Name.Local)
				if a.Name.Space == "" && an == "xmlns" {
					continue
				}
				switch {
				case a.Name.Space != "":
					return "namespaced attribute " + a.Name.Space + ":" + an
				case strings.HasPrefix(an, "on"):
					return "event attribute " + an
				case an == "href" || an == "src" || an == "style" || an == "attributename":
					return "attribute " + an
				}
				if m := externalRef.FindString(cssForm(a.Value)); m != "" {
					return "attribute " + an + ": " + m
				}
			}
		case xml.EndElement:
			depth--
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 && stack[len(stack)-1] == "style" {
				if m := externalRef.FindString(cssForm(string(t))); m != "" {
					return "style: " + m
				}
			}
		case xml.Directive:
			return "directive"
		case xml.ProcInst:
			return "processing instruction"
		}
	}
	return ""
}
