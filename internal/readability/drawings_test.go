package readability

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Text in a drawing must stay readable on a small phone: at least
// minDrawingTextPx CSS pixels tall as rendered on a screen phoneWidth CSS
// pixels wide.
const (
	minDrawingTextPx = 12.0
	phoneWidth       = 360.0
	// columnSide is what the page takes from each side of the screen before
	// a drawing: the .wrap padding (1rem = 16px) and the 1px border of
	// .illustration img (box-sizing: border-box, so the border counts
	// inside max-width: 100%). TestDrawingColumnCSS checks site.css still
	// says so.
	columnSide = 16.0 + 1.0
	// svgDefaultFontPx is the font size of SVG text that sets none
	// ("medium" in CSS).
	svgDefaultFontPx = 16.0
)

// TestDrawingColumnCSS pins the CSS that the sizes in TestDrawingTextSize
// assume, so that a change of page padding cannot quietly make drawings
// unreadable.
func TestDrawingColumnCSS(t *testing.T) {
	css, err := os.ReadFile(filepath.Join("..", "..", "templates", "static", "site.css"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`\*, \*::before, \*::after \{ box-sizing: border-box; \}`),
		regexp.MustCompile(`\.wrap \{[^}]*padding: 0 1rem;`),
		regexp.MustCompile(`\.illustration img \{[^}]*border: 1px solid`),
		regexp.MustCompile(`img \{ max-width: 100%; height: auto; \}`),
	} {
		if !want.Match(css) {
			t.Errorf("site.css no longer matches %s: update columnSide in %s to the new padding and border", want, "drawings_test.go")
		}
	}
}

