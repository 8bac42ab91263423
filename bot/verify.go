package bot

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"time"
)

// maxSkew is how old (or far in the future) a signed request may be;
// older ones are refused so a captured request cannot be replayed.
const maxSkew = 5 * time.Minute

// Signature errors. Both mean the request did not come from Slack (or
// was replayed); the HTTP handlers answer them with 401.
var (
	ErrBadSignature = errors.New("bad or missing X-Slack-Signature")
	ErrStale        = errors.New("X-Slack-Request-Timestamp is missing or more than 5 minutes off")
)

// Verify checks Slack's v0 request signature: HMAC-SHA256 with the
// signing secret over "v0:" + timestamp + ":" + body, compared in
// constant time.
func Verify(secret string, h http.Header, body []byte, now time.Time) error {
	tsText := h.Get("X-Slack-Request-Timestamp")
	ts, err := strconv.ParseInt(tsText, 10, 64)
	if err != nil {
		return ErrStale
	}
	if d := now.Sub(time.Unix(ts, 0)); d > maxSkew || d < -maxSkew {
		return ErrStale
	}
	got := h.Get("X-Slack-Signature")
	if got == "" {
		return ErrBadSignature
	}
	if !hmac.Equal([]byte(got), []byte(Sign(secret, tsText, body))) {
		return ErrBadSignature
	}
	return nil
}

// Sign computes the v0 signature of a request body sent at timestamp ts.
func Sign(secret, ts string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + ts + ":"))
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}
