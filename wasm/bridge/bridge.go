// Package bridge is what the WebAssembly core does with its arguments,
// kept free of syscall/js so that it runs, and is tested, natively too:
// the browser and `feedlens inspect --json` must print the same posts.
package bridge

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/feedlens/feedlens/shared/inspect"
)

// Version names the build; the Makefile sets it with -ldflags -X.
var Version = "dev"

// Inspect classifies one payload fetched from url and returns the JSON of
// its inspect.File (the "file" field is the URL), or an {"error": ...}
// document when the payload cannot be read.
func Inspect(url string, body []byte) (out string) {
	defer guard(&out)
	f, err := payload(url, url, body)
	if err != nil {
		return Error(err.Error())
	}
	if out, ok := encodeFile(&f); ok {
		return out
	}
	return encode(f) // encoding/json's words for what it cannot write
}

// payload is inspect.Payload; tests put a failing one in its place.
var payload = inspect.Payload

// guard, deferred by every call of the core, turns a panic into the error
// document. In WebAssembly a panic ends the Go program, and every later
// call of the service worker would fail ("Go program has already
// exited") until the browser restarts it: a payload that finds a bug
// must cost that payload, not the reader's session.
func guard(out *string) {
	if r := recover(); r != nil {
		*out = Error(fmt.Sprint("internal error: ", r))
	}
}

// Error is the JSON document every call returns on failure.
func Error(msg string) string {
	return encode(struct {
		Error string `json:"error"`
	}{msg})
}

// encode writes v as the CLI does (no HTML escaping), without the
// trailing newline.
func encode(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return `{"error":"encode: ` + err.Error() + `"}`
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}
