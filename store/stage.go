package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/dgraph-io/badger/v4"

	"github.com/planbot/planbot/plan"
)

// termYears is the posting set of one version: term -> year -> sentence IDs.
type termYears map[string]map[int][]int

// stage reserves a version number and writes the version's blob,
// sentences, postings and change to the term statistics under keys of
// their own, marked as garbage until the switch makes them current. It
// returns the version number once one is reserved, also with an error,
// so the caller can remove what was staged.
func (s *DB) stage(ctx context.Context, ix Indexed, old DocMeta) (int, []SentenceRecord, error) {
	records, postings := buildRecords(ix.Doc, ix.Terms)
	sum := postingSummary{Region: ix.Doc.Region, Terms: postings, Domain: uniqueWords(ix.Domain)}
	var replaced postingSummary
	if old.Version > 0 {
		var err error
		if replaced, err = s.summary(old.ID, old.Version); err != nil {
			if !ix.Force || !errors.Is(err, ErrCorrupt) {
				return 0, nil, err
			}
			// Re-indexing a damaged index: the new version is
			// complete; the statistics are off by the old version's
			// until Repair recomputes them.
			s.log.Warn("the replaced version's postings summary is damaged; run Repair after re-indexing", "doc", old.ID, "version", old.Version, "err", err)
			replaced = postingSummary{}
		}
	}
	ver, err := s.reserveVersion(ix.Doc, old, sum)
	if err != nil {
		return 0, nil, err
	}
	for i := range records {
		records[i].Version = ver
	}
	deltas := statDeltas(replaced, sum, old.Current().Sentences, len(records))
	if err := s.stageRecords(ctx, ix.Doc, ver, records, postings, deltas); err != nil {
		return ver, nil, err
	}
	return ver, records, nil
}

// reserveVersion takes the document's next version number and, in the
// same transaction, marks the version as garbage until it is made
// current and records its postings summary before anything else, so that
// a failure or crash at any later point of staging leaves keys that
// removeVersion (now, or at the next start) can find and remove.
func (s *DB) reserveVersion(doc *plan.Document, old DocMeta, sum postingSummary) (int, error) {
	tc, err := encodeValue(sum)
	if err != nil {
		return 0, fmt.Errorf("encode postings summary of %s: %w", doc.ID, err)
	}
	ver := 0
	err = s.update(func(txn *badger.Txn) error {
		var err error
		if ver, err = freeVersion(txn, doc.ID, old.Versions); err != nil {
			return err
		}
		if err := txn.Set(nextVersionKey(doc.ID), binary.AppendVarint(nil, int64(ver+1))); err != nil {
			return err
		}
		if err := txn.Set(gcKey(doc.ID, ver), []byte(regionKey(doc.Region))); err != nil {
			return err
		}
		return txn.Set(termCountKey(doc.ID, ver), tc)
	})
	if err != nil {
		return 0, fmt.Errorf("reserve a version of %s: %w", doc.ID, err)
	}
	return ver, nil
}

// freeVersion returns the number of a new version of document id: after
// every number ever reserved, every version stored (in an index from
// before reservations were kept) and every unfinished version not yet
// removed. A number is never used twice, so the leftovers of a version
// that failed half-way never become part of the next one.
func freeVersion(txn *badger.Txn, id string, stored []VersionInfo) (int, error) {
	n, err := readCounter(txn, nextVersionKey(id))
	if err != nil {
		return 0, err
	}
	ver := max(n, 1)
	for _, v := range stored {
		ver = max(ver, v.Version+1)
	}
	for {
		_, err := txn.Get(gcKey(id, ver))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return ver, nil
		}
		if err != nil {
			return 0, err
		}
		ver++
	}
}

