//go:build js

package checker

// levelWords leaves the words of a result that depend only on its level
// empty in the WebAssembly module: when to go up a level, the phone
// numbers and the note. The checker page renders them from PageData
// (Levels[i].Escalate and Phones, Note). See levels.go for the real one.
func levelWords(*Result, int) {}

// describe says what is wrong with a bad answer, in short: the module's
// page only ever sends the answers its form allows, so the words that list
// what is allowed (words.go) are left out of the module. The message
// still names the id and quotes the value.
func describe(q *Question, v string, _ bool) (problem, allowed string) {
	if q == nil {
		return "is not a question of the checker", ""
	}
	return "is not an answer to this question", ""
}
