package extract

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/planbot/planbot/plan"
)

// Web pages saved from a government site: the article's text without the
// site around it (navigation, 打印 / 关闭 / 【字号：大 中 小】, share
// buttons, related links, footers, photo captions), its title from the
// page. The article is the element holding most of the page's text that
// is not links; the encoding comes from the page (<meta charset>), GBK
// pages included.

// readHTML reads a saved web page.
func readHTML(data []byte) (Document, error) {
	text, err := decodeHTML(data)
	if err != nil {
		return Document{}, err
	}
	root, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return Document{}, plan.Errorf(plan.EINVALID, "the web page cannot be read (%v): save it again from the browser (Save Page As… HTML)", err)
	}
	title := pageTitle(root)
	prune(root)
	main := mainElement(root)
	if main == nil {
		return Document{}, plan.Errorf(plan.EINVALID, "the web page has no text: save the page itself (not a frame or a link to a PDF), or give the document as PDF or Word")
	}
	var w blockWriter
	w.block(main)
	lines := w.finish()
	if title != "" && (len(lines) == 0 || !strings.HasPrefix(squash(strings.Join(lines[:min(3, len(lines))], "")), squash(title))) {
		lines = append([]string{title}, lines...)
	}
	return Document{Format: HTML, Text: []byte(fixRadicals(strings.Join(lines, "\n") + "\n"))}, nil
}

// decodeHTML decodes a page: by its byte-order mark or <meta charset>;
// a page that says nothing is UTF-8 when it is valid UTF-8, else GBK
// (GB18030), the encodings of Chinese sites.
func decodeHTML(data []byte) (string, error) {
	enc, name, _ := charset.DetermineEncoding(data, "")
	if name == "windows-1252" && !declaresCharset(data) {
		if utf8.Valid(data) {
			return string(data), nil
		}
		enc = simplifiedchinese.GB18030
	}
	if name == "utf-8" {
		return string(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))), nil
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return "", plan.Errorf(plan.EINVALID, "the web page does not decode as %s, the encoding it declares (%v): save it again from the browser", name, err)
	}
	return string(out), nil
}

var charsetRe = regexp.MustCompile(`(?i)<meta[^>]+charset`)

func declaresCharset(data []byte) bool {
	return charsetRe.Match(data[:min(len(data), 4096)])
}

// pageTitle is the article's title: the page's ArticleTitle or og:title,
// else its first <h1>, else <title> without the site's name after it.
func pageTitle(root *html.Node) string {
	var metaTitle, h1, title string
	var find func(*html.Node)
	find = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Meta:
				name := strings.ToLower(attrOf(n, "name") + attrOf(n, "property"))
				if (name == "articletitle" || name == "og:title") && metaTitle == "" {
					metaTitle = strings.TrimSpace(attrOf(n, "content"))
				}
			case atom.H1:
				if h1 == "" {
					h1 = collapse(textOf(n))
				}
			case atom.Title:
				if title == "" {
					title = collapse(textOf(n))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			find(c)
		}
	}
	find(root)
	switch {
	case metaTitle != "":
		return metaTitle
	case h1 != "" && utf8.RuneCountInString(h1) <= 100:
		return h1
	}
	// 福田区…计划_规划计划_深圳市福田区人民政府门户网站
	for _, sep := range []string{"_", " - ", "－", "|", "｜"} {
		if head, _, ok := strings.Cut(title, sep); ok && utf8.RuneCountInString(strings.TrimSpace(head)) >= 4 {
			return strings.TrimSpace(head)
		}
	}
	return title
}

// dropped are the elements that never hold an article's text.
var dropped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Iframe: true,
	atom.Object: true, atom.Embed: true, atom.Svg: true, atom.Canvas: true, atom.Form: true,
	atom.Input: true, atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Nav: true,
	atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Figcaption: true, atom.Head: true,
	atom.Map: true, atom.Link: true, atom.Meta: true, atom.H1: true,
}

// chromeWords in a class or id mark the parts of a page around the
// article: share buttons, print and close links, the font-size switcher,
// QR codes, breadcrumbs, menus, related links, pagers and footers.
var chromeWords = []string{"share", "print", "close", "fontsize", "font-size", "zoomsize", "qrcode", "erweima", "ewm",
	"breadcrumb", "crumb", "position", "location", "menu", "navbar", "nav", "footer", "foot", "header", "topbar", "toolbar",
	"related", "xgwz", "xglj", "prev", "next", "pager", "comment", "copyright", "sidebar", "banner", "search", "login"}

// prune removes what is never the article's text.
func prune(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.CommentNode || c.Type == html.ElementNode && (dropped[c.DataAtom] || isChrome(c) || hidden(c)) {
			n.RemoveChild(c)
		} else {
			prune(c)
		}
		c = next
	}
}

func isChrome(n *html.Node) bool {
	names := strings.ToLower(attrOf(n, "class") + " " + attrOf(n, "id"))
	if strings.TrimSpace(names) == "" {
		return false
	}
	for _, w := range chromeWords {
		if strings.Contains(names, w) {
			return true
		}
	}
	return false
}

func hidden(n *html.Node) bool {
	style := strings.ReplaceAll(strings.ToLower(attrOf(n, "style")), " ", "")
	return strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden")
}

// textStats counts an element's text: runes in links and not.
func textStats(n *html.Node, inLink bool, own, link *int) {
	switch n.Type {
	case html.TextNode:
		k := utf8.RuneCountInString(strings.TrimSpace(n.Data))
		if inLink {
			*link += k
		} else {
			*own += k
		}
	case html.ElementNode:
		inLink = inLink || n.DataAtom == atom.A
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		textStats(c, inLink, own, link)
	}
}

