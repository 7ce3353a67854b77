//go:build !js

package checker

import (
	"strings"
	"testing"
)

func TestRulesSource(t *testing.T) {
	if !strings.Contains(RulesSource, "var rules = []Rule{") {
		t.Errorf("RulesSource does not hold the rule table")
	}
}
