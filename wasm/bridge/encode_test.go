package bridge

import (
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/feedlens/feedlens/shared/groundtruth"
	"github.com/feedlens/feedlens/shared/inspect"
)

// oddStrings are what encoding/json escapes or replaces.
var oddStrings = []string{
	"",
	"plain words",
	`quote " backslash \ slash /`,
	"controls \x00 \x01 \x07 \x1f \b \f \n \r \t \x7f",
	"<b>HTML & co</b>",
	"separators \u2028 and \u2029",
	"invalid \xff\xfe UTF-8, truncated \xe2\x82",
	"ü € 😀 漢字 e\u0301",
}

func checkEncode(t *testing.T, what string, f inspect.File) {
	t.Helper()
	got, ok := encodeFile(&f)
	if want := encode(f); !ok || got != want {
		t.Errorf("%s: encodeFile (ok %v)\n%.2000s\nencoding/json\n%.2000s", what, ok, got, want)
	}
}

// TestEncodeFileMatchesJSON: the hand-written encoder writes what
// encoding/json writes, for every fixture's result.
func TestEncodeFileMatchesJSON(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(groundtruth.Path(t, "fixtures"), "*", "*.json"))
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	n := 0
	for _, path := range files {
		f, err := inspect.Payload(filepath.Base(path), "", groundtruth.Read(t, strings.TrimPrefix(path, groundtruth.Path(t, "")+"/")))
		if err != nil {
			continue
		}
		n += len(f.Posts)
		checkEncode(t, path, f)
	}
	if n == 0 {
		t.Fatal("no fixture gave posts")
	}
}

// TestEncodeFileEveryField sets every field of an inspect.File — so a
// field added to it later is covered too — to odd strings, numbers and
// floats of both notations, and also leaves every one empty.
func TestEncodeFileEveryField(t *testing.T) {
	checkEncode(t, "zero File", inspect.File{})
	checkEncode(t, "zero Post", inspect.File{Posts: make([]inspect.Post, 1)})
	floats := []float64{0, 0.25, 1, 1.0 / 3, 1e-7, 2.5e-9, 1e21, -0.5, 123456789.125}
	for i, s := range oddStrings {
		var f inspect.File
		fill(reflect.ValueOf(&f).Elem(), s, floats[i%len(floats)], int64(i)-1)
		checkEncode(t, "filled with "+s, f)
	}
}

// fill sets every field reachable from v: strings to s, floats to x,
// integers to n, booleans true, pointers to a filled value and slices to
// two filled elements.
func fill(v reflect.Value, s string, x float64, n int64) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Float64:
		v.SetFloat(x)
	case reflect.Int, reflect.Int64:
		v.SetInt(n)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), s, x, n)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := 0; i < 2; i++ {
			fill(v.Index(i), s, x, n)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			fill(v.Field(i), s, x, n)
		}
	default:
		panic("fill: no case for " + v.Type().String())
	}
}

// TestEncodeFileRefusesNaN: a score JSON cannot hold is reported as
// encoding/json reports it, not written.
func TestEncodeFileRefusesNaN(t *testing.T) {
	f := inspect.File{Posts: make([]inspect.Post, 1)}
	f.Posts[0].Labels.TopicScore = math.NaN()
	if out, ok := encodeFile(&f); ok {
		t.Errorf("NaN written: %.200s", out)
	}
	if got := encode(f); !strings.HasPrefix(got, `{"error":"encode: `) {
		t.Errorf("encode of NaN = %.200s", got)
	}
}

func BenchmarkEncodeFile(b *testing.B) {
	f, err := inspect.Payload("", "", groundtruth.Read(b, "fixtures/x/HomeTimeline_foryou_a.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("hand", func(b *testing.B) {
		for b.Loop() {
			encodeFile(&f)
		}
	})
	b.Run("encoding/json", func(b *testing.B) {
		for b.Loop() {
			encode(f)
		}
	})
}

// TestAppendStringEveryByte puts every byte value, and every odd string,
// at each offset of a longer text, so that both the eight-byte fast path
// and the byte loop meet it.
func TestAppendStringEveryByte(t *testing.T) {
	var odd []string
	for c := 0; c < 256; c++ {
		odd = append(odd, string([]byte{byte(c)}))
	}
	odd = append(odd, oddStrings...)
	for _, o := range odd {
		for pos := 0; pos < 17; pos++ {
			s := strings.Repeat("a", pos) + o + strings.Repeat("b", 17-pos)
			if got, want := string(appendString(nil, s)), encode(s); got != want {
				t.Fatalf("appendString(%q) = %s, encoding/json %s", s, got, want)
			}
		}
	}
}
