package feed

import (
	"testing"

	"github.com/feedlens/feedlens/shared/groundtruth"
)

// benchFixtures measures Parse on real payloads: MB/s (from SetBytes),
// posts/s and allocations per payload.
func benchFixtures(b *testing.B, cases []fixtureCase) {
	for _, c := range cases {
		b.Run(c.file, func(b *testing.B) {
			body := groundtruth.Read(b, "fixtures/"+c.file)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			posts := 0
			for b.Loop() {
				f, err := Parse(c.url, body)
				if err != nil {
					b.Fatal(err)
				}
				posts += len(f.Posts)
			}
			b.ReportMetric(float64(posts)/b.Elapsed().Seconds(), "posts/s")
		})
	}
}

// fuzzParse feeds Parse arbitrary bytes under url, seeded with the
// fixtures and hand-made payloads: it must never panic, and whatever it
// returns must be consistent.
func fuzzParse(f *testing.F, url string, cases []fixtureCase, seeds ...[]byte) {
	if groundtruth.Root() != "" {
		for _, c := range cases {
			f.Add(groundtruth.Read(f, "fixtures/"+c.file))
		}
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, u := range []string{url, ""} {
			fd, err := Parse(u, body)
			if err != nil {
				if len(fd.Posts) != 0 {
					t.Fatalf("error %v with %d posts", err, len(fd.Posts))
				}
				continue
			}
			for i, p := range fd.Posts {
				if p.Position != i || p.Platform != fd.Platform || (p.Reason == Ad) != (p.Ad != nil) {
					t.Fatalf("post %d inconsistent: %+v", i, p)
				}
			}
		}
	})
}
