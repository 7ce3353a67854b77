package content

// Article is one Markdown file in content/articles: YAML front matter
// between "---" lines, then a Markdown body.
type Article struct {
	Slug  string `yaml:"-"` // the file name without ".md"
	Title string `yaml:"title" required:"true"`
	// Description is one or two plain sentences, used for the meta
	// description, the Open Graph card, the feed and the home page list.
	Description string `yaml:"description" required:"true"`
	// Order places the article on the home page and in the feed (ascending).
	Order int `yaml:"order" required:"true"`
	// Updated is the date the page was last updated, YYYY-MM-DD. It is
	// not a clinical review: the page says that none has been done yet.
	Updated string `yaml:"updated" required:"true"`
	// Short is the link text used in menus; Title when empty.
	Short string `yaml:"short"`
	// Exercises lists slugs of exercises the article recommends; each must exist.
	Exercises []string `yaml:"exercises"`
	// Related lists slugs of other articles; each must exist.
	Related []string `yaml:"related"`
	// Call shows the emergency call buttons at the top of the article
	// (from the checker's table of emergency numbers).
	Call bool `yaml:"call"`

	Body     []byte `yaml:"-"` // the Markdown after the front matter
	BodyLine int    `yaml:"-"` // line of the body's first line in the file
	Path     string `yaml:"-"` // the file's path, for errors
}

// Exercise is one YAML file in content/exercises.
type Exercise struct {
	Slug string `yaml:"-"` // the file name without ".yaml"
	Name string `yaml:"name" required:"true"`
	// Summary is one sentence: what the move is and why a lifter does it.
	Summary string `yaml:"summary" required:"true"`
	// Purpose is one of easing, warm-up, strengthen, mobility, cool-down,
	// self-massage (see [Purposes]).
	Purpose   string   `yaml:"purpose" required:"true"`
	Targets   []string `yaml:"targets" required:"true"`
	Equipment []string `yaml:"equipment"` // empty means none
	Steps     []string `yaml:"steps" required:"true"`
	Dose      string   `yaml:"dose" required:"true"`
	Cues      []string `yaml:"cues" required:"true"`
	Mistakes  []string `yaml:"mistakes" required:"true"`
	Easier    string   `yaml:"easier" required:"true"`
	Harder    string   `yaml:"harder" required:"true"`
	StopIf    []string `yaml:"stop_if" required:"true"`
	// CheckFirst lists what a person should ask a clinician about, or
	// change, before starting (for example blood thinners before
	// self-massage); the page shows it above the steps. Optional. What
	// rules an exercise out for now belongs to the checker's table, not here.
	CheckFirst []string `yaml:"check_first"`
	// Illustration is an SVG file beside the YAML file.
	Illustration Illustration `yaml:"illustration" required:"true"`
	// Related lists slugs of other exercises; each must exist.
	Related []string `yaml:"related"`

	Path string `yaml:"-"`
}

// Illustration names the exercise's drawing and describes it for people
// who cannot see it.
type Illustration struct {
	File string `yaml:"file" required:"true"`
	Alt  string `yaml:"alt" required:"true"`
}

// Purposes lists the allowed values of Exercise.Purpose, in display order.
// "easing" is for walking and resting positions that ease a flare of pain.
var Purposes = []string{"easing", "warm-up", "strengthen", "mobility", "cool-down", "self-massage"}
