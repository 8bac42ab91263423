// Package lang picks the language of planbot's user-facing text: Chinese
// (zh) or English (en), one language per audience. Slack users read
// Chinese; the terminal follows --lang, $PLANBOT_LANG, then the locale.
// Texts that come from elsewhere in Chinese with an English gloss in
// brackets, "中文。(English.)", are cut to one language with Pick.
package lang

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// Lang is a language of planbot's text.
type Lang string

const (
	ZH Lang = "zh"
	EN Lang = "en"
)

// Parse reads a language name: zh, en, or a locale such as zh_CN.UTF-8 or
// en_US; ok is false for anything else.
func Parse(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case strings.HasPrefix(s, "zh") || strings.HasPrefix(s, "cn") || s == "中文":
		return ZH, true
	case strings.HasPrefix(s, "en"):
		return EN, true
	}
	return "", false
}

// Terminal is the language of the terminal: the first of flag, then the
// environment variables named (PLANBOT_LANG, LC_ALL, LC_MESSAGES, LANG),
// that names one; English otherwise. English is the default because the
// terminal's audience is the operator, whose flags, logs and README are
// English; a Chinese locale (LANG=zh_CN.UTF-8) or PLANBOT_LANG=zh switches
// to Chinese, as gettext-style tools do.
func Terminal(flag string, getenv func(string) string) Lang {
	if l, ok := Parse(flag); ok {
		return l
	}
	for _, v := range []string{"PLANBOT_LANG", "LC_ALL", "LC_MESSAGES", "LANG"} {
		if l, ok := Parse(getenv(v)); ok {
			return l
		}
	}
	return EN
}

// glossRe matches an English gloss in brackets after Chinese text.
var glossRe = regexp.MustCompile(`\s*[(（]([A-Za-z][^()（）]*)[)）]`)

// Pick cuts a "中文。(English.)" text to one language: the Chinese with the
// glosses removed, or the glosses alone in English. A text without a gloss
// is returned as it is, in either language.
func Pick(l Lang, s string) string {
	glosses := glossRe.FindAllStringSubmatch(s, -1)
	if len(glosses) == 0 || !hasHan(glossRe.ReplaceAllString(s, "")) {
		return s // English with an aside in brackets, not a gloss
	}
	if l == EN {
		var out []string
		for _, g := range glosses {
			out = append(out, strings.TrimSpace(g[1]))
		}
		return strings.Join(out, " ")
	}
	return strings.TrimSpace(glossRe.ReplaceAllString(s, ""))
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// T returns the text of l among a Chinese and an English one.
func (l Lang) T(zh, en string) string {
	if l == EN {
		return en
	}
	return zh
}

// Plural is a count with its noun in the right form: "1 document",
// "2 documents". (Chinese counts need no plural.)
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
