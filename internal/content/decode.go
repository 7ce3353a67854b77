package content

import (
	"bytes"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/liftwell/liftwell/internal/srcerr"
)

// decodeYAML decodes src into v, a pointer to a struct, and adds every
// problem to errs with its line and column: malformed YAML, unknown and
// duplicate fields, wrong types and missing required fields. lineOffset is
// added to every line (front matter starts below the opening "---").
//
// It returns the position of every decoded value, keyed by field path
// ("related[1]", "illustration.file"), for checks made after decoding.
func decodeYAML(path string, src []byte, lineOffset int, v any, errs *srcerr.List) Positions {
	d := decoder{path: path, off: lineOffset, errs: errs, pos: Positions{}, lines: bytes.Count(src, []byte("\n")) + 1}
	root, ok := fastYAML(src)
	if !ok {
		var doc yaml.Node
		if err := yaml.Unmarshal(src, &doc); err != nil {
			line, col, msg := yamlSyntaxError(err, src)
			errs.AddAt(path, line+lineOffset, col, msg)
			return d.pos
		}
		root = &yaml.Node{Kind: yaml.MappingNode, Line: 1, Column: 1}
		if len(doc.Content) > 0 {
			root = doc.Content[0]
		}
	}
	d.node(root, "", reflect.ValueOf(v).Elem())
	return d.pos
}

// Positions maps a field path to the line and column of its value.
type Positions map[string][2]int

// At returns the line and column of the value at key, or of the file's
// start when the value was not given.
func (p Positions) At(key string) (line, col int) {
	lc, ok := p[key]
	if !ok {
		return 1, 1
	}
	return lc[0], lc[1]
}

var (
	yamlLine   = regexp.MustCompile(`^yaml: line (\d+): `)
	yamlAnchor = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)
)

// yamlParserProblems are the errors yaml.v3's parser (not its scanner)
// reports. For them yaml.v3 prints a 0-based line number.
var yamlParserProblems = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found duplicate %YAML directive":        true,
	"found duplicate %TAG directive":         true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// yamlSyntaxError pulls the 1-based line number out of a yaml.v3 syntax
// error. yaml.v3 leaves the line out when it is the first, and for
// problems it does not place (control characters, unknown anchors); those
// are found in src, with their column.
func yamlSyntaxError(err error, src []byte) (line, col int, msg string) {
	msg = err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
		if yamlParserProblems[msg] {
			line++
		}
		// The end of the stream is placed on a line of its own, which a
		// file without a final newline does not have.
		line = min(line, bytes.Count(src, []byte("\n"))+1)
		return line, 0, "invalid YAML: " + msg
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	off := -1
	if m := yamlAnchor.FindStringSubmatch(msg); m != nil {
		off = bytes.Index(src, []byte("*"+m[1]))
	} else if strings.Contains(msg, "control characters") {
		off = bytes.IndexFunc(src, func(r rune) bool {
			return r != '\t' && r != '\n' && r != '\r' && (r < 0x20 || r >= 0x7f && r <= 0x9f && r != 0x85)
		})
	}
	if off < 0 {
		return 1, 0, "invalid YAML: " + msg
	}
	line, col = srcerr.LineCol(src, off)
	return line, col, "invalid YAML: " + msg
}

type decoder struct {
	path  string
	off   int
	errs  *srcerr.List
	pos   Positions
	lines int // in src
}

// at returns n's line and column in the file. yaml.v3 places an empty
// document's node after the last line, which a file without a final
// newline does not have: such a node is put on the last line.
func (d *decoder) at(n *yaml.Node) (line, col int) {
	if n.Line > d.lines {
		return d.lines + d.off, 1
	}
	return n.Line + d.off, n.Column
}

func (d *decoder) errorf(n *yaml.Node, msg string) {
	line, col := d.at(n)
	d.errs.AddAt(d.path, line, col, msg)
}

