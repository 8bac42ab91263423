package extract

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/ledongthuc/pdf"

	"github.com/planbot/planbot/plan"
)

// The PDF reader. github.com/ledongthuc/pdf (pure Go, a fork of
// rsc.io/pdf) reads the file's objects and streams and decrypts files
// that open without a password (RC4, AES-128); the text layer is read
// here: content streams, fonts and their CMaps, and the layout of glyphs
// into lines, table rows and pages.
//
// Why not the alternatives, measured on the same fixtures (the numbers
// are in the commit that says so): PDFium compiled to WebAssembly and run
// by wazero (github.com/klippa-app/go-pdfium) reads LibreOffice's and
// reportlab's PDFs right (the cairo one's radicals it passes on, as we
// would without the radical map), but adds 10 MB to the binary, takes 7–10 s to
// compile its module at each process start and peaks at 325–330 MB, and
// splits table rows whose cells wrap; ledongthuc/pdf's own text functions
// garble LibreOffice's PDFs (2021经年, 5318.2来亿元), take 2.5–3 s for 50
// pages and run table cells together; pdfcpu has no text extraction, only
// raw content streams. What PDFium does and this does not: AES-256
// encryption (refused, with the qpdf --decrypt advice),
// repairing broken cross-reference tables, fonts without ToUnicode maps.

// Limits against hostile files: a content stream decodes to at most
// maxStream bytes, Form XObjects nest at most maxDepth deep.
const (
	maxStream = 64 << 20
	maxDepth  = 8
)

// readPDF returns the text of a PDF, page after page, pages separated by
// form feeds.
func readPDF(data []byte) (doc Document, err error) {
	data = tidyPDF(data)
	r, err := openPDF(data)
	if err != nil {
		return Document{}, err
	}
	defer func() {
		if x := recover(); x != nil {
			err = damaged(fmt.Errorf("%v", x))
		}
	}()
	n := r.NumPage()
	if n <= 0 {
		return Document{}, damaged(errors.New("no pages"))
	}
	var b strings.Builder
	var scanned []int
	glyphs, unmapped := 0, 0
	fonts := map[string]*font{} // shared by the pages
	for i := 1; i <= n; i++ {
		p := readPage(r.Page(i), fonts)
		if i > 1 {
			b.WriteString("\f")
		}
		b.WriteString(p.text)
		glyphs += p.glyphs
		unmapped += p.unmapped
		if p.glyphs < 10 && p.imageShare > 0.3 {
			scanned = append(scanned, i)
		}
	}
	doc = Document{Format: PDF, Pages: n}
	switch {
	case len(scanned) == n || glyphs < 20 && len(scanned) > 0:
		return Document{}, plan.Errorf(plan.EINVALID, "the PDF has no text layer: its %d pages are scanned images. Run OCR on it first (for example: ocrmypdf -l chi_sim FILE.pdf FILE-ocr.pdf) and ingest the result", n)
	case glyphs == 0:
		return Document{}, plan.Errorf(plan.EINVALID, "the PDF has no text on any of its %d pages: if it is a scan, run OCR on it first (for example: ocrmypdf -l chi_sim FILE.pdf FILE-ocr.pdf)", n)
	case unmapped*2 > glyphs:
		return Document{}, plan.Errorf(plan.EINVALID, "the PDF's fonts do not say which characters their glyphs are (no ToUnicode maps), so its text cannot be read: run OCR on it (for example: ocrmypdf -l chi_sim --force-ocr FILE.pdf FILE-ocr.pdf) and ingest the result")
	}
	if len(scanned) > 0 {
		doc.Notes = append(doc.Notes, fmt.Sprintf("pages %s of the PDF are images without text and were not read (run OCR on them: ocrmypdf)", pageList(scanned)))
	}
	if unmapped > 0 {
		doc.Notes = append(doc.Notes, fmt.Sprintf("%d of the PDF's %d characters could not be read (fonts without Unicode maps)", unmapped, glyphs))
	}
	doc.Text = []byte(fixRadicals(b.String()))
	return doc, nil
}

