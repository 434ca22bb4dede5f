//go:build feedlens_models_apart

package classify

import (
	"errors"
	"fmt"
)

// With the build tag feedlens_models_apart the models and tables are not
// embedded: the WebAssembly core of the browser extension would pass its
// size budget (1.5 MB gzip) by 0.7 MB with them. The extension ships the
// files beside the core and hands them over with SetModelFiles before the
// first Classifier is made.
var (
	topicModel, clickbaitModel, offenseModel []byte
	brandTable, politicianTable              string
	rulesText, hintText                      string
)

// ModelFiles names the files SetModelFiles wants, relative to this
// package's folder.
var ModelFiles = []string{"model/topic.lin", "model/clickbait.lin", "model/offense_de.lin", "model/brands.tsv", "model/politicians.tsv", "rules.txt", "hints.txt"}

// SetModelFiles sets the models and tables, by the names in ModelFiles;
// every one is needed. Call it once, before New.
func SetModelFiles(files map[string][]byte) error {
	var missing []string
	for _, name := range ModelFiles {
		if len(files[name]) == 0 {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("classify: model files missing or empty: %v", missing)
	}
	if loaded != nil || loadErr != nil {
		return errors.New("classify: models already loaded")
	}
	topicModel, clickbaitModel, offenseModel = files["model/topic.lin"], files["model/clickbait.lin"], files["model/offense_de.lin"]
	brandTable, politicianTable = string(files["model/brands.tsv"]), string(files["model/politicians.tsv"])
	rulesText, hintText = string(files["rules.txt"]), string(files["hints.txt"])
	return nil
}
