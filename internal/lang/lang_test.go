package lang

import "testing"

func TestPick(t *testing.T) {
	cases := []struct {
		in     string
		zh, en string
	}{
		{"文件中没有找到相关内容。(Nothing in the documents matches.)", "文件中没有找到相关内容。", "Nothing in the documents matches."},
		{"（问题未指明地区，此为福田区的数字。）", "（问题未指明地区，此为福田区的数字。）", "（问题未指明地区，此为福田区的数字。）"},
		{"内部错误，请稍后再试 (internal error; see the server log)", "内部错误，请稍后再试", "internal error; see the server log"},
		{"plain", "plain", "plain"},
		{"SLACK_BOT_TOKEN is not set: copy the token (xoxb-…) from Slack", "SLACK_BOT_TOKEN is not set: copy the token (xoxb-…) from Slack", "SLACK_BOT_TOKEN is not set: copy the token (xoxb-…) from Slack"},
	}
	for _, c := range cases {
		if got := Pick(ZH, c.in); got != c.zh {
			t.Errorf("Pick(zh, %q) = %q; want %q", c.in, got, c.zh)
		}
		if got := Pick(EN, c.in); got != c.en {
			t.Errorf("Pick(en, %q) = %q; want %q", c.in, got, c.en)
		}
	}
}

func TestTerminal(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	cases := []struct {
		flag string
		env  map[string]string
		want Lang
	}{
		{"", nil, EN},
		{"", map[string]string{"LANG": "zh_CN.UTF-8"}, ZH},
		{"", map[string]string{"LANG": "zh_CN.UTF-8", "PLANBOT_LANG": "en"}, EN},
		{"zh", map[string]string{"PLANBOT_LANG": "en"}, ZH},
		{"", map[string]string{"LANG": "C.UTF-8"}, EN},
	}
	for _, c := range cases {
		if got := Terminal(c.flag, env(c.env)); got != c.want {
			t.Errorf("Terminal(%q, %v) = %s; want %s", c.flag, c.env, got, c.want)
		}
	}
}

func TestPlural(t *testing.T) {
	for n, want := range map[int]string{0: "0 documents", 1: "1 document", 12: "12 documents"} {
		if got := Plural(n, "document", "documents"); got != want {
			t.Errorf("Plural(%d) = %q", n, got)
		}
	}
}
