package bot_test

import (
	"strings"
	"testing"
)

// Each kind of answer reaches Slack as itself: a verdict says met or
// missed with target and result, a task its number and title, a
// difference the computed figure and the two it comes from, a list its
// items, a trend a table — each figure still quoted with its source.
func TestKindsInSlack(t *testing.T) {
	ev := newEnv(t, true)
	if err := ev.srv.WaitConnections(wait, 1); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		q    string
		want []string // in the blocks
		text string   // in the notification text
	}{
		{"2021年GDP目标完成了吗", []string{"✅ 完成目标", "目标6.8%", "实际8.6%", "第27页"}, "完成"},
		{"2021年固定资产投资目标完成了吗", []string{"❌ 未完成目标", "基本持平"}, "未完成"},
		{"第20项任务是什么", []string{"任务20：提升教育事业发展质效", "第23页", "9510座"}, "第20项任务"},
		{"2022年比2021年新增学位多了多少", []string{"240座", "9510座 − 9270座", "比较"}, "240座"},
		{"2022年有哪些重点项目", []string{"1. ", "2. ", "第24页"}, "共"},
		{"新增学位历年变化", []string{"```", "年份", "2021年", "2022年", "[1]", "[2]"}, "9270座"},
	}
	for i, tt := range tests {
		ts := "1700000001.00010" + string(rune('0'+i))
		if _, err := ev.srv.SendEventsAPI(mention("U1", "C1", ts, "<@UBOT> "+tt.q)); err != nil {
			t.Fatal(err)
		}
		calls, err := ev.srv.WaitFor(wait, "chat.postMessage", i+1)
		if err != nil {
			t.Fatalf("%s: %v", tt.q, err)
		}
		var c = calls[len(calls)-1]
		for _, cc := range calls {
			if cc.Param("thread_ts") == ts {
				c = cc
			}
		}
		blocks := string(c.Blocks)
		for _, w := range tt.want {
			if !strings.Contains(blocks, w) {
				t.Errorf("%s: blocks lack %q:\n%s", tt.q, w, blocks)
			}
		}
		if !strings.Contains(c.Param("text"), tt.text) {
			t.Errorf("%s: text %q lacks %q", tt.q, c.Param("text"), tt.text)
		}
	}
}

// A question in a thread that names only a year (or a region, or 目标)
// asks the thread's last question again of it, and says so; the same
// words in another thread are a question of their own.
func TestFollowUpInThread(t *testing.T) {
	ev := newEnv(t, true)
	if err := ev.srv.WaitConnections(wait, 1); err != nil {
		t.Fatal(err)
	}
	const root = "1700000002.000100"
	steps := []struct {
		ts, thread, q string
		want, not     []string
	}{
		{root, "", "2022年新增学位多少", []string{"9510座"}, nil},
		{"1700000002.000200", root, "那2021年呢？", []string{"9270座", "接上一问", "2021年新增学位多少"}, []string{"9510座"}},
		{"1700000002.000300", root, "目标呢", []string{"接上一问"}, nil},
		{"1700000002.000400", "", "那2021年呢？", []string{"未找到"}, []string{"接上一问"}},
	}
	for i, s := range steps {
		if _, err := ev.srv.SendEventsAPI(map[string]any{"type": "app_mention", "user": "U1", "text": "<@UBOT> " + s.q,
			"channel": "C1", "ts": s.ts, "thread_ts": s.thread, "event_ts": s.ts}); err != nil {
			t.Fatal(err)
		}
		calls, err := ev.srv.WaitFor(wait, "chat.postMessage", i+1)
		if err != nil {
			t.Fatalf("%s: %v", s.q, err)
		}
		c := calls[i]
		thread := s.thread
		if thread == "" {
			thread = s.ts
		}
		if c.Param("thread_ts") != thread {
			t.Errorf("%s: reply in thread %q; want %q", s.q, c.Param("thread_ts"), thread)
		}
		blocks := string(c.Blocks)
		for _, w := range s.want {
			if !strings.Contains(blocks, w) {
				t.Errorf("%s: blocks lack %q:\n%s", s.q, w, blocks)
			}
		}
		for _, w := range s.not {
			if strings.Contains(blocks, w) {
				t.Errorf("%s: blocks hold %q:\n%s", s.q, w, blocks)
			}
		}
	}
}

// In a DM, the next question follows up the last one, and the memory of
// the conversation survives a restart.
func TestFollowUpInDMAfterRestart(t *testing.T) {
	ev := newEnv(t, true)
	if err := ev.srv.WaitConnections(wait, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := ev.srv.SendEventsAPI(map[string]any{"type": "message", "channel_type": "im", "user": "U2", "channel": "DU2", "text": "2022年新增学位多少", "ts": "1.000100", "event_ts": "1.000100"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ev.srv.WaitFor(wait, "chat.postMessage", 1); err != nil {
		t.Fatal(err)
	}
	ev.stop()
	ev.bot = restart(t, ev, newClock())
	ev.start()
	if err := ev.srv.WaitConnections(wait, 2); err != nil {
		t.Fatal(err)
	}
	if _, err := ev.srv.SendEventsAPI(map[string]any{"type": "message", "channel_type": "im", "user": "U2", "channel": "DU2", "text": "2021年呢", "ts": "1.000200", "event_ts": "1.000200"}); err != nil {
		t.Fatal(err)
	}
	calls, err := ev.srv.WaitFor(wait, "chat.postMessage", 2)
	if err != nil {
		t.Fatal(err)
	}
	if b := string(calls[1].Blocks); !strings.Contains(b, "9270座") {
		t.Errorf("follow-up after restart:\n%s", b)
	}
}
