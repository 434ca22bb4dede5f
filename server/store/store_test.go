package store_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/feedlens/feedlens/server/apitest"
	"github.com/feedlens/feedlens/server/db"
	"github.com/feedlens/feedlens/server/loadtest"
	"github.com/feedlens/feedlens/server/store"
)

// Concurrent batches that overlap store every report exactly once, and
// the counts agree with the reports: on SQLite through group commit, on
// PostgreSQL through concurrent statements (and deadlock retries).
func TestConcurrentOverlappingBatchesCountOnce(t *testing.T) {
	_, _, pg := apitest.PostgresSchema(t, "feedlens_store")
	for name, dsn := range map[string]string{
		"sqlite":   "file:" + filepath.Join(t.TempDir(), "s.db"),
		"postgres": pg,
	} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st, err := db.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			study := loadtest.Study("concurrent")
			if _, err := st.PutStudy(ctx, study); err != nil {
				t.Fatal(err)
			}
			reports, err := loadtest.Reports(study, 3000, 3)
			if err != nil {
				t.Fatal(err)
			}
			// Eight writers, each sending overlapping windows of 200.
			var mu sync.Mutex
			accepted := map[string]int{}
			var wg sync.WaitGroup
			for w := range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := w * 100; i < len(reports); i += 800 {
						got, err := st.InsertReports(ctx, reports[i:min(i+200, len(reports))])
						if err != nil {
							t.Error(err)
							return
						}
						mu.Lock()
						for id := range got {
							accepted[id]++
						}
						mu.Unlock()
					}
				}()
			}
			wg.Wait()
			for id, n := range accepted {
				if n != 1 {
					t.Errorf("report %s accepted %d times", id, n)
				}
			}
			if len(accepted) != len(reports) {
				t.Errorf("%d of %d reports accepted", len(accepted), len(reports))
			}
			cells, err := st.Counts(ctx, store.CountQuery{Study: study.ID, Version: 1, Field: "top_topic", From: study.Start, To: study.End})
			if err != nil {
				t.Fatal(err)
			}
			var total int64
			want := map[store.Cell]int64{}
			for _, r := range reports {
				want[store.Cell{Day: r.Day, Platform: r.Platform, Category: r.Values["top_topic"]}]++
			}
			for _, c := range cells {
				total += c.N
				if k := (store.Cell{Day: c.Day, Platform: c.Platform, Category: c.Category}); want[k] != c.N {
					t.Errorf("cell %+v: count %d, want %d", k, c.N, want[k])
				}
			}
			if total != int64(len(reports)) {
				t.Errorf("counts sum to %d, want %d", total, len(reports))
			}
		})
	}
}

func TestStudyVersionsAreImmutable(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v.db")
	st, err := db.Open(ctx, "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	s := loadtest.Study("versions")
	if created, err := st.PutStudy(ctx, s); err != nil || !created {
		t.Fatalf("first put: %v %v", created, err)
	}
	if created, err := st.PutStudy(ctx, s); err != nil || created {
		t.Errorf("identical put: created=%v err=%v, want a no-op", created, err)
	}
	changed := *s
	changed.MinCohort = 50
	if _, err := st.PutStudy(ctx, &changed); err == nil {
		t.Error("a changed document under an existing version was stored")
	}
	v3 := *s
	v3.Version = 3
	if _, err := st.PutStudy(ctx, &v3); err != nil {
		t.Fatal(err)
	}
	v2 := *s
	v2.Version = 2
	if _, err := st.PutStudy(ctx, &v2); err == nil {
		t.Error("version 2 was stored after version 3")
	}
	st.Close()
	// Reopening runs the migrations again: they are applied once.
	st, err = db.Open(ctx, "file:"+path)
	if err != nil {
		t.Fatalf("reopening: %v", err)
	}
	defer st.Close()
	latest, err := st.LatestStudy(ctx, "versions")
	if err != nil || latest.Version != 3 {
		t.Errorf("latest after reopening: %+v %v", latest, err)
	}
}

// A released noisy count stays for its raw count: a second draw for the
// same count (a racing request) never replaces it; a new count does.
func TestReleaseKeepsTheFirstDraw(t *testing.T) {
	ctx := context.Background()
	st, err := db.Open(ctx, "file:"+filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	q := store.CountQuery{Study: "s", Version: 1, Field: "f", From: "2026-01-01", To: "2026-01-31"}
	cell := store.Cell{Day: "2026-01-05", Platform: "x", Category: 2, N: 40}
	if err := st.Release(ctx, q, []store.Noised{{Cell: cell, Noisy: 43}}); err != nil {
		t.Fatal(err)
	}
	if err := st.Release(ctx, q, []store.Noised{{Cell: cell, Noisy: 38}}); err != nil {
		t.Fatal(err)
	}
	got, err := st.Released(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[cell] != 43 {
		t.Errorf("released = %v, want the first draw 43 for n=40", got)
	}
	moved := cell
	moved.N = 41
	if err := st.Release(ctx, q, []store.Noised{{Cell: moved, Noisy: 45}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Released(ctx, q); len(got) != 1 || got[moved] != 45 {
		t.Errorf("released after the count moved = %v, want 45 for n=41", got)
	}
}
