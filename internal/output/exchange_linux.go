//go:build linux

package output

import (
	"errors"
	"fmt"

	"golang.org/x/sys/unix"
)

// renameExchange is renameat2 with RENAME_EXCHANGE: a and b swap places
// in one step, so the output folder is never missing, not even for an
// instant. A kernel or file system without it gives errNoExchange, and
// the swap falls back to two renames.
func renameExchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, unix.ENOSYS), errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOTSUP):
		return fmt.Errorf("%w: %w", errNoExchange, err)
	}
	return &renameError{a, b, err}
}

var exchange = renameExchange

// errNoExchange says the system or file system cannot swap two paths.
var errNoExchange = errors.New("no atomic exchange")

type renameError struct {
	a, b string
	err  error
}

func (e *renameError) Error() string { return "exchange " + e.a + " " + e.b + ": " + e.err.Error() }
func (e *renameError) Unwrap() error { return e.err }
