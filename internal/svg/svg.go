// Package svg rebuilds SVG drawings so that they are safe to serve from
// the site's origin: it parses a drawing as XML, keeps only an allowlist
// of SVG elements and attributes, and writes the result out again from
// the parsed tree. It does not filter the source text: values are
// decoded (character references included) before they are checked, and
// re-escaped when they are written, so nothing can hide in the spelling.
//
// Anything outside the allowlist is an error at its line and column:
// scripts, event attributes, style attributes (the Content Security
// Policy blocks them), links (href), other namespaces, DOCTYPEs. The one
// <style> sheet is tokenized as CSS (escapes decoded): only @media rules
// and a short list of functions are allowed, and url() only to a
// #fragment of the drawing itself; no @import, no image-set(). The root
// must be <svg> with width, height (whole pixels) and viewBox, and the
// drawing must draw something (a shape, or text).
package svg

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/liftwell/liftwell/internal/srcerr"
)

// Namespace is the SVG namespace, the only one a drawing may use.
const Namespace = "http://www.w3.org/2000/svg"

// Drawing is a rebuilt SVG drawing.
type Drawing struct {
	Data          []byte // the drawing as rebuilt: only allowed elements and attributes
	Width, Height int    // of the root <svg>, in pixels
}

// Error is one problem in a drawing, at a 1-based line and column.
type Error struct {
	Line, Col int
	Msg       string
}

func (e Error) Error() string {
	return strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Col) + ": " + e.Msg
}

// elements maps each allowed element to whether its text is kept
// (text, title, desc and style hold text; the others only whitespace).
var elements = map[string]bool{
	"svg": false, "g": false, "defs": false, "title": true, "desc": true, "style": true,
	"rect": false, "circle": false, "ellipse": false, "line": false, "polyline": false, "polygon": false, "path": false,
	"text": true, "tspan": true,
	"linearGradient": false, "radialGradient": false, "stop": false,
	"marker": false, "clipPath": false, "mask": false,
}

// shapes are the elements that draw something.
var shapes = map[string]bool{"rect": true, "circle": true, "ellipse": true, "line": true, "polyline": true, "polygon": true, "path": true}

// attributes are the allowed attributes, on any allowed element. Those
// true take plain text (labels, names); the others are CSS-like values,
// checked as CSS (a url() only to a #fragment, no other function
// outside a short list).
var attributes = map[string]bool{
	"id": true, "class": true, "role": true, "aria-label": true, "aria-hidden": true,
	"aria-labelledby": true, "aria-describedby": true, "lang": true,
	"width": false, "height": false, "viewBox": false, "preserveAspectRatio": false, "version": false, "focusable": false,
	"x": false, "y": false, "x1": false, "y1": false, "x2": false, "y2": false, "cx": false, "cy": false,
	"r": false, "rx": false, "ry": false, "fx": false, "fy": false, "d": false, "points": false, "pathLength": false,
	"transform": false, "dx": false, "dy": false, "rotate": false, "textLength": false, "lengthAdjust": false,
	"fill": false, "fill-opacity": false, "fill-rule": false, "stroke": false, "stroke-width": false,
	"stroke-opacity": false, "stroke-linecap": false, "stroke-linejoin": false, "stroke-dasharray": false,
	"stroke-dashoffset": false, "stroke-miterlimit": false, "opacity": false, "text-anchor": false,
	"dominant-baseline": false, "font-family": false, "font-size": false, "font-weight": false, "font-style": false,
	"letter-spacing": false, "word-spacing": false, "text-decoration": false, "clip-path": false, "clip-rule": false,
	"mask": false, "marker-start": false, "marker-mid": false, "marker-end": false, "visibility": false,
	"display": false, "color": false, "vector-effect": false, "paint-order": false, "shape-rendering": false,
	"stop-color": false, "stop-opacity": false, "offset": false, "gradientUnits": false, "gradientTransform": false,
	"spreadMethod": false, "markerWidth": false, "markerHeight": false, "refX": false, "refY": false,
	"orient": false, "markerUnits": false, "clipPathUnits": false, "maskUnits": false, "maskContentUnits": false,
}

// node is an element of the parsed tree.
type node struct {
	name     string
	attrs    []xml.Attr
	children []any // *node or text (string)
}

