package content

import (
	"bytes"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// fastYAML parses the usual shape of front matter without yaml.v3, which
// spent about 60% of the time of loading 4,000 articles parsing it: a
// top-level block mapping of "key: value" lines, each value a plain scalar
// or a flow sequence of plain scalars ("[a, b]") on the key's line.
//
// It must build exactly the node yaml.v3 builds for the document's root
// (kinds, styles, tags, values, lines and columns; there are never
// comments, anchors or aliases), since decodeYAML reads its errors and
// positions from that tree. So it is deliberately narrow: for anything it
// is not certain of (blank lines, comments, quotes, indentation, block
// sequences, values that could be a bool, a float or a null, long keys,
// unusual characters...) it returns false and the caller asks yaml.v3.
// TestFastYAML and FuzzFastYAML check it against yaml.v3.
func fastYAML(src []byte) (*yaml.Node, bool) {
	if len(src) == 0 {
		return nil, false
	}
	root := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: 1, Column: 1}
	for n := 1; len(src) > 0; n++ {
		line, rest, _ := bytes.Cut(src, []byte("\n"))
		src = rest
		k := 0
		for k < len(line) && (line[k] == '_' || 'a' <= line[k]|0x20 && line[k]|0x20 <= 'z' ||
			k > 0 && (line[k] == '-' || '0' <= line[k] && line[k] <= '9')) {
			k++
		}
		// yaml.v3 takes a key of over 1,024 characters for a syntax error.
		if k == 0 || k > 128 || k == len(line) || line[k] != ':' {
			return nil, false
		}
		key := fastScalar(string(line[:k]), n, 1)
		var val *yaml.Node
		switch v := line[k+1:]; {
		case len(v) == 0: // yaml.v3 places the null just after the ":"
			val = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: n, Column: k + 2}
		case v[0] != ' ':
			return nil, false
		case len(v) >= 3 && v[1] == '[' && v[len(v)-1] == ']':
			val = fastFlowSeq(string(v[2:len(v)-1]), n, k+3)
		default:
			val = fastScalar(string(v[1:]), n, k+3)
		}
		if key == nil || val == nil {
			return nil, false
		}
		root.Content = append(root.Content, key, val)
	}
	return root, true
}

// fastFlowSeq returns the flow sequence whose items, separated by ", ",
// are inner, or nil. col is the column of its "[".
func fastFlowSeq(inner string, line, col int) *yaml.Node {
	seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Tag: "!!seq", Line: line, Column: col}
	col++
	for inner != "" {
		item, rest, more := strings.Cut(inner, ", ")
		// Characters that end a plain scalar in a flow collection.
		if strings.ContainsAny(item, ",?:[]{}") {
			return nil
		}
		s := fastScalar(item, line, col)
		if s == nil || more && rest == "" {
			return nil
		}
		seq.Content = append(seq.Content, s)
		col += utf8.RuneCountInString(item) + 2 // yaml.v3 counts characters
		inner = rest
	}
	return seq
}

// fastScalar returns the plain scalar s, at line and col, if it is
// certainly one and its tag is certain: a string, a decimal integer, a
// YYYY-MM-DD date, or true or false. Otherwise it returns nil.
func fastScalar(s string, line, col int) *yaml.Node {
	if s == "" || strings.IndexByte("-?:,[]{}#&*!|>'\"%@`+.~< ", s[0]) >= 0 || s[len(s)-1] == ' ' || s[len(s)-1] == ':' ||
		strings.Contains(s, ": ") || strings.Contains(s, " #") {
		return nil
	}
	for i, r := range s {
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == 0x2028 || r == 0x2029 || r == 0xfeff || r >= 0xfffe && r <= 0xffff ||
			r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD") {
			return nil
		}
	}
	tag := "!!str"
	switch s {
	case "true", "false":
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: s, Line: line, Column: col}
	case "True", "TRUE", "False", "FALSE", "null", "Null", "NULL":
		return nil
	}
	if '0' <= s[0] && s[0] <= '9' {
		if _, err := time.Parse("2006-01-02", s); err == nil && len(s) == 10 {
			tag = "!!timestamp"
		} else if _, err := strconv.ParseInt(s, 10, 64); err == nil && (s[0] != '0' || s == "0") {
			tag = "!!int"
		} else {
			return nil
		}
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: s, Line: line, Column: col}
}
