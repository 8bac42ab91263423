// Package fakeslack is an in-process fake of the Slack platform for tests.
//
// A [Server] listens on loopback (127.0.0.1) and speaks the same wire formats
// as slack.com, so a bot built on github.com/slack-go/slack can be exercised
// end to end over real HTTP and real websockets, without mocks in the bot
// itself:
//
//   - the Web API under [Server.APIURL] (pass it to slack.OptionAPIURL):
//     auth.test, chat.postMessage, chat.postEphemeral, reactions.add,
//     reactions.remove, views.publish, conversations.open,
//     conversations.history (what the bot posted and messages added with
//     [Server.AddMessage], with message metadata, oldest/latest and cursor
//     pagination; thread replies only in conversations.replies, as on
//     Slack), conversations.replies, files.info and apps.connections.open. Requests are authenticated like Slack does
//     (Authorization: Bearer header or a token parameter), form-encoded and
//     JSON bodies are both accepted, and every call is recorded ([Call]) and
//     can be awaited ([Server.WaitFor]). Failures can be injected per method
//     ([Server.FailNext]): HTTP 429 with Retry-After, HTTP 5xx, ok:false
//     with a Slack error code, or a dropped connection ([ConnectionDrop]);
//     [Accepted] makes the call take effect before it fails, as when Slack
//     posted a message and the answer was lost, and Failure.Stall holds
//     the answer back. [WithChannelLimit] enforces Slack's per-channel
//     limit on chat.postMessage (about one a second with short bursts,
//     then 429 with Retry-After, or ok:false ratelimited with HTTP 200).
//   - private file downloads for files registered with [Server.AddFile],
//     served at the file's url_private(_download) on the fake.
//   - Socket Mode: apps.connections.open hands out a single-use ws:// URL on
//     the fake; the websocket sends the real "hello" frame, pings the client
//     periodically (the slack-go client drops links that are not pinged),
//     delivers envelopes ([Server.SendEventsAPI], [Server.SendSlashCommand],
//     [Server.SendInteractive]), records acknowledgements ([Server.WaitAck]),
//     and can ask the client to reconnect ([Server.Disconnect]) or simulate a
//     network drop ([Server.DropConnections]).
//   - response_url endpoints ([Server.NewResponseURL]) whose POSTs are
//     recorded ([Server.WaitResponse]).
//   - request signing for Events API (HTTP mode) tests ([Sign],
//     [NewSignedRequest]).
//
// Why not slack-go's own slacktest package: its websocket never sends the
// "hello" frame and never pings, so a socketmode.Client with default options
// declares the link dead and reconnects in a loop, and its chat.postMessage
// echoes the message onto the websocket in RTM format, which the Socket Mode
// client rejects as an unsupported frame. This fake implements the Socket Mode
// protocol instead of the legacy RTM one.
//
// A Server holds no global state; tests may run many of them in parallel.
// Typical use:
//
//	srv := fakeslack.New()
//	defer srv.Close()
//	api := slack.New(srv.BotToken(),
//		slack.OptionAPIURL(srv.APIURL()),
//		slack.OptionAppLevelToken(srv.AppToken()))
//	// ... run the bot with api ...
//	calls, err := srv.WaitFor(5*time.Second, "chat.postMessage", 1)
package fakeslack
