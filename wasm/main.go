//go:build js && wasm

// Command wasm is the feedlens core for the browser: a thin syscall/js
// bridge over shared/inspect and shared/metrics that sets one global
// object, feedlens, with
//
//	feedlens.inspect(url, body)   // body a string, Uint8Array or ArrayBuffer → JSON of one inspect.File
//	feedlens.metrics(postsJSON)   // JSON of shared/metrics for a window of posts
//	feedlens.report(studyJSON, postsJSON, day, platform)
//	                              // a study's randomised report of that day and platform, or why not
//	feedlens.version()            // the build's version string
//
// and, in the extension's build (tag feedlens_models_apart, see
// models.go), feedlens.modelFiles() and feedlens.loadModels(files).
// Errors come back as {"error": "..."} JSON, never as a thrown exception
// or a panic, so one bad payload cannot take the service worker down.
package main

import (
	"runtime/debug"
	"syscall/js"

	"github.com/feedlens/feedlens/wasm/bridge"
)

// exports are the functions of the feedlens object; files of this
// package add theirs in init.
var exports = map[string]func(args []js.Value) any{
	"inspect": func(args []js.Value) any {
		if len(args) < 2 {
			return bridge.Error("inspect(url, body): want 2 arguments")
		}
		body, ok := bytesOf(args[1], payload)
		if !ok {
			return bridge.Error("inspect(url, body): body must be " + bytesTypes)
		}
		if cap(body) > cap(payload) {
			payload = body // the largest yet, kept for the next calls
		}
		return bridge.Inspect(stringOf(args[0]), body)
	},
	"metrics": func(args []js.Value) any {
		if len(args) < 1 {
			return bridge.Error("metrics(postsJSON): want 1 argument")
		}
		posts, ok := bytesOf(args[0], nil)
		if !ok {
			return bridge.Error("metrics(postsJSON): postsJSON must be " + bytesTypes)
		}
		return bridge.Metrics(posts)
	},
	"report": func(args []js.Value) any {
		if len(args) < 4 {
			return bridge.Error("report(studyJSON, postsJSON, day, platform): want 4 arguments")
		}
		study, ok1 := bytesOf(args[0], nil)
		posts, ok2 := bytesOf(args[1], nil)
		if !ok1 || !ok2 {
			return bridge.Error("report(studyJSON, postsJSON, day, platform): studyJSON and postsJSON must be " + bytesTypes)
		}
		return bridge.Report(study, posts, stringOf(args[2]), stringOf(args[3]), seed())
	},
	"version": func([]js.Value) any { return bridge.Version },
}

// seed draws the key of a report's randomness from the browser's secure
// generator, crypto.getRandomValues (wasm_exec.js refuses to start
// without it): through crypto/rand the core would grow by 50 KB gzip.
func seed() (s [32]byte) {
	b := js.Global().Get("Uint8Array").New(len(s))
	js.Global().Get("crypto").Call("getRandomValues", b)
	js.CopyBytesToGo(s[:], b)
	return s
}

// The core's live heap is small (models and tables, ~10 MB) beside the
// garbage one inspect call makes (a copy of the payload, its records, the
// result), and in WebAssembly every collection runs on the caller's
// thread, inside the call. Collecting at 5× the live heap rather than 2×
// cut the collector's share of inspect (6 % in assists alone); the limit
// keeps a burst of large payloads from growing the worker's memory
// without bound (the heap is never given back to the browser).
const (
	gcPercent   = 400
	memoryLimit = 96 << 20
)

func main() {
	debug.SetGCPercent(gcPercent)
	debug.SetMemoryLimit(memoryLimit)
	api := js.Global().Get("Object").New()
	for name, fn := range exports {
		api.Set(name, js.FuncOf(func(_ js.Value, args []js.Value) any { return fn(args) }))
	}
	js.Global().Set("feedlens", api)
	select {} // the exports live as long as main does
}

// payload is the memory inspect's bodies are copied into, kept from call
// to call: a new one per call was garbage the size of every payload.
// Reusing it is safe because nothing of a body outlives its call
// (feed.Parse copies the strings a post keeps) and the exports run one
// at a time on the page's thread.
var payload []byte

// What the exports take as bytes. Anything else is refused with an error
// document: syscall/js would panic on it, ending the Go program.
const bytesTypes = "a string, a Uint8Array or an ArrayBuffer"

var (
	uint8Array  = js.Global().Get("Uint8Array")
	arrayBuffer = js.Global().Get("ArrayBuffer")
)

// bytesValue is v as a value to copy bytes from: a Uint8Array as it is, an
// ArrayBuffer seen through one; false for anything else.
func bytesValue(v js.Value) (js.Value, bool) {
	switch {
	case v.InstanceOf(uint8Array):
		return v, true
	case v.InstanceOf(arrayBuffer):
		return uint8Array.New(v), true
	}
	return js.Value{}, false
}

// bytesOf copies a string, Uint8Array or ArrayBuffer argument into Go
// memory: a typed array's bytes into buf when they fit, else into memory
// of their own; false for anything else.
func bytesOf(v js.Value, buf []byte) ([]byte, bool) {
	if v.Type() == js.TypeString {
		return []byte(v.String()), true
	}
	src, ok := bytesValue(v)
	if !ok {
		return nil, false
	}
	n := src.Get("length").Int()
	if cap(buf) < n {
		buf = make([]byte, n)
	}
	js.CopyBytesToGo(buf[:n], src)
	return buf[:n], true
}

// stringOf is a string argument, or "" for anything else (where
// Value.String would give "<undefined>").
func stringOf(v js.Value) string {
	if v.Type() != js.TypeString {
		return ""
	}
	return v.String()
}
