package answer

import (
	"testing"
	"time"
)

// BenchmarkScore measures scoring alone, as search does it, for every
// question of the test sets over candidates retrieved once: what a
// question costs once its words are read and its sentences fetched.
func BenchmarkScore(b *testing.B) {
	set := scoringSet(b)
	n := 0
	for b.Loop() {
		for _, a := range set.asked {
			scoreCandidates(a.q, a.scope, a.recs, a.st, set.an, searchReads, nil)
		}
		n += len(set.asked)
	}
	b.ReportMetric(float64(b.Elapsed())/float64(time.Microsecond)/float64(n), "µs/question")
}