func pageList(ps []int) string {
	var s []string
	for _, p := range ps {
		s = append(s, fmt.Sprint(p))
	}
	if len(s) > 10 {
		s = append(s[:10], "…")
	}
	return strings.Join(s, ", ")
}

// tidyPDF forgives what readers forgive: bytes before the %PDF header, a
// version the library does not know (PDF 2.0), and bytes after the last
// %%EOF.
func tidyPDF(data []byte) []byte {
	if i := bytes.Index(data, []byte("%PDF-")); i > 0 && i < 1024 {
		data = data[i:]
	}
	if i := bytes.LastIndex(data, []byte("%%EOF")); i > 0 && len(data)-i > 64 {
		data = data[:i+5]
	}
	if len(data) > 9 && (data[5] != '1' || data[7] < '0' || data[7] > '7' || data[8] != '\n' && data[8] != '\r') {
		data = append([]byte("%PDF-1.7\n"), data[9:]...)
	}
	return data
}

// openPDF opens a PDF, saying what to do when it is encrypted or damaged.
func openPDF(data []byte) (r *pdf.Reader, err error) {
	defer func() {
		if x := recover(); x != nil {
			r, err = nil, damaged(fmt.Errorf("%v", x))
		}
	}()
	r, err = pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	switch {
	case err == nil:
		return r, nil
	case errors.Is(err, pdf.ErrInvalidPassword):
		return nil, plan.Errorf(plan.EINVALID, "the PDF is protected by a password: open it with the password and save an unprotected copy (or: qpdf --decrypt --password=PASSWORD FILE.pdf OPEN.pdf), then ingest that")
	case strings.Contains(err.Error(), "encrypt") || strings.Contains(err.Error(), "256-bit"):
		return nil, plan.Errorf(plan.EINVALID, "the PDF is encrypted in a way planbot cannot open (%v): if it asks for a password, open it with the password and save an unprotected copy; if it opens without one, remove the protection with qpdf --decrypt FILE.pdf OPEN.pdf; then ingest that", err)
	}
	return nil, damaged(err)
}

func damaged(err error) error {
	return plan.Errorf(plan.EINVALID, "the PDF is damaged and cannot be read (%v): it may be an incomplete download, so download or export it again; qpdf FILE.pdf FIXED.pdf repairs some damage", err)
}

// page is what was read from one page.
type page struct {
	text       string
	glyphs     int     // characters shown
	unmapped   int     // characters whose font gives no text
	imageShare float64 // share of the page that images cover
}

// readPage reads one page's text, with the fonts read so far.
func readPage(p pdf.Page, fonts map[string]*font) page {
	box := p.V.Key("MediaBox")
	for v := p.V; box.Kind() != pdf.Array && v.Kind() == pdf.Dict; v = v.Key("Parent") {
		box = v.Key("MediaBox")
	}
	area := 612.0 * 792
	if box.Len() == 4 {
		area = math.Abs((box.Index(2).Float64() - box.Index(0).Float64()) * (box.Index(3).Float64() - box.Index(1).Float64()))
	}
	in := &interp{fonts: fonts}
	in.gs.ctm = identity
	in.run(contentBytes(p.V.Key("Contents")), p.Resources(), 0)
	pg := page{glyphs: len(in.glyphs), unmapped: in.unmapped}
	if area > 0 {
		pg.imageShare = in.imageArea / area
	}
	pg.text = layout(in.glyphs, in.rules)
	return pg
}

// contentBytes joins a page's content streams.
func contentBytes(c pdf.Value) []byte {
	if c.Kind() == pdf.Array {
		var b []byte
		for i := 0; i < c.Len(); i++ {
			b = append(b, streamBytes(c.Index(i), maxStream)...)
			b = append(b, '\n')
		}
		return b
	}
	return streamBytes(c, maxStream)
}

// matrix is a PDF transformation [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m × n: m applied first.
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return x*m[0] + y*m[2] + m[4], x*m[1] + y*m[3] + m[5]
}

// gstate is the graphics and text state that q/Q save.
type gstate struct {
	ctm                  matrix
	font                 *font
	size                 float64
	charSp, wordSp, hscl float64
	leading, rise        float64
}

