package checker

// Applies reports whether the rule with the given id applies to valid answers.
func Applies(ruleID string, answers map[string]string) bool {
	for i := range rules {
		if rules[i].ID == ruleID {
			return applies(&rules[i], answers)
		}
	}
	panic("no rule " + ruleID)
}

// Rank orders levels: 0 is the most urgent.
var Rank = rank

// Words returns how a reason names an answer, or the question's topic when
// it is unanswered.
func Words(id string, answers map[string]string) string {
	if v, ok := answers[id]; ok {
		return saying(q(id), v)
	}
	return q(id).Topic
}
