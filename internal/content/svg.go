package content

import (
	"github.com/liftwell/liftwell/internal/srcerr"
	"github.com/liftwell/liftwell/internal/svg"
)

// Image is an SVG drawing from the content directory, rebuilt by
// [svg.Sanitize] from an allowlist of elements and attributes, so that it
// is safe to serve from the site's origin: no scripts, no event handlers,
// no style attributes (the Content Security Policy forbids them) and no
// references to other files.
type Image struct {
	Data          []byte // the rebuilt drawing, not the file's bytes
	Width, Height int
}

// checkSVG rebuilds src, adding what the site cannot serve to errs.
func checkSVG(p string, src []byte, errs *srcerr.List) *Image {
	d, problems := svg.Sanitize(src)
	for _, e := range problems {
		errs.AddAt(p, e.Line, e.Col, e.Msg)
	}
	if d == nil {
		return nil
	}
	return &Image{Data: d.Data, Width: d.Width, Height: d.Height}
}