// glyph is one character placed on the page, in device space.
type glyph struct {
	text   string
	x0, x1 float64 // start and end of its advance
	y      float64 // baseline
	size   float64 // font size on the page
	seq    int     // order shown
	dir    int     // the way the text runs: 0 right, 1 up, 2 left, 3 down (turned pages)
	ex, ey float64 // end of its advance, for turning
}

// rule is a line drawn on the page: a table border.
type rule struct {
	x0, y0, x1, y1 float64
}

func (r rule) horizontal() bool { return math.Abs(r.y1-r.y0) < 2 && r.x1-r.x0 > 10 }
func (r rule) vertical() bool   { return math.Abs(r.x1-r.x0) < 2 && r.y1-r.y0 > 5 }

// interp runs content streams, collecting glyphs, rules and image area.
type interp struct {
	gs        gstate
	stack     []gstate
	tm, tlm   matrix
	fonts     map[string]*font
	glyphs    []glyph
	rules     []rule
	path      []rule
	thin      []bool  // path[i] came from a thin rectangle: a line even when filled
	px, py    float64 // current point
	unmapped  int
	imageArea float64
	buf       []shown
}

// run interprets one content stream with its resources.
func (in *interp) run(content []byte, res pdf.Value, depth int) {
	lx := &lexer{b: content}
	var args []obj
	local := map[string]*font{}
	getFont := func(name string) *font {
		if f, ok := local[name]; ok {
			return f
		}
		// Pages share fonts: parse each (its CMaps) once.
		fd := res.Key("Font").Key(name)
		key := fontKey(fd)
		f, ok := in.fonts[key]
		if !ok {
			f = loadFont(fd)
			in.fonts[key] = f
		}
		local[name] = f
		return f
	}
	for {
		op, a, ok := lx.next(args)
		if !ok {
			return
		}
		args = a
		in.do(op, a, res, depth, getFont)
	}
}

// fontKey identifies a font across pages without reading its streams: the
// library does not expose object numbers, and subset fonts have names of
// their own (ABCDEF+Name), told apart further by encoding and sizes.
func fontKey(fd pdf.Value) string {
	desc := fd.Key("DescendantFonts").Index(0)
	return fmt.Sprint(fd.Key("BaseFont").Name(), "|", fd.Key("Subtype").Name(), "|", fd.Key("Encoding").Name(), "|",
		fd.Key("FirstChar").Int64(), "|", fd.Key("LastChar").Int64(), "|", fd.Key("Widths").Len(), "|",
		fd.Key("ToUnicode").Key("Length").Int64(), "|", desc.Key("BaseFont").Name(), "|", desc.Key("W").Len())
}

func nums(a []obj, n int) ([]float64, bool) {
	if len(a) < n {
		return nil, false
	}
	out := make([]float64, n)
	for i := range n {
		out[i] = a[len(a)-n+i].num
	}
	return out, true
}

// do runs one operator.
func (in *interp) do(op string, a []obj, res pdf.Value, depth int, getFont func(string) *font) {
	switch op {
	case "q", "Q", "cm", "Do", "BI":
		in.graphicsOp(op, a, res, depth)
	case "BT", "Td", "TD", "Tm", "T*":
		in.positionOp(op, a)
	case "Tf", "Tc", "Tw", "Tz", "TL", "Ts":
		in.stateOp(op, a, getFont)
	case "Tj", "'", "\"", "TJ":
		in.showOp(op, a)
	default:
		in.pathOp(op, a)
	}
}

// graphicsOp saves and restores the graphics state, transforms, and runs
// XObjects.
func (in *interp) graphicsOp(op string, a []obj, res pdf.Value, depth int) {
	switch op {
	case "q":
		if len(in.stack) < 1024 {
			in.stack = append(in.stack, in.gs)
		}
	case "Q":
		if n := len(in.stack); n > 0 {
			in.gs = in.stack[n-1]
			in.stack = in.stack[:n-1]
		}
	case "cm":
		if v, ok := nums(a, 6); ok {
			in.gs.ctm = matrix(v).mul(in.gs.ctm)
		}
	case "Do":
		if len(a) > 0 {
			in.xobject(res.Key("XObject").Key(a[len(a)-1].str), depth)
		}
	case "BI":
		in.imageArea += in.unitArea()
	}
}