// Sanitize parses src and rebuilds it. It returns the drawing, or every
// problem found (then the drawing is nil).
func Sanitize(src []byte) (*Drawing, []Error) {
	s := &sanitizer{src: src}
	root := s.parse()
	if len(s.errs) > 0 {
		return nil, s.errs
	}
	if root == nil {
		return nil, []Error{{1, 1, "no <svg> element: a drawing must be an SVG file"}}
	}
	if !s.visible {
		return nil, []Error{{s.rootLine, s.rootCol, "the drawing draws nothing: it needs a shape or some text"}}
	}
	var b bytes.Buffer
	b.Grow(len(src))
	write(&b, root, true)
	return &Drawing{Data: b.Bytes(), Width: s.width, Height: s.height}, nil
}

type sanitizer struct {
	src               []byte
	errs              []Error
	width, height     int
	visible           bool
	rootLine, rootCol int
}

func (s *sanitizer) errorAt(off int, msg string) {
	line, col := srcerr.LineCol(s.src, off)
	s.errs = append(s.errs, Error{line, col, msg})
}

// parse reads the XML into a tree of allowed nodes, reporting what is
// not allowed. It returns the root, or nil if there is none.
func (s *sanitizer) parse() *node {
	dec := xml.NewDecoder(bytes.NewReader(src(s.src)))
	bom := len(s.src) - len(src(s.src))
	var root *node
	var stack []*node
	var styleText []byte // the <style> being read
	styleAt := 0
	skip := 0 // depth inside a refused element
	for {
		off := int(dec.InputOffset()) + bom
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			line, col := dec.InputPos()
			if bom > 0 && line == 1 {
				col++
			}
			msg := err.Error()
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				msg = se.Msg
			}
			s.errs = append(s.errs, Error{line, col, "invalid SVG: " + clip(msg)})
			return nil
		}
		var top *node
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 {
				skip++
				continue
			}
			if top != nil && top.name == "style" {
				s.errorAt(off, "<style> may hold only CSS, not an element")
				skip = 1
				continue
			}
			if root != nil && top == nil {
				s.errorAt(off, "a second root element")
				skip = 1
				continue
			}
			n := s.element(off, t, top == nil)
			if n == nil {
				skip = 1
				continue
			}
			if top == nil {
				root = n
			} else {
				top.children = append(top.children, n)
			}
			stack = append(stack, n)
			if n.name == "style" {
				styleText, styleAt = styleText[:0], int(dec.InputOffset())+bom
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			if top.name == "style" {
				css, msgs := rebuildCSS(string(styleText))
				for _, m := range msgs {
					s.errorAt(styleAt+m.off, m.msg)
				}
				top.children = []any{css}
			}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if skip > 0 {
				continue
			}
			if top == nil {
				if len(bytes.TrimSpace(t)) > 0 {
					s.errorAt(off, "text outside the <svg> element")
				}
				continue
			}
			switch {
			case top.name == "style":
				styleText = append(styleText, t...)
			case elements[top.name]:
				top.children = append(top.children, string(t))
				if (top.name == "text" || top.name == "tspan") && len(bytes.TrimSpace(t)) > 0 {
					s.visible = true
				}
			case len(bytes.TrimSpace(t)) > 0:
				s.errorAt(off, "text inside <"+top.name+"> is not drawn: put it in a <text> element")
			default:
				top.children = append(top.children, string(t))
			}
		case xml.Comment:
			// dropped
		case xml.ProcInst:
			if t.Target != "xml" || off != bom {
				s.errorAt(off, "processing instruction <?"+clip(t.Target)+"?> is not allowed in a drawing")
			}
		case xml.Directive:
			s.errorAt(off, "<!"+clip(firstWord(string(t)))+"> is not allowed in a drawing")
		}
	}
	return root
}

