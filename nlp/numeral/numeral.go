// Package numeral reads numbers written in Chinese numerals (三十五, 二〇二二,
// 一百零五, 四分之一) and Arabic digits, and rewrites year expressions into
// Arabic form. It has no dependencies beyond the standard library so that
// both the document parser and the question analyser can share it.
package numeral

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

var digits = map[rune]int{
	'零': 0, '〇': 0, '○': 0, '◯': 0, 'Ｏ': 0,
	'一': 1, '壹': 1, '幺': 1,
	'二': 2, '两': 2, '贰': 2, '兩': 2,
	'三': 3, '叁': 3,
	'四': 4, '肆': 4,
	'五': 5, '伍': 5,
	'六': 6, '陆': 6, '陸': 6,
	'七': 7, '柒': 7,
	'八': 8, '捌': 8,
	'九': 9, '玖': 9,
}

var smallUnits = map[rune]int{
	'十': 10, '拾': 10,
	'百': 100, '佰': 100,
	'千': 1000, '仟': 1000,
}

var bigUnits = map[rune]float64{
	'万': 1e4, '萬': 1e4,
	'亿': 1e8, '億': 1e8,
}

// IsDigit reports whether r is a Chinese digit character (零 to 九, with the
// financial and variant forms).
func IsDigit(r rune) bool { _, ok := digits[r]; return ok }

// IsNumeralRune reports whether r can appear inside a Chinese numeral.
func IsNumeralRune(r rune) bool {
	if IsDigit(r) {
		return true
	}
	if _, ok := smallUnits[r]; ok {
		return true
	}
	_, ok := bigUnits[r]
	return ok
}

// Parse converts a whole Chinese numeral such as 三十五, 一百零五, 两千,
// 三千五百万 or a digit string such as 二〇二二 into its value. It reports
// false when s is not a well-formed numeral.
func Parse(s string) (float64, bool) {
	rs := []rune(s)
	if len(rs) == 0 {
		return 0, false
	}
	if d, ok := parseDecimal(rs); ok {
		return d, true
	}
	// Digit-by-digit form (二〇二二, 一九九八): no unit characters at all.
	if allDigits(rs) {
		if len(rs) == 1 {
			return float64(digits[rs[0]]), true
		}
		var b strings.Builder
		for _, r := range rs {
			b.WriteByte(byte('0' + digits[r]))
		}
		v, err := strconv.ParseFloat(b.String(), 64)
		return v, err == nil
	}
	return parseUnits(rs)
}

// parseDecimal handles 三点五 style decimals.
func parseDecimal(rs []rune) (float64, bool) {
	for i, r := range rs {
		if r != '点' && r != '點' {
			continue
		}
		whole, ok := Parse(string(rs[:i]))
		if !ok || i+1 >= len(rs) {
			return 0, false
		}
		frac := 0.0
		scale := 0.1
		for _, d := range rs[i+1:] {
			v, ok := digits[d]
			if !ok {
				return 0, false
			}
			frac += float64(v) * scale
			scale /= 10
		}
		return whole + frac, true
	}
	return 0, false
}

// parseUnits reads a numeral with unit characters (三千五百万, 一百零五)
// left to right, keeping the pending digit, the section below 万 and the
// total. It stays one loop: each character's meaning depends on the state
// the one before left.
func parseUnits(rs []rune) (float64, bool) {
	var total, section float64
	digit := -1          // pending digit, -1 when none
	var lastUnit float64 // value of the unit just read, 0 after a digit
	for i, r := range rs {
		if d, ok := digits[r]; ok {
			if digit > 0 && d != 0 {
				return 0, false // two digits in a row inside a unit numeral
			}
			digit = d
			lastUnit = 0
			continue
		}
		if u, ok := smallUnits[r]; ok {
			d := digit
			if d < 0 {
				if i != 0 {
					return 0, false // 百十 or 千百: a unit with no digit
				}
				d = 1 // 十五 = 15
			}
			section += float64(d * u)
			digit = -1
			lastUnit = float64(u)
			continue
		}
		if u, ok := bigUnits[r]; ok {
			if digit > 0 {
				section += float64(digit)
			}
			switch {
			case section != 0:
				total += section * u
			case total != 0:
				total *= u // 一万亿
			default:
				return 0, false
			}
			section = 0
			digit = -1
			lastUnit = u
			continue
		}
		return 0, false
	}
	if digit > 0 {
		// 一百五 means 150 and 两万五 25000: a digit right after a unit
		// takes the next lower place.
		if lastUnit == 0 && len(rs) >= 2 {
			if u := unitValue(rs[len(rs)-2]); u >= 100 {
				return total + section + float64(digit)*u/10, true
			}
		}
		section += float64(digit)
	}
	return total + section, true
}

