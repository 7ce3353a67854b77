//go:build !js

package checker

import _ "embed"

// RulesSource is the Go source of the rule table, for the site's page on
// how the checker decides. It is left out of the WebAssembly module.
//
//go:embed rules.go
var RulesSource string
