// Package extract turns the files plan documents come in — PDF with a
// text layer, Word (.docx), web pages saved from a government site — into
// the text the parser reads. The format is told by the file's content
// (its magic bytes), the name's extension only breaking ties. Plain text
// passes through untouched: decoding it is the parser's job. Files that
// cannot be read (a scan without a text layer, an encrypted or damaged
// PDF, an old binary .doc) are refused with a *plan.Error (EINVALID)
// saying what to do.
package extract

import (
	"archive/zip"
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/planbot/planbot/plan"
)

// Format is a kind of document file.
type Format string

// The formats planbot reads.
const (
	Text Format = "text"
	PDF  Format = "pdf"
	DOCX Format = "docx"
	HTML Format = "html"
)

// Extensions lists the file name extensions of the formats planbot reads,
// for folders that pick documents by name.
var Extensions = []string{".txt", ".pdf", ".docx", ".html", ".htm"}

// Refused lists the extensions of formats recognised only to be refused
// with advice (an old Word file: save it as .docx), so that a watched
// folder can say why it did not take them.
var Refused = []string{".doc", ".wps"}

// Document is the text of a document file.
type Document struct {
	Format Format
	// Text is what the parser reads: a text file's bytes as they are, the
	// UTF-8 text of any other format. A PDF's pages are separated by form
	// feeds, so the parser's page numbers are the PDF's.
	Text []byte
	// Pages is a PDF's page count, 0 for formats without pages.
	Pages int
	// PagesUnknown marks a format that has pages when printed but does
	// not record them (Word): locations should say the page is unknown
	// rather than leave it out.
	PagesUnknown bool
	// Notes say what was dropped or could not be read, for the ingest
	// report.
	Notes []string
}

// Read returns the text of a document file called name. It refuses files
// larger than maxBytes (when positive) and those it cannot read, with a
// *plan.Error (EINVALID) saying what to do.
func Read(name string, data []byte, maxBytes int) (Document, error) {
	f := Detect(name, data)
	if f == Text {
		// The parser decodes text and applies the same limit.
		return Document{Format: Text, Text: data}, nil
	}
	if maxBytes > 0 && len(data) > maxBytes {
		return Document{}, plan.Errorf(plan.EINVALID, "the file is %s, more than the %s a plan document can be: split it into one file per document, or raise the limit with --max-size",
			humanBytes(len(data)), humanBytes(maxBytes))
	}
	switch f {
	case PDF:
		return readPDF(data)
	case DOCX:
		return readDOCX(data, maxBytes)
	case HTML:
		return readHTML(data)
	default:
		return Document{}, refusal(f)
	}
}

// Formats that are recognised only to be refused.
const (
	oldWord     Format = "doc"
	oldOffice   Format = "ole"
	odt         Format = "odt"
	otherZip    Format = "zip"
	rtf         Format = "rtf"
	image       Format = "image"
	wps         Format = "wps"
	spreadsheet Format = "xlsx"
)

func refusal(f Format) error {
	switch f {
	case oldWord:
		return plan.Errorf(plan.EINVALID, "the file is an old Word document (.doc), which planbot does not read: open it in Word or WPS and save it as .docx (or export a PDF), then ingest that")
	case wps:
		return plan.Errorf(plan.EINVALID, "the file is a WPS document (.wps), which planbot does not read: open it in WPS and save it as .docx, then ingest that")
	case oldOffice:
		return plan.Errorf(plan.EINVALID, "the file is an old Office document (.xls/.ppt), not a plan document planbot reads: give the plan as PDF, Word (.docx), a web page or text")
	case odt:
		return plan.Errorf(plan.EINVALID, "the file is an OpenDocument text (.odt), which planbot does not read: save it as .docx or export a PDF, then ingest that")
	case spreadsheet:
		return plan.Errorf(plan.EINVALID, "the file is a spreadsheet or presentation, not a plan document planbot reads: give the plan as PDF, Word (.docx), a web page or text")
	case rtf:
		return plan.Errorf(plan.EINVALID, "the file is RTF, which planbot does not read: save it as .docx, then ingest that")
	case image:
		return plan.Errorf(plan.EINVALID, "the file is an image, not text: run OCR on it first (for example, make a PDF and run ocrmypdf -l chi_sim FILE.pdf FILE-ocr.pdf)")
	}
	return plan.Errorf(plan.EINVALID, "the file is a zip archive that is not a Word document: give each plan document as PDF, Word (.docx), a web page or text")
}

