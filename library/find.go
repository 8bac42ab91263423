package library

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/plan"
)

// SplitVersion reads a name of the form ID@vN (福田区/2021-2022/plan-execution@v2);
// ok is false for any other name.
func SplitVersion(name string) (id string, version int, ok bool) {
	i := strings.LastIndex(name, "@v")
	if i < 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(name[i+2:])
	if err != nil || n <= 0 {
		return "", 0, false
	}
	return name[:i], n, true
}

// Document reads a document named by ID (its current version), ID@vN, or
// the path of a file, which is parsed, not ingested.
func (l *Library) Document(ctx context.Context, name string) (*plan.Document, error) {
	if _, ok := l.DB.Meta(name); !ok {
		if st, err := os.Stat(name); err == nil && !st.IsDir() {
			data, err := os.ReadFile(name)
			if err != nil {
				return nil, fmt.Errorf("read %s: %w", name, err)
			}
			l.addMu.Lock() // the parser's settings are an add's while it runs
			defer l.addMu.Unlock()
			return l.Ingester.Read(name, data, parse.Options{})
		}
	}
	id, ver, ok := SplitVersion(name)
	if !ok {
		id, ver = name, 0
	}
	return l.DB.Document(ctx, id, ver)
}

// WithPrevious reads what name names — ID (the current version), ID@vN
// or a file — and what it is compared with: the version before it, or
// for a file, the current version of its document.
func (l *Library) WithPrevious(ctx context.Context, name string) (old, new *plan.Document, err error) {
	id, ver, hasVer := SplitVersion(name)
	if !hasVer {
		id = name
	}
	meta, indexed := l.DB.Meta(id)
	if !indexed {
		return l.fileWithCurrent(ctx, name)
	}
	if !hasVer {
		ver = meta.Version
	}
	prev := meta.Previous(ver)
	if prev == 0 {
		return nil, nil, plan.Errorf(plan.EINVALID, "%s v%d is its first version; name two documents: planbot diff OLD NEW", id, ver)
	}
	if new, err = l.DB.Document(ctx, id, ver); err != nil {
		return nil, nil, err
	}
	if old, err = l.DB.Document(ctx, id, prev); err != nil {
		return nil, nil, err
	}
	return old, new, nil
}

// fileWithCurrent reads a file not in the index and the current version
// of the document it is a version of.
func (l *Library) fileWithCurrent(ctx context.Context, name string) (old, new *plan.Document, err error) {
	if new, err = l.Document(ctx, name); err != nil {
		return nil, nil, err
	}
	if _, ok := l.DB.Meta(new.ID); !ok {
		return nil, nil, plan.Errorf(plan.EINVALID, "%s is not in the index; name two documents: planbot diff OLD NEW", new.ID)
	}
	old, err = l.DB.Document(ctx, new.ID, 0)
	return old, new, err
}
