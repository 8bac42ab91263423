package bot_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/internal/fakeslack"
)

// repliesIn counts the successful posts in a thread.
func repliesIn(ev *env, thread string) int {
	n := 0
	for _, c := range ev.srv.CallsTo("chat.postMessage") {
		if !c.Failed && c.Param("thread_ts") == thread {
			n++
		}
	}
	return n
}

// settle proves the bot has handled everything sent before it: a fresh
// question is answered after them.
func settle(t *testing.T, ev *env, ts string) {
	t.Helper()
	before := len(ev.srv.CallsTo("chat.postMessage"))
	ev.srv.SendEventsAPI(mention("U9", "C1", ts, "<@UBOT> 2021年GDP是多少"))
	if _, err := ev.srv.WaitFor(wait, "chat.postMessage", before+1); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
}

// An event is remembered as answered only once its reply is out: a
// redelivery after a crash between receiving and answering it is
// answered, by the next process; one after the answer is not.
func TestRedeliveredEvents(t *testing.T) {
	crash := errors.New("crash")
	cases := []struct {
		name string
		// first is the fate of the first delivery.
		first   func(ev *env)
		restart bool // the redelivery reaches a new process
		want    int  // replies in the question's thread after the redelivery
	}{
		{"crash after receiving", func(ev *env) {
			ev.bot.SetAfterClaim(func(id string) error {
				if id == "EvR1" {
					return crash
				}
				return nil
			})
		}, true, 1},
		{"reply refused by Slack", func(ev *env) {
			ev.srv.FailNext("chat.postMessage", 1, fakeslack.APIError("internal_error"))
		}, false, 1},
		{"answered", func(ev *env) {}, false, 1},
		{"answered, then a restart", func(ev *env) {}, true, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ev := newEnv(t, false)
			tc.first(ev)
			ev.start()
			outer := map[string]any{"type": "event_callback", "event_id": "EvR1", "team_id": "T1", "event_time": 1,
				"event": mention("U1", "C1", "9.1", "<@UBOT> 2022年新增学位多少")}
			id, _ := ev.srv.SendEventsAPI(outer)
			if _, err := ev.srv.WaitAck(wait, id); err != nil {
				t.Fatal(err)
			}
			settle(t, ev, "9.2")
			if tc.restart {
				ev.stop()
				b2, err := bot.New(bot.Config{BotToken: ev.srv.BotToken(), AppToken: ev.srv.AppToken(), APIURL: ev.srv.APIURL(),
					Logger: slog.New(slog.NewTextHandler(ev.logs, nil))}, ev.engine, ev.db, bot.Services{})
				if err != nil {
					t.Fatal(err)
				}
				ev.bot = b2
				ev.start()
				if err := ev.srv.WaitConnections(wait, 2); err != nil {
					t.Fatal(err)
				}
			}
			for attempt := 1; attempt <= 2; attempt++ {
				id, _ := ev.srv.SendEventsAPI(outer, fakeslack.WithRetry(attempt, "timeout"))
				if _, err := ev.srv.WaitAck(wait, id); err != nil {
					t.Fatal(err)
				}
				settle(t, ev, "9.3"+strings.Repeat("0", attempt))
			}
			if got := repliesIn(ev, "9.1"); got != tc.want {
				t.Errorf("the question got %d replies; want %d", got, tc.want)
			}
		})
	}
}

// A redelivery that arrives while the first delivery is being answered is
// ignored.
func TestRedeliveryWhileAnswering(t *testing.T) {
	ev := newEnv(t, true)
	ev.srv.FailNext("chat.postMessage", 1, fakeslack.RateLimited(time.Second))
	outer := map[string]any{"type": "event_callback", "event_id": "EvW1", "team_id": "T1", "event_time": 1,
		"event": mention("U1", "C1", "10.1", "<@UBOT> 2022年新增学位多少")}
	ev.srv.SendEventsAPI(outer)
	if _, err := ev.srv.WaitFor(wait, "chat.postMessage", 1); err != nil {
		t.Fatal(err) // the first answer is waiting out the rate limit
	}
	id, _ := ev.srv.SendEventsAPI(outer, fakeslack.WithRetry(1, "timeout"))
	if _, err := ev.srv.WaitAck(wait, id); err != nil {
		t.Fatal(err)
	}
	if _, err := ev.srv.WaitFor(wait, "chat.postMessage", 2); err != nil {
		t.Fatal(err)
	}
	settle(t, ev, "10.2")
	if got := repliesIn(ev, "10.1"); got != 1 {
		t.Errorf("answered %d times", got)
	}
}

