package answer

import (
	"context"
	"strings"
	"sync"

	"github.com/planbot/planbot/plan"
)

// planDoc is a stored document version prepared for the questions that
// read a whole plan (its tasks, its indicators, what stands under a
// heading): decoded once, with its tasks, their texts lower-cased and its
// sentences by ID. A version never changes once stored, so one planDoc
// serves every question that reads it; it is shared and must not be
// changed.
type planDoc struct {
	*plan.Document
	version int
	tasks   []plan.TaskRef
	// sectionTasks marks tasks that are the sections of the parts that
	// plan (（一）…), for a document without numbered tasks: a work
	// report's 重点工作.
	sectionTasks bool
	taskTitles   []string       // lower-cased, by task
	taskTexts    []string       // lower-cased, by task
	sentences    map[int]string // sentence ID -> text, table rows included (plan.Document.SentenceByID)
	figured      map[int]bool   // IDs of the sentences stating a figure
}

func newPlanDoc(doc *plan.Document, version int) *planDoc {
	p := &planDoc{Document: doc, version: version, sentences: map[int]string{}, figured: map[int]bool{}}
	p.tasks, p.sectionTasks = doc.WorkTasks()
	for _, ref := range p.tasks {
		p.taskTitles = append(p.taskTitles, strings.ToLower(ref.Task.Title))
		p.taskTexts = append(p.taskTexts, taskText(ref.Task))
	}
	// The first sentence of an ID wins, then a table row's, as in
	// SentenceByID.
	for _, s := range doc.Sentences() {
		if _, ok := p.sentences[s.ID]; !ok {
			p.sentences[s.ID] = s.Text
		}
	}
	for _, f := range doc.Facts {
		if !f.Qualitative {
			p.figured[f.Sentence] = true
		}
	}
	for _, t := range doc.Tables {
		for _, r := range t.Rows {
			if _, ok := p.sentences[r.Sentence]; !ok {
				p.sentences[r.Sentence] = r.Text
			}
		}
	}
	return p
}

// sentence is the text of sentence id, "" when there is none.
func (p *planDoc) sentence(id int) string { return p.sentences[id] }

// planCache keeps the most recently read planDocs: questions about tasks
// and lists read the newest plans again and again, and decoding a plan
// (tens to hundreds of KB of JSON) cost more than everything else such a
// question does.
type planCache struct {
	mu    sync.Mutex
	max   int
	docs  map[planKey]*planDoc
	order []planKey // least recently used first
}

type planKey struct {
	id      string
	version int
}

func (c *planCache) get(k planKey) (*planDoc, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.docs[k]
	if ok {
		c.touch(k)
	}
	return p, ok
}

func (c *planCache) put(k planKey, p *planDoc) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.docs == nil {
		c.docs = map[planKey]*planDoc{}
	}
	if _, ok := c.docs[k]; !ok && len(c.docs) >= c.max {
		delete(c.docs, c.order[0])
		c.order = c.order[1:]
	}
	c.docs[k] = p
	c.touch(k)
}

// touch moves k to the end of the order; the caller holds c.mu.
func (c *planCache) touch(k planKey) {
	for i, o := range c.order {
		if o == k {
			c.order = append(c.order[:i], c.order[i+1:]...)
			break
		}
	}
	c.order = append(c.order, k)
}

// plan returns the current version of a document, prepared, through the
// cache.
func (e *Engine) plan(ctx context.Context, id string) (*planDoc, error) {
	version := e.store.CurrentVersion(id)
	k := planKey{id, version}
	if p, ok := e.plans.get(k); ok {
		return p, nil
	}
	doc, err := e.store.Document(ctx, id, version)
	if err != nil {
		return nil, err
	}
	p := newPlanDoc(doc, version)
	e.plans.put(k, p)
	return p, nil
}
