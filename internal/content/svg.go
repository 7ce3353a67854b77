package content

import (
	"bytes"
	"encoding/xml"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// Image is an SVG drawing from the content directory, checked to be safe
// to serve: no scripts, no event handlers, no style attributes (the Content
// Security Policy forbids them) and no references to other files.
type Image struct {
	Data          []byte
	Width, Height int
}

// checkSVG parses src as SVG and reports what the site cannot serve.
func checkSVG(p string, src []byte, errs *List) *Image {
	dec := xml.NewDecoder(bytes.NewReader(src))
	img := &Image{Data: src}
	before := len(*errs)
	depth := 0
	inStyle := false
	for {
		off := int(dec.InputOffset())
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			line, _ := dec.InputPos()
			errs.Addf(p, line, 0, "invalid SVG: "+strings.TrimPrefix(err.Error(), "XML syntax error on line "+strconv.Itoa(line)+": "))
			return nil
		}
		line, col := lineCol(src, off)
		bad := func(msg string) { errs.Addf(p, line, col, msg) }
		switch t := tok.(type) {
		case xml.EndElement:
			if strings.EqualFold(t.Name.Local, "style") {
				inStyle = false
			}
		case xml.CharData:
			if loc := cssURL.FindIndex(src[off:dec.InputOffset()]); inStyle && loc != nil {
				line, col := lineCol(src, off+loc[0])
				errs.Addf(p, line, col, "url() or @import to another file is not allowed in <style>")
			}
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		inStyle = strings.EqualFold(start.Name.Local, "style")
		if depth == 0 {
			img.Width, img.Height = checkSVGRoot(start, bad)
		}
		depth++
		switch strings.ToLower(start.Name.Local) {
		case "script", "foreignobject", "iframe", "image", "use":
			bad("element <" + start.Name.Local + "> is not allowed in a drawing")
		}
		for _, a := range start.Attr {
			name := strings.ToLower(a.Name.Local)
			switch {
			case strings.HasPrefix(name, "on"):
				bad("event attribute " + a.Name.Local + " is not allowed")
			case name == "style":
				bad(`style attribute is not allowed (the Content Security Policy blocks it): use a class and the <style> element`)
			case name == "href" && !strings.HasPrefix(a.Value, "#"):
				bad("link to " + strconv.Quote(a.Value) + " is not allowed: a drawing may only refer to itself")
			case externalCSS(a.Value):
				bad("url() to another file is not allowed")
			case name == "attributename" && (strings.HasPrefix(strings.ToLower(a.Value), "on") || strings.Contains(strings.ToLower(a.Value), "href")):
				// <animate>/<set> could turn a link or handler into script.
				bad("animating the " + a.Value + " attribute is not allowed")
			}
		}
	}
	if len(*errs) > before {
		return nil
	}
	return img
}

// checkSVGRoot checks the root element and returns its size.
func checkSVGRoot(start xml.StartElement, bad func(string)) (w, h int) {
	if start.Name.Local != "svg" {
		bad("the root element must be <svg>, not <" + start.Name.Local + ">")
		return 0, 0
	}
	attr := map[string]string{}
	for _, a := range start.Attr {
		attr[a.Name.Local] = a.Value
	}
	for _, name := range []string{"width", "height", "viewBox"} {
		if attr[name] == "" {
			bad("<svg> needs a " + name + " attribute (width and height keep the page from shifting as it loads)")
		}
	}
	w, errW := strconv.Atoi(attr["width"])
	h, errH := strconv.Atoi(attr["height"])
	if attr["width"] != "" && attr["height"] != "" && (errW != nil || errH != nil || w <= 0 || h <= 0) {
		bad("<svg> width and height must be whole numbers of pixels")
	}
	return w, h
}

// cssURL matches a url() or @import that names something other than a
// fragment of the drawing itself.
var cssURL = regexp.MustCompile(`(?i)url\(\s*['"]?\s*[^'"#\s)]|@import`)

// externalCSS reports whether a CSS value or style sheet refers to
// another file.
func externalCSS(s string) bool { return cssURL.MatchString(s) }
