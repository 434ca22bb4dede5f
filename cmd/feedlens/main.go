// Command feedlens runs the feedlens core natively: it inspects saved feed
// payloads and HAR exports, classifies text, and serves the study server.
package main

import (
	"fmt"
	"io"
	"os"
)

const usage = `feedlens shows what a social-media feed does to the person reading it.

Usage:
  feedlens inspect [--json] [--url URL] FILE...   normalise and label saved payloads or HAR exports
  feedlens inspect --metrics [--json] [--day YYYY-MM-DD] [--previous FILE]... FILE...
                                                 feed-diversity metrics of those posts (docs/METRICS.md)
  feedlens serve [--addr :8080] [--db file:feedlens.db | postgres://…]   run the study server
  feedlens loadtest [--reports N] [--clients C] [--batch B] [--db DSN | --url URL]   measure the study server
  feedlens classify [--lang en|de|auto]           label one text per line of stdin (JSON lines out)
  feedlens endpoints [--js]                       what the browser extension captures, from the rules

Run "feedlens COMMAND -h" for a command's flags.
`

// commands maps each subcommand to its implementation; each returns the
// process exit code.
var commands = map[string]func(args []string, stdout, stderr io.Writer) int{
	"inspect":   runInspect,
	"serve":     runServe,
	"loadtest":  runLoadtest,
	"classify":  runClassify,
	"endpoints": runEndpoints,
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "feedlens: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	return cmd(args[1:], stdout, stderr)
}
