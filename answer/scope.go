package answer

import (
	"slices"

	"github.com/planbot/planbot/nlp"
	"github.com/planbot/planbot/store"
)

// scoping is where a question is searched, decided in one place for Ask
// and Explain. Its Scope is what the answer reports: the regions the
// question names that the documents cover (or the default region, when
// it names none) and the years it names. When the documents cover none of
// the regions named, or none of the years, only the nearest statements
// can be given: search drops that restriction, and noRegions or noYears
// says why.
type scoping struct {
	Scope
	search    Scope    // what is searched
	noRegions []string // the regions named, none of them covered
	noYears   []int    // the years named, none of them covered in the regions
}

// scope decides where q is searched in the documents of cat.
func (e *Engine) scope(q nlp.Question, cat *store.Catalog) scoping {
	regions, uncovered := e.coveredRegions(q.Regions, cat)
	sc := scoping{Scope: Scope{Regions: regions, Years: q.Years}}
	switch {
	case len(uncovered) > 0 && len(regions) == 0:
		sc.noRegions = uncovered
		sc.search = Scope{Years: q.Years}
	case len(q.Years) > 0 && !anyCovered(q.Years, coveredYears(cat, regions)):
		sc.noYears = q.Years
		sc.search = Scope{Regions: regions}
	default:
		sc.search = sc.Scope
	}
	return sc
}

// coveredRegions splits the regions a question names into those the
// documents cover and those they do not; a question naming none is
// asked of the default region, if the documents cover it.
func (e *Engine) coveredRegions(named []string, cat *store.Catalog) (covered, uncovered []string) {
	for _, r := range named {
		if slices.Contains(cat.Regions, r) {
			covered = append(covered, r)
		} else {
			uncovered = append(uncovered, r)
		}
	}
	if len(named) == 0 && e.DefaultRegion != "" && slices.Contains(cat.Regions, e.DefaultRegion) {
		covered = []string{e.DefaultRegion}
	}
	return covered, uncovered
}

// coveredYears are the years the documents of regions (all when empty)
// cover. The map may be the catalog's: do not change it.
func coveredYears(cat *store.Catalog, regions []string) map[int]bool {
	switch len(regions) {
	case 0:
		return cat.AllYears
	case 1:
		if ys, ok := cat.Years[regions[0]]; ok {
			return ys
		}
	}
	out := map[int]bool{}
	for _, r := range regions {
		for y := range cat.Years[r] {
			out[y] = true
		}
	}
	return out
}

// anyCovered reports whether covered holds any of years.
func anyCovered(years []int, covered map[int]bool) bool {
	return slices.ContainsFunc(years, func(y int) bool { return covered[y] })
}