// element checks a start tag and returns its node, or nil if the element
// is not allowed (its content is then skipped).
func (s *sanitizer) element(off int, t xml.StartElement, isRoot bool) *node {
	name := t.Name.Local
	_, ok := elements[name]
	switch {
	case isRoot && name != "svg":
		s.errorAt(off, "the root element must be <svg>, not <"+clip(name)+">")
		return nil
	case t.Name.Space != Namespace && (isRoot || t.Name.Space != ""):
		// Written out, every element is in the SVG namespace. A root
		// without it is reported, and its content checked still.
		if !isRoot {
			s.errorAt(off, "element <"+clip(name)+"> is not in the SVG namespace")
			return nil
		}
		s.errorAt(off, `<svg> needs xmlns="`+Namespace+`"`)
	}
	switch {
	case !ok:
		s.errorAt(off, "element <"+clip(name)+"> is not allowed in a drawing")
		return nil
	case name == "svg" && !isRoot:
		s.errorAt(off, "element <svg> inside <svg> is not allowed in a drawing")
		return nil
	}
	if shapes[name] {
		s.visible = true
	}
	n := &node{name: name}
	for _, a := range t.Attr {
		an := a.Name.Local
		if a.Name.Space == "" && an == "xmlns" {
			if a.Value != Namespace {
				s.errorAt(off, "namespace "+quote(a.Value)+" is not allowed: a drawing uses "+Namespace+" alone")
			}
			continue // written on the root by write
		}
		plain, ok := attributes[an]
		switch {
		case a.Name.Space == "xmlns":
			s.errorAt(off, "namespace prefix xmlns:"+clip(an)+" is not allowed: a drawing uses the SVG namespace alone")
			continue
		case a.Name.Space != "":
			s.errorAt(off, "attribute "+clip(an)+" in namespace "+quote(a.Name.Space)+" is not allowed in a drawing")
			continue
		case strings.HasPrefix(strings.ToLower(an), "on"):
			s.errorAt(off, "event attribute "+clip(an)+" is not allowed")
			continue
		case an == "style":
			s.errorAt(off, "style attribute is not allowed (the Content Security Policy blocks it): use a class and the <style> element")
			continue
		case an == "href":
			s.errorAt(off, "link "+quote(a.Value)+" is not allowed: a drawing may not link to anything")
			continue
		case !ok:
			s.errorAt(off, "attribute "+clip(an)+" is not allowed on <"+name+">")
			continue
		}
		if !plain {
			if msgs := checkCSSValue(a.Value); len(msgs) > 0 {
				s.errorAt(off, "attribute "+an+": "+msgs[0].msg)
				continue
			}
		}
		n.attrs = append(n.attrs, xml.Attr{Name: xml.Name{Local: an}, Value: a.Value})
	}
	if isRoot {
		s.rootLine, s.rootCol = srcerr.LineCol(s.src, off)
		s.checkRoot(off, n)
	}
	return n
}

// checkRoot checks the root's size attributes.
func (s *sanitizer) checkRoot(off int, n *node) {
	attr := map[string]string{}
	for _, a := range n.attrs {
		attr[a.Name.Local] = a.Value
	}
	for _, name := range []string{"width", "height", "viewBox"} {
		if strings.TrimSpace(attr[name]) == "" {
			s.errorAt(off, "<svg> needs a "+name+" attribute (width and height keep the page from shifting as it loads)")
		}
	}
	w, errW := strconv.Atoi(attr["width"])
	h, errH := strconv.Atoi(attr["height"])
	if attr["width"] != "" && attr["height"] != "" && (errW != nil || errH != nil || w <= 0 || h <= 0) {
		s.errorAt(off, "<svg> width and height must be whole numbers of pixels")
	}
	s.width, s.height = w, h
}

// write writes n and its children as XML, escaping every value.
func write(b *bytes.Buffer, n *node, root bool) {
	b.WriteString("<" + n.name)
	if root {
		b.WriteString(` xmlns="` + Namespace + `"`)
	}
	for _, a := range n.attrs {
		b.WriteString(" " + a.Name.Local + `="`)
		escape(b, a.Value, true)
		b.WriteByte('"')
	}
	if len(n.children) == 0 {
		b.WriteString("/>")
		return
	}
	b.WriteByte('>')
	for _, c := range n.children {
		switch c := c.(type) {
		case *node:
			write(b, c, false)
		case string:
			escape(b, c, false)
		}
	}
	b.WriteString("</" + n.name + ">")
}

// escape writes s as XML text or, if attr, as an attribute value.
func escape(b *bytes.Buffer, s string, attr bool) {
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"' && attr:
			b.WriteString("&quot;")
		case (r == '\n' || r == '\t' || r == '\r') && attr, r == '\r':
			b.WriteString("&#" + strconv.Itoa(int(r)) + ";")
		default:
			b.WriteRune(r)
		}
	}
}

// src returns the text after a UTF-8 byte order mark, which encoding/xml
// does not accept.
func src(b []byte) []byte { return bytes.TrimPrefix(b, []byte("\ufeff")) }

func firstWord(s string) string {
	if i := strings.IndexAny(s, " \t\r\n"); i >= 0 {
		return s[:i]
	}
	return s
}

// quote shows a value from the drawing in a message as every error does:
// quoted, escaped and cut short (srcerr.Quote).
func quote(s string) string { return srcerr.Quote(s) }

// clip is quote without the quotes, for names.
func clip(s string) string {
	q := quote(s)
	if strings.HasSuffix(q, "…") {
		return q[1:len(q)-len(`"…`)] + "…"
	}
	return q[1 : len(q)-1]
}
