package bot

import (
	"context"
	"encoding/json"

	"fmt"
	"log"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// runSocketMode serves over a Socket Mode websocket until ctx ends.
// slack-go's client reconnects by itself after disconnect frames, ping
// timeouts and read errors; events Slack sent while the link was down
// come again as retries, which handleEvent deduplicates.
func (b *Bot) runSocketMode(ctx context.Context) error {
	opts := []socketmode.Option{socketmode.OptionLog(log.New(slogWriter{b.log}, "", 0))}
	if b.cfg.PingInterval > 0 {
		opts = append(opts, socketmode.OptionPingInterval(b.cfg.PingInterval))
	}
	sm := socketmode.New(b.api, opts...)
	runErr := make(chan error, 1)
	go func() { runErr <- sm.RunContext(ctx) }()
	for {
		select {
		case <-ctx.Done():
			<-runErr
			return nil
		case err := <-runErr:
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("socket mode: %w", err)
		case evt := <-sm.Events:
			b.socketEvent(ctx, sm, evt)
		}
	}
}

func (b *Bot) socketEvent(ctx context.Context, sm *socketmode.Client, evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		b.status.Store("connecting")
		b.log.Info("connecting to Slack Socket Mode")
	case socketmode.EventTypeConnected:
		b.status.Store("connected")
		b.log.Info("connected to Slack Socket Mode")
	case socketmode.EventTypeConnectionError:
		b.log.Warn("Socket Mode connection error; slack-go reconnects", "detail", fmt.Sprint(evt.Data))
	case socketmode.EventTypeInvalidAuth:
		b.log.Error("Slack refused the app token (invalid_auth): check SLACK_APP_TOKEN")
	case socketmode.EventTypeEventsAPI:
		ev, ok := evt.Data.(slackevents.EventsAPIEvent)
		if !ok {
			b.ack(sm, evt.Request)
			return
		}
		// Stored before the ack (within Slack's 3 seconds: a local
		// write): Slack does not deliver an acknowledged envelope again.
		after, ok := b.receive(envelopeEventID(evt.Request), ev)
		if !ok {
			return // not acknowledged: Slack delivers it again
		}
		b.ack(sm, evt.Request)
		after()
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(slack.SlashCommand)
		if !ok {
			b.ack(sm, evt.Request)
			return
		}
		after, ok := b.receiveCommand(cmd) // stored before the ack, like a question
		if !ok {
			return
		}
		b.ack(sm, evt.Request)
		after()
	case socketmode.EventTypeInteractive:
		b.ack(sm, evt.Request)
		if cb, ok := evt.Data.(slack.InteractionCallback); ok {
			b.handleInteraction(ctx, cb)
		}
	case socketmode.EventTypeErrorBadMessage:
		b.log.Warn("unreadable Socket Mode message ignored", "detail", fmt.Sprint(evt.Data))
	}
}

func (b *Bot) ack(sm *socketmode.Client, req *socketmode.Request) {
	if req == nil || req.EnvelopeID == "" {
		return
	}
	if err := sm.Ack(*req); err != nil {
		b.log.Error("ack failed", "envelope", req.EnvelopeID, "err", err)
	}
}

// envelopeEventID reads the event_id of an events_api envelope.
func envelopeEventID(req *socketmode.Request) string {
	if req == nil {
		return ""
	}
	var p struct {
		EventID string `json:"event_id"`
	}
	if err := json.Unmarshal(req.Payload, &p); err != nil {
		return ""
	}
	return p.EventID
}

// slogWriter routes slack-go's log lines into the bot's logger.
type slogWriter struct {
	l interface{ Debug(string, ...any) }
}

func (w slogWriter) Write(p []byte) (int, error) {
	w.l.Debug(string(p), "component", "socketmode")
	return len(p), nil
}
