//go:build !feedlens_models_apart

package classify

import _ "embed"

// The embedded models and tables. model/ is written by `make model`
// (shared/classify/train); rules.txt and hints.txt are written by hand.
// The browser build leaves them out (models_apart.go).
var (
	//go:embed model/topic.lin
	topicModel []byte
	//go:embed model/clickbait.lin
	clickbaitModel []byte
	//go:embed model/offense_de.lin
	offenseModel []byte
	//go:embed model/brands.tsv
	brandTable string
	//go:embed model/politicians.tsv
	politicianTable string
	//go:embed rules.txt
	rulesText string
	//go:embed hints.txt
	hintText string
)
