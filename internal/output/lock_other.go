//go:build !unix

package output

import "os"

// On systems without flock, builds to one output are not kept apart.

func tryLock(*os.File) (busy bool, err error) { return false, nil }

func waitLock(*os.File) error { return nil }
