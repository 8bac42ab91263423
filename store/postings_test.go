package store

import "context"

// Postings flattens DocPostings over the whole of a term's postings in
// one snapshot: what the tests check the index layout with. Answering
// reads DocPostings, grouped and bounded.
func (s *DB) Postings(ctx context.Context, regions []string, years []int, term string) (refs []SentRef, err error) {
	err = s.Read(func(r *Reader) error {
		dps, err := r.DocPostings(ctx, regions, years, term, 0)
		for _, dp := range dps {
			for _, sid := range dp.Sentences {
				refs = append(refs, SentRef{DocID: dp.DocID, Version: dp.Version, Sentence: sid})
			}
		}
		return err
	})
	return refs, err
}

// DocFreq is Reader.DocFreq in a snapshot of its own, for tests.
func (s *DB) DocFreq(terms []string, regions []string) (df map[string]int, total int, err error) {
	err = s.Read(func(r *Reader) error {
		df, total, err = r.DocFreq(terms, regions)
		return err
	})
	return df, total, err
}

// Sentences is Reader.Sentences in a snapshot of its own, for tests.
func (s *DB) Sentences(ctx context.Context, refs []SentRef) (recs []SentenceRecord, err error) {
	err = s.Read(func(r *Reader) error {
		recs, err = r.Sentences(ctx, refs)
		return err
	})
	return recs, err
}