// Detect tells a file's format by its content: magic bytes for PDF,
// zip-based and OLE files and images, markup for web pages. The extension
// of name only decides between text and a web page without a doctype.
func Detect(name string, data []byte) Format {
	head := data[:min(len(data), 1024)]
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case bytes.Contains(head, []byte("%PDF-")):
		return PDF
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return zipKind(data)
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return oleKind(data, ext)
	case bytes.HasPrefix(data, []byte("{\\rtf")):
		return rtf
	case bytes.HasPrefix(data, []byte("\x89PNG")), bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}),
		bytes.HasPrefix(data, []byte("GIF8")), bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")):
		return image
	case looksLikeHTML(head), ext == ".html" || ext == ".htm" || ext == ".shtml" || ext == ".xhtml":
		return HTML
	}
	return Text
}

// zipKind tells a Word file from other zip-based formats.
func zipKind(data []byte) Format {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return otherZip
	}
	for _, f := range zr.File {
		switch {
		case f.Name == "word/document.xml":
			return DOCX
		case f.Name == "mimetype":
			if rc, err := f.Open(); err == nil {
				var b [64]byte
				n, _ := rc.Read(b[:])
				rc.Close()
				if bytes.Contains(b[:n], []byte("opendocument")) {
					return odt
				}
			}
		case strings.HasPrefix(f.Name, "xl/"), strings.HasPrefix(f.Name, "ppt/"):
			return spreadsheet
		}
	}
	return otherZip
}

// oleKind tells an old Word file from other OLE compound files by the
// names of its streams (UTF-16 in the directory).
func oleKind(data []byte, ext string) Format {
	utf16 := func(s string) []byte {
		var b []byte
		for _, r := range s {
			b = append(b, byte(r), 0)
		}
		return b
	}
	switch {
	case bytes.Contains(data, utf16("WordDocument")):
		if ext == ".wps" {
			return wps
		}
		return oldWord
	case ext == ".wps":
		return wps
	}
	return oldOffice
}

// looksLikeHTML reports markup at the start of a file: a doctype or an
// html, head or body tag before any other text.
func looksLikeHTML(head []byte) bool {
	s := strings.ToLower(string(bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF")), " \t\r\n")))
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body", "<?xml version"} {
		if strings.HasPrefix(s, p) {
			return p != "<?xml version" || strings.Contains(s, "<html")
		}
	}
	return strings.HasPrefix(s, "<!--") && strings.Contains(s, "<html")
}

func humanBytes(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

//go:embed data/radicals.txt
var radicalData string

// radicals maps CJK radicals and strokes to the ideographs they look
// like. PDFs whose ToUnicode maps were built from a font's cmap give ⼀
// (KANGXI RADICAL ONE) for 一, ⻓ for 长 and so on: the page looks right
// and the text is wrong.
var radicals = loadRadicals()

func loadRadicals() map[rune]rune {
	m := map[rune]rune{}
	sc := bufio.NewScanner(strings.NewReader(radicalData))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		from, to, ok := strings.Cut(line, ";")
		if !ok {
			continue
		}
		lo, hi, isRange := strings.Cut(from, "..")
		if !isRange {
			hi = lo
		}
		a, err1 := strconv.ParseUint(lo, 16, 32)
		b, err2 := strconv.ParseUint(hi, 16, 32)
		t, err3 := strconv.ParseUint(to, 16, 32)
		if err1 != nil || err2 != nil || err3 != nil {
			continue
		}
		for r := a; r <= b; r++ {
			m[rune(r)] = rune(t)
		}
	}
	return m
}

// fixRadicals replaces radicals and strokes by their ideographs.
func fixRadicals(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return radicals[r] != 0 }) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if t := radicals[r]; t != 0 {
			return t
		}
		return r
	}, s)
}
