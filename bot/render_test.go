package bot

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/plan"
)

func TestCleanText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<@U123ABC> 2022年新增学位多少", "2022年新增学位多少"},
		{"<@U123ABC|planbot>  GDP &lt;增速&gt; &amp; 目标", "GDP <增速> & 目标"},
		{"看 <#C123|general> 和 <https://example.com|这里>", "看 #general 和 这里"},
		{"<https://a.b/c>", "https://a.b/c"},
		{"<!here> 2022年新增学位多少", "2022年新增学位多少"},
		{"<!channel> <@U1> GDP <!everyone>", "GDP"},
		{"<!here|@here> GDP", "GDP"},
		{"<!subteam^S0123ABC|@planners> 社零", "社零"},
		{"<!subteam^S0123ABC> 社零", "社零"},
		{"&lt;!here&gt; 字面", "<!here> 字面"}, // typed as text, not a mention
		// @here, @channel, @everyone and @name typed as plain text.
		{"@here 2022年新增学位多少", "2022年新增学位多少"},
		{"@channel GDP @everyone", "GDP"},
		{"@Here2022年新增学位多少", "2022年新增学位多少"},
		{"@planbot 2021年GDP是多少", "2021年GDP是多少"},
		{"@planbot2021年GDP是多少", "2021年GDP是多少"},
		{"@张三 @李四 社零增长多少", "社零增长多少"},
		{"2022年新增学位多少 @planbot", "2022年新增学位多少"},
		{"邮箱 a@b.cn 的问题", "邮箱 a@b.cn 的问题"},
	}
	for _, tt := range tests {
		if got := cleanText(tt.in); got != tt.want {
			t.Errorf("cleanText(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestEscapeAndTruncate(t *testing.T) {
	if got := escape("<!channel> & <@U1>"); got != "&lt;!channel&gt; &amp; &lt;@U1&gt;" {
		t.Errorf("escape = %q", got)
	}
	long := strings.Repeat("学", 5000) // 15,000 bytes, 5,000 characters
	got := truncate(long, maxSectionText)
	if n := utf8.RuneCountInString(got); n != maxSectionText || !strings.HasSuffix(got, "…") {
		t.Errorf("truncate kept %d runes", n)
	}
	if got := truncate("短", 10); got != "短" {
		t.Errorf("short text changed: %q", got)
	}
}

func sampleAnswer(excerpt string, alts int) answer.Answer {
	it := answer.Item{Figure: "9510座", Subject: "新增学位", Year: 2022, Kind: plan.KindTask, KindLabel: "计划任务",
		Excerpt: excerpt, DocTitle: "福田区计划", LocationText: "三 › 20. 提升教育事业发展质效 › 第23页",
		Location: plan.Location{Task: 20, TaskTitle: "提升教育事业发展质效", Page: 23}, Document: "d", Confidence: 0.7}
	a := answer.Answer{Question: "2022年新增学位多少", Found: true, Answers: []answer.Item{it}}
	for i := 0; i < alts; i++ {
		a.Answers = append(a.Answers, answer.Item{Figure: "10所", Subject: "新改扩建学校<b>", Year: 2022, KindLabel: "计划任务"})
	}
	return a
}

func TestRenderAnswerStaysInsideLimits(t *testing.T) {
	huge := strings.Repeat("很长的原文句子<!channel>", 1000)
	msg := renderAnswer(sampleAnswer(huge, 3), true)
	if len(msg.Blocks) > maxBlocks {
		t.Errorf("%d blocks", len(msg.Blocks))
	}
	raw, _ := json.Marshal(msg.Blocks)
	if strings.Contains(string(raw), "<!channel>") || strings.Contains(string(raw), "<b>") {
		t.Error("document text not escaped")
	}
	for _, bl := range msg.Blocks {
		if s, ok := bl.(*slack.SectionBlock); ok && utf8.RuneCountInString(s.Text.Text) > 3000 {
			t.Errorf("section of %d characters", utf8.RuneCountInString(s.Text.Text))
		}
	}
	if h, ok := msg.Blocks[0].(*slack.HeaderBlock); !ok || h.Text.Text != "9510座" {
		t.Errorf("first block = %#v; want the figure as a header", msg.Blocks[0])
	}
	for _, want := range []string{"share_answer", "subscribe_task", "more_sources", "feedback_up", "feedback_down", "其他可能的答案"} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("answer blocks lack %s", want)
		}
	}
	if msg.Text == "" || !strings.Contains(msg.Text, "9510座") {
		t.Errorf("fallback text = %q", msg.Text)
	}
}

