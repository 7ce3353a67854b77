//go:build !linux

package output

import "errors"

// exchange is nil where the system has no atomic swap of two paths: the
// output is swapped by two renames.
var exchange func(a, b string) error

var errNoExchange = errors.New("no atomic exchange")
