package fakeslack

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// MethodFileDownload is the [Call.Method] recorded for downloads of private
// files (url_private / url_private_download); the call's "file" parameter
// holds the file ID. It also names those downloads in [Server.FailNext].
const MethodFileDownload = "file_download"

// MethodResponseURL names POSTs to response URLs in [Server.FailNext]. Those
// POSTs are recorded as [Response] values, not as calls.
const MethodResponseURL = "response_url"

// Call is one recorded request to the fake's Web API (or a file download).
type Call struct {
	// Method is the API method, such as "chat.postMessage", or
	// MethodFileDownload.
	Method string
	// Params holds the request parameters: the query string plus the
	// form-encoded body, or the top-level fields of a JSON body (strings
	// unquoted, other values as JSON text). The token parameter is moved to
	// Token.
	Params url.Values
	// Body is the raw request body.
	Body []byte
	// ContentType is the request's Content-Type header.
	ContentType string
	// Token is the token the request carried, from the Authorization header
	// or the token parameter.
	Token string
	// Blocks is the Block Kit JSON of the request, if any: the "blocks"
	// parameter, or the "blocks" of the "view" parameter (views.*). It is nil
	// when absent or not valid JSON.
	Blocks json.RawMessage
	// Time is when the fake received the call.
	Time time.Time

	// Failed reports that the fake answered with an error: ok:false or an
	// HTTP status other than 200.
	Failed bool
	// Injected reports that the failure came from [Server.FailNext].
	Injected bool
	// Status is the HTTP status the fake answered with; 0 when the
	// connection was dropped ([ConnectionDrop]).
	Status int
	// Error is the Slack error code of an ok:false answer (for example
	// "invalid_auth" or "ratelimited"); empty otherwise.
	Error string
}

// Param returns the first value of the named parameter, or "".
func (c Call) Param(name string) string { return c.Params.Get(name) }

// clone returns a copy of c that shares no mutable state with it.
func (c Call) clone() Call {
	c.Params = maps.Clone(c.Params)
	for k, v := range c.Params {
		c.Params[k] = slices.Clone(v)
	}
	c.Body = bytes.Clone(c.Body)
	c.Blocks = bytes.Clone(c.Blocks)
	return c
}

// Failure describes an error the fake returns instead of handling a call.
// Build one with [RateLimited], [HTTPError] or [APIError].
type Failure struct {
	// Status is the HTTP status to answer with. 0 or 200 means an ok:false
	// JSON answer with HTTP 200. 429 adds a Retry-After header.
	Status int
	// RetryAfter is sent, rounded up to whole seconds, in the Retry-After
	// header of a 429 answer.
	RetryAfter time.Duration
	// Error is the Slack error code of an ok:false answer. It defaults to
	// "ratelimited" for 429 and to "internal_error" for HTTP 200.
	Error string
	// Drop closes the connection without answering, as a network failure
	// or a timeout does; the client sees a transport error. Status and
	// Error are ignored.
	Drop bool
	// Accepted handles the call before failing it: a message is posted (it
	// is in conversations.history) although the client is told otherwise,
	// as when Slack took the message and the answer was lost.
	Accepted bool
	// Stall holds the answer this long (or until the client gives up or
	// the server closes): a slow Slack, or, with Accepted, a post whose
	// fate the client cannot know while it waits. The call is recorded
	// when it arrives.
	Stall time.Duration
}

// RateLimited returns a Failure answering HTTP 429 with a Retry-After header
// (whole seconds, rounded up), as Slack's rate limiter does. slack-go reports
// it as *slack.RateLimitedError.
func RateLimited(retryAfter time.Duration) Failure {
	return Failure{Status: http.StatusTooManyRequests, RetryAfter: retryAfter}
}

// HTTPError returns a Failure answering with the given HTTP status (for
// example 500 or 503) and an HTML body, as Slack's edge does. slack-go
// reports it as slack.StatusCodeError.
func HTTPError(status int) Failure { return Failure{Status: status} }

// APIError returns a Failure answering HTTP 200 with {"ok":false,"error":code},
// for example "channel_not_found", "user_not_found", "is_archived" or
// "account_inactive". slack-go reports it as slack.SlackErrorResponse.
func APIError(code string) Failure { return Failure{Error: code} }

// ConnectionDrop returns a Failure that closes the connection without an
// answer. slack-go reports it as a transport error (EOF).
func ConnectionDrop() Failure { return Failure{Drop: true} }

// Accepted returns f marked so that the call is handled (its effects, such
// as a posted message, take place) before f is answered: Slack did the
// work but the client cannot know it. Only Web API methods honour it.
func Accepted(f Failure) Failure {
	f.Accepted = true
	return f
}

// FailNext makes the next n calls to method fail with f instead of being
// handled. method is a Web API method name, [MethodFileDownload] or
// [MethodResponseURL]. Failures queue up: calling FailNext again appends.
// Failed calls are recorded with Failed and Injected set.
func (s *Server) FailNext(method string, n int, f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.failures[method] = append(s.failures[method], f)
	}
}

// popFailureLocked removes and returns the next injected failure for method.
func (s *Server) popFailureLocked(method string) (Failure, bool) {
	q := s.failures[method]
	if len(q) == 0 {
		return Failure{}, false
	}
	f := q[0]
	if len(q) == 1 {
		delete(s.failures, method)
	} else {
		s.failures[method] = q[1:]
	}
	return f, true
}

// stall waits out f.Stall, unless the client goes away or the server
// closes first.
func (s *Server) stall(r *http.Request, f Failure) {
	if f.Stall <= 0 {
		return
	}
	t := time.NewTimer(f.Stall)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	case <-s.closedCh:
	}
}

