package fakeslack

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// Response is one POST to a response URL created by [Server.NewResponseURL].
type Response struct {
	// URL is the response URL that was posted to.
	URL string
	// Body is the raw request body (slack-go sends JSON such as
	// {"text":"...","response_type":"ephemeral","replace_original":false}).
	Body []byte
	// ContentType is the request's Content-Type header.
	ContentType string
	// Time is when the fake received the POST.
	Time time.Time
	// Status is the HTTP status the fake answered with.
	Status int
}

// Decode unmarshals the JSON body into v.
func (r Response) Decode(v any) error { return json.Unmarshal(r.Body, v) }

// NewResponseURL returns a fresh response_url on the fake, shaped like
// Slack's https://hooks.slack.com/commands/T.../.../... URLs. POSTs to it are
// answered with 200 {"ok":true} and recorded (see [Server.Responses] and
// [Server.WaitResponse]). Failures can be injected with
// FailNext([MethodResponseURL], ...).
func (s *Server) NewResponseURL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	p := fmt.Sprintf("/commands/%s/%d/%s", s.cfg.teamID, s.seq, randomHex(12))
	s.hooks[p] = nil
	return s.hs.URL + p
}

// hookPath returns the path of a response URL, the key of s.hooks.
func hookPath(responseURL string) string {
	u, err := url.Parse(responseURL)
	if err != nil {
		return responseURL
	}
	return u.Path
}

// handleResponseURL serves POSTs to response URLs.
func (s *Server) handleResponseURL(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxBody))
	resp := Response{
		URL:         s.hs.URL + r.URL.Path,
		Body:        body,
		ContentType: r.Header.Get("Content-Type"),
		Time:        time.Now(),
	}
	s.mu.Lock()
	if _, known := s.hooks[r.URL.Path]; !known {
		s.mu.Unlock()
		http.Error(w, "no_service", http.StatusNotFound)
		return
	}
	f, injected := s.popFailureLocked(MethodResponseURL)
	s.mu.Unlock()
	if injected {
		resp.Status, _ = writeFailure(w, f)
	} else {
		resp.Status = http.StatusOK
		writeJSON(w, http.StatusOK, map[string]any{"ok": true})
	}
	s.mu.Lock()
	s.hooks[r.URL.Path] = append(s.hooks[r.URL.Path], resp)
	s.notifyLocked()
	s.mu.Unlock()
}

// Responses returns the POSTs made to responseURL, oldest first.
func (s *Server) Responses(responseURL string) []Response {
	s.mu.Lock()
	defer s.mu.Unlock()
	return cloneResponses(s.hooks[hookPath(responseURL)])
}

// WaitResponse blocks until responseURL has been posted to and returns the
// first POST.
func (s *Server) WaitResponse(timeout time.Duration, responseURL string) (Response, error) {
	p := hookPath(responseURL)
	var got Response
	found, err := s.waitUntil(timeout, func() bool {
		if rs := s.hooks[p]; len(rs) > 0 {
			got = rs[0]
			return true
		}
		return false
	})
	if err != nil {
		return Response{}, err
	}
	if !found {
		return Response{}, fmt.Errorf("fakeslack: no POST to %s within %v", responseURL, timeout)
	}
	got.Body = bytes.Clone(got.Body)
	return got, nil
}

func cloneResponses(rs []Response) []Response {
	out := make([]Response, len(rs))
	for i, r := range rs {
		r.Body = bytes.Clone(r.Body)
		out[i] = r
	}
	return out
}