func TestRenderNotFoundSuggests(t *testing.T) {
	a := answer.Answer{Question: "2023年GDP增长目标", Message: "文件中没有2023年的数据；现有文件覆盖：福田区 2021年、2022年。",
		Answers: []answer.Item{{Figure: "增长6.0%以上", Subject: "地区生产总值增长", Year: 2022, KindLabel: "目标", Excerpt: "地区生产总值增长6.0%以上；"}}}
	msg := renderNotFound(a)
	raw, _ := json.Marshal(msg.Blocks)
	for _, want := range []string{"未找到确切答案", "福田区 2021年、2022年", "增长6.0%以上", "2022年地区生产总值增长多少"} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("not-found blocks lack %q:\n%s", want, raw)
		}
	}
}

func TestVerifyKnownVector(t *testing.T) {
	// Slack's documented example request.
	secret := "8f742231b10e8888abcd99yyyzzz85a5"
	body := []byte("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c")
	const want = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
	if got := Sign(secret, "1531420618", body); got != want {
		t.Fatalf("Sign = %s; want %s", got, want)
	}
	at := time.Unix(1531420618, 0)
	h := http.Header{}
	h.Set("X-Slack-Request-Timestamp", "1531420618")
	h.Set("X-Slack-Signature", want)
	if err := Verify(secret, h, body, at.Add(time.Minute)); err != nil {
		t.Errorf("valid request refused: %v", err)
	}
	if err := Verify(secret, h, body, at.Add(6*time.Minute)); err != ErrStale {
		t.Errorf("stale request: %v", err)
	}
	if err := Verify(secret, h, append(body, 'x'), at); err != ErrBadSignature {
		t.Errorf("tampered body: %v", err)
	}
	if err := Verify("other", h, body, at); err != ErrBadSignature {
		t.Errorf("wrong secret: %v", err)
	}
}

func TestLimiter(t *testing.T) {
	now := time.Unix(0, 0)
	l := newLimiter(3, time.Minute, func() time.Time { return now })
	for i := 0; i < 3; i++ {
		if !l.Allow("u", "C1") {
			t.Fatalf("question %d refused", i+1)
		}
	}
	if l.Allow("u", "C1") {
		t.Error("fourth question allowed")
	}
	if !l.ShouldWarn("u", "C1") || l.ShouldWarn("u", "C1") {
		t.Error("warn once per window and place")
	}
	// Another place is another budget, and another warning: a user over
	// the cap in a channel is still answered in their DM.
	if !l.Allow("u", "DU") || !l.ShouldWarn("u", "DU") {
		t.Error("the cap of one channel holds in the DM")
	}
	if !l.Allow("v", "C1") {
		t.Error("another user limited")
	}
	now = now.Add(61 * time.Second)
	if !l.Allow("u", "C1") {
		t.Error("not allowed after the window")
	}
}

// The limiter forgets idle users once it holds many, and keeps the
// active ones' counts.
func TestLimiterForgetsIdleUsers(t *testing.T) {
	now := time.Unix(0, 0)
	l := newLimiter(2, time.Minute, func() time.Time { return now })
	l.Allow("active", "C1")
	l.Allow("active", "C1")
	now = now.Add(30 * time.Second)
	for i := 0; i < sweepAt; i++ {
		l.Allow(fmt.Sprint("idle", i), "C1")
	}
	now = now.Add(61 * time.Second) // the idle users' questions are now outside the window
	l.Allow("active", "C1")
	l.Allow("active", "C1")
	l.Allow("new", "C1") // holds sweepAt+1 users: sweeps
	if len(l.users) > 3 {
		t.Errorf("limiter holds %d users after a sweep; want the active few", len(l.users))
	}
	if l.Allow("active", "C1") {
		t.Error("sweep forgot an active user's questions")
	}
}
