package fakeslack_test

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/internal/fakeslack"
)

// The channel limit takes a burst, then refuses with 429 and a
// Retry-After of whole seconds (or ok:false ratelimited), per channel.
func TestChannelLimit(t *testing.T) {
	for _, okFalse := range []bool{false, true} {
		srv, api := newServer(t, fakeslack.WithChannelLimit(fakeslack.ChannelLimit{PerSecond: 1, Burst: 2, OKFalse: okFalse}))
		for i := range 2 {
			if _, _, err := api.PostMessage("C1", slack.MsgOptionText("hi", false)); err != nil {
				t.Fatalf("post %d within the burst: %v", i+1, err)
			}
		}
		_, _, err := api.PostMessage("C1", slack.MsgOptionText("hi", false))
		var rl *slack.RateLimitedError
		var se slack.SlackErrorResponse
		switch {
		case !okFalse && (!errors.As(err, &rl) || rl.RetryAfter < time.Second):
			t.Errorf("over the limit: %v; want a 429 with Retry-After ≥ 1s", err)
		case okFalse && (!errors.As(err, &se) || se.Err != "ratelimited"):
			t.Errorf("over the limit: %v; want ok:false ratelimited", err)
		}
		if _, _, err := api.PostMessage("C2", slack.MsgOptionText("hi", false)); err != nil {
			t.Errorf("another channel is limited too: %v", err)
		}
		calls := srv.CallsTo("chat.postMessage")
		if c := calls[2]; !c.Failed || c.Error != "ratelimited" || (c.Status == http.StatusTooManyRequests) == okFalse {
			t.Errorf("refused call recorded as %+v", c)
		}
		if srv.LimitRefusals() != 1 || len(srv.History("C1")) != 2 {
			t.Errorf("refusals %d, posted %d", srv.LimitRefusals(), len(srv.History("C1")))
		}
	}
}

// Thread replies are in conversations.replies, not conversations.history;
// ephemeral messages are in neither.
func TestRepliesAndEphemeral(t *testing.T) {
	srv, api := newServer(t)
	parent := srv.AddMessage("C1", "U1", "question")
	api.PostMessage("C1", slack.MsgOptionText("answer", false), slack.MsgOptionTS(parent),
		slack.MsgOptionMetadata(slack.SlackMetadata{EventType: "t", EventPayload: map[string]any{"key": "k1"}}))
	if _, err := api.PostEphemeral("C1", "U1", slack.MsgOptionText("only you", false), slack.MsgOptionTS(parent)); err != nil {
		t.Fatal(err)
	}
	h, err := api.GetConversationHistory(&slack.GetConversationHistoryParameters{ChannelID: "C1"})
	if err != nil || len(h.Messages) != 1 || h.Messages[0].Text != "question" {
		t.Errorf("history: %+v %v", h, err)
	}
	msgs, _, _, err := api.GetConversationRepliesContext(t.Context(), &slack.GetConversationRepliesParameters{ChannelID: "C1", Timestamp: parent, IncludeAllMetadata: true})
	if err != nil || len(msgs) != 2 || msgs[1].Text != "answer" || msgs[1].Metadata.EventPayload["key"] != "k1" {
		t.Errorf("replies: %+v %v", msgs, err)
	}
	if c := srv.CallsTo("chat.postEphemeral"); len(c) != 1 || c[0].Param("user") != "U1" || c[0].Param("thread_ts") != parent {
		t.Errorf("ephemeral: %+v", c)
	}
}

// A stalled, accepted post is in the channel while its caller still
// waits.
func TestStalledAcceptedPost(t *testing.T) {
	srv, api := newServer(t)
	srv.FailNext("chat.postMessage", 1, fakeslack.Accepted(fakeslack.Failure{Drop: true, Stall: time.Second}))
	start := time.Now()
	_, _, err := api.PostMessage("C1", slack.MsgOptionText("hi", false))
	if err == nil || time.Since(start) < 900*time.Millisecond || len(srv.History("C1")) != 1 {
		t.Errorf("err %v after %v, %d posted", err, time.Since(start), len(srv.History("C1")))
	}
}
