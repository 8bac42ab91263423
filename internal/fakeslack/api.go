package fakeslack

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"
)

// apiResult is what an API method handler produces: the fields of a
// successful answer (without "ok"), or a Slack error code.
type apiResult struct {
	fields map[string]any
	err    string
}

func okResult(fields map[string]any) apiResult { return apiResult{fields: fields} }
func errResult(code string) apiResult          { return apiResult{err: code} }

// apiHandler handles one Web API method. It runs with s.mu held.
type apiHandler func(s *Server, c *Call) apiResult

// handlerFor returns the handler for method, whether method uses the
// app-level token, and whether the method is known.
func handlerFor(method string) (h apiHandler, appToken, known bool) {
	switch method {
	case "apps.connections.open":
		return (*Server).appsConnectionsOpen, true, true
	case "auth.test":
		return (*Server).authTest, false, true
	case "chat.postMessage":
		return (*Server).chatPostMessage, false, true
	case "chat.postEphemeral":
		return (*Server).chatPostEphemeral, false, true
	case "reactions.add":
		return (*Server).reactionsAdd, false, true
	case "reactions.remove":
		return (*Server).reactionsRemove, false, true
	case "views.publish":
		return (*Server).viewsPublish, false, true
	case "conversations.open":
		return (*Server).conversationsOpen, false, true
	case "files.info":
		return (*Server).filesInfo, false, true
	case "conversations.history":
		return (*Server).conversationsHistory, false, true
	case "conversations.replies":
		return (*Server).conversationsReplies, false, true
	}
	return nil, false, false
}

// handleAPI serves /api/{method}.
func (s *Server) handleAPI(w http.ResponseWriter, r *http.Request) {
	method := r.PathValue("method")
	c, err := readCall(r, method)

	s.mu.Lock()
	if f, injected := s.popFailureLocked(method); injected {
		if h, needsAppToken, known := handlerFor(method); f.Accepted && known && err == nil && c.Token == s.tokenFor(needsAppToken) {
			h(s, &c) // the work is done; only the answer fails
		}
		// Recorded before answering, so a client that has its answer
		// finds the call recorded.
		c.Status, c.Error = failureOutcome(f)
		c.Failed, c.Injected = true, true
		s.recordLocked(c)
		s.mu.Unlock()
		s.stall(r, f)
		writeFailure(w, f)
		return
	}
	if f, limited := s.overChannelLimitLocked(&c); limited && err == nil {
		c.Status, c.Error = failureOutcome(f)
		c.Failed = true
		s.recordLocked(c)
		s.mu.Unlock()
		writeFailure(w, f)
		return
	}

	var res apiResult
	h, needsAppToken, known := handlerFor(method)
	want := s.tokenFor(needsAppToken)
	switch {
	case !known:
		res = errResult("unknown_method")
	case err != nil:
		res = errResult("invalid_form_data")
	case c.Token == "" || c.Token != want:
		res = errResult("invalid_auth")
	default:
		res = h(s, &c)
	}
	c.Status = http.StatusOK
	var answer map[string]any
	if res.err != "" {
		c.Failed, c.Error = true, res.err
		answer = map[string]any{"ok": false, "error": res.err}
		if !known {
			answer["req_method"] = method
		}
	} else {
		answer = map[string]any{"ok": true}
		maps.Copy(answer, res.fields)
	}
	s.recordLocked(c)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, answer)
}

// tokenFor is the token a method needs: the app-level or the bot token.
func (s *Server) tokenFor(appToken bool) string {
	if appToken {
		return s.cfg.appToken
	}
	return s.cfg.botToken
}

func (s *Server) authTest(*Call) apiResult {
	return okResult(map[string]any{
		"url":                   "https://" + s.teamDomain() + ".slack.com/",
		"team":                  s.cfg.teamName,
		"user":                  s.cfg.botName,
		"team_id":               s.cfg.teamID,
		"user_id":               s.cfg.botUserID,
		"bot_id":                s.cfg.botID,
		"is_enterprise_install": false,
	})
}

// teamDomain derives a workspace subdomain from the team name.
func (s *Server) teamDomain() string {
	d := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + ('a' - 'A')
		}
		return -1
	}, s.cfg.teamName)
	if d == "" {
		d = "fakeslack"
	}
	return d
}

func (s *Server) appsConnectionsOpen(*Call) apiResult {
	ticket := randomHex(16)
	s.tickets[ticket] = true
	u := url.URL{
		Scheme:   "ws",
		Host:     strings.TrimPrefix(s.hs.URL, "http://"),
		Path:     "/link/",
		RawQuery: url.Values{"ticket": {ticket}, "app_id": {s.cfg.appID}}.Encode(),
	}
	return okResult(map[string]any{"url": u.String()})
}

