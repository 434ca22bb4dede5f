// Package dataset reads the labelled data sets in the shared ground-truth
// folder (see ../shared/data/SOURCES.md) for training and evaluation. It
// only reads them: nothing of them is copied into the repository.
//
// Which sets may train shipped weights is decided by the licences, and
// this package says so in the name of each reader: Ship… for sets whose
// licence allows shipping weights derived from them, Eval… for sets that
// are only ever evaluated on.
package dataset

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Example is one labelled text.
type Example struct {
	Text  string
	Label string
}

// SIBTopics maps the SIB-200 categories to feedlens topics; geography has
// no counterpart and is left out.
var SIBTopics = map[string]string{
	"science/technology": "science_tech",
	"travel":             "travel",
	"politics":           "politics",
	"sports":             "sports",
	"health":             "health",
	"entertainment":      "entertainment",
}

// ShipSIB reads SIB-200 (Apache-2.0) for lang "en" or "de" and split
// "train" or "dev", labels mapped to topics, geography dropped.
func ShipSIB(root, lang, split string) ([]Example, error) {
	name := filepath.Join(root, "data", "topic", fmt.Sprintf("sib200_%s_%s.tsv", lang, split))
	var out []Example
	err := eachLine(name, true, func(cols []string) error {
		if len(cols) < 3 {
			return fmt.Errorf("want 3 columns, got %d", len(cols))
		}
		if topic, ok := SIBTopics[cols[1]]; ok {
			out = append(out, Example{Text: cols[2], Label: topic})
		}
		return nil
	})
	return out, err
}

// Clickbait labels.
const (
	IsClickbait  = "clickbait"
	NotClickbait = "not"
)

// ShipClickbait reads the Chakraborty et al. 2016 headlines (MIT) and
// splits them by a hash of the text: about one in ten goes to dev, so the
// same headline always lands on the same side and the split never changes.
func ShipClickbait(root string) (train, dev []Example, err error) {
	name := filepath.Join(root, "data", "clickbait", "chakraborty2016_train.tsv")
	err = eachLine(name, true, func(cols []string) error {
		if len(cols) < 2 {
			return fmt.Errorf("want 2 columns, got %d", len(cols))
		}
		ex := Example{Text: unquoteTSV(cols[0]), Label: NotClickbait}
		if cols[1] == "1" {
			ex.Label = IsClickbait
		}
		h := fnv.New32a()
		io.WriteString(h, ex.Text)
		if h.Sum32()%10 == 0 {
			dev = append(dev, ex)
		} else {
			train = append(train, ex)
		}
		return nil
	})
	return train, dev, err
}

// unquoteTSV undoes the CSV-style quoting some exported TSV cells carry:
// "a ""b"" c" → a "b" c.
func unquoteTSV(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return strings.ReplaceAll(s[1:len(s)-1], `""`, `"`)
	}
	return s
}

// ShipGermEval reads GermEval 2018 (CC BY 4.0), split "train" or "test";
// labels are OFFENSE or OTHER.
func ShipGermEval(root, split string) ([]Example, error) {
	name := filepath.Join(root, "data", "toxicity", "germeval2018_"+split+"_de.tsv")
	var out []Example
	err := eachLine(name, false, func(cols []string) error {
		if len(cols) < 2 {
			return fmt.Errorf("want 3 columns, got %d", len(cols))
		}
		out = append(out, Example{Text: strings.ReplaceAll(cols[0], "|LBR|", "\n"), Label: cols[1]})
		return nil
	})
	return out, err
}

// AGTopics maps AG News classes to feedlens topics. "World" is world news,
// mostly politics and conflict.
var AGTopics = map[string]string{"World": "politics", "Sports": "sports", "Business": "business", "Sci/Tech": "science_tech"}

// EvalAGNews reads the AG News dev rows (non-commercial: evaluation only).
func EvalAGNews(root string) ([]Example, error) {
	name := filepath.Join(root, "data", "topic", "agnews_dev_evalonly.tsv")
	var out []Example
	err := eachLine(name, true, func(cols []string) error {
		if len(cols) < 3 {
			return fmt.Errorf("want 3 columns, got %d", len(cols))
		}
		if t, ok := AGTopics[cols[1]]; ok {
			out = append(out, Example{Text: strings.ReplaceAll(cols[2], `\`, " "), Label: t})
		}
		return nil
	})
	return out, err
}

// BBCTopics maps the BBC News categories to feedlens topics.
var BBCTopics = map[string]string{"business": "business", "entertainment": "entertainment", "politics": "politics", "sport": "sports", "tech": "science_tech"}

// EvalBBC reads the BBC News articles (BBC copyright: evaluation only).
// Only the title and first 300 bytes of the body are kept: the size of a
// post, not of an article.
func EvalBBC(root string) ([]Example, error) {
	name := filepath.Join(root, "data", "topic", "bbc_news_2225_evalonly.tsv")
	var out []Example
	err := eachLine(name, true, func(cols []string) error {
		if len(cols) < 4 {
			return fmt.Errorf("want 4 columns, got %d", len(cols))
		}
		body := unquoteTSV(cols[3])
		if len(body) > 300 {
			body = body[:300]
		}
		if t, ok := BBCTopics[cols[1]]; ok {
			out = append(out, Example{Text: cols[2] + ". " + body, Label: t})
		}
		return nil
	})
	return out, err
}

// DarkPattern is a page text with its dark-pattern category ("" for none).
type DarkPattern struct {
	Text     string
	Category string // "Scarcity", "Urgency", "Social Proof", … or ""
}

// EvalMathur reads the Mathur et al. 2019 dark patterns (GPL-3.0; all
// positives) that have a text. feedlens only evaluates on it.
func EvalMathur(root string) ([]DarkPattern, error) {
	rows, err := readCSV(filepath.Join(root, "data", "dark_patterns", "mathur2019_dark_patterns.csv"), ',')
	if err != nil {
		return nil, err
	}
	var out []DarkPattern
	for _, row := range rows[1:] {
		if len(row) >= 3 && row[0] != "" {
			out = append(out, DarkPattern{Text: row[0], Category: row[2]})
		}
	}
	return out, nil
}

// EvalYada reads the Yada et al. 2022 e-commerce dark patterns
// (Apache-2.0; the positives come from the GPL-3.0 Mathur set, so
// feedlens only evaluates on it).
func EvalYada(root string) ([]DarkPattern, error) {
	rows, err := readCSV(filepath.Join(root, "data", "dark_patterns", "yada2022_ec_darkpattern.tsv"), '\t')
	if err != nil {
		return nil, err
	}
	var out []DarkPattern
	for i, row := range rows[1:] {
		if len(row) < 4 {
			return nil, fmt.Errorf("yada2022_ec_darkpattern.tsv: record %d: want 4 columns, got %d", i+2, len(row))
		}
		d := DarkPattern{Text: row[1]}
		if row[2] == "1" {
			d.Category = row[3]
		}
		out = append(out, d)
	}
	return out, nil
}

// readCSV reads a file of quoted records (cells may hold newlines).
func readCSV(name string, comma rune) ([][]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = comma
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("%s: no rows", name)
	}
	return rows, nil
}

// eachLine calls fn with the tab-separated cells of every line of a file.
func eachLine(name string, header bool, fn func(cols []string) error) error {
	b, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<24)
	for n := 1; sc.Scan(); n++ {
		if n == 1 && header || len(sc.Bytes()) == 0 {
			continue
		}
		if err := fn(strings.Split(sc.Text(), "\t")); err != nil {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}