// containers hold blocks; a paragraph is never the whole article.
var containers = map[atom.Atom]bool{
	atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true, atom.Table: true, atom.Tbody: true,
	atom.Tr: true, atom.Td: true, atom.Th: true, atom.Center: true, atom.Font: true, atom.Span: true, atom.Body: true,
}

// mainElement finds the article: of the elements that are mostly not
// links, the one with the most text; then, while one container child
// holds nearly all of it, that child.
func mainElement(root *html.Node) *html.Node {
	var best *html.Node
	bestText := 0
	var visit func(*html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.ElementNode {
			own, link := 0, 0
			textStats(n, false, &own, &link)
			if own > bestText && link*4 < own+link {
				best, bestText = n, own
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(root)
	if best == nil || bestText == 0 {
		return nil
	}
	for {
		var inner *html.Node
		for c := best.FirstChild; c != nil; c = c.NextSibling {
			own, link := 0, 0
			textStats(c, false, &own, &link)
			if own*100 >= bestText*85 && containers[c.DataAtom] {
				inner = c
			}
		}
		if inner == nil || inner.Type != html.ElementNode {
			return best
		}
		best = inner
	}
}

// blockWriter writes an element's text a block (paragraph, heading, list
// item, table row) a line.
type blockWriter struct {
	lines []string
	cur   strings.Builder
	// the last block held only an image: a short line after it is its caption
	afterImage bool
}

func (w *blockWriter) flush(n *html.Node) {
	t := collapse(w.cur.String())
	w.cur.Reset()
	if t == "" {
		return
	}
	if w.afterImage && isCaption(t, n) {
		w.afterImage = false
		return
	}
	w.afterImage = false
	w.lines = append(w.lines, t)
}

func (w *blockWriter) finish() []string {
	w.flush(nil)
	return w.lines
}

// isCaption reports a photo's caption, the block after it: short, not a
// sentence, and centred or saying it is a picture (图为…, …摄).
func isCaption(t string, n *html.Node) bool {
	if utf8.RuneCountInString(t) > 60 || strings.ContainsAny(lastString(t), "。；：！？") {
		return false
	}
	return centred(n) || strings.HasPrefix(t, "图") || strings.Contains(t, "摄")
}

func centred(n *html.Node) bool {
	for ; n != nil && n.Type == html.ElementNode; n = n.Parent {
		style := strings.ReplaceAll(strings.ToLower(attrOf(n, "style")), " ", "")
		if strings.Contains(style, "text-align:center") || strings.EqualFold(attrOf(n, "align"), "center") || n.DataAtom == atom.Center {
			return true
		}
		if !blocks[n.DataAtom] || n.DataAtom == atom.P {
			continue
		}
		return false
	}
	return false
}

func lastString(s string) string {
	r, _ := utf8.DecodeLastRuneInString(s)
	return string(r)
}

var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true, atom.Li: true,
	atom.Ul: true, atom.Ol: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Blockquote: true, atom.Pre: true, atom.Dd: true, atom.Dt: true, atom.Dl: true, atom.Center: true,
	atom.Tbody: true, atom.Thead: true, atom.Tfoot: true, atom.Figure: true, atom.Body: true, atom.Html: true,
}

func (w *blockWriter) block(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.cur.WriteString(n.Data)
		return
	case html.ElementNode, html.DocumentNode:
	default:
		return
	}
	switch {
	case n.DataAtom == atom.Br:
		w.flush(n)
		return
	case n.DataAtom == atom.Img:
		if strings.TrimSpace(w.cur.String()) == "" {
			w.afterImage = true
		}
		return
	case n.DataAtom == atom.Table && !layoutTable(n):
		w.flush(n)
		w.table(n)
		return
	case n.DataAtom == atom.Tr || n.DataAtom == atom.Td || n.DataAtom == atom.Th || n.DataAtom == atom.Table:
		// A layout table: its cells are blocks.
		w.flush(n)
		w.children(n)
		w.flush(n)
		return
	case blocks[n.DataAtom]:
		w.flush(n)
		w.children(n)
		w.flush(n)
		return
	}
	w.children(n)
}

func (w *blockWriter) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.block(c)
	}
}

// layoutTable reports a table that lays out the page rather than holding
// data: it has tables in it, or cells of long text.
func layoutTable(t *html.Node) bool {
	layout := false
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		for c := n.FirstChild; c != nil && !layout; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Table:
				layout = true
			case atom.Td, atom.Th:
				own, link := 0, 0
				textStats(c, false, &own, &link)
				if own+link > 200 {
					layout = true
				}
			}
			walk(c, depth+1)
		}
	}
	walk(t, 0)
	return layout
}

// table writes a data table a row a line, the cells separated by two
// spaces, as the parser's table reader expects.
func (w *blockWriter) table(t *html.Node) {
	var rows func(*html.Node)
	rows = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if c.DataAtom != atom.Tr {
				rows(c)
				continue
			}
			var cells []string
			for td := c.FirstChild; td != nil; td = td.NextSibling {
				if td.Type == html.ElementNode && (td.DataAtom == atom.Td || td.DataAtom == atom.Th) {
					if s := collapse(textOf(td)); s != "" {
						cells = append(cells, s)
					}
				}
			}
			if len(cells) > 0 {
				w.lines = append(w.lines, strings.Join(cells, "  "))
			}
		}
	}
	rows(t)
}

// textOf is the text of an element, its blocks run together.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// collapse turns runs of white space (HTML's, not the ideographic space
// that indents Chinese paragraphs) into one space and trims the ends.
func collapse(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == '\u00a0' || r != '\u3000' && unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

// squash removes all white space, for comparing titles.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}