// positionOp moves the text position.
func (in *interp) positionOp(op string, a []obj) {
	switch op {
	case "BT":
		in.tm, in.tlm = identity, identity
	case "Td", "TD":
		if v, ok := nums(a, 2); ok {
			if op == "TD" {
				in.gs.leading = -v[1]
			}
			in.tlm = matrix{1, 0, 0, 1, v[0], v[1]}.mul(in.tlm)
			in.tm = in.tlm
		}
	case "Tm":
		if v, ok := nums(a, 6); ok {
			in.tlm = matrix(v)
			in.tm = in.tlm
		}
	case "T*":
		in.nextLine()
	}
}

// stateOp sets the text state: font, spacing, scaling, leading, rise.
func (in *interp) stateOp(op string, a []obj, getFont func(string) *font) {
	if op == "Tf" {
		if len(a) >= 2 {
			in.gs.font = getFont(a[len(a)-2].str)
			in.gs.size = a[len(a)-1].num
		}
		return
	}
	v, ok := nums(a, 1)
	if !ok {
		return
	}
	switch op {
	case "Tc":
		in.gs.charSp = v[0]
	case "Tw":
		in.gs.wordSp = v[0]
	case "Tz":
		in.gs.hscl = v[0]/100 - 1 // stored as offset so the zero value is 100%
	case "TL":
		in.gs.leading = v[0]
	case "Ts":
		in.gs.rise = v[0]
	}
}

// showOp shows text.
func (in *interp) showOp(op string, a []obj) {
	if len(a) == 0 {
		return
	}
	last := a[len(a)-1]
	switch op {
	case "Tj":
		in.show(last.str)
	case "'":
		in.nextLine()
		in.show(last.str)
	case "\"":
		if len(a) >= 3 {
			in.gs.wordSp, in.gs.charSp = a[len(a)-3].num, a[len(a)-2].num
			in.nextLine()
			in.show(last.str)
		}
	case "TJ":
		for _, e := range last.arr {
			if e.kind == kStr {
				in.show(e.str)
			} else if e.kind == kNum {
				tx := -e.num / 1000 * in.gs.size * (1 + in.gs.hscl)
				in.tm = matrix{1, 0, 0, 1, tx, 0}.mul(in.tm)
			}
		}
	}
}

func (in *interp) nextLine() {
	in.tlm = matrix{1, 0, 0, 1, 0, -in.gs.leading}.mul(in.tlm)
	in.tm = in.tlm
}

// unitArea is the area the unit square covers on the page: an image's.
func (in *interp) unitArea() float64 {
	m := in.gs.ctm
	return math.Abs(m[0]*m[3] - m[1]*m[2])
}

// show places the glyphs of a string.
func (in *interp) show(s string) {
	f := in.gs.font
	if f == nil {
		return
	}
	size := in.gs.size
	hs := 1 + in.gs.hscl
	in.buf = f.decode(s, in.buf)
	for _, g := range in.buf {
		trm := matrix{size * hs, 0, 0, size, 0, in.gs.rise}.mul(in.tm).mul(in.gs.ctm)
		x0, y0 := trm[4], trm[5]
		tx := (g.width/1000*size + in.gs.charSp) * hs
		if g.space {
			tx += in.gs.wordSp * hs
		}
		in.tm = matrix{1, 0, 0, 1, tx, 0}.mul(in.tm)
		end := matrix{size * hs, 0, 0, size, 0, in.gs.rise}.mul(in.tm).mul(in.gs.ctm)
		text := g.text
		if text == "" {
			in.unmapped++
			text = "\uFFFD"
		}
		if strings.TrimSpace(text) == "" {
			continue // spaces come back from the gaps between glyphs
		}
		in.glyphs = append(in.glyphs, glyph{
			text: text, x0: x0, x1: end[4], y: y0, ex: end[4], ey: end[5],
			size: math.Hypot(trm[2], trm[3]), seq: len(in.glyphs), dir: direction(trm[0], trm[1]),
		})
	}
}

