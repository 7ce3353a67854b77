package site

import (
	"bytes"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/net/html"
)

// scanHTML returns the ids a page defines and the URLs it refers to: the
// values of the id attributes and of the link attributes (href, src,
// action, poster, data-wasm, data-wasm-exec, and the URLs of srcset) of
// every start tag, sorted.
//
// It finds them as golang.org/x/net/html's Tokenizer would, with the same
// results on any input (linkscan_test.go compares the two, by a test over
// the pages of a real build and a fuzz target), but about five times
// faster: it reads the page in place and allocates only the strings it
// returns. The functions below follow the Tokenizer's, state by state, in
// what decides where a tag, comment or raw text ends; text is skipped.
// Like the Tokenizer, the scan stops at a tag, comment or raw text left
// open at the end of the page (an unfinished tag counts for nothing), and
// it does not know foreign content: CDATA is a bogus comment, and <title>
// in an <svg> holds raw text.
//
// A value is taken as written unless it holds '&', CR or NUL: then the
// whole tag is read again by the Tokenizer itself, which decodes
// character references as HTML does in attributes (unlike
// html.UnescapeString: "&copy=" and "&ampx" stay as they are) and turns
// NUL into U+FFFD and CR LF into LF. Minified pages have no such values
// but for the odd "&amp;" in a query.
func scanHTML(data []byte) (ids map[string]bool, refs []string) {
	s := htmlScanner{d: data, ids: map[string]bool{}}
	s.scan()
	sort.Strings(s.refs)
	return s.ids, s.refs
}

// htmlScanner is the state of one scanHTML.
type htmlScanner struct {
	d    []byte
	ids  map[string]bool
	refs []string
}

// scannedAttrs are the attributes scanHTML reads, in the order of their
// index in a tag's attrs.
var scannedAttrs = [...]string{"id", "srcset", "href", "src", "action", "poster", "data-wasm", "data-wasm-exec"}

const (
	attrID = iota
	attrSrcset
)

// span is a value in the page, d[start:end].
type span struct{ start, end int }

// tagAttrs are the values of a tag's scanned attributes: as the Tokenizer,
// only the first of attributes with the same name counts.
type tagAttrs struct {
	seen uint8 // bit i: scannedAttrs[i] is in vals[i]
	vals [len(scannedAttrs)]span
}

// eof is the position the reading functions return when the page ends
// before what they read does; the Tokenizer then reports an error token
// and the scan ends.
const eof = -1

// isSpace reports whether c is white space in HTML.
func isSpace(c byte) bool { return spaces[c] }

var spaces = [256]bool{' ': true, '\n': true, '\r': true, '\t': true, '\f': true}

// endsAttrName: white space, '/', '>' and '=' end an attribute's name.
var endsAttrName = [256]bool{' ': true, '\n': true, '\r': true, '\t': true, '\f': true, '/': true, '>': true, '=': true}

