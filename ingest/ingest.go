// Package ingest adds documents to the index: it parses them, finds the
// words they add to the segmenter's dictionary, computes the index terms
// of every sentence and stores the result as a new version. A document
// that fails anywhere before the final switch leaves the index as it was.
package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/planbot/planbot/extract"
	"github.com/planbot/planbot/nlp"
	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/store"
)

// Ingester adds documents. It is safe for concurrent use; ingests are
// serialised.
type Ingester struct {
	Store  *store.DB
	Parser *parse.Parser
	Now    func() time.Time

	// newAnalyzer returns a segmenter whose dictionary holds the given
	// words: with none, the base segmenter every document is indexed
	// with; with the index's words, the one questions are read with.
	newAnalyzer func(domain []string) (*nlp.Analyzer, error)

	// Progress, when set, is told each stage of an ingest as it starts
	// (parse, index, store), for long documents.
	Progress func(name, stage string)

	mu     sync.Mutex
	base   *nlp.Analyzer // the dictionary without documents' words: indexes every document
	an     *nlp.Analyzer // the dictionary with the index's words: reads questions
	anWith []string      // the words an was built with, sorted
}

// New returns an Ingester. an, when not nil, is a segmenter already built
// with the index's dictionary words (words), saving a rebuild.
func New(db *store.DB, p *parse.Parser, newAnalyzer func([]string) (*nlp.Analyzer, error), an *nlp.Analyzer, words []string) *Ingester {
	words = slices.Clone(words)
	slices.Sort(words)
	return &Ingester{Store: db, Parser: p, newAnalyzer: newAnalyzer, an: an, anWith: slices.Compact(words)}
}

// Analyzer returns a segmenter whose dictionary holds the words of the
// documents the index holds now, for reading questions: rebuilt when
// they changed since the last call (tens of milliseconds), so questions
// are read the same whatever the order documents came in. It returns the
// last good one when the rebuild fails.
func (in *Ingester) Analyzer() *nlp.Analyzer {
	in.mu.Lock()
	defer in.mu.Unlock()
	words, err := in.Store.DomainTerms()
	if err == nil {
		slices.Sort(words)
		words = slices.Compact(words)
	}
	if err != nil || in.an != nil && slices.Equal(words, in.anWith) {
		return in.an
	}
	an, err := in.newAnalyzer(words)
	if err != nil {
		return in.an
	}
	in.an, in.anWith = an, words
	return an
}

// Report says what an ingest did.
type Report struct {
	ID        string
	Title     string
	Source    string
	Version   int
	Previous  int
	Unchanged bool
	Parts     int
	Tasks     int
	Facts     int
	Sentences int
	Warnings  []string // the parser's repairs and doubts
	// Note, when the bytes were those of an earlier version, says why
	// nothing was stored (store.PutResult.Note).
	Note    string
	Doc     *plan.Document
	Elapsed time.Duration
}

// Notes are what a front end shows under the report: the parser's
// warnings, then the store's note.
func (r Report) Notes() []string {
	if r.Note == "" {
		return r.Warnings
	}
	return append(slices.Clip(r.Warnings), r.Note)
}

func (r Report) String() string {
	switch {
	case r.Unchanged:
		return fmt.Sprintf("%s: unchanged (%s v%d)", r.Source, r.ID, r.Version)
	case r.Previous > 0:
		return fmt.Sprintf("%s: %s v%d replaces v%d: %d parts, %d tasks, %d facts (%s)", r.Source, r.ID, r.Version, r.Previous, r.Parts, r.Tasks, r.Facts, r.Elapsed.Round(time.Millisecond))
	}
	return fmt.Sprintf("%s: %s v%d: %d parts, %d tasks, %d facts (%s)", r.Source, r.ID, r.Version, r.Parts, r.Tasks, r.Facts, r.Elapsed.Round(time.Millisecond))
}