// failureOutcome is the HTTP status and Slack error code f answers with;
// status 0 for a dropped connection.
func failureOutcome(f Failure) (status int, code string) {
	switch {
	case f.Drop:
		return 0, "connection_dropped"
	case f.Status == http.StatusTooManyRequests:
		if f.Error == "" {
			return f.Status, "ratelimited"
		}
		return f.Status, f.Error
	case f.Status != 0 && f.Status != http.StatusOK:
		return f.Status, f.Error
	case f.Error == "":
		return http.StatusOK, "internal_error"
	}
	return http.StatusOK, f.Error
}

// writeFailure answers a request with f and returns the HTTP status and the
// Slack error code it used (see failureOutcome).
func writeFailure(w http.ResponseWriter, f Failure) (status int, code string) {
	status, code = failureOutcome(f)
	switch {
	case f.Drop:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return status, code
			}
		}
		// Cannot hijack (HTTP/2): an empty 502 is the nearest thing.
		w.WriteHeader(http.StatusBadGateway)
	case status == http.StatusTooManyRequests:
		secs := int64(math.Ceil(f.RetryAfter.Seconds()))
		w.Header().Set("Retry-After", fmt.Sprint(max(secs, 0)))
		writeJSON(w, status, map[string]any{"ok": false, "error": code})
	case status != http.StatusOK:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprintf(w, "<html><body><h1>%d %s</h1></body></html>\n", status, http.StatusText(status))
	default:
		writeJSON(w, http.StatusOK, map[string]any{"ok": false, "error": code})
	}
	return status, code
}

// writeJSON writes v as a JSON answer.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// Calls returns every recorded call, oldest first.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.callsLocked("")
}

// CallsTo returns the recorded calls to method, oldest first.
func (s *Server) CallsTo(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.callsLocked(method)
}

// callsLocked returns copies of the calls to method (all calls if method is
// empty).
func (s *Server) callsLocked(method string) []Call {
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c.clone())
		}
	}
	return out
}

// WaitFor blocks until at least n calls to method (failed ones included) have
// been recorded, and returns all calls to method. On timeout it returns the
// calls seen so far and an error listing the methods that were called.
func (s *Server) WaitFor(timeout time.Duration, method string, n int) ([]Call, error) {
	ok, err := s.waitUntil(timeout, func() bool {
		count := 0
		for _, c := range s.calls {
			if c.Method == method {
				count++
			}
		}
		return count >= n
	})
	calls := s.CallsTo(method)
	if err != nil {
		return calls, err
	}
	if !ok {
		var seen []string
		for _, c := range s.Calls() {
			seen = append(seen, c.Method)
		}
		return calls, fmt.Errorf("fakeslack: timed out after %v waiting for %d call(s) to %s, got %d; calls seen: [%s]",
			timeout, n, method, len(calls), strings.Join(seen, " "))
	}
	return calls, nil
}

// recordLocked appends c and wakes waiters. s.mu must be held.
func (s *Server) recordLocked(c Call) {
	s.calls = append(s.calls, c)
	s.notifyLocked()
}

// maxBody bounds request bodies read by the fake.
const maxBody = 32 << 20

// readCall reads r into a Call: body, parameters, token and blocks. It does
// not set the outcome fields.
func readCall(r *http.Request, method string) (Call, error) {
	c := Call{
		Method:      method,
		ContentType: r.Header.Get("Content-Type"),
		Time:        time.Now(),
		Params:      url.Values{},
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		return c, err
	}
	c.Body = body
	for k, vs := range r.URL.Query() {
		c.Params[k] = append(c.Params[k], vs...)
	}

	mediaType, mparams, _ := mime.ParseMediaType(c.ContentType)
	switch {
	case mediaType == "application/json":
		if len(bytes.TrimSpace(body)) > 0 {
			var fields map[string]json.RawMessage
			if err := json.Unmarshal(body, &fields); err != nil {
				return c, fmt.Errorf("invalid JSON body: %w", err)
			}
			for k, raw := range fields {
				c.Params.Add(k, jsonParam(raw))
			}
		}
	case mediaType == "multipart/form-data":
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.Header.Set("Content-Type", mime.FormatMediaType(mediaType, mparams))
		if err := r.ParseMultipartForm(maxBody); err != nil {
			return c, err
		}
		for k, vs := range r.MultipartForm.Value {
			c.Params[k] = append(c.Params[k], vs...)
		}
	case mediaType == "application/x-www-form-urlencoded" || (mediaType == "" && len(body) > 0):
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return c, fmt.Errorf("invalid form body: %w", err)
		}
		for k, vs := range form {
			c.Params[k] = append(c.Params[k], vs...)
		}
	}

	if auth := r.Header.Get("Authorization"); auth != "" {
		if tok, ok := strings.CutPrefix(auth, "Bearer "); ok {
			c.Token = strings.TrimSpace(tok)
		}
	}
	if c.Token == "" {
		c.Token = c.Params.Get("token")
	}
	c.Params.Del("token")
	c.Blocks = extractBlocks(c.Params)
	return c, nil
}

// jsonParam renders a JSON value as a parameter string: strings unquoted,
// everything else as compact JSON text.
func jsonParam(raw json.RawMessage) string {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return string(raw)
	}
	return buf.String()
}

// extractBlocks returns the request's Block Kit JSON: the "blocks" parameter
// or the blocks of the "view" parameter.
func extractBlocks(p url.Values) json.RawMessage {
	if b := p.Get("blocks"); b != "" && json.Valid([]byte(b)) {
		return json.RawMessage(b)
	}
	if v := p.Get("view"); v != "" {
		var view struct {
			Blocks json.RawMessage `json:"blocks"`
		}
		if json.Unmarshal([]byte(v), &view) == nil && len(view.Blocks) > 0 {
			return view.Blocks
		}
	}
	return nil
}