// unitValue is the value of a unit character: 10 for 十, 1e4 for 万.
func unitValue(r rune) float64 {
	if u, ok := smallUnits[r]; ok {
		return float64(u)
	}
	return bigUnits[r]
}

// Span finds the longest Chinese numeral starting at rs[i] and returns its
// end (exclusive) and value. It returns end == i when there is none.
func Span(rs []rune, i int) (end int, value float64) {
	j := i
	for j < len(rs) && (IsNumeralRune(rs[j]) || (j > i && (rs[j] == '点' || rs[j] == '點') && j+1 < len(rs) && IsDigit(rs[j+1]))) {
		j++
	}
	// Shrink until it parses: 十五万人 parses whole, 一万五千 too. Runs of
	// bare digits (唯一一个) are not quantities; years are read elsewhere.
	for ; j > i; j-- {
		if j-i > 1 && allDigits(rs[i:j]) {
			continue
		}
		if v, ok := Parse(string(rs[i:j])); ok {
			return j, v
		}
	}
	return i, 0
}

// Fraction reads 四分之一 / 百分之五 at rs[i]. It returns the end, the value
// (as a fraction, or as a percentage when percent is true) and whether one
// was found.
func Fraction(rs []rune, i int) (end int, value float64, percent bool, ok bool) {
	denEnd, den := Span(rs, i)
	if denEnd == i {
		return i, 0, false, false
	}
	if denEnd+2 >= len(rs) || rs[denEnd] != '分' || rs[denEnd+1] != '之' {
		return i, 0, false, false
	}
	numEnd, num := spanNumber(rs, denEnd+2)
	if numEnd == denEnd+2 || den == 0 {
		return i, 0, false, false
	}
	if den == 100 {
		return numEnd, num, true, true
	}
	return numEnd, num / den, false, true
}

// spanNumber reads either Arabic digits (with a decimal point) or a Chinese numeral.
func spanNumber(rs []rune, i int) (int, float64) {
	j := i
	for j < len(rs) && (rs[j] >= '0' && rs[j] <= '9' || (rs[j] == '.' && j > i)) {
		j++
	}
	if j > i {
		v, err := strconv.ParseFloat(string(rs[i:j]), 64)
		if err == nil {
			return j, v
		}
	}
	return Span(rs, i)
}

func allDigits(rs []rune) bool {
	for _, r := range rs {
		if !IsDigit(r) {
			return false
		}
	}
	return true
}

// NormalizeYears rewrites years written in Chinese digits into Arabic ones:
// 二〇二二年 and 二○二二年 become 2022年. Other numerals are left alone,
// because 十四五 or 三大 are names, not quantities.
func NormalizeYears(s string) string {
	if !mayHoldYear(s) {
		return s
	}
	return rewriteYears(s)
}

// rewriteYears is NormalizeYears without its check for text it cannot
// change.
func rewriteYears(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i := 0; i < len(rs); {
		if !IsDigit(rs[i]) {
			b.WriteRune(rs[i])
			i++
			continue
		}
		j := i + 1
		for j < len(rs) && IsDigit(rs[j]) {
			j++
		}
		if j-i == 4 && j < len(rs) && rs[j] == '年' {
			v, _ := Parse(string(rs[i:j]))
			b.WriteString(strconv.Itoa(int(v)))
		} else {
			b.WriteString(string(rs[i:j]))
		}
		i = j
	}
	return b.String()
}

// mayHoldYear reports a text NormalizeYears may change: one with four
// Chinese digits before 年, or invalid UTF-8 (which its []rune makes
// U+FFFD).
func mayHoldYear(s string) bool {
	run := 0 // Chinese digits just before
	for i, r := range s {
		switch {
		case r == utf8.RuneError:
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return true
			}
			run = 0
		case r >= utf8.RuneSelf && IsDigit(r):
			run++
		case r == '年' && run == 4:
			return true
		default:
			run = 0
		}
	}
	return false
}

// Format renders v without a trailing .0 and without exponent notation.
func Format(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}