// node decodes n into v, which is a string, an int, a bool, a slice or a
// struct.
func (d *decoder) node(n *yaml.Node, key string, v reflect.Value) {
	line, col := d.at(n)
	d.pos[key] = [2]int{line, col}
	if n.Kind == yaml.AliasNode {
		d.errorf(n, field(key)+"aliases are not allowed")
		return
	}
	switch v.Kind() {
	case reflect.String:
		if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
			d.errorf(n, field(key)+"want text, got "+kindName(n))
			return
		}
		v.SetString(strings.TrimSpace(n.Value))
	case reflect.Int:
		i, err := strconv.Atoi(n.Value)
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || err != nil {
			d.errorf(n, field(key)+"want a whole number, got "+kindName(n))
			return
		}
		v.SetInt(int64(i))
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			d.errorf(n, field(key)+"want true or false, got "+kindName(n))
			return
		}
		v.SetBool(strings.EqualFold(n.Value, "true"))
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.errorf(n, field(key)+"want a list, got "+kindName(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			d.node(item, key+"["+strconv.Itoa(i)+"]", s.Index(i))
		}
		v.Set(s)
	case reflect.Struct:
		d.mapping(n, key, v)
	default:
		panic("content: cannot decode into " + v.Type().String())
	}
}

// mapping decodes a YAML mapping into the struct v, field by yaml tag.
func (d *decoder) mapping(n *yaml.Node, key string, v reflect.Value) {
	prefix := ""
	if key != "" {
		prefix = key + "."
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, field(key)+"want a mapping of fields, got "+kindName(n))
		return
	}
	fields := structFields(v.Type())
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		f, ok := fields[k.Value]
		switch {
		case !ok:
			d.errorf(k, "unknown field "+srcerr.Quote(prefix+k.Value)+suggest(k.Value, fields))
			continue
		case seen[k.Value]:
			d.errorf(k, "duplicate field "+srcerr.Quote(prefix+k.Value))
			continue
		}
		seen[k.Value] = true
		if f.required && isEmptyNode(val) {
			// One error, not also "want text, got nothing".
			line, col := d.at(val)
			d.pos[prefix+k.Value] = [2]int{line, col}
			d.errorf(val, "field "+srcerr.Quote(prefix+k.Value)+" is empty")
			continue
		}
		d.node(val, prefix+k.Value, v.Field(f.index))
	}
	for _, name := range sortedFieldNames(fields) {
		if f := fields[name]; f.required && !seen[name] {
			d.errorf(n, "missing required field "+srcerr.Quote(prefix+name))
		}
	}
}

// field prefixes a message with the field it is about.
func field(key string) string {
	if key == "" {
		return ""
	}
	return "field " + srcerr.Quote(key) + ": "
}

func isEmptyNode(n *yaml.Node) bool {
	switch n.Kind {
	case yaml.ScalarNode:
		return strings.TrimSpace(n.Value) == "" || n.Tag == "!!null"
	case yaml.SequenceNode, yaml.MappingNode:
		return len(n.Content) == 0
	}
	return false
}

type fieldInfo struct {
	index    int
	required bool
}

func structFields(t reflect.Type) map[string]fieldInfo {
	m := map[string]fieldInfo{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := f.Tag.Get("yaml")
		if name == "" || name == "-" {
			continue
		}
		m[name] = fieldInfo{index: i, required: f.Tag.Get("required") == "true"}
	}
	return m
}

// sortedFieldNames returns the names in struct order, so that errors come
// out in the order a reader meets the fields.
func sortedFieldNames(fields map[string]fieldInfo) []string {
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool { return fields[names[i]].index < fields[names[j]].index })
	return names
}

// suggest names the known field closest to a misspelt one.
func suggest(name string, fields map[string]fieldInfo) string {
	best, bestDist := "", 3
	for known := range fields {
		if dd := editDistance(name, known); dd < bestDist || dd == bestDist && known < best {
			best, bestDist = known, dd
		}
	}
	if best == "" {
		return ""
	}
	return " (did you mean " + srcerr.Quote(best) + "?)"
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	}
	switch n.Tag {
	case "!!null":
		return "nothing"
	case "!!int":
		if len(n.Value) > 20 {
			return "the number " + srcerr.Quote(n.Value)
		}
		return "the number " + n.Value
	case "!!bool":
		return "true/false " + srcerr.Quote(n.Value)
	}
	return srcerr.Quote(n.Value)
}
