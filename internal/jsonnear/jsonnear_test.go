package jsonnear

import (
	"encoding/json"
	"testing"
)

func TestEqual(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{`{"a":[1,"x",true,null]}`, `{"a":[1,"x",true,null]}`, true},
		{`{"s":0.30000000000000004}`, `{"s":0.3}`, true},
		{`{"s":1000000.0000001}`, `{"s":1000000}`, true},
		{`{"s":0.31}`, `{"s":0.3}`, false},
		{`{"a":1}`, `{"a":1,"b":2}`, false},
		{`{"a":1}`, `{"b":1}`, false},
		{`[1,2]`, `[2,1]`, false},
		{`[1]`, `[1,1]`, false},
		{`{"a":"1"}`, `{"a":1}`, false},
		{`{"a":[]}`, `{"a":{}}`, false},
		{`null`, `false`, false},
	} {
		var a, b any
		if err := json.Unmarshal([]byte(c.a), &a); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(c.b), &b); err != nil {
			t.Fatal(err)
		}
		if got := Equal(a, b, 1e-12); got != c.want {
			t.Errorf("Equal(%s, %s) = %v, want %v", c.a, c.b, got, c.want)
		}
		if got := Equal(b, a, 1e-12); got != c.want {
			t.Errorf("Equal(%s, %s) = %v, want %v (swapped)", c.b, c.a, got, c.want)
		}
	}
}
