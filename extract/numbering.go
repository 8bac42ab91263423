package extract

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"

	"github.com/planbot/planbot/plan"
)

// numbering is a Word file's list definitions (numbering.xml) and the
// counters of the lists read so far: labels such as （一） and 1. are
// not in the text of a numbered paragraph but computed when it is shown.
type numbering struct {
	abstract map[string]*abstractNum // by w:abstractNumId
	nums     map[string]*numInstance // by w:numId
	counters map[string]*counter     // by abstract list: nums sharing one count on together
	started  map[string]bool         // nums seen: a num with a start override restarts its list when first used
}

type counter struct {
	val  [9]int
	used [9]bool
}

type abstractNum struct {
	levels [9]numLevel
}

type numLevel struct {
	start   int
	format  string // w:numFmt: decimal, chineseCounting, bullet …
	text    string // w:lvlText: （%1）, %1.
	suffix  string // w:suff: tab (default), space, nothing
	legal   bool   // w:isLgl: all levels shown as decimal
	defined bool
}

type numInstance struct {
	abstractID string
	overrides  map[int]int // level → startOverride
}

func parseNumbering(data []byte) *numbering {
	n := &numbering{abstract: map[string]*abstractNum{}, nums: map[string]*numInstance{}, counters: map[string]*counter{}, started: map[string]bool{}}
	if data == nil {
		return n
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	var r numReader
	for {
		tok, err := d.Token()
		if err != nil {
			return n
		}
		switch t := tok.(type) {
		case xml.StartElement:
			r.start(n, t)
		case xml.EndElement:
			r.end(t.Name.Local)
		}
	}
}

// numReader is where parseNumbering stands: in an abstract list and one
// of its levels, or in a num and one of its level overrides.
type numReader struct {
	abs      *abstractNum
	inst     *numInstance
	lvl      int
	override int
}

func (r *numReader) start(n *numbering, t xml.StartElement) {
	switch t.Name.Local {
	case "abstractNum":
		r.abs, r.lvl = &abstractNum{}, -1
		n.abstract[attr(t, "abstractNumId")] = r.abs
	case "num":
		r.inst, r.override = &numInstance{overrides: map[int]int{}}, -1
		n.nums[attr(t, "numId")] = r.inst
	case "abstractNumId":
		if r.inst != nil {
			r.inst.abstractID = attr(t, "val")
		}
	case "lvlOverride":
		r.override, _ = strconv.Atoi(attr(t, "ilvl"))
	case "startOverride":
		if r.inst != nil && r.override >= 0 {
			r.inst.overrides[r.override], _ = strconv.Atoi(attr(t, "val"))
		}
	case "lvl":
		if r.abs != nil && r.inst == nil {
			r.lvl, _ = strconv.Atoi(attr(t, "ilvl"))
			if r.lvl >= 0 && r.lvl < 9 {
				r.abs.levels[r.lvl] = numLevel{start: 1, format: "decimal", suffix: "tab", defined: true}
			}
		}
	default:
		if r.abs != nil && r.inst == nil && r.lvl >= 0 && r.lvl < 9 {
			r.abs.levels[r.lvl].set(t)
		}
	}
}

func (r *numReader) end(name string) {
	switch name {
	case "abstractNum":
		r.abs = nil
	case "num":
		r.inst = nil
	case "lvl":
		r.lvl = -1
	case "lvlOverride":
		r.override = -1
	}
}

// set reads one property of a list level.
func (l *numLevel) set(t xml.StartElement) {
	switch t.Name.Local {
	case "start":
		l.start, _ = strconv.Atoi(attr(t, "val"))
	case "numFmt":
		l.format = attr(t, "val")
	case "lvlText":
		l.text = attr(t, "val")
	case "suff":
		l.suffix = attr(t, "val")
	case "isLgl":
		l.legal = attr(t, "val") != "0" && attr(t, "val") != "false"
	}
}

// label counts one more paragraph of list numID at level ilvl and returns
// the label Word shows for it, and what follows the label; "" for no list,
// bullets and levels without a number.
func (n *numbering) label(numID, ilvl string) (string, string) {
	if numID == "" || numID == "0" {
		return "", ""
	}
	inst, ok := n.nums[numID]
	if !ok {
		return "", ""
	}
	abs, ok := n.abstract[inst.abstractID]
	if !ok {
		return "", ""
	}
	level, _ := strconv.Atoi(ilvl)
	if level < 0 || level > 8 {
		level = 0
	}
	// Nums over one abstract list count on together (Word's "continue
	// numbering"); one with a start override restarts it where it is
	// first used ("restart numbering").
	c, ok := n.counters[inst.abstractID]
	if !ok {
		c = &counter{}
		n.counters[inst.abstractID] = c
	}
	if !n.started[numID] {
		n.started[numID] = true
		for l, v := range inst.overrides {
			if l >= 0 && l < 9 {
				c.val[l], c.used[l] = v-1, true
			}
		}
	}
	if !c.used[level] {
		c.val[level], c.used[level] = abs.levels[level].start, true
	} else {
		c.val[level]++
	}
	for l := level + 1; l < 9; l++ {
		c.used[l] = false // deeper levels restart
	}
	lv := abs.levels[level]
	if !lv.defined || lv.format == "bullet" {
		return "", ""
	}
	text := lv.text
	for l := 0; l <= level; l++ {
		v := c.val[l]
		if !c.used[l] {
			v = abs.levels[l].start
		}
		format := abs.levels[l].format
		if lv.legal && l < level {
			format = "decimal"
		}
		text = strings.ReplaceAll(text, fmt.Sprintf("%%%d", l+1), formatNumber(v, format))
	}
	suffix := ""
	switch lv.suffix {
	case "space":
		suffix = " "
	case "tab":
		if r := lastRune(text); r < 0x80 && r != '.' {
			suffix = " "
		}
	}
	return text, suffix
}

// formatNumber writes n in a w:numFmt.
func formatNumber(n int, format string) string {
	switch format {
	case "none":
		return ""
	case "chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand", "japaneseCounting":
		return plan.ChineseNumber(n)
	case "ideographDigital", "taiwaneseDigital":
		digits := []rune("〇一二三四五六七八九")
		var b strings.Builder
		for _, d := range strconv.Itoa(n) {
			b.WriteRune(digits[d-'0'])
		}
		return b.String()
	case "chineseLegalSimplified":
		digits := []rune("零壹贰叁肆伍陆柒捌玖")
		if n < 10 {
			return string(digits[n])
		}
		return strings.NewReplacer("十", "拾", "一", "壹", "二", "贰", "三", "叁", "四", "肆", "五", "伍", "六", "陆", "七", "柒", "八", "捌", "九", "玖").Replace(plan.ChineseNumber(n))
	case "ideographTraditional":
		return cycle(n, "甲乙丙丁戊己庚辛壬癸")
	case "ideographZodiac":
		return cycle(n, "子丑寅卯辰巳午未申酉戌亥")
	case "decimalFullWidth", "decimalFullWidth2":
		return strings.Map(func(r rune) rune { return r - '0' + '０' }, strconv.Itoa(n))
	case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
		if n >= 1 && n <= 20 {
			return string(rune('①' + n - 1))
		}
	case "decimalEnclosedFullstop":
		if n >= 1 && n <= 20 {
			return string(rune('⒈' + n - 1))
		}
	case "decimalEnclosedParen":
		if n >= 1 && n <= 20 {
			return string(rune('⑴' + n - 1))
		}
	case "decimalZero":
		return fmt.Sprintf("%02d", n)
	case "lowerLetter", "upperLetter":
		s := strings.Repeat(string(rune('a'+(n-1)%26)), (n-1)/26+1)
		if format == "upperLetter" {
			s = strings.ToUpper(s)
		}
		return s
	case "lowerRoman", "upperRoman":
		s := roman(n)
		if format == "lowerRoman" {
			s = strings.ToLower(s)
		}
		return s
	}
	return strconv.Itoa(n)
}

func cycle(n int, set string) string {
	rs := []rune(set)
	return string(rs[(n-1)%len(rs)])
}

func roman(n int) string {
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}
