package classify

import (
	"fmt"
	"strings"
	"sync"

	"github.com/feedlens/feedlens/shared/classify/internal/linear"
	"github.com/feedlens/feedlens/shared/classify/internal/phrase"
)

// EmbeddedSize is the number of bytes of models and tables embedded in
// the binary.
func EmbeddedSize() int {
	return len(topicModel) + len(clickbaitModel) + len(offenseModel) + len(brandTable) + len(politicianTable) + len(rulesText) + len(hintText)
}

// Rule kinds beyond the tactic kinds.
const (
	kindSelfDisclosed = "self_disclosed_ad"
	kindCommercial    = "likely_commercial"
)

// ruleKinds are the kinds a rules.txt line may name, in match-slot order.
var ruleKinds = append(tacticKindNames(), kindSelfDisclosed, kindCommercial)

func tacticKindNames() []string {
	var out []string
	for _, k := range TacticKinds {
		out = append(out, string(k))
	}
	return out
}

// models is everything loaded once and shared by all classifiers.
type models struct {
	topic       *linear.Model
	topicOf     []Topic // model class → topic
	clickbait   *linear.Model
	clickbaitK  int // the clickbait class of the clickbait model
	offense     *linear.Model
	offenseK    int // the OFFENSE class of the offense model
	rules       *phrase.Set
	ruleKind    []int // rule index → slot in ruleKinds
	brands      map[string]brand
	politicians map[string]Political
	hints       map[string]Topic
}

type brand struct {
	name      string
	ambiguous bool
}

var (
	loadOnce sync.Once
	loaded   *models
	loadErr  error
)

func loadModels() (*models, error) {
	loadOnce.Do(func() { loaded, loadErr = parseModels() })
	return loaded, loadErr
}

func parseModels() (*models, error) {
	m := &models{}
	var err error
	if m.topic, err = linear.Load(topicModel); err != nil {
		return nil, fmt.Errorf("topic model: %w", err)
	}
	for _, name := range m.topic.Classes {
		t, ok := topicNamed(name)
		if !ok {
			return nil, fmt.Errorf("topic model: unknown topic %q", name)
		}
		m.topicOf = append(m.topicOf, t)
	}
	if m.clickbait, err = linear.Load(clickbaitModel); err != nil {
		return nil, fmt.Errorf("clickbait model: %w", err)
	}
	if m.clickbaitK, err = classOf(m.clickbait, "clickbait"); err != nil {
		return nil, fmt.Errorf("clickbait model: %w", err)
	}
	if m.offense, err = linear.Load(offenseModel); err != nil {
		return nil, fmt.Errorf("offense model: %w", err)
	}
	if m.offenseK, err = classOf(m.offense, "OFFENSE"); err != nil {
		return nil, fmt.Errorf("offense model: %w", err)
	}
	// One feature extraction serves all models (see analyse).
	for name, other := range map[string]*linear.Model{"clickbait": m.clickbait, "offense": m.offense} {
		if !other.Shares(m.topic.Features) {
			return nil, fmt.Errorf("%s model: features %+v differ from the topic model's %+v", name, other.Features, m.topic.Features)
		}
	}
	if m.rules, err = phrase.Compile(rulesText); err != nil {
		return nil, fmt.Errorf("rules.txt: %w", err)
	}
	for _, r := range m.rules.Rules {
		slot := -1
		for i, k := range ruleKinds {
			if k == r.Kind {
				slot = i
			}
		}
		if slot < 0 {
			return nil, fmt.Errorf("rules.txt:%d: unknown kind %q", r.Line, r.Kind)
		}
		m.ruleKind = append(m.ruleKind, slot)
	}
	if m.brands, err = parseBrands(brandTable); err != nil {
		return nil, err
	}
	if m.politicians, err = parsePoliticians(politicianTable); err != nil {
		return nil, err
	}
	if m.hints, err = parseHints(hintText); err != nil {
		return nil, err
	}
	return m, nil
}

func classOf(m *linear.Model, name string) (int, error) {
	for k, c := range m.Classes {
		if c == name {
			return k, nil
		}
	}
	return 0, fmt.Errorf("no class %q in %v", name, m.Classes)
}

func topicNamed(name string) (Topic, bool) {
	for _, t := range Topics {
		if string(t) == name {
			return t, true
		}
	}
	return "", false
}

// eachRow calls fn with the tab-separated cells of every non-comment line.
func eachRow(table, name string, cells int, fn func(cols []string) error) error {
	for n, line := range strings.Split(table, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != cells {
			return fmt.Errorf("%s:%d: want %d tab-separated cells, got %d", name, n+1, cells, len(cols))
		}
		if err := fn(cols); err != nil {
			return fmt.Errorf("%s:%d: %w", name, n+1, err)
		}
	}
	return nil
}

func parseBrands(table string) (map[string]brand, error) {
	out := make(map[string]brand, strings.Count(table, "\n"))
	err := eachRow(table, "brands.tsv", 3, func(c []string) error {
		out[c[0]] = brand{name: c[2], ambiguous: c[1] == "1"}
		return nil
	})
	return out, err
}

func parsePoliticians(table string) (map[string]Political, error) {
	out := make(map[string]Political, strings.Count(table, "\n"))
	err := eachRow(table, "politicians.tsv", 3, func(c []string) error {
		out[c[0]] = Political{Party: c[1], Role: c[2]}
		return nil
	})
	return out, err
}

func parseHints(table string) (map[string]Topic, error) {
	out := map[string]Topic{}
	err := eachRow(table, "hints.txt", 2, func(c []string) error {
		t, ok := topicNamed(c[1])
		if !ok {
			return fmt.Errorf("unknown topic %q", c[1])
		}
		k := nameKey(c[0])
		if old, ok := out[k]; ok && old != t {
			return fmt.Errorf("hint %q maps to both %s and %s", c[0], old, t)
		}
		out[k] = t
		return nil
	})
	return out, err
}