// TestDrawingTextSize renders no drawing, but computes for every <text> in
// every SVG of the content its size on a phone 360 px wide: the font size
// times the displayed width over the viewBox width, where the displayed
// width is the content column (360 px less columnSide on each side) or the
// drawing's own width if smaller. Anything under 12 px fails: make the
// label bigger and shorter, or move it into the alt text and the steps.
func TestDrawingTextSize(t *testing.T) {
	root := filepath.Join("..", "..", "content")
	var files []string
	for _, dir := range []string{"exercises", "articles"} {
		m, err := filepath.Glob(filepath.Join(root, dir, "*.svg"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no drawings found under " + root)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts, err := drawingTextSizes(src)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		for _, tx := range texts {
			if tx.px < minDrawingTextPx-1e-9 {
				t.Errorf("%s:%d: %q renders at %.1f px on a %g px wide screen, under %g px: use font-size %.0f or more, or move it into the alt text",
					f, tx.line, tx.text, tx.px, phoneWidth, minDrawingTextPx, math.Ceil(tx.fontSize*minDrawingTextPx/tx.px))
			}
		}
	}
}

// TestDrawingTextSizeCatches feeds drawingTextSizes drawings whose sizes are
// worked out by hand, so that the check above cannot pass by measuring
// nothing.
func TestDrawingTextSizeCatches(t *testing.T) {
	const style = `<style>.t{font-size:26px}.c{font-family:x;font-size:14px}@media (prefers-color-scheme:dark){.c{fill:#fff}}</style>`
	for _, c := range []struct {
		svg  string
		want []float64 // rendered px of each text in order
	}{
		// 600 wide: shown at 326 px, so 14px × 326/600 = 7.61
		{`<svg width="600" height="200" viewBox="0 0 600 200">` + style + `<text class="c">a</text><text class="t">b</text></svg>`,
			[]float64{14 * 326.0 / 600, 26 * 326.0 / 600}},
		// 300 wide: shown at its own width, 300 px
		{`<svg width="300" height="200" viewBox="0 0 300 200">` + style + `<text class="c">a</text></svg>`, []float64{14}},
		// a font-size attribute on a group, inherited; tspan of its own class
		{`<svg width="600" height="200" viewBox="0 0 600 200">` + style + `<g font-size="30"><text>a<tspan class="c">b</tspan></text></g></svg>`,
			[]float64{30 * 326.0 / 600, 14 * 326.0 / 600}},
		// no size at all: 16px
		{`<svg width="600" height="200" viewBox="0 0 600 200"><text>a</text></svg>`, []float64{16 * 326.0 / 600}},
		// a scale on a group is applied
		{`<svg width="600" height="200" viewBox="0 0 600 200">` + style + `<g transform="translate(0 4) scale(2)"><text class="c">a</text></g></svg>`,
			[]float64{28 * 326.0 / 600}},
	} {
		got, err := drawingTextSizes([]byte(c.svg))
		if err != nil {
			t.Errorf("%s: %v", c.svg, err)
			continue
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: measured %d texts, want %d", c.svg, len(got), len(c.want))
			continue
		}
		for i := range got {
			if math.Abs(got[i].px-c.want[i]) > 0.01 {
				t.Errorf("%s: text %d renders at %.2f px, want %.2f", c.svg, i, got[i].px, c.want[i])
			}
		}
	}
	for _, bad := range []string{
		`<svg width="600" height="200"><text>a</text></svg>`,                                       // no viewBox
		`<svg width="600" height="200" viewBox="0 0 600 200"><text font-size="2em">a</text></svg>`, // a unit it cannot size
		`<svg width="600" height="200" viewBox="0 0 600 200"><g transform="matrix(1 0 0 1 0 0)"><text>a</text></g></svg>`,
	} {
		if _, err := drawingTextSizes([]byte(bad)); err == nil {
			t.Errorf("%s: no error, want one", bad)
		}
	}
}

type drawingText struct {
	text     string
	line     int
	fontSize float64 // in viewBox units, with transforms applied
	px       float64 // as rendered on the phone
}

var (
	cssRule     = regexp.MustCompile(`\.([A-Za-z][\w-]*)\s*\{([^{}]*)\}`)
	cssFontSize = regexp.MustCompile(`font-size\s*:\s*([0-9.]+)px`)
	transformFn = regexp.MustCompile(`([a-zA-Z]+)\s*\(([^)]*)\)`)
)

// drawingTextSizes measures every text and tspan of an SVG as it renders on
// the phone. Class sizes come from the <style> element; a class given a
// size more than once counts at its smallest.
func drawingTextSizes(src []byte) ([]drawingText, error) {
	styleStart := bytes.Index(src, []byte("<style>"))
	classSize := map[string]float64{}
	if styleStart >= 0 {
		end := bytes.Index(src[styleStart:], []byte("</style>"))
		if end < 0 {
			return nil, fmt.Errorf("<style> is not closed")
		}
		for _, m := range cssRule.FindAllSubmatch(src[styleStart:styleStart+end], -1) {
			fs := cssFontSize.FindSubmatch(m[2])
			if fs == nil {
				if bytes.Contains(m[2], []byte("font-size")) {
					return nil, fmt.Errorf("class .%s: give font-size in px", m[1])
				}
				continue
			}
			v, _ := strconv.ParseFloat(string(fs[1]), 64)
			if old, ok := classSize[string(m[1])]; !ok || v < old {
				classSize[string(m[1])] = v
			}
		}
	}

	type frame struct {
		size  float64 // inherited font size in user units (before scale)
		scale float64 // product of the scales of the transforms above
		name  string
	}
	dec := xml.NewDecoder(bytes.NewReader(src))
	var stack []frame
	var out []drawingText
	var displayed, viewW float64
	line := 1
	lastOff := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		off := int(dec.InputOffset())
		line += bytes.Count(src[lastOff:off], []byte("\n"))
		lastOff = off
		switch t := tok.(type) {
		case xml.StartElement:
			parent := frame{size: svgDefaultFontPx, scale: 1}
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			f := frame{size: parent.size, scale: parent.scale, name: t.Name.Local}
			if len(stack) == 0 {
				if t.Name.Local != "svg" {
					return nil, fmt.Errorf("root element is <%s>, not <svg>", t.Name.Local)
				}
				var w float64
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "width":
						w, _ = strconv.ParseFloat(strings.TrimSuffix(a.Value, "px"), 64)
					case "viewBox":
						vb := strings.Fields(strings.ReplaceAll(a.Value, ",", " "))
						if len(vb) == 4 {
							viewW, _ = strconv.ParseFloat(vb[2], 64)
						}
					}
				}
				if w <= 0 || viewW <= 0 {
					return nil, fmt.Errorf("the root <svg> needs a width and a viewBox")
				}
				displayed = min(phoneWidth-2*columnSide, w)
			}
			for _, a := range t.Attr {
				switch a.Name.Local {
				case "class":
					for _, c := range strings.Fields(a.Value) {
						if v, ok := classSize[c]; ok {
							f.size = v
						}
					}
				}
			}
			for _, a := range t.Attr {
				switch a.Name.Local {
				case "font-size":
					v, err := strconv.ParseFloat(strings.TrimSuffix(a.Value, "px"), 64)
					if err != nil {
						return nil, fmt.Errorf("line %d: font-size %q: give it in px", line, a.Value)
					}
					f.size = v
				case "transform":
					s, err := transformScale(a.Value)
					if err != nil {
						return nil, fmt.Errorf("line %d: %v", line, err)
					}
					f.scale *= s
				}
			}
			stack = append(stack, f)
			if f.name == "text" || f.name == "tspan" {
				size := f.size * f.scale
				out = append(out, drawingText{line: line, fontSize: size, px: size * displayed / viewW})
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 && len(out) > 0 {
				if n := stack[len(stack)-1].name; n == "text" || n == "tspan" {
					out[len(out)-1].text += strings.TrimSpace(string(t))
				}
			}
		}
	}
	return out, nil
}

// transformScale returns the factor by which an SVG transform list scales
// lengths: translate and rotate keep them, scale(s) multiplies them (a
// non-uniform scale counts at its smaller factor). Anything else is an error
// rather than a guess.
func transformScale(v string) (float64, error) {
	scale := 1.0
	for _, m := range transformFn.FindAllStringSubmatch(v, -1) {
		switch m[1] {
		case "translate", "rotate":
		case "scale":
			args := strings.Fields(strings.ReplaceAll(m[2], ",", " "))
			s := math.Inf(1)
			for _, a := range args {
				f, err := strconv.ParseFloat(a, 64)
				if err != nil {
					return 0, fmt.Errorf("transform %q: bad scale", v)
				}
				s = min(s, math.Abs(f))
			}
			if len(args) == 0 {
				return 0, fmt.Errorf("transform %q: bad scale", v)
			}
			scale *= s
		default:
			return 0, fmt.Errorf("transform %q: only translate, rotate and scale can be measured", v)
		}
	}
	return scale, nil
}
