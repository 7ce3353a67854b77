// Command gentables writes tables_js.go, the pain checker's tables for the
// WebAssembly module, from checker.LeanTables. It runs from
// `go generate ./internal/checker`, in the checker's folder.
package main

import (
	"log"
	"os"

	"github.com/liftwell/liftwell/internal/checker"
)

func main() {
	src, err := checker.LeanTables()
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("tables_js.go", src, 0o644); err != nil {
		log.Fatal(err)
	}
}
