package report

import (
	"testing"

	"github.com/feedlens/feedlens/shared/classify"
	"github.com/feedlens/feedlens/shared/feed"
)

// The restated name tables must match the packages that own the names.
func TestNameTablesMatchOwners(t *testing.T) {
	check := func(what string, got []string, want []string) {
		t.Helper()
		if len(got) != len(want) {
			t.Errorf("%s: report has %v, owner has %v", what, got, want)
			return
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: report has %v, owner has %v", what, got, want)
				return
			}
		}
	}
	check("platforms", Platforms, strs(feed.Platforms))
	check("reason_share", metricFamilies["reason_share"], strs(feed.Reasons))
	check("topic_share", metricFamilies["topic_share"], strs(classify.Topics))
	check("tier_share", metricFamilies["tier_share"], strs(classify.Tiers))
	check("tactic_rate", metricFamilies["tactic_rate"], strs(classify.TacticKinds))
}

func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}
