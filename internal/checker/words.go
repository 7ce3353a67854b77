//go:build !js

package checker

// describe says what is wrong with the bad answer v to question q (nil
// for an unknown id), and what would be accepted. The WebAssembly module
// has a shorter one (lean_js.go): its page only ever sends the answers its
// form allows.
func describe(q *Question, v string, isNumber bool) (problem, allowed string) {
	if q == nil {
		ids := ""
		for _, g := range groups {
			for _, q := range g.Questions {
				ids += ", " + q.ID
			}
		}
		return "is not a question of the checker", "the ids are " + ids[2:]
	}
	problem, allowed = "is not one of the choices", "use yes (ticked) or no"
	switch q.Kind {
	case Number:
		problem, allowed = "is not a whole number", "use a whole number from "+itoa(q.Min)+" to "+itoa(q.Max)
		if isNumber {
			problem = "is out of range"
		}
	case YesNo, Choice:
		allowed = "use one of"
		for i, o := range q.Options {
			if i > 0 {
				allowed += ","
			}
			allowed += " " + o.Value
		}
	}
	if v == "" {
		problem, allowed = "is empty", "leave it out or "+allowed
	}
	return problem, allowed
}

// itoa writes a whole number of 0 or more in digits.
func itoa(n int) string {
	const decimal = "0123456789"
	s := ""
	for ; n >= 10; n /= 10 {
		s = decimal[n%10:n%10+1] + s
	}
	return decimal[n:n+1] + s
}