// botProfile is the bot_profile object Slack attaches to bot messages.
func (s *Server) botProfile() map[string]any {
	return map[string]any{
		"id":      s.cfg.botID,
		"app_id":  s.cfg.appID,
		"name":    s.cfg.botName,
		"deleted": false,
		"team_id": s.cfg.teamID,
		"icons":   map[string]any{},
	}
}

// resolveChannel maps a user ID given as channel (Slack opens the DM) to the
// DM channel ID, and leaves other IDs alone.
func resolveChannel(ch string) string {
	if strings.HasPrefix(ch, "U") || strings.HasPrefix(ch, "W") {
		return "D" + ch
	}
	return ch
}

// hasContent reports whether a chat.* call carries text, blocks or attachments.
func hasContent(c *Call) bool {
	return c.Param("text") != "" || c.Param("blocks") != "" || c.Param("attachments") != ""
}

// message builds the message object echoed by chat.postMessage.
func (s *Server) message(c *Call, ts string) map[string]any {
	m := map[string]any{
		"type":        "message",
		"text":        c.Param("text"),
		"user":        s.cfg.botUserID,
		"bot_id":      s.cfg.botID,
		"app_id":      s.cfg.appID,
		"team":        s.cfg.teamID,
		"ts":          ts,
		"bot_profile": s.botProfile(),
	}
	if c.Blocks != nil {
		m["blocks"] = c.Blocks
	}
	if a := c.Param("attachments"); a != "" && json.Valid([]byte(a)) {
		m["attachments"] = json.RawMessage(a)
	}
	if t := c.Param("thread_ts"); t != "" {
		m["thread_ts"] = t
	}
	if md := c.Param("metadata"); md != "" && json.Valid([]byte(md)) {
		m["metadata"] = json.RawMessage(md)
	}
	return m
}

func (s *Server) chatPostMessage(c *Call) apiResult {
	ch := c.Param("channel")
	if ch == "" {
		return errResult("channel_not_found")
	}
	if !hasContent(c) {
		return errResult("no_text")
	}
	ts := s.nextTSLocked()
	msg := s.message(c, ts)
	s.history[resolveChannel(ch)] = append(s.history[resolveChannel(ch)], msg)
	return okResult(map[string]any{
		"channel": resolveChannel(ch),
		"ts":      ts,
		"message": msg,
	})
}

// conversationsHistory returns the messages of a channel (what the bot
// posted, and any added with AddMessage), newest first, with their metadata
// when include_all_metadata is set. Like Slack it honours oldest and latest
// (exclusive unless inclusive is set), limit (default 100, at most 999) and
// cursor pagination through response_metadata.next_cursor.
func (s *Server) conversationsHistory(c *Call) apiResult {
	ch := c.Param("channel")
	if ch == "" {
		return errResult("channel_not_found")
	}
	oldest, latest := c.Param("oldest"), c.Param("latest")
	inclusive := c.Param("inclusive") == "1" || c.Param("inclusive") == "true"
	limit := 100
	if l := c.Param("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 0 {
			return errResult("invalid_limit")
		}
		if n > 0 {
			limit = min(n, 999)
		}
	}
	skip := 0
	if cur := c.Param("cursor"); cur != "" {
		n, err := decodeCursor(cur)
		if err != nil {
			return errResult("invalid_cursor")
		}
		skip = n
	}
	msgs := s.history[resolveChannel(ch)]
	var match []map[string]any
	for i := len(msgs) - 1; i >= 0; i-- {
		ts, _ := msgs[i]["ts"].(string)
		if thread, _ := msgs[i]["thread_ts"].(string); thread != "" && thread != ts {
			continue // a reply: like Slack, only conversations.replies lists it
		}
		if oldest != "" && (tsLess(ts, oldest) || !inclusive && ts == oldest) {
			continue
		}
		if latest != "" && (tsLess(latest, ts) || !inclusive && ts == latest) {
			continue
		}
		match = append(match, msgs[i])
	}
	page := match[min(skip, len(match)):]
	hasMore := len(page) > limit
	if hasMore {
		page = page[:limit]
	}
	out := make([]map[string]any, 0, len(page))
	for _, msg := range page {
		m := maps.Clone(msg)
		if c.Param("include_all_metadata") != "1" {
			delete(m, "metadata")
		}
		out = append(out, m)
	}
	next := ""
	if hasMore {
		next = encodeCursor(skip + limit)
	}
	return okResult(map[string]any{"messages": out, "has_more": hasMore, "response_metadata": map[string]any{"next_cursor": next}})
}

