package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/feedlens/feedlens/shared/classify"
)

// stdin is where classify reads its texts; tests replace it.
var stdin io.Reader = os.Stdin

// maxLine bounds one input line: a long post is a few kilobytes, so a
// megabyte means the input is not one text per line.
const maxLine = 1 << 20

func runClassify(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("classify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	lang := fs.String("lang", "auto", "language of the texts: en, de or auto (detect per line)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: feedlens classify [--lang en|de|auto] < texts.txt\n\nReads one text per line on stdin and prints one JSON object of labels per line.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "feedlens classify: unexpected argument %q: texts are read from stdin\n", fs.Arg(0))
		return 2
	}
	switch *lang {
	case "auto":
		*lang = ""
	case classify.English, classify.German:
	default:
		fmt.Fprintf(stderr, "feedlens classify: --lang %q: want en, de or auto\n", *lang)
		return 2
	}
	c, err := classify.New(classify.Options{})
	if err != nil {
		fmt.Fprintf(stderr, "feedlens classify: %v\n", err)
		return 1
	}
	return classifyLines(c, *lang, stdin, stdout, stderr)
}

// classifyLines labels every line of in, one JSON object per line out, in
// order: an empty line gets labels too, so output line n always belongs
// to input line n.
func classifyLines(c *classify.Classifier, lang string, in io.Reader, stdout, stderr io.Writer) int {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), maxLine)
	w := bufio.NewWriter(stdout)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for sc.Scan() {
		if err := enc.Encode(c.Text(sc.Text(), lang)); err != nil {
			fmt.Fprintf(stderr, "feedlens classify: %v\n", err)
			return 1
		}
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintf(stderr, "feedlens classify: %v\n", err)
		return 1
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintf(stderr, "feedlens classify: reading stdin: %v\n", err)
		return 1
	}
	return 0
}
