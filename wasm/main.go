//go:build js && wasm

// Command wasm is the feedlens core for the browser: a thin syscall/js
// bridge over shared/inspect that sets one global object, feedlens, with
//
//	feedlens.inspect(url, body)  // body a string or Uint8Array → JSON string of one inspect.File
//	feedlens.version()           // the build's version string
//
// Errors come back as {"error": "..."} JSON, never as a thrown exception
// or a panic, so one bad payload cannot take the service worker down.
package main

import (
	"syscall/js"

	"github.com/feedlens/feedlens/wasm/bridge"
)

func main() {
	api := js.Global().Get("Object").New()
	api.Set("inspect", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) < 2 {
			return bridge.Error("inspect(url, body): want 2 arguments")
		}
		return bridge.Inspect(args[0].String(), bodyOf(args[1]))
	}))
	api.Set("version", js.FuncOf(func(js.Value, []js.Value) any { return bridge.Version }))
	js.Global().Set("feedlens", api)
	select {} // the exports live as long as main does
}

// bodyOf copies a string or Uint8Array argument into Go memory once.
func bodyOf(v js.Value) []byte {
	if v.Type() == js.TypeString {
		return []byte(v.String())
	}
	b := make([]byte, v.Get("length").Int())
	js.CopyBytesToGo(b, v)
	return b
}