// direction is the way a baseline (dx, dy) runs: 0 right, 1 up, 2 left,
// 3 down.
func direction(dx, dy float64) int {
	switch {
	case math.Abs(dx) >= math.Abs(dy) && dx >= 0:
		return 0
	case math.Abs(dx) >= math.Abs(dy):
		return 2
	case dy > 0:
		return 1
	}
	return 3
}

// xobject runs a Form XObject or counts an image's area.
func (in *interp) xobject(x pdf.Value, depth int) {
	switch x.Key("Subtype").Name() {
	case "Image":
		in.imageArea += in.unitArea()
	case "Form":
		if depth >= maxDepth {
			return
		}
		saved, savedStack, tm, tlm := in.gs, len(in.stack), in.tm, in.tlm
		if m := x.Key("Matrix"); m.Len() == 6 {
			var v matrix
			for i := range 6 {
				v[i] = m.Index(i).Float64()
			}
			in.gs.ctm = v.mul(in.gs.ctm)
		}
		res := x.Key("Resources")
		in.run(streamBytes(x, maxStream), res, depth+1)
		in.gs, in.stack, in.tm, in.tlm = saved, in.stack[:min(savedStack, len(in.stack))], tm, tlm
	}
}

// pathOp follows path construction and painting, keeping the straight
// lines that are painted: table borders.
func (in *interp) pathOp(op string, a []obj) {
	switch op {
	case "m":
		if v, ok := nums(a, 2); ok {
			in.px, in.py = in.gs.ctm.apply(v[0], v[1])
		}
	case "l":
		if v, ok := nums(a, 2); ok {
			x, y := in.gs.ctm.apply(v[0], v[1])
			in.path = append(in.path, normRule(in.px, in.py, x, y))
			in.thin = append(in.thin, false)
			in.px, in.py = x, y
		}
	case "re":
		if v, ok := nums(a, 4); ok {
			x0, y0 := in.gs.ctm.apply(v[0], v[1])
			x1, y1 := in.gs.ctm.apply(v[0]+v[2], v[1]+v[3])
			r := normRule(x0, y0, x1, y1)
			if r.x1-r.x0 < 3 || r.y1-r.y0 < 3 {
				// A thin filled rectangle is a line.
				mid := rule{r.x0, (r.y0 + r.y1) / 2, r.x1, (r.y0 + r.y1) / 2}
				if r.x1-r.x0 < 3 {
					mid = rule{(r.x0 + r.x1) / 2, r.y0, (r.x0 + r.x1) / 2, r.y1}
				}
				in.path = append(in.path, mid)
				in.thin = append(in.thin, true)
			} else {
				in.path = append(in.path, rule{r.x0, r.y0, r.x1, r.y0}, rule{r.x0, r.y1, r.x1, r.y1},
					rule{r.x0, r.y0, r.x0, r.y1}, rule{r.x1, r.y0, r.x1, r.y1})
				in.thin = append(in.thin, false, false, false, false)
			}
		}
	case "c", "v", "y":
		if len(a) >= 2 {
			in.px, in.py = in.gs.ctm.apply(a[len(a)-2].num, a[len(a)-1].num)
		}
	case "S", "s", "B", "B*", "b", "b*", "f", "F", "f*":
		// A filled shape's edges are no lines (a page's white
		// background); a filled thin rectangle is one.
		stroke := op != "f" && op != "F" && op != "f*"
		for i, r := range in.path {
			if (stroke || in.thin[i]) && (r.horizontal() || r.vertical()) {
				in.rules = append(in.rules, r)
			}
		}
		in.path, in.thin = in.path[:0], in.thin[:0]
	case "n":
		in.path, in.thin = in.path[:0], in.thin[:0]
	}
}

func normRule(x0, y0, x1, y1 float64) rule {
	return rule{min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)}
}
