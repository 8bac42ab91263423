package store

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// DocMeta describes a stored document and its versions.
type DocMeta struct {
	ID         string        `json:"id"`
	Title      string        `json:"title"`
	Region     string        `json:"region"`
	Genre      string        `json:"genre"`
	ReportYear int           `json:"report_year"`
	PlanYear   int           `json:"plan_year"`
	Date       string        `json:"date"`
	Source     string        `json:"source"`
	Version    int           `json:"version"` // the current one
	Versions   []VersionInfo `json:"versions"`
	Years      []int         `json:"years"`           // years its facts speak of
	Tasks      int           `json:"tasks,omitempty"` // numbered tasks of the current version
}

// VersionInfo records one ingest of a document.
type VersionInfo struct {
	Version    int       `json:"version"`
	Hash       string    `json:"hash"`
	Source     string    `json:"source"`
	IngestedAt time.Time `json:"ingested_at"`
	Sentences  int       `json:"sentences"`
	Facts      int       `json:"facts"`
}

// Current returns the current version's info.
func (m DocMeta) Current() VersionInfo {
	for _, v := range m.Versions {
		if v.Version == m.Version {
			return v
		}
	}
	return VersionInfo{}
}

// VersionWithHash returns the newest version whose bytes had this hash.
func (m DocMeta) VersionWithHash(hash string) (VersionInfo, bool) {
	for i := len(m.Versions) - 1; i >= 0; i-- {
		if m.Versions[i].Hash == hash {
			return m.Versions[i], true
		}
	}
	return VersionInfo{}, false
}

// Previous returns the newest version before ver, 0 when there is none.
// Numbers can have gaps (see freeVersion), so it is not simply ver-1.
func (m DocMeta) Previous(ver int) int {
	prev := 0
	for _, v := range m.Versions {
		if v.Version < ver && v.Version > prev {
			prev = v.Version
		}
	}
	return prev
}

// Documents lists the stored documents, ordered by region, plan year
// and ID.
// The slice is shared with the catalog: do not change it.
func (s *DB) Documents() []DocMeta { return s.Catalog().Docs }

// Meta returns one document's description.
func (s *DB) Meta(id string) (DocMeta, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	m, ok := s.metas[id]
	return m, ok
}

// CurrentVersion returns a document's current version, 0 when unknown.
func (s *DB) CurrentVersion(id string) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.metas[id].Version
}

// Empty reports an index holding no documents.
func (s *DB) Empty() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.metas) == 0
}

// Catalog is a snapshot of what the index holds, rebuilt whenever a
// version is made current, so questions do not walk every document.
// Its slices and maps are shared: read them, do not change them.
type Catalog struct {
	Docs     []DocMeta               // ordered by region, plan year, ID
	Regions  []string                // sorted
	Years    map[string]map[int]bool // region -> years its facts speak of
	AllYears map[int]bool            // the years any document's facts speak of
	Latest   map[string]int          // region -> newest plan year
	PlanYear map[string]int          // document ID -> its plan year
	Version  map[string]int          // document ID -> its current version
	Gen      uint64                  // changes whenever the catalog does

	reads *readCache     // what questions read through this catalog (readcache.go)
	ord   map[string]int // document ID -> its index in Docs
}

// Catalog returns the current snapshot of what the index holds.
func (s *DB) Catalog() *Catalog { return s.catalog.Load() }

// NewestPlan is the document meant by "the newest plan" everywhere
// (tasks to follow, the digest, `planbot tasks`): the newest plan year in
// region (in any region when region is ""), among the documents with
// numbered tasks when any has them; ties go to the first region,
// then the smallest ID, so every caller picks the same document.
func (c *Catalog) NewestPlan(region string) (DocMeta, bool) {
	var best DocMeta
	found := false
	for _, m := range c.Docs { // ordered by region, plan year, ID
		if region != "" && m.Region != region {
			continue
		}
		// A plan with numbered tasks before one without (a work report
		// beside a district's plan): tasks are what people follow.
		better := !found || (m.Tasks > 0) != (best.Tasks > 0) && m.Tasks > 0 || (m.Tasks > 0) == (best.Tasks > 0) && m.PlanYear > best.PlanYear
		if better {
			best, found = m, true
		}
	}
	return best, found
}

// refreshCatalog rebuilds the catalog; the caller holds s.mu.
func (s *DB) refreshCatalog() {
	c := &Catalog{Years: map[string]map[int]bool{}, AllYears: map[int]bool{}, Latest: map[string]int{}, PlanYear: map[string]int{}, Version: map[string]int{}, reads: newReadCache(readCacheBytes)}
	if old := s.catalog.Load(); old != nil {
		c.Gen = old.Gen + 1
	}
	for _, m := range s.metas {
		c.Docs = append(c.Docs, m)
		if _, ok := c.Years[m.Region]; !ok {
			c.Years[m.Region] = map[int]bool{}
			c.Regions = append(c.Regions, m.Region)
		}
		for _, y := range m.Years {
			c.Years[m.Region][y] = true
			c.AllYears[y] = true
		}
		c.Latest[m.Region] = max(c.Latest[m.Region], m.PlanYear)
		c.PlanYear[m.ID] = m.PlanYear
		c.Version[m.ID] = m.Version
	}
	slices.Sort(c.Regions)
	slices.SortFunc(c.Docs, func(a, b DocMeta) int {
		return cmp.Or(cmp.Compare(a.Region, b.Region), cmp.Compare(a.PlanYear, b.PlanYear), cmp.Compare(a.ID, b.ID))
	})
	c.ord = make(map[string]int, len(c.Docs))
	for i, m := range c.Docs {
		c.ord[m.ID] = i
	}
	s.catalog.Store(c)
}

// commitVisible commits fn, a change to what readers see (which version
// of a document is current, the term statistics), and publishes a new
// catalog, holding s.mu throughout, so that no Reader opens a
// transaction that sees the change while its catalog does not
// (Reader.open). With meta set, it becomes the document's meta.
func (s *DB) commitVisible(fn func(txn *badger.Txn) error, meta *DocMeta) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.update(fn); err != nil {
		return err
	}
	if meta != nil {
		s.metas[meta.ID] = *meta
	}
	s.refreshCatalog()
	return nil
}

// loadMetas reads every document's meta, at Open.
func (s *DB) loadMetas() error {
	return s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(pDoc), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var m DocMeta
			if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &m) }); err != nil {
				return fmt.Errorf("read document %q: %w: %v", it.Item().Key()[len(pDoc):], errDamagedRecord, err)
			}
			s.metas[m.ID] = m
		}
		s.refreshCatalog()
		return nil
	})
}
