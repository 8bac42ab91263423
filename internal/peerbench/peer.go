// Package peerbench measures planbot against a peer, a plain full-text
// engine, on the same questions in the same run: bleve with its CJK
// analysis, in memory, one document per sentence, a question answered by
// the sentence a match query on its text ranks first. It is a module of
// its own so that bleve never enters planbot's dependencies; see README.md.
package peerbench

import (
	"fmt"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
)

// textField is the one field of the peer's documents.
const textField = "text"

// Bleve's index types the peer can run on, both in memory.
const (
	// Scorch is bleve's default index type, run with no path: its
	// segments stay in memory and, with no merger, one is built a batch.
	Scorch = "scorch"
	// Upsidedown is what bleve.NewMemOnly gives: the older index type
	// over an in-memory key-value tree, several times slower to search.
	Upsidedown = "upsidedown"
)

// batchSize is the sentences indexed a batch: all of the seed's at once
// (one segment, the fastest scorch can search), and a few dozen segments
// for 10,000 documents, whose sentences in one batch would take more
// memory than the machine has.
const batchSize = 100_000

// Peer is the full-text engine: bleve's cjk analyzer (unicode tokens,
// full-width folding, lower case, CJK bigrams) over every sentence, in
// memory. It is safe for concurrent use.
type Peer struct {
	index     bleve.Index
	engine    string
	sentences []string
}

// NewPeer indexes sentences, each a document of its own, in an index of
// type engine (Scorch or Upsidedown).
func NewPeer(sentences []string, engine string) (*Peer, error) {
	var idx bleve.Index
	var err error
	switch engine {
	case Scorch:
		idx, err = bleve.NewUsing("", indexMapping(), scorch.Name, scorch.Name, nil)
	case Upsidedown:
		idx, err = bleve.NewMemOnly(indexMapping())
	default:
		return nil, fmt.Errorf("peer index type %q: want %s or %s", engine, Scorch, Upsidedown)
	}
	if err != nil {
		return nil, fmt.Errorf("peer index: %w", err)
	}
	p := &Peer{index: idx, engine: engine, sentences: sentences}
	b := idx.NewBatch()
	for i, s := range sentences {
		if err := b.Index(strconv.Itoa(i), map[string]string{textField: s}); err != nil {
			idx.Close()
			return nil, fmt.Errorf("peer index sentence %d: %w", i, err)
		}
		if b.Size() == batchSize || i == len(sentences)-1 {
			if err := idx.Batch(b); err != nil {
				idx.Close()
				return nil, fmt.Errorf("peer index: %w", err)
			}
			b.Reset()
		}
	}
	return p, nil
}

// indexMapping maps every document's text through the cjk analyzer. The
// text is neither stored nor given term vectors: the peer answers with
// the sentence from its own slice, so bleve does only the search, which
// makes the comparison as kind to the peer as it can be.
func indexMapping() *mapping.IndexMappingImpl {
	text := bleve.NewTextFieldMapping()
	text.Analyzer = cjk.AnalyzerName
	text.Store = false
	text.IncludeTermVectors = false
	text.IncludeInAll = false
	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(textField, text)
	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = cjk.AnalyzerName
	return m
}

// Ask returns the sentence that a match query on the question's text
// ranks first, or "" when no sentence shares a term with it.
func (p *Peer) Ask(question string) (string, error) {
	q := bleve.NewMatchQuery(question)
	q.SetField(textField)
	req := bleve.NewSearchRequestOptions(q, 1, 0, false)
	res, err := p.index.Search(req)
	if err != nil {
		return "", fmt.Errorf("peer search %q: %w", question, err)
	}
	if len(res.Hits) == 0 {
		return "", nil
	}
	i, err := strconv.Atoi(res.Hits[0].ID)
	if err != nil || i < 0 || i >= len(p.sentences) {
		return "", fmt.Errorf("peer search %q: hit %q is no sentence", question, res.Hits[0].ID)
	}
	return p.sentences[i], nil
}

// Name says what the peer is, for tables.
func (p *Peer) Name() string {
	return fmt.Sprintf("bleve (cjk bigrams, %s in memory, top sentence)", p.engine)
}

// Len is the number of sentences indexed.
func (p *Peer) Len() int { return len(p.sentences) }

// Close releases the index.
func (p *Peer) Close() error { return p.index.Close() }
