// Command eval prints the evaluation table of the embedded classifiers on
// the dev and eval-only data of the shared ground-truth folder. Run it as
// `make eval`; without the folder it says so and exits cleanly.
package main

import (
	"fmt"
	"os"

	"github.com/feedlens/feedlens/shared/classify"
	"github.com/feedlens/feedlens/shared/classify/internal/evaluate"
	"github.com/feedlens/feedlens/shared/groundtruth"
)

func main() {
	root := groundtruth.Root()
	if root == "" {
		fmt.Println("eval: skipped: ground truth not found (set FEEDLENS_SHARED to the shared folder with data/)")
		return
	}
	c, err := classify.New(classify.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "eval:", err)
		os.Exit(1)
	}
	rows, err := evaluate.Run(c, root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "eval:", err)
		os.Exit(1)
	}
	if err := evaluate.Print(os.Stdout, rows); err != nil {
		fmt.Fprintln(os.Stderr, "eval:", err)
		os.Exit(1)
	}
}
