package extract

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/planbot/planbot/plan"
)

// Word files (.docx, Office Open XML, ECMA-376 part 1): the paragraphs
// and tables of word/document.xml, numbering rendered from numbering.xml
// as Word shows it, footnotes, comments, headers and footers left out.
// Pages are not recorded in the file: they depend on the fonts and
// printer of whoever opens it.

// readDOCX reads a Word file's text.
func readDOCX(data []byte, maxBytes int) (Document, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return Document{}, plan.Errorf(plan.EINVALID, "the Word file is damaged (%v): open it in Word or WPS and save it again", err)
	}
	// Zip bombs: the XML of a plan is a few MB.
	limit := int64(max(maxBytes, 16<<20)) * 8
	parts := map[string][]byte{}
	for _, f := range zr.File {
		switch f.Name {
		case "word/document.xml", "word/numbering.xml", "word/styles.xml":
			b, err := readZipFile(f, limit)
			if err != nil {
				return Document{}, plan.Errorf(plan.EINVALID, "the Word file is damaged (%s: %v): open it in Word or WPS and save it again", f.Name, err)
			}
			parts[f.Name] = b
		}
	}
	if parts["word/document.xml"] == nil {
		return Document{}, plan.Errorf(plan.EINVALID, "the Word file has no document body (word/document.xml): open it in Word or WPS and save it again")
	}
	w := &docxWalker{num: parseNumbering(parts["word/numbering.xml"]), styles: parseStyles(parts["word/styles.xml"])}
	if err := w.walk(parts["word/document.xml"]); err != nil {
		return Document{}, plan.Errorf(plan.EINVALID, "the Word file is damaged (word/document.xml: %v): open it in Word or WPS and save it again", err)
	}
	doc := Document{Format: DOCX, Text: []byte(fixRadicals(strings.Join(w.lines, "\n") + "\n")), PagesUnknown: true}
	if w.notes > 0 {
		doc.Notes = append(doc.Notes, fmt.Sprintf("the Word file's footnotes and endnotes were left out (%d)", w.notes))
	}
	return doc, nil
}

func readZipFile(f *zip.File, limit int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("more than %s of XML", humanBytes(int(limit)))
	}
	return b, nil
}

// attr returns an attribute by local name (w:val and val alike).
func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// docxWalker reads document.xml.
type docxWalker struct {
	num    *numbering
	styles docxStyles
	lines  []string
	notes  int // footnote and endnote references skipped

	// the paragraph being read
	para      strings.Builder
	pStyle    string
	numID     string
	ilvl      string
	inPPr     bool
	hiddenRun bool
	field     []bool // per open field: in its instructions (before separate)

	// tables: cells of the rows being read, innermost last
	rows  [][]string
	cells []*strings.Builder
}

// skipped elements hold no text of the document: deleted text, field
// codes, drawings and text boxes, the fallback copy of alternate content.
var skipped = map[string]bool{
	"del": true, "moveFrom": true, "delText": true, "instrText": true, "Fallback": true,
	"drawing": true, "pict": true, "object": true, "rPr": true, "sectPr": true, "tblPr": true,
	"tblGrid": true, "trPr": true, "tcPr": true, "commentRangeStart": true, "annotationRef": true,
}

func (w *docxWalker) walk(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := w.start(d, t); err != nil {
				return err
			}
		case xml.EndElement:
			w.end(t)
		case xml.CharData:
			// Text is read in start (w:t).
		}
	}
}

func (w *docxWalker) start(d *xml.Decoder, t xml.StartElement) error {
	switch t.Name.Local {
	case "rPr":
		if !w.inPPr {
			// Hidden text (w:vanish) is not shown.
			return w.runProps(d)
		}
		return d.Skip()
	case "pPr", "pStyle", "ilvl", "numId":
		w.paraProps(t)
	case "p":
		w.para.Reset()
		w.pStyle, w.numID, w.ilvl = "", "", ""
	case "r":
		w.hiddenRun = false
	case "t":
		var s string
		if err := d.DecodeElement(&s, &t); err != nil {
			return err
		}
		if !w.hiddenRun && !w.inInstr() {
			w.para.WriteString(s)
		}
	case "tab", "ptab":
		if !w.inPPr {
			w.para.WriteString("\t")
		}
	case "br", "cr":
		w.para.WriteString("\n")
	case "noBreakHyphen":
		w.para.WriteString("-")
	case "sym":
		if r := symRune(attr(t, "char")); r != 0 {
			w.para.WriteRune(r)
		}
	case "footnoteReference", "endnoteReference":
		w.notes++
	case "fldChar":
		w.fieldChar(attr(t, "fldCharType"))
	case "tbl":
		w.rows = append(w.rows, nil)
	case "tc":
		w.cells = append(w.cells, &strings.Builder{})
	default:
		if skipped[t.Name.Local] {
			return d.Skip()
		}
	}
	return nil
}

