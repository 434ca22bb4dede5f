package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/feedlens/feedlens/shared/groundtruth"
)

// TestModelIsReproducible retrains every embedded file and compares it
// byte for byte with the one in the repository: `make model` is
// reproducible, and the committed models are the ones the code makes.
func TestModelIsReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("retraining skipped in -short mode")
	}
	root := filepath.Dir(filepath.Dir(groundtruth.Path(t, "data/SOURCES.md")))
	out := t.TempDir()
	if err := run(root, out); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(out, "*"))
	if len(files) != 5 {
		t.Fatalf("train wrote %d files, want 5", len(files))
	}
	for _, f := range files {
		got, _ := os.ReadFile(f)
		want, err := os.ReadFile(filepath.Join("..", "model", filepath.Base(f)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the committed model: run `make model`", filepath.Base(f))
		}
	}
}
