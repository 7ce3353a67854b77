package checker

// PageData is what the site builder needs for the checker, checklist and
// rules pages, and for the "Not for you now if" part of exercise pages.
//
// The WebAssembly module leaves out the texts that depend only on the
// level, the rule or the tip (see the package comment); the checker page
// takes them from here: Levels[i].Escalate and Phones, Why, Tips and Note.
type PageData struct {
	Groups []Group
	Levels []Level // most urgent first, with Escalate filled in
	// Checklist is the rule table as statements, most urgent first: read
	// from the top, the first statement that is true for a person gives the
	// same level as Assess.
	Checklist []Statement
	// Rules lists the statements of each level, most urgent level first.
	Rules []LevelRules
	// ChecklistLevels is Checklist grouped by level, in the checklist's
	// order (the fallback levels last: ordinary soreness, then self-care),
	// for the checklist page, which gives each level's advice once.
	ChecklistLevels []LevelRules
	// NotFor maps an exercise slug to the words of the conditions that
	// rule it out for now (see NotFor).
	NotFor map[string][]string
	// StopIf are the lines of "stop the exercises if" in a result: the
	// first always, then the second for people without leg symptoms or the
	// third for people who already have them.
	StopIf [3]string
	// Why says, for each rule id, why it matters (Reason.Why).
	Why map[string]string
	// Exercises is the exercise table: for each exercise page, the
	// conditions that rule it out for now.
	Exercises []ExerciseNotes
	Tips      []Tip
	// Advice is the advice on medicines and pregnancy a result may give;
	// the module leaves out its words.
	Advice  []Advice
	Sources []Source
	Note    string
	// Prefill lists the questions that a link to the checker may answer
	// in its fragment (#days=3&trend=better): those the pain log's summary
	// gives (internal/painlog), and no others.
	Prefill []string
}

// prefill are the ids of PageData.Prefill: number, choice and yes-no
// questions only.
var prefill = []string{"days", "trend", "severity", "recurring"}

// ExerciseNotes is one row of the exercise table with its conditions in
// full: "Not for you now if" each condition's Says.
type ExerciseNotes struct {
	Slug string
	Not  []Condition
}

// Statement is one rule in plain words.
type Statement struct {
	Rule  string // the rule's id
	Level string
	Text  string
	Why   string // why it matters
}

// LevelRules is a level with the statements that lead to it.
type LevelRules struct {
	Level      Level
	Statements []Statement
}

// Source is one piece of published guidance or research the rules follow.
type Source struct {
	Title string
	Where string // publisher, journal or year
	URL   string // may be empty
	Used  string // what the checker takes from it
}

// Page returns the data for the checker's pages.
func Page() PageData {
	p := PageData{Groups: groups, Tips: tips, Advice: advice, Note: Note, Sources: sources(),
		Why: map[string]string{}, Prefill: prefill}
	for _, e := range exercises {
		n := ExerciseNotes{Slug: e.Slug}
		for i, c := range conditions {
			if e.Not&(1<<i) != 0 {
				n.Not = append(n.Not, c)
			}
		}
		p.Exercises = append(p.Exercises, n)
	}
	for i, lv := range levels {
		lv.Escalate = escalations(i)
		p.Levels = append(p.Levels, lv)
		p.Rules = append(p.Rules, LevelRules{Level: lv})
	}
	for _, r := range rules {
		s := Statement{Rule: r.ID, Level: r.Level, Text: r.Says, Why: r.Why}
		p.Checklist = append(p.Checklist, s)
		lr := &p.Rules[rank(r.Level)]
		lr.Statements = append(lr.Statements, s)
		p.Why[r.ID] = r.Why
		if n := len(p.ChecklistLevels); n == 0 || p.ChecklistLevels[n-1].Level.ID != r.Level {
			p.ChecklistLevels = append(p.ChecklistLevels, LevelRules{Level: p.Levels[rank(r.Level)]})
		}
		cl := &p.ChecklistLevels[len(p.ChecklistLevels)-1]
		cl.Statements = append(cl.Statements, s)
	}
	p.NotFor = notFor(p.Exercises)
	p.StopIf = [3]string{stopSharper, stopLeg[0], stopLeg[1]}
	return p
}

