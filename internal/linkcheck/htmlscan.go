package linkcheck

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
// It finds them as golang.org/x/net/html's Tokenizer would (tokenizeHTML),
// with the same results on any input (scan_test.go compares the two over
// a table of tricky cases and a fuzz target, real_test.go over the pages
// of a real build), but about five times faster: it reads the page in
// place and allocates only the strings it returns. The functions below
// follow the Tokenizer's in what decides where a tag, comment or raw text
// ends; text is skipped. Like the Tokenizer, the scan stops at a tag, comment or raw
// text left open at the end of the page (an unfinished tag counts for
// nothing), and it does not know foreign content: CDATA is a bogus
// comment, and <title> in an <svg> holds raw text.
//
// Two things pages do not hold are left to the Tokenizer, for the whole
// page: a script with "<!--" in it (see readScript), and a link or id
// with '&', CR or NUL in it (see addAttrs).
func scanHTML(data []byte) (ids map[string]bool, refs []string) {
	if ids, refs, ok := scanFast(data); ok {
		return ids, refs
	}
	return tokenizeHTML(data)
}

// scanFast is scanHTML without the Tokenizer: ok is false for a page it
// leaves to it.
func scanFast(data []byte) (ids map[string]bool, refs []string, ok bool) {
	s := htmlScanner{d: data, ids: map[string]bool{}}
	s.scan()
	sort.Strings(s.refs)
	return s.ids, s.refs, !s.unsure
}

// htmlScanner is the state of one scanHTML.
type htmlScanner struct {
	d      []byte
	ids    map[string]bool
	refs   []string
	unsure bool // the page needs the Tokenizer (see readScript)
}

// tokenizeHTML is scanHTML done by x/net/html's Tokenizer: slower, and
// what scanHTML falls back to and is tested against.
func tokenizeHTML(data []byte) (ids map[string]bool, refs []string) {
	ids = map[string]bool{}
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, more := z.TagName()
		res := isResource(name)
		for more {
			var key, val []byte
			key, val, more = z.TagAttr()
			if i := scannedAttr(key); i >= 0 {
				addAttr(ids, &refs, i, val, res)
			}
		}
	}
	sort.Strings(refs)
	return ids, refs
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
			if s.addAttrs(d[start+1:nameEnd], &attrs); s.unsure {
				return
			}
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
	return s.readRawTextOf(p, tag)
}

// readRawTextOf returns the position of the end tag of tag from p, or eof.
func (s *htmlScanner) readRawTextOf(p int, tag string) int {
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
// position of its end tag. Script text ends at "</script" as other raw
// text does, unless it holds "<!--": then the HTML standard's script
// escapes apply, under which "<script>" can keep "</script>" from ending
// the element. Pages do not do that (JSON-LD does not), so a script with
// "<!--" in it leaves the whole page to the Tokenizer.
func (s *htmlScanner) readScript(p int) int {
	end := s.readRawTextOf(p, "script")
	stop := end
	if stop == eof {
		stop = len(s.d)
	}
	if bytes.Contains(s.d[p:stop], []byte("<!--")) {
		s.unsure = true
		return eof
	}
	return end
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

// addAttrs adds the ids and refs of a start tag, whose bytes are tag. A
// value with '&', CR or NUL in it leaves the page to the Tokenizer, which
// decodes character references as HTML does in attributes (unlike
// html.UnescapeString: "&copy=" and "&ampx" stay as they are) and turns
// NUL into U+FFFD and CR LF into LF.
func (s *htmlScanner) addAttrs(name []byte, attrs *tagAttrs) {
	for i := range scannedAttrs {
		if attrs.seen&(1<<i) != 0 && bytes.ContainsAny(s.d[attrs.vals[i].start:attrs.vals[i].end], "&\r\x00") {
			s.unsure = true
			return
		}
	}
	res := isResource(name)
	for i := range scannedAttrs {
		if attrs.seen&(1<<i) != 0 {
			addAttr(s.ids, &s.refs, i, s.d[attrs.vals[i].start:attrs.vals[i].end], res)
		}
	}
}

// Resource is the mark in front of a ref that a page loads, or sends a
// form to, rather than links to: any link attribute of any element but
// <a> and <area> (<img src>, <link href>, SVG <image href>, <form
// action>...). Such a ref must be of the site itself. A ref as scanned
// never starts with NUL (the Tokenizer turns it into U+FFFD).
const Resource = "\x00"

// isResource reports whether the link attributes of the element name
// are resources (see Resource).
func isResource(name []byte) bool {
	return !(len(name) == 1 && name[0]|0x20 == 'a' || len(name) == 4 && equalLower(name, "area"))
}

// addAttr adds the value of the attribute scannedAttrs[i] to ids or refs,
// marked as a Resource when res is true.
func addAttr(ids map[string]bool, refs *[]string, i int, val []byte, res bool) {
	mark := ""
	if res {
		mark = Resource
	}
	switch i {
	case attrID:
		ids[string(val)] = true
	case attrSrcset:
		// Each comma-separated candidate's URL: strings.Fields(part)[0].
		for part := range strings.SplitSeq(string(val), ",") {
			part = strings.TrimLeftFunc(part, unicode.IsSpace)
			if j := strings.IndexFunc(part, unicode.IsSpace); j >= 0 {
				part = part[:j]
			}
			if part != "" {
				*refs = append(*refs, mark+part)
			}
		}
	default:
		if len(val) > 0 {
			*refs = append(*refs, mark+string(val))
		}
	}
}