// conversationsReplies returns a thread: its parent message (when the
// channel's history holds it) and the replies to it, oldest first, with
// their metadata when include_all_metadata is set, honouring limit and
// cursor pagination like conversations.history.
func (s *Server) conversationsReplies(c *Call) apiResult {
	ch, thread := c.Param("channel"), c.Param("ts")
	switch {
	case ch == "":
		return errResult("channel_not_found")
	case thread == "":
		return errResult("thread_not_found")
	}
	limit := 100
	if l := c.Param("limit"); l != "" {
		if n, err := strconv.Atoi(l); err == nil && n > 0 {
			limit = min(n, 999)
		}
	}
	skip := 0
	if cur := c.Param("cursor"); cur != "" {
		n, err := decodeCursor(cur)
		if err != nil {
			return errResult("invalid_cursor")
		}
		skip = n
	}
	var match []map[string]any
	for _, m := range s.history[resolveChannel(ch)] {
		ts, _ := m["ts"].(string)
		if t, _ := m["thread_ts"].(string); ts == thread || t == thread {
			match = append(match, m)
		}
	}
	if len(match) == 0 {
		return errResult("thread_not_found")
	}
	page := match[min(skip, len(match)):]
	hasMore := len(page) > limit
	if hasMore {
		page = page[:limit]
	}
	out := make([]map[string]any, 0, len(page))
	for _, msg := range page {
		m := maps.Clone(msg)
		if c.Param("include_all_metadata") != "1" && c.Param("include_all_metadata") != "true" {
			delete(m, "metadata")
		}
		out = append(out, m)
	}
	next := ""
	if hasMore {
		next = encodeCursor(skip + limit)
	}
	return okResult(map[string]any{"messages": out, "has_more": hasMore, "response_metadata": map[string]any{"next_cursor": next}})
}

// chatPostEphemeral shows a message to one user in a channel (or a
// thread of it). Like Slack, it is not part of the channel's history:
// only the recorded call shows it.
func (s *Server) chatPostEphemeral(c *Call) apiResult {
	switch {
	case c.Param("channel") == "":
		return errResult("channel_not_found")
	case c.Param("user") == "":
		return errResult("user_not_found")
	case !hasContent(c):
		return errResult("no_text")
	}
	return okResult(map[string]any{"message_ts": s.nextTSLocked()})
}

// tsLess compares Slack timestamps ("1712345678.000123") numerically.
func tsLess(a, b string) bool {
	as, af, _ := strings.Cut(a, ".")
	bs, bf, _ := strings.Cut(b, ".")
	if len(as) != len(bs) {
		return len(as) < len(bs)
	}
	if as != bs {
		return as < bs
	}
	af, bf = padRight(af, 6), padRight(bf, 6)
	return af < bf
}

func padRight(s string, n int) string {
	for len(s) < n {
		s += "0"
	}
	return s
}

// Cursors are opaque to clients, as Slack's are.
func encodeCursor(offset int) string {
	return base64.StdEncoding.EncodeToString([]byte("offset:" + strconv.Itoa(offset)))
}

func decodeCursor(cur string) (int, error) {
	b, err := base64.StdEncoding.DecodeString(cur)
	if err != nil {
		return 0, err
	}
	n, ok := strings.CutPrefix(string(b), "offset:")
	if !ok {
		return 0, fmt.Errorf("not a cursor: %q", cur)
	}
	return strconv.Atoi(n)
}

// AddMessage adds a message from user to a channel's history, as if someone
// else had posted it, and returns its timestamp. It is not recorded as a
// call.
func (s *Server) AddMessage(channel, user, text string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ts := s.nextTSLocked()
	ch := resolveChannel(channel)
	s.history[ch] = append(s.history[ch], map[string]any{"type": "message", "user": user, "text": text, "ts": ts, "team": s.cfg.teamID})
	s.notifyLocked()
	return ts
}

// History returns a channel's messages, oldest first, metadata included.
func (s *Server) History(channel string) []slack.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []slack.Message
	for _, m := range s.history[resolveChannel(channel)] {
		b, err := json.Marshal(m)
		if err != nil {
			continue
		}
		var msg slack.Message
		if json.Unmarshal(b, &msg) == nil {
			out = append(out, msg)
		}
	}
	return out
}

