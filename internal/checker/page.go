package checker

// PageData is what the site builder needs for the checker, checklist and
// rules pages.
type PageData struct {
	Groups []Group
	Levels []Level // most urgent first
	// Checklist is the rule table as statements, most urgent first: read
	// from the top, the first statement that is true for a person gives the
	// same level as Assess.
	Checklist []Statement
	// Rules lists the statements of each level, most urgent level first.
	Rules   []LevelRules
	Tips    []Tip
	Sources []Source
	Note    string
}

// Statement is one rule in plain words.
type Statement struct {
	Rule  string // the rule's id
	Level string
	Text  string
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
	p := PageData{Groups: groups, Levels: levels, Tips: tips, Note: Note, Sources: sources()}
	for _, lv := range levels {
		p.Rules = append(p.Rules, LevelRules{Level: lv})
	}
	for _, r := range rules {
		s := Statement{Rule: r.ID, Level: r.Level, Text: r.Says}
		p.Checklist = append(p.Checklist, s)
		lr := &p.Rules[rank(r.Level)]
		lr.Statements = append(lr.Statements, s)
	}
	return p
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
		{Title: "Delayed onset muscle soreness: treatment strategies and performance factors",
			Where: "Cheung K, Hume P and Maxwell L, Sports Medicine 2003; 33: 145-164",
			URL:   "https://doi.org/10.2165/00007256-200333020-00005",
			Used:  "how muscle soreness after training builds over a day, peaks after one to three days and fades within about a week"},
	}
}