func isLetter(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// scan reads the page as the Tokenizer's Next does, token after token.
func (s *htmlScanner) scan() {
	d := s.d
	p := 0
	for p != eof {
		i := bytes.IndexByte(d[p:], '<')
		if i < 0 || p+i+1 >= len(d) {
			return
		}
		p += i + 1 // after '<'
		switch c := d[p]; {
		case isLetter(c):
			var attrs tagAttrs
			start := p - 1
			nameEnd, end := s.readTag(p, &attrs)
			if end == eof {
				return
			}
			s.addAttrs(d[start:end], &attrs)
			p = end
			if raw := rawTextTag(d[start+1 : nameEnd]); raw != "" {
				p = s.readRawText(p, raw)
			}
		case c == '/':
			p++
			if p >= len(d) {
				return
			}
			switch c := d[p]; {
			case c == '>': // "</>" is nothing
				p++
			case isLetter(c):
				_, p = s.readTag(p, nil)
			default: // a bogus comment from c
				p = s.untilCloseAngle(p)
			}
		case c == '!':
			p = s.readMarkupDeclaration(p + 1)
		case c == '?':
			p = s.untilCloseAngle(p)
		default:
			// '<' is text; c is read again.
		}
	}
}

// untilCloseAngle returns the position after the next '>' from p.
func (s *htmlScanner) untilCloseAngle(p int) int {
	i := bytes.IndexByte(s.d[p:], '>')
	if i < 0 {
		return eof
	}
	return p + i + 1
}

// skipSpace returns the position of the first byte from p that is not
// white space, or eof if there is none.
func (s *htmlScanner) skipSpace(p int) int {
	for ; p < len(s.d); p++ {
		if !isSpace(s.d[p]) {
			return p
		}
	}
	return eof
}

// readMarkupDeclaration reads what follows "<!" at p: a comment, or a
// doctype or bogus comment, which both end at the next '>'. It returns
// the position after it.
func (s *htmlScanner) readMarkupDeclaration(p int) int {
	d := s.d
	if p+2 > len(d) {
		return eof
	}
	if d[p] != '-' || d[p+1] != '-' {
		return s.untilCloseAngle(p)
	}
	// The Tokenizer's readComment: "-->", "--!>", and "<!-->" or "<!--->"
	// at the beginning end the comment.
	p += 2
	dashes, beginning := 0, true
	for p < len(d) {
		c := d[p]
		p++
		switch c {
		case '-':
			dashes++
			continue
		case '>':
			if dashes >= 2 || beginning {
				return p
			}
		case '!':
			if dashes >= 2 {
				if p >= len(d) {
					return eof
				}
				c = d[p]
				p++
				if c == '>' {
					return p
				}
				if c == '-' {
					dashes, beginning = 1, false
					continue
				}
			}
		}
		dashes, beginning = 0, false
	}
	return eof
}

// readTag reads a start or end tag whose name begins at p (after "<" or
// "</") as the Tokenizer's readTag does, and returns where the name ends
// and the position after the tag's '>'. When attrs is not nil, it records
// the scanned attributes in it.
func (s *htmlScanner) readTag(p int, attrs *tagAttrs) (nameEnd, end int) {
	d := s.d
	// readTagName: the name ends at white space, '/' or '>'.
	p++
	for {
		if p >= len(d) {
			return 0, eof
		}
		c := d[p]
		if isSpace(c) {
			nameEnd = p
			p++
			break
		}
		if c == '/' || c == '>' {
			nameEnd = p
			break
		}
		p++
	}
	if p = s.skipSpace(p); p == eof {
		return 0, eof
	}
	for {
		if p >= len(d) {
			return 0, eof
		}
		if d[p] == '>' {
			return nameEnd, p + 1
		}
		// readTagAttrKey: the name ends at white space, '/', '>' or
		// '=', but a first '=' is part of it.
		keyStart := p
		p++
		if c := d[keyStart]; c == '/' {
			p = keyStart
		} else {
			for {
				if p >= len(d) {
					return 0, eof
				}
				if endsAttrName[d[p]] {
					break
				}
				p++
			}
		}
		key := d[keyStart:p]
		// readTagAttrVal
		val := span{p, p}
		if p = s.skipSpace(p); p == eof {
			return 0, eof
		}
		switch d[p] {
		case '/':
			p++
		case '=':
			if p = s.skipSpace(p + 1); p == eof {
				return 0, eof
			}
			switch q := d[p]; q {
			case '>':
				val = span{p, p}
			case '"', '\'':
				i := bytes.IndexByte(d[p+1:], q)
				if i < 0 {
					return 0, eof
				}
				val = span{p + 1, p + 1 + i}
				p += i + 2
			default:
				val.start = p
				for {
					p++
					if p >= len(d) {
						return 0, eof
					}
					if c := d[p]; isSpace(c) {
						val.end = p
						p++
						break
					} else if c == '>' {
						val.end = p
						break
					}
				}
			}
		}
		if attrs != nil && len(key) > 0 {
			if i := scannedAttr(key); i >= 0 && attrs.seen&(1<<i) == 0 {
				attrs.seen |= 1 << i
				attrs.vals[i] = val
			}
		}
		if p = s.skipSpace(p); p == eof {
			return 0, eof
		}
	}
}

// scannedAttr returns the index in scannedAttrs of the attribute named
// key in any case, or -1.
func scannedAttr(key []byte) int {
	switch len(key) {
	case 2, 3, 4, 6, 9, 14:
	default:
		return -1
	}
	for i, name := range scannedAttrs {
		if len(name) == len(key) && equalLower(key, name) {
			return i
		}
	}
	return -1
}

// equalLower reports whether b, with ASCII letters in lower case, is s.
func equalLower(b []byte, s string) bool {
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

// readRawText skips the raw text of the element tag, from p, and returns
// the position of its end tag, as the Tokenizer's readRawOrRCDATA does.
func (s *htmlScanner) readRawText(p int, tag string) int {
	switch tag {
	case "plaintext":
		return eof
	case "script":
		return s.readScript(p)
	}
	d := s.d
	for {
		i := bytes.IndexByte(d[p:], '<')
		if i < 0 || p+i+1 >= len(d) {
			return eof
		}
		p += i + 1
		if d[p] != '/' {
			continue
		}
		end, ok := s.readRawEndTag(p+1, tag)
		if ok || end == eof {
			return end
		}
		p = end
	}
}

// readRawEndTag reads tag and a white space, '/' or '>' at p, after "</".
// If they are there, it returns the position of the "<" and true;
// otherwise the position of the first byte that differs, to be read
// again, and false.
func (s *htmlScanner) readRawEndTag(p int, tag string) (int, bool) {
	d := s.d
	for i := 0; i < len(tag); i++ {
		if p >= len(d) {
			return eof, false
		}
		if c := d[p]; c != tag[i] && c != tag[i]-('a'-'A') {
			return p, false
		}
		p++
	}
	if p >= len(d) {
		return eof, false
	}
	if c := d[p]; isSpace(c) || c == '/' || c == '>' {
		return p - len(tag) - 2, true
	}
	return p, false
}

// readScript skips the text of a script element, from p, and returns the
// position of its end tag, following the Tokenizer's readScript, which
// follows the HTML standard's script data states: "<!--" escapes
// "<script>", in which "</script>" does not end the element.
func (s *htmlScanner) readScript(p int) int {
	d := s.d
	var c byte
	var ok bool

scriptData:
	if i := bytes.IndexByte(d[p:], '<'); i < 0 {
		return eof
	} else {
		p += i + 1
	}
	// scriptDataLessThanSign
	if p >= len(d) {
		return eof
	}
	c, p = d[p], p+1
	switch c {
	case '/':
		goto scriptDataEndTagOpen
	case '!':
		goto scriptDataEscapeStart
	}
	p--
	goto scriptData

scriptDataEndTagOpen:
	if p, ok = s.readRawEndTag(p, "script"); ok || p == eof {
		return p
	}
	goto scriptData

scriptDataEscapeStart:
	if p >= len(d) {
		return eof
	}
	if d[p] != '-' {
		goto scriptData
	}
	p++
	// scriptDataEscapeStartDash
	if p >= len(d) {
		return eof
	}
	if d[p] != '-' {
		goto scriptData
	}
	p++
	goto scriptDataEscapedDashDash

scriptDataEscaped:
	if p >= len(d) {
		return eof
	}
	c, p = d[p], p+1
	switch c {
	case '-':
		goto scriptDataEscapedDash
	case '<':
		goto scriptDataEscapedLessThanSign
	}
	goto scriptDataEscaped

scriptDataEscapedDash:
	if p >= len(d) {
		return eof
	}
	c, p = d[p], p+1
	switch c {
	case '-':
		goto scriptDataEscapedDashDash
	case '<':
		goto scriptDataEscapedLessThanSign
	}
	goto scriptDataEscaped

scriptDataEscapedDashDash:
	if p >= len(d) {
		return eof
	}
	c, p = d[p], p+1
	switch c {
	case '-':
		goto scriptDataEscapedDashDash
	case '<':
		goto scriptDataEscapedLessThanSign
	case '>':
		goto scriptData
	}
	goto scriptDataEscaped

scriptDataEscapedLessThanSign:
	if p >= len(d) {
		return eof
	}
	c, p = d[p], p+1
	if c == '/' {
		goto scriptDataEscapedEndTagOpen
	}
	if isLetter(c) {
		goto scriptDataDoubleEscapeStart
	}
	p--
	goto scriptData

scriptDataEscapedEndTagOpen:
	if p, ok = s.readRawEndTag(p, "script"); ok || p == eof {
		return p
	}
	goto scriptDataEscaped

scriptDataDoubleEscapeStart:
	p--
	for i := 0; i < len("script"); i++ {
		if p >= len(d) {
			return eof
		}
		if c = d[p]; c != "script"[i] && c != "SCRIPT"[i] {
			goto scriptDataEscaped
		}
		p++
	}
	if p >= len(d) {
		return eof
	}
	if c, p = d[p], p+1; isSpace(c) || c == '/' || c == '>' {
		goto scriptDataDoubleEscaped
	}
	p--
	goto scriptDataEscaped

scriptDataDoubleEscaped:
	if p >= len(d) {
		return eof
	}
	c, p = d[p], p+1
	switch c {
	case '-':
		goto scriptDataDoubleEscapedDash
	case '<':
		goto scriptDataDoubleEscapedLessThanSign
	}
	goto scriptDataDoubleEscaped

scriptDataDoubleEscapedDash:
	if p >= len(d) {
		return eof
	}
	c, p = d[p], p+1
	switch c {
	case '-':
		goto scriptDataDoubleEscapedDashDash
	case '<':
		goto scriptDataDoubleEscapedLessThanSign
	}
	goto scriptDataDoubleEscaped

scriptDataDoubleEscapedDashDash:
	if p >= len(d) {
		return eof
	}
	c, p = d[p], p+1
	switch c {
	case '-':
		goto scriptDataDoubleEscapedDashDash
	case '<':
		goto scriptDataDoubleEscapedLessThanSign
	case '>':
		goto scriptData
	}
	goto scriptDataDoubleEscaped

scriptDataDoubleEscapedLessThanSign:
	if p >= len(d) {
		return eof
	}
	c, p = d[p], p+1
	if c == '/' {
		goto scriptDataDoubleEscapeEnd
	}
	p--
	goto scriptDataDoubleEscaped

scriptDataDoubleEscapeEnd:
	if p, ok = s.readRawEndTag(p, "script"); ok {
		p += len("</script>")
		goto scriptDataEscaped
	}
	if p == eof {
		return eof
	}
	goto scriptDataDoubleEscaped
}

// rawTextTags are the elements whose start tag makes the Tokenizer read
// what follows as text, up to their end tag.
var rawTextTags = [...]string{"iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style", "textarea", "title", "xmp"}

// rawTextTag returns the element in rawTextTags named name in any case,
// or "".
func rawTextTag(name []byte) string {
	for _, t := range rawTextTags {
		if len(t) == len(name) && equalLower(name, t) {
			return t
		}
	}
	return ""
}

// addAttrs adds the ids and refs of a start tag, whose bytes are tag.
func (s *htmlScanner) addAttrs(tag []byte, attrs *tagAttrs) {
	if attrs.seen == 0 {
		return
	}
	for i := range scannedAttrs {
		if attrs.seen&(1<<i) != 0 && bytes.ContainsAny(s.d[attrs.vals[i].start:attrs.vals[i].end], "&\r\x00") {
			s.addTokenizedAttrs(tag)
			return
		}
	}
	for i := range scannedAttrs {
		if attrs.seen&(1<<i) != 0 {
			s.addAttr(i, s.d[attrs.vals[i].start:attrs.vals[i].end])
		}
	}
}

// addAttr adds the value of the attribute scannedAttrs[i].
func (s *htmlScanner) addAttr(i int, val []byte) {
	switch i {
	case attrID:
		s.ids[string(val)] = true
	case attrSrcset:
		// Each comma-separated candidate's URL: strings.Fields(part)[0].
		for part := range strings.SplitSeq(string(val), ",") {
			part = strings.TrimLeftFunc(part, unicode.IsSpace)
			if j := strings.IndexFunc(part, unicode.IsSpace); j >= 0 {
				part = part[:j]
			}
			if part != "" {
				s.refs = append(s.refs, part)
			}
		}
	default:
		if len(val) > 0 {
			s.refs = append(s.refs, string(val))
		}
	}
}

// addTokenizedAttrs adds the ids and refs of a start tag, whose bytes are
// tag, as the Tokenizer reads them.
func (s *htmlScanner) addTokenizedAttrs(tag []byte) {
	z := html.NewTokenizer(bytes.NewReader(tag))
	z.Next()
	_, more := z.TagName()
	for more {
		var key, val []byte
		key, val, more = z.TagAttr()
		if i := scannedAttr(key); i >= 0 {
			s.addAttr(i, val)
		}
	}
}
