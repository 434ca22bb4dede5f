// Package jsonnear compares decoded JSON values with numbers allowed to
// differ in their last bits. Tests need it wherever the same figures come
// from two builds: Go's math.Exp is assembly on amd64 and pure Go in
// WebAssembly, and arm64 fuses multiply-adds, so a classifier score or a
// metric can round differently while meaning the same.
package jsonnear

import "math"

// Equal reports whether a and b, as encoding/json decodes into any, hold
// the same keys, lists and values, numbers within rel of each other
// (relative, and absolute below 1).
func Equal(a, b any, rel float64) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			if w, ok := y[k]; !ok || !Equal(v, w, rel) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !Equal(x[i], y[i], rel) {
				return false
			}
		}
		return true
	case float64:
		y, ok := b.(float64)
		return ok && math.Abs(x-y) <= rel*math.Max(1, math.Max(math.Abs(x), math.Abs(y)))
	default:
		return a == b
	}
}