// Buttons in App Home come with neither a response_url nor a channel: the
// reply goes to the clicker's DM.
func TestAppHomeButtonsReplyByDM(t *testing.T) {
	cases := []struct {
		name, action, value, want string
		setup                     func(ev *env)
	}{
		{"feedback", "feedback_up", `{"q":"2022年新增学位多少","ok":true}`, "谢谢反馈", nil},
		{"unsubscribe", "unsubscribe", `{"q":"20"}`, "已取消订阅", func(ev *env) {
			ts, err := ev.follow.Resolve(context.Background(), "20")
			if err != nil || len(ts) != 1 {
				t.Fatalf("resolve: %v %v", ts, err)
			}
			if _, err := ev.follow.Subscribe("U7", ts[0]); err != nil {
				t.Fatal(err)
			}
		}},
		{"more sources", "more_sources", `{"q":"2022年新增学位多少","ok":true}`, "全部出处", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ev := newEnv(t, true)
			if tc.setup != nil {
				tc.setup(ev)
			}
			ev.srv.SendInteractive(map[string]any{
				"type": "block_actions", "user": map[string]any{"id": "U7"}, "trigger_id": "1.2",
				"container": map[string]any{"type": "view", "view_id": "V1"},
				"view":      map[string]any{"id": "V1", "type": "home"},
				"actions":   []map[string]any{{"action_id": tc.action, "block_id": "b1", "value": tc.value, "type": "button", "action_ts": "1.3"}},
			})
			calls, err := ev.srv.WaitFor(wait, "chat.postMessage", 1)
			if err != nil {
				t.Fatal(err)
			}
			c := calls[0]
			if c.Failed || c.Param("channel") != "DU7" || !strings.Contains(c.Param("text")+string(c.Blocks), tc.want) {
				t.Errorf("reply: failed %v (%s) channel %q text %q", c.Failed, c.Error, c.Param("channel"), c.Param("text"))
			}
		})
	}
}

// @channel, @here, @everyone and user-group mentions around a question
// or command are not part of it.
func TestBroadcastMentionsAreNotPartOfTheQuestion(t *testing.T) {
	cases := []struct{ text, want string }{
		{"<@UBOT> <!here> 2022年新增学位多少", "9510座"},
		{"<!channel> <@UBOT> GDP", "5318.2亿元"},
		{"<@UBOT> 2021年GDP是多少 <!everyone>", "5318.2亿元"},
		{"<@UBOT> <!subteam^S0123ABC|@planners> 2021年GDP是多少", "5318.2亿元"},
		{"<!here|@here> <@UBOT> 任务20", "新增9510座学位"},
		{"<!here> <@UBOT> help", "使用说明"},
	}
	ev := newEnv(t, true, func(c *bot.Config) { c.QuestionsPerMinute = 100 })
	for i, tc := range cases {
		ev.srv.SendEventsAPI(mention("U1", "C1", fmt.Sprintf("11.%d", i+1), tc.text))
		calls, err := ev.srv.WaitFor(wait, "chat.postMessage", i+1)
		if err != nil {
			t.Fatal(err)
		}
		if text := calls[i].Param("text"); !strings.Contains(text, tc.want) || strings.Contains(text, "未找到") {
			t.Errorf("%q: reply %.120s; want %s", tc.text, text, tc.want)
		}
	}
}

// The 更多出处 and share buttons run a question, so they count towards the
// per-user cap like one.
func TestAnswerButtonsCountTowardsCap(t *testing.T) {
	for _, action := range []string{"more_sources", "share_answer"} {
		t.Run(action, func(t *testing.T) {
			ev := newEnv(t, true, func(c *bot.Config) { c.QuestionsPerMinute = 2 })
			value := `{"q":"2022年新增学位多少","ok":true}`
			var bodies []string
			for i := range 3 {
				url := ev.srv.NewResponseURL()
				ev.srv.SendInteractive(map[string]any{
					"type": "block_actions", "user": map[string]any{"id": "U7"}, "channel": map[string]any{"id": "C9"}, "response_url": url,
					"actions": []map[string]any{{"action_id": action, "block_id": "answer_actions", "value": value, "type": "button"}},
				})
				resp, err := ev.srv.WaitResponse(wait, url)
				if err != nil {
					t.Fatalf("click %d: %v", i+1, err)
				}
				bodies = append(bodies, string(resp.Body))
			}
			if strings.Contains(bodies[0]+bodies[1], "频繁") || !strings.Contains(bodies[2], "频繁") {
				t.Errorf("replies: %q", bodies)
			}
			shared := 0
			for _, c := range ev.srv.CallsTo("chat.postMessage") {
				if c.Param("channel") == "C9" {
					shared++
				}
			}
			if want := map[string]int{"more_sources": 0, "share_answer": 2}[action]; shared != want {
				t.Errorf("%d answers shared in the channel; want %d", shared, want)
			}
		})
	}
}
