package content

import (
	"bytes"
	"encoding/xml"
	"io"
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
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		line, col := lineCol(src, off)
		bad := func(msg string) { errs.Addf(p, line, col, msg) }
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
			case strings.Contains(a.Value, "url(") && !strings.Contains(a.Value, "url(#"):
				bad("url() to another file is not allowed")
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
