// Package groundtruth finds the real payloads and labelled data sets that
// tests and evaluations read from the ../shared folder beside the
// repository (or from $FEEDLENS_SHARED). They are never copied into the
// repository: several of their licences forbid it.
package groundtruth

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Root returns the shared folder, or "" when there is none.
func Root() string {
	if d := os.Getenv("FEEDLENS_SHARED"); d != "" {
		return d
	}
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return ""
	}
	// file is <repo>/shared/groundtruth/groundtruth.go; the folder sits
	// beside <repo>.
	d := filepath.Join(filepath.Dir(file), "..", "..", "..", "shared")
	if _, err := os.Stat(filepath.Join(d, "fixtures")); err != nil {
		return ""
	}
	return d
}

// Path returns rel inside the shared folder, or skips the test with a
// message saying how to provide it.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	root := Root()
	if root == "" {
		tb.Skip("ground truth not found: set FEEDLENS_SHARED to the shared folder (fixtures/, data/) to run this test")
	}
	p := filepath.Join(root, rel)
	if _, err := os.Stat(p); err != nil {
		tb.Fatalf("ground truth %s: %v (FEEDLENS_SHARED=%s)", rel, err, root)
	}
	return p
}

// Read returns the bytes of rel inside the shared folder, or skips.
func Read(tb testing.TB, rel string) []byte {
	tb.Helper()
	b, err := os.ReadFile(Path(tb, rel))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