// Ingest reads data (the content of the file called name: text, PDF,
// Word or a web page) and stores it.
func (in *Ingester) Ingest(ctx context.Context, name string, data []byte, opt parse.Options) (Report, error) {
	start := time.Now()
	now := time.Now
	if in.Now != nil {
		now = in.Now
	}
	progress := func(stage string) {
		if in.Progress != nil {
			in.Progress(name, stage)
		}
	}
	progress("parse")
	doc, err := in.Read(name, data, opt)
	if err != nil {
		return Report{Source: name}, fmt.Errorf("ingest %s: %w", name, err)
	}
	progress(fmt.Sprintf("index %d facts", len(doc.Facts)))
	ix, err := in.Index(doc)
	if err != nil {
		return Report{Source: name}, fmt.Errorf("ingest %s: %w", name, err)
	}
	progress("store")
	res, err := in.Store.Put(ctx, ix, now())
	if err != nil {
		return Report{Source: name}, fmt.Errorf("ingest %s: %w", name, err)
	}
	return Report{
		ID: res.ID, Title: doc.Title, Source: name, Version: res.Version, Previous: res.Previous, Unchanged: res.Unchanged,
		Parts: len(doc.Parts), Tasks: len(doc.Tasks()), Facts: len(doc.Facts), Sentences: len(ix.Terms),
		Warnings: doc.Warnings, Note: res.Note, Doc: doc, Elapsed: time.Since(start),
	}, nil
}

// Read turns the content of the file called name into a document: the
// text of a PDF, Word file or web page (extract.Read), or the file itself
// for text, parsed. A document from a file that does not record its pages
// says so in its locations. Files that cannot be read are refused with a
// *plan.Error (EINVALID) saying what to do.
func (in *Ingester) Read(name string, data []byte, opt parse.Options) (*plan.Document, error) {
	maxBytes := in.Parser.MaxBytes
	if maxBytes <= 0 {
		maxBytes = parse.DefaultMaxBytes
	}
	file, err := extract.Read(name, data, maxBytes)
	if err != nil {
		return nil, err
	}
	p := *in.Parser
	if p.Simplify == nil {
		base, err := in.baseAnalyzer()
		if err != nil {
			return nil, err
		}
		p.Simplify = base.Simplify
	}
	doc, err := p.Parse(name, file.Text, opt)
	if err != nil || file.Format == extract.Text {
		return doc, err
	}
	sum := sha256.Sum256(data)
	doc.Hash = hex.EncodeToString(sum[:]) // of the file, as for text
	doc.Warnings = append(slices.Clip(file.Notes), doc.Warnings...)
	if file.PagesUnknown {
		for i := range doc.Facts {
			doc.Facts[i].Loc.PageUnknown = true
		}
	}
	return doc, nil
}

var quotedRe = regexp.MustCompile(`[“"]([^”"，。、；]{2,8})[”"]`)

// Reindex indexes every stored document again from its current version,
// for an index written by an older planbot (store.NeedsReindex).
func (in *Ingester) Reindex(ctx context.Context) (int, error) {
	now := time.Now
	if in.Now != nil {
		now = in.Now
	}
	n := 0
	for _, m := range in.Store.Documents() {
		doc, err := in.Store.Document(ctx, m.ID, 0)
		if err != nil {
			return n, err
		}
		ix, err := in.Index(doc)
		if err != nil {
			return n, fmt.Errorf("reindex %s: %w", m.ID, err)
		}
		ix.Force = true
		if _, err := in.Store.Put(ctx, ix, now()); err != nil {
			return n, fmt.Errorf("reindex %s: %w", m.ID, err)
		}
		n++
	}
	return n, in.Store.Reindexed()
}

// Rescued is what CopyFrom indexed again and what it could not read.
type Rescued struct {
	Documents int      // current versions indexed into the new index
	Lost      []string // IDs whose stored version could not be read
}

// CopyFrom indexes the current version of every document of from (a
// damaged index opened with store.Options.Salvage) into in's store, a
// new index: the rescue `planbot reindex` runs when an index fails its
// checksums. A document whose stored version cannot be read is reported
// lost, not guessed at.
func (in *Ingester) CopyFrom(ctx context.Context, from *store.DB) (Rescued, error) {
	now := time.Now
	if in.Now != nil {
		now = in.Now
	}
	var r Rescued
	for _, m := range from.Documents() {
		if err := ctx.Err(); err != nil {
			return r, err
		}
		doc, err := from.Document(ctx, m.ID, 0)
		if err != nil {
			r.Lost = append(r.Lost, m.ID)
			continue
		}
		ix, err := in.Index(doc)
		if err != nil {
			return r, fmt.Errorf("reindex %s: %w", m.ID, err)
		}
		ix.Force = true
		if _, err := in.Store.Put(ctx, ix, now()); err != nil {
			return r, fmt.Errorf("reindex %s: %w", m.ID, err)
		}
		r.Documents++
	}
	return r, nil
}

