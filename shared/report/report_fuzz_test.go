package report

import (
	"encoding/json"
	"os"
	"testing"
)

// FuzzDecodeReport feeds arbitrary bytes to the server's first contact
// with untrusted input: decoding must never panic, and whatever decodes and
// validates must survive a round trip unchanged.
func FuzzDecodeReport(f *testing.F) {
	b, err := os.ReadFile("../../docs/examples/study.json")
	if err != nil {
		f.Fatal(err)
	}
	s, err := ParseStudy(b)
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(`{"id":"0123456789abcdef0123456789abcdef","study":"feed-diversity-2027","version":1,"day":"2027-01-01","platform":"x","values":{"ad_share":1,"recommended_share":0,"topic_entropy":3,"top_topic":8,"mega_account_share":2,"tactic_rate":0}}`))
	f.Add([]byte(`{"id":"","values":{"ad_share":-9223372036854775808}}`))
	f.Add([]byte(`{"values":null}`))
	f.Add([]byte(`[{}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := DecodeReport(data)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error %T is not an *Error: %v", err, err)
			}
			return
		}
		if r.Validate(s) != nil {
			return
		}
		out, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		again, err := DecodeReport(out)
		if err != nil || again.Validate(s) != nil || again.ID != r.ID || len(again.Values) != len(r.Values) {
			t.Fatalf("round trip changed a valid report: %+v → %+v (%v)", r, again, err)
		}
	})
}
