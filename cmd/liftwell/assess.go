package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/liftwell/liftwell/internal/checker"
)

// runAssess implements `liftwell assess id=value ...`: it prints the
// checker's result as one JSON object, with the same fields as the
// WebAssembly module's result. Bad input exits 2 with a message naming the
// answer and what is allowed; it quotes what was given only as a short,
// escaped excerpt (checker.Quote), never raw bytes.
func runAssess(args []string, stdout, stderr io.Writer) int {
	answers := map[string]string{}
	for _, arg := range args {
		id, value, ok := strings.Cut(arg, "=")
		if !ok {
			fmt.Fprintf(stderr, "liftwell assess: argument %s is not an answer: write id=value, such as age=34 or fever=yes\n", checker.Quote(arg, true))
			return 2
		}
		if prev, dup := answers[id]; dup && prev != value {
			fmt.Fprintf(stderr, "liftwell assess: answer %s is given twice (%s and %s): give each answer once\n",
				checker.Quote(id, false), checker.Quote(prev, true), checker.Quote(value, true))
			return 2
		}
		answers[id] = value
	}
	res, err := checker.Assess(answers)
	if err != nil {
		fmt.Fprintf(stderr, "liftwell assess: %v\n", err)
		return 2
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(res); err != nil {
		fmt.Fprintf(stderr, "liftwell assess: %v\n", err)
		return 1
	}
	return 0
}
