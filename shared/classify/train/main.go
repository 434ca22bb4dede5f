// Command train builds the models and tables that the classify package
// embeds, from the shared ground-truth folder and the seed lexicons in
// this directory. Run it as `make model`; the same inputs always give
// byte-identical files.
//
// Only data whose licence allows shipping derived weights is read here
// (see docs/MODEL.md): SIB-200 train (Apache-2.0), the Chakraborty
// clickbait headlines (MIT, minus a fixed dev split), the Simple Icons
// brand names (CC0) and the DBoeS parliamentarians list (MIT).
package main

import (
	_ "embed"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/feedlens/feedlens/shared/groundtruth"
)

func main() {
	out := flag.String("out", "shared/classify/model", "directory to write the model files to")
	cv := flag.Bool("cv", false, "only report the topic model's 5-fold cross-validated macro-F1 on SIB-200 train; write nothing")
	flag.Parse()
	root := groundtruth.Root()
	if root == "" {
		fmt.Fprintln(os.Stderr, "train: ground truth not found: set FEEDLENS_SHARED to the shared folder (fixtures/, data/)")
		os.Exit(2)
	}
	if *cv {
		en, de, err := crossValidateTopic(root, 5)
		if err != nil {
			fmt.Fprintln(os.Stderr, "train:", err)
			os.Exit(1)
		}
		fmt.Printf("topic 5-fold CV macro-F1 on SIB-200 train: en %.3f, de %.3f\n", en, de)
		return
	}
	if err := run(root, *out); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

func run(root, out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	steps := []struct {
		file  string
		build func(root string) ([]byte, error)
	}{
		{"topic.lin", buildTopic},
		{"clickbait.lin", buildClickbait},
		{"offense_de.lin", buildOffense},
		{"brands.tsv", buildBrands},
		{"politicians.tsv", buildPoliticians},
	}
	for _, s := range steps {
		b, err := s.build(root)
		if err != nil {
			return fmt.Errorf("%s: %w", s.file, err)
		}
		name := filepath.Join(out, s.file)
		if err := writeFile(name, b); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "train: wrote %s (%d bytes)\n", name, len(b))
	}
	return nil
}

// writeFile replaces name atomically, so an interrupted run never leaves
// a half-written model behind.
func writeFile(name string, b []byte) error {
	tmp := name + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}