// baseAnalyzer returns the segmenter with the base dictionary alone,
// built at its first use.
func (in *Ingester) baseAnalyzer() (*nlp.Analyzer, error) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.base == nil {
		base, err := in.newAnalyzer(nil)
		if err != nil {
			return nil, fmt.Errorf("build segmenter: %w", err)
		}
		in.base = base
	}
	return in.base, nil
}

// Index computes the dictionary words and per-sentence index terms of a
// parsed document. Every document is indexed with the same base
// dictionary, its own words added as terms where they stand: so its
// postings and words depend on it alone, never on which documents the
// index held when it came (a fresh index answers as one built over years).
func (in *Ingester) Index(doc *plan.Document) (store.Indexed, error) {
	an, err := in.baseAnalyzer()
	if err != nil {
		return store.Indexed{}, err
	}
	text := indexedText(doc)
	tokens := segment(an, text)
	lists := make([][]string, 0, len(tokens))
	for _, t := range tokens {
		lists = append(lists, t)
	}
	domain := an.MineTerms(lists, docNames(doc))
	terms := sentenceTerms(an, doc, tokens)
	addOwnWords(terms, text, domain)
	return store.Indexed{Doc: doc, Terms: terms, Domain: domain}, nil
}

// addOwnWords adds to each sentence's terms the document's own dictionary
// words it holds (华富北, 新改扩建), which the base dictionary cuts apart.
func addOwnWords(terms map[int][]string, text map[int]string, domain []string) {
	for id, t := range terms {
		lower := strings.ToLower(text[id])
		for _, w := range domain {
			if strings.Contains(lower, w) && !slices.Contains(t, w) {
				t = append(t, w)
			}
		}
		terms[id] = t
	}
}

// indexedText maps the sentences the index holds to their text: those
// with figures (all the engine can answer with), and table rows.
func indexedText(doc *plan.Document) map[int]string {
	withFacts := map[int]bool{}
	for _, f := range doc.Facts {
		withFacts[f.Sentence] = true
	}
	text := map[int]string{}
	for _, s := range doc.Sentences() {
		if withFacts[s.ID] {
			text[s.ID] = s.Text
		}
	}
	for _, t := range doc.Tables {
		for _, r := range t.Rows {
			text[r.Sentence] = r.Text
		}
	}
	return text
}

// segment cuts each sentence into tokens.
func segment(an *nlp.Analyzer, text map[int]string) map[int][]string {
	tokens := make(map[int][]string, len(text))
	for id, t := range text {
		tokens[id] = an.Tokens(t)
	}
	return tokens
}

// sentenceTerms lists the index terms of each sentence with facts: its
// own words and those of its facts' subjects, headings and table columns.
// Headings repeat across sentences, so each distinct one is segmented
// once.
func sentenceTerms(an *nlp.Analyzer, doc *plan.Document, tokens map[int][]string) map[int][]string {
	memo := map[string][]string{}
	terms := func(s string) []string {
		if t, ok := memo[s]; ok {
			return t
		}
		t := an.IndexTerms(s)
		memo[s] = t
		return t
	}
	extra := map[int][]string{}
	for _, f := range doc.Facts {
		extra[f.Sentence] = append(extra[f.Sentence], f.Subject, f.Context, f.Column)
	}
	out := map[int][]string{}
	for id, more := range extra {
		seen := map[string]bool{}
		var all []string
		add := func(ts []string) {
			for _, t := range ts {
				if !seen[t] {
					seen[t] = true
					all = append(all, t)
				}
			}
		}
		add(an.TermsOf(tokens[id]))
		for _, m := range more {
			if m != "" {
				add(terms(m))
			}
		}
		out[id] = all
	}
	return out
}

// docNames are the names a document gives its region, indicators and
// quoted terms: words worth keeping whole.
func docNames(doc *plan.Document) []string {
	var out []string
	if doc.Region != "" {
		out = append(out, doc.Region)
	}
	out = append(out, doc.IndicatorNames()...)
	for _, s := range doc.Sentences() {
		for _, m := range quotedRe.FindAllStringSubmatch(s.Text, -1) {
			out = append(out, m[1])
		}
	}
	// Names of rates and shares (普惠率, 城镇化率, 比重): the dictionary
	// cuts 普惠率达到 as 普惠|率达|到.
	for _, f := range doc.Facts {
		if n := utf8.RuneCountInString(f.Subject); n >= 3 && n <= 8 && (strings.HasSuffix(f.Subject, "率") || strings.HasSuffix(f.Subject, "比重")) {
			out = append(out, f.Subject)
		}
	}
	return out
}