// reactionKey identifies a reaction of the bot.
func reactionKey(c *Call) (string, string) {
	ch, ts, name := c.Param("channel"), c.Param("timestamp"), c.Param("name")
	switch {
	case ch == "" || ts == "":
		return "", "no_item_specified"
	case name == "":
		return "", "invalid_name"
	}
	return ch + "\x00" + ts + "\x00" + name, ""
}

func (s *Server) reactionsAdd(c *Call) apiResult {
	key, errCode := reactionKey(c)
	if errCode != "" {
		return errResult(errCode)
	}
	if s.reactions[key] {
		return errResult("already_reacted")
	}
	s.reactions[key] = true
	return okResult(nil)
}

func (s *Server) reactionsRemove(c *Call) apiResult {
	key, errCode := reactionKey(c)
	if errCode != "" {
		return errResult(errCode)
	}
	if !s.reactions[key] {
		return errResult("no_reaction")
	}
	delete(s.reactions, key)
	return okResult(nil)
}

func (s *Server) viewsPublish(c *Call) apiResult {
	user, v := c.Param("user_id"), c.Param("view")
	if user == "" || v == "" {
		return errResult("invalid_arguments")
	}
	var view map[string]json.RawMessage
	if err := json.Unmarshal([]byte(v), &view); err != nil {
		return errResult("invalid_arguments")
	}
	id, exists := s.homeViews[user]
	if !exists {
		id = s.nextIDLocked("V")
		s.homeViews[user] = id
	}
	out := map[string]any{}
	for k, raw := range view {
		out[k] = raw
	}
	for k, val := range map[string]any{
		"id":                    id,
		"team_id":               s.cfg.teamID,
		"app_id":                s.cfg.appID,
		"bot_id":                s.cfg.botID,
		"app_installed_team_id": s.cfg.teamID,
		"hash":                  fmt.Sprintf("%d.%s", time.Now().Unix(), randomHex(4)),
		"root_view_id":          id,
		"previous_view_id":      nil,
		"state":                 map[string]any{"values": map[string]any{}},
	} {
		out[k] = val
	}
	if _, ok := out["blocks"]; !ok {
		out["blocks"] = []any{}
	}
	return okResult(map[string]any{"view": out})
}

// channelLocked returns the registered conversation id, or a synthesized one
// for IDs starting with C (public channel), G (private channel) or D (DM
// with the user whose ID follows the D, the convention of conversations.open).
func (s *Server) channelLocked(id string) (slack.Channel, bool) {
	if ch, ok := s.channels[id]; ok {
		return ch, true
	}
	var ch slack.Channel
	ch.ID = id
	ch.Created = slack.JSONTime(time.Now().Unix())
	ch.IsOpen = true
	switch {
	case strings.HasPrefix(id, "D") && len(id) > 1:
		ch.IsIM = true
		ch.User = id[1:]
		ch.IsPrivate = true
	case strings.HasPrefix(id, "C"):
		ch.IsChannel = true
		ch.IsMember = true
		ch.Name = "channel-" + strings.ToLower(id)
		ch.NameNormalized = ch.Name
	case strings.HasPrefix(id, "G"):
		ch.IsGroup = true
		ch.IsPrivate = true
		ch.IsMember = true
		ch.Name = "private-" + strings.ToLower(id)
		ch.NameNormalized = ch.Name
	default:
		return ch, false
	}
	return ch, true
}

func (s *Server) conversationsOpen(c *Call) apiResult {
	var id string
	switch users := c.Param("users"); {
	case c.Param("channel") != "":
		id = c.Param("channel")
	case users == "":
		return errResult("users_list_not_supplied")
	case !strings.Contains(users, ","):
		id = "D" + users
	default:
		id = "G" + strings.ReplaceAll(users, ",", "")
		if _, exists := s.channels[id]; !exists {
			var ch slack.Channel
			ch.ID, ch.IsMpIM, ch.IsPrivate, ch.IsOpen = id, true, true, true
			ch.Created = slack.JSONTime(time.Now().Unix())
			ch.Members = append([]string{s.cfg.botUserID}, strings.Split(users, ",")...)
			s.channels[id] = ch
			return okResult(map[string]any{"channel": ch, "no_op": false, "already_open": false})
		}
	}
	ch, found := s.channelLocked(id)
	if !found {
		return errResult("channel_not_found")
	}
	_, already := s.channels[id]
	if !already {
		s.channels[id] = ch
	}
	if c.Param("return_im") != "true" && !already {
		return okResult(map[string]any{"channel": map[string]any{"id": id}, "no_op": false, "already_open": false})
	}
	return okResult(map[string]any{"channel": ch, "no_op": already, "already_open": already})
}