// paraProps reads a paragraph's style and list numbering (w:pPr).
func (w *docxWalker) paraProps(t xml.StartElement) {
	if t.Name.Local == "pPr" {
		w.inPPr = true
		return
	}
	if !w.inPPr {
		return
	}
	switch t.Name.Local {
	case "pStyle":
		w.pStyle = attr(t, "val")
	case "ilvl":
		w.ilvl = attr(t, "val")
	case "numId":
		w.numID = attr(t, "val")
	}
}

// fieldChar follows a field: its instructions (PAGE, TOC …) are not
// text, its result is.
func (w *docxWalker) fieldChar(kind string) {
	switch kind {
	case "begin":
		w.field = append(w.field, true)
	case "separate":
		if n := len(w.field); n > 0 {
			w.field[n-1] = false
		}
	case "end":
		if n := len(w.field); n > 0 {
			w.field = w.field[:n-1]
		}
	}
}

// runProps reads a run's properties: is it hidden?
func (w *docxWalker) runProps(d *xml.Decoder) error {
	depth := 1
	for depth > 0 {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if t.Name.Local == "vanish" && attr(t, "val") != "0" && attr(t, "val") != "false" {
				w.hiddenRun = true
			}
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

func (w *docxWalker) inInstr() bool {
	return len(w.field) > 0 && w.field[len(w.field)-1]
}

func (w *docxWalker) end(t xml.EndElement) {
	switch t.Name.Local {
	case "pPr":
		w.inPPr = false
	case "p":
		w.endParagraph()
	case "tc":
		if n := len(w.cells); n > 0 && len(w.rows) > 0 {
			cell := strings.TrimSpace(w.cells[n-1].String())
			w.cells = w.cells[:n-1]
			r := len(w.rows) - 1
			w.rows[r] = append(w.rows[r], cell)
		}
	case "tr":
		if r := len(w.rows) - 1; r >= 0 {
			var cells []string
			for _, c := range w.rows[r] {
				if c != "" {
					cells = append(cells, c)
				}
			}
			w.rows[r] = nil
			w.emit(strings.Join(cells, "  "))
		}
	case "tbl":
		if n := len(w.rows); n > 0 {
			w.rows = w.rows[:n-1]
		}
	}
}

// endParagraph renders a paragraph with its list label and sends it to
// the current table cell or the text.
func (w *docxWalker) endParagraph() {
	text := strings.TrimRight(w.para.String(), " \t\n")
	numID, ilvl := w.numID, w.ilvl
	if numID == "" || ilvl == "" {
		sid, slvl := w.styles.numbering(w.pStyle)
		numID = cmpOr(numID, sid)
		ilvl = cmpOr(ilvl, slvl)
	}
	if strings.TrimSpace(text) == "" {
		return // an empty paragraph takes no number either
	}
	if label, suffix := w.num.label(numID, ilvl); label != "" && !strings.HasPrefix(strings.TrimSpace(text), label) {
		text = label + suffix + text
	}
	w.emit(text)
}

// emit adds a finished paragraph or row: to the enclosing cell when in a
// table, else as lines of the text.
func (w *docxWalker) emit(s string) {
	if s == "" {
		return
	}
	if n := len(w.cells); n > 0 {
		c := w.cells[n-1]
		if c.Len() > 0 {
			c.WriteString(" ")
		}
		c.WriteString(strings.ReplaceAll(s, "\n", ""))
		return
	}
	w.lines = append(w.lines, strings.Split(s, "\n")...)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// symRune reads a w:sym character; symbol-font codes (F0xx) keep their
// low byte when it is plain ASCII.
func symRune(hex string) rune {
	var v rune
	if _, err := fmt.Sscanf(hex, "%x", &v); err != nil {
		return 0
	}
	if v >= 0xF020 && v <= 0xF07E {
		return v - 0xF000
	}
	if v >= 0xE000 && v <= 0xF8FF {
		return 0
	}
	return v
}

// docxStyle is what a paragraph style says about numbering.
type docxStyle struct {
	basedOn, numID, ilvl string
}

type docxStyles map[string]docxStyle

func parseStyles(data []byte) docxStyles {
	out := docxStyles{}
	if data == nil {
		return out
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	var id string
	var cur docxStyle
	for {
		tok, err := d.Token()
		if err != nil {
			return out
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "style":
				id, cur = attr(t, "styleId"), docxStyle{}
			case "basedOn":
				cur.basedOn = attr(t, "val")
			case "numId":
				cur.numID = attr(t, "val")
			case "ilvl":
				cur.ilvl = attr(t, "val")
			}
		case xml.EndElement:
			if t.Name.Local == "style" && id != "" {
				out[id] = cur
			}
		}
	}
}

// numbering returns the numbering a style gives its paragraphs, following
// the styles it is based on.
func (s docxStyles) numbering(id string) (numID, ilvl string) {
	for range 16 {
		st, ok := s[id]
		if !ok {
			break
		}
		numID, ilvl = cmpOr(numID, st.numID), cmpOr(ilvl, st.ilvl)
		id = st.basedOn
	}
	return numID, ilvl
}