func notFor(table []ExerciseNotes) map[string][]string {
	m := map[string][]string{}
	for _, e := range table {
		for _, c := range e.Not {
			m[e.Slug] = append(m[e.Slug], c.Says)
		}
	}
	return m
}

func sources() []Source {
	return []Source{
		{Title: "Low back pain and sciatica in over 16s: assessment and management (NG59)",
			Where: "National Institute for Health and Care Excellence, 2016, updated 2020",
			URL:   "https://www.nice.org.uk/guidance/ng59",
			Used:  "the age range the checker covers, and self-care as the first step for back pain without warning signs"},
		{Title: "Spinal metastases and metastatic spinal cord compression (NG234)",
			Where: "National Institute for Health and Care Excellence, 2023",
			URL:   "https://www.nice.org.uk/guidance/ng234",
			Used:  "which symptoms need same-day or emergency care in someone who has had cancer"},
		{Title: "Back pain: when to get urgent help",
			Where: "NHS website",
			URL:   "https://www.nhs.uk/conditions/back-pain/",
			Used:  "the lists of signs that need an urgent appointment or an emergency department"},
		{Title: "Suspected cauda equina syndrome pathway, and the cauda equina syndrome warning cards",
			Where: "Getting It Right First Time (GIRFT), NHS England",
			URL:   "https://gettingitrightfirsttime.co.uk/",
			Used:  "the emergency signs of pressure on the nerves at the base of the spine, in plain words"},
		{Title: "International framework for red flags for potential serious spinal pathologies",
			Where: "Finucane LM et al., Journal of Orthopaedic and Sports Physical Therapy 2020; 50(7): 350-372",
			URL:   "https://doi.org/10.2519/jospt.2020.9971",
			Used:  "how warning signs combine with a person's history, such as cancer, infection risk or fragile bones"},
		{Title: "Red flags to screen for malignancy and fracture in patients with low back pain: systematic review",
			Where: "Downie A et al., BMJ 2013; 347: f7095",
			URL:   "https://doi.org/10.1136/bmj.f7095",
			Used:  "which signs point to a fracture or cancer, and why single signs on their own prove little"},
		{Title: "Diagnostic imaging for low back pain: advice for high-value health care from the American College of Physicians",
			Where: "Chou R et al., Annals of Internal Medicine 2011; 154: 181-189",
			URL:   "https://doi.org/10.7326/0003-4819-154-3-201102010-00008",
			Used:  "when back pain needs a clinician's assessment rather than time and self-care"},
		{Title: "Paracetamol for adults: if you take too much",
			Where: "NHS website",
			URL:   "https://www.nhs.uk/medicines/paracetamol-for-adults/",
			Used:  "why taking more paracetamol than allowed is an emergency even when you feel well, and the medicines that hide it"},
		{Title: "Spondyloarthritis in over 16s: diagnosis and management (NG65)",
			Where: "National Institute for Health and Care Excellence, 2017",
			URL:   "https://www.nice.org.uk/guidance/ng65",
			Used:  "why long morning stiffness that eases with movement needs a specialist's assessment"},
		{Title: "Back pain in pregnancy, and exercise in pregnancy",
			Where: "NHS website",
			URL:   "https://www.nhs.uk/pregnancy/related-conditions/common-symptoms/back-pain/",
			Used:  "the warning signs in pregnancy, and why not to lie flat on the back later in pregnancy"},
		{Title: "Ibuprofen for adults",
			Where: "NHS website",
			URL:   "https://www.nhs.uk/medicines/ibuprofen-for-adults/",
			Used:  "who should not take an anti-inflammatory, and what to do after taking too much"},
		{Title: "Rhabdomyolysis",
			Where: "NHS website",
			URL:   "https://www.nhs.uk/conditions/rhabdomyolysis/",
			Used:  "why dark pee or very painful, swollen muscles after hard training is an emergency"},
		{Title: "Lower back pain after deadlifts: an article by physical therapists",
			Where: "2025, the source article of this site",
			Used:  "what pain after lifting usually looks like, and the training tips"},
		{Title: "Delayed onset muscle soreness: treatment strategies and performance factors",
			Where: "Cheung K, Hume P and Maxwell L, Sports Medicine 2003; 33: 145-164",
			URL:   "https://doi.org/10.2165/00007256-200333020-00005",
			Used:  "how muscle soreness after training builds over a day, peaks after one to three days and fades within about a week"},
	}
}
