package plan

import "iter"

// ListedIndicators yields the headline indicators of the document's
// indicator lists (——… lines of parts and sections) in reading order,
// each with the part it stands in (for the part's kind and year).
func (d *Document) ListedIndicators() iter.Seq2[*Part, Indicator] {
	return func(yield func(*Part, Indicator) bool) {
		for pi := range d.Parts {
			p := &d.Parts[pi]
			for _, i := range p.Indicators {
				if !yield(p, i) {
					return
				}
			}
			for _, s := range p.Sections {
				for _, i := range s.Indicators {
					if !yield(p, i) {
						return
					}
				}
			}
		}
	}
}

// IndicatorNames lists the distinct names of the document's headline
// indicators: its indicator lists, then its table rows, in document order.
func (d *Document) IndicatorNames() []string {
	seen := map[string]bool{}
	var out []string
	add := func(n string) {
		if n != "" && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	for _, i := range d.ListedIndicators() {
		add(i.Name)
	}
	for _, t := range d.Tables {
		for _, r := range t.Rows {
			add(r.Name)
		}
	}
	return out
}
