//go:build js && wasm && feedlens_models_apart

package main

import (
	"syscall/js"

	"github.com/feedlens/feedlens/shared/classify"
	"github.com/feedlens/feedlens/shared/inspect"
	"github.com/feedlens/feedlens/wasm/bridge"
)

// The extension's build keeps the classifier's models out of the core
// (shared/classify/models_apart.go) and hands them over once at start:
//
//	feedlens.modelFiles()       // ["model/topic.lin", …]
//	feedlens.loadModels(files)  // {name: Uint8Array} → "" or an error document
func init() {
	exports["modelFiles"] = func([]js.Value) any {
		names := make([]any, len(classify.ModelFiles))
		for i, n := range classify.ModelFiles {
			names[i] = n
		}
		return js.ValueOf(names)
	}
	exports["loadModels"] = func(args []js.Value) any {
		if len(args) < 1 || args[0].Type() != js.TypeObject {
			return bridge.Error("loadModels(files): want an object of Uint8Arrays")
		}
		files := map[string][]byte{}
		for _, name := range classify.ModelFiles {
			if v := args[0].Get(name); v.Type() == js.TypeObject {
				b, ok := bytesOf(v, nil)
				if !ok {
					return bridge.Error("loadModels(files): " + name + " must be " + bytesTypes)
				}
				files[name] = b
			}
		}
		if err := classify.SetModelFiles(files); err != nil {
			return bridge.Error(err.Error())
		}
		if _, err := inspect.Default(); err != nil {
			return bridge.Error(err.Error())
		}
		return ""
	}
}