// storedFile is a file registered with AddFile.
type storedFile struct {
	file    slack.File
	content []byte
}

// AddFile registers a file for files.info and its private download URLs, and
// returns the file as files.info will report it. Empty fields are filled in:
// ID (F...), Name ("file.bin"), Title, Mimetype and Filetype (from the name's
// extension), Size, Created, Timestamp, Mode, URLPrivate and
// URLPrivateDownload, which point at the fake and require the bot token.
func (s *Server) AddFile(f slack.File, content []byte) slack.File {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.ID == "" {
		f.ID = s.nextIDLocked("F")
	}
	if f.Name == "" {
		f.Name = "file.bin"
	}
	if f.Title == "" {
		f.Title = f.Name
	}
	ext := strings.ToLower(path.Ext(f.Name))
	if f.Mimetype == "" {
		f.Mimetype = mime.TypeByExtension(ext)
		if f.Mimetype == "" {
			f.Mimetype = "application/octet-stream"
		}
		f.Mimetype, _, _ = strings.Cut(f.Mimetype, ";")
	}
	if f.Filetype == "" {
		f.Filetype = strings.TrimPrefix(ext, ".")
		if f.Filetype == "" {
			f.Filetype = "binary"
		}
	}
	if f.PrettyType == "" {
		f.PrettyType = strings.ToUpper(f.Filetype)
	}
	if f.Created == 0 {
		f.Created = slack.JSONTime(time.Now().Unix())
	}
	if f.Timestamp == 0 {
		f.Timestamp = f.Created
	}
	if f.Mode == "" {
		f.Mode = "hosted"
	}
	if f.UserTeam == "" {
		f.UserTeam = s.cfg.teamID
	}
	f.Size = len(content)
	base := s.hs.URL + "/files-pri/" + s.cfg.teamID + "-" + f.ID + "/"
	name := url.PathEscape(f.Name)
	if f.URLPrivate == "" {
		f.URLPrivate = base + name
	}
	if f.URLPrivateDownload == "" {
		f.URLPrivateDownload = base + "download/" + name
	}
	s.files[f.ID] = &storedFile{file: f, content: append([]byte(nil), content...)}
	return f
}

func (s *Server) filesInfo(c *Call) apiResult {
	sf, found := s.files[c.Param("file")]
	if !found {
		return errResult("file_not_found")
	}
	return okResult(map[string]any{
		"file":     sf.file,
		"comments": []any{},
		"paging":   map[string]any{"count": 100, "total": 0, "page": 1, "pages": 0},
	})
}

// handleFile serves /files-pri/{team}-{file}/[download/]{name}. Like
// files.slack.com, a request without the bot token is redirected to the
// sign-in page.
func (s *Server) handleFile(w http.ResponseWriter, r *http.Request) {
	c, _ := readCall(r, MethodFileDownload)
	rest := strings.TrimPrefix(r.URL.Path, "/files-pri/")
	teamFile, _, _ := strings.Cut(rest, "/")
	_, fileID, _ := strings.Cut(teamFile, "-")
	c.Params.Set("file", fileID)

	s.mu.Lock()
	if f, injected := s.popFailureLocked(MethodFileDownload); injected {
		c.Status, c.Error = failureOutcome(f)
		c.Failed, c.Injected = true, true
		s.recordLocked(c)
		s.mu.Unlock()
		writeFailure(w, f)
		return
	}
	sf, found := s.files[fileID]
	var content []byte
	switch {
	case c.Token != s.cfg.botToken:
		c.Status, c.Failed, c.Error = http.StatusFound, true, "invalid_auth"
	case !found:
		c.Status, c.Failed, c.Error = http.StatusNotFound, true, "file_not_found"
	default:
		c.Status = http.StatusOK
		content = sf.content
	}
	mimetype := ""
	if found {
		mimetype = sf.file.Mimetype
	}
	s.recordLocked(c)
	s.mu.Unlock()

	switch c.Status {
	case http.StatusFound:
		http.Redirect(w, r, "/signin?"+url.Values{"redir": {r.URL.Path}}.Encode(), http.StatusFound)
	case http.StatusNotFound:
		http.NotFound(w, r)
	default:
		w.Header().Set("Content-Type", mimetype)
		w.Header().Set("Content-Length", fmt.Sprint(len(content)))
		_, _ = w.Write(content)
	}
}

// handleSignin stands in for the workspace sign-in page that files.slack.com
// redirects unauthenticated downloads to.
func (s *Server) handleSignin(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, "<html><body><h1>Sign in to %s</h1></body></html>\n", s.cfg.teamName)
}
