package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/feedlens/feedlens/server/db"
	"github.com/feedlens/feedlens/server/loadtest"
)

// BenchmarkInsertReports measures the store alone: one statement per batch
// of 100 six-field reports on an SQLite file.
func BenchmarkInsertReports(b *testing.B) {
	ctx := context.Background()
	st, err := db.Open(ctx, "file:"+filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	study := loadtest.Study("bench")
	if _, err := st.PutStudy(ctx, study); err != nil {
		b.Fatal(err)
	}
	reports, err := loadtest.Reports(study, b.N*100, 1)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := range b.N {
		if _, err := st.InsertReports(ctx, reports[i*100:(i+1)*100]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*100)/b.Elapsed().Seconds(), "reports/s")
}
