//go:build linux && (amd64 || arm64)

package site

import (
	"errors"
	"fmt"
	"syscall"
	"unsafe"
)

// renameExchange is renameat2 with RENAME_EXCHANGE: a and b swap places
// in one step, so the output folder is never missing, not even for an
// instant.
func renameExchange(a, b string) error {
	pa, err := syscall.BytePtrFromString(a)
	if err != nil {
		return err
	}
	pb, err := syscall.BytePtrFromString(b)
	if err != nil {
		return err
	}
	const atFDCWD = -100
	const renameExchangeFlag = 2
	fd := atFDCWD
	_, _, e := syscall.Syscall6(sysRenameat2, uintptr(fd), uintptr(unsafe.Pointer(pa)), uintptr(fd), uintptr(unsafe.Pointer(pb)), renameExchangeFlag, 0)
	switch {
	case e == 0:
		return nil
	case e == syscall.ENOSYS || e == syscall.EINVAL || e == syscall.ENOTSUP:
		return fmt.Errorf("%w: %w", errNoExchange, e)
	}
	return &renameError{a, b, e}
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