// stageRecords writes a reserved version's blob, sentences, postings and
// statistics deltas, in a batch that commits as it fills.
func (s *DB) stageRecords(ctx context.Context, doc *plan.Document, ver int, records []SentenceRecord, postings termYears, deltas map[string]int) error {
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	blob, err := encodeValue(doc)
	if err != nil {
		return plan.Errorf(plan.EINVALID, "store %s: %v", doc.ID, err)
	}
	if err := wb.Set(versionKey(doc.ID, ver), blob); err != nil {
		return fmt.Errorf("stage %s: %w", doc.ID, err)
	}
	if err := stageSentences(ctx, wb, doc.ID, ver, records); err != nil {
		return err
	}
	if err := stagePostings(wb, doc, ver, postings); err != nil {
		return err
	}
	if err := stageStatChange(wb, statChange{DocID: doc.ID, Version: ver}, deltas); err != nil {
		return err
	}
	if err := wb.Flush(); err != nil {
		return fmt.Errorf("stage %s v%d: %w", doc.ID, ver, s.storageErr(err))
	}
	return ctx.Err()
}

func stageSentences(ctx context.Context, wb *badger.WriteBatch, id string, ver int, records []SentenceRecord) error {
	for _, r := range records {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := encodeValue(r)
		if err != nil {
			return plan.Errorf(plan.EINVALID, "store %s sentence %d: %v", id, r.ID, err)
		}
		if err := wb.Set(sentenceKey(id, ver, r.ID), b); err != nil {
			return fmt.Errorf("stage sentence %d: %w", r.ID, err)
		}
	}
	return nil
}

// stagePostings writes each posting list twice: in the document's region
// and in AllRegions.
func stagePostings(wb *badger.WriteBatch, doc *plan.Document, ver int, postings termYears) error {
	for term, byYear := range postings {
		for year, ids := range byYear {
			v := encodeIDs(ids)
			if err := wb.Set(postingKey(doc.Region, term, year, doc.ID, ver), v); err != nil {
				return fmt.Errorf("stage postings: %w", err)
			}
			if err := wb.Set(postingKey(AllRegions, term, year, doc.ID, ver), v); err != nil {
				return fmt.Errorf("stage postings: %w", err)
			}
		}
	}
	return nil
}

// buildRecords groups a document's facts by sentence (records without
// their version, which stage sets) and computes its postings. Only
// sentences with facts are indexed; that is all the engine can answer
// with.
func buildRecords(doc *plan.Document, terms map[int][]string) ([]SentenceRecord, termYears) {
	bySentence := map[int][]plan.Fact{}
	for _, f := range doc.Facts {
		bySentence[f.Sentence] = append(bySentence[f.Sentence], f)
	}
	texts := sentenceTexts(doc)
	var records []SentenceRecord
	postings := termYears{}
	for _, id := range slices.Sorted(maps.Keys(bySentence)) {
		facts := bySentence[id]
		st := texts[id]
		records = append(records, SentenceRecord{DocID: doc.ID, ID: id, Text: st.Text, Page: st.Page, Facts: facts})
		postings.add(id, terms[id], facts)
	}
	return records, postings
}

// sentenceTexts maps sentence IDs to sentences, table rows included.
func sentenceTexts(doc *plan.Document) map[int]plan.Sentence {
	texts := map[int]plan.Sentence{}
	for _, s := range doc.Sentences() {
		texts[s.ID] = s
	}
	for _, t := range doc.Tables {
		for _, r := range t.Rows {
			texts[r.Sentence] = plan.Sentence{ID: r.Sentence, Text: r.Text, Page: t.Page}
		}
	}
	return texts
}

// add posts sentence id under each of its terms in every year its facts
// speak of. Callers add sentences in increasing order, so every list
// stays sorted.
func (p termYears) add(id int, terms []string, facts []plan.Fact) {
	years := map[int]bool{}
	for _, f := range facts {
		years[f.Year] = true
	}
	for _, term := range terms {
		byYear := p[term]
		if byYear == nil {
			byYear = map[int][]int{}
			p[term] = byYear
		}
		for y := range years {
			byYear[y] = append(byYear[y], id)
		}
	}
}
