package fakeslack

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"time"
)

// Header names of Slack's request signing.
const (
	// HeaderTimestamp carries the request time in Unix seconds.
	HeaderTimestamp = "X-Slack-Request-Timestamp"
	// HeaderSignature carries the "v0=..." signature.
	HeaderSignature = "X-Slack-Signature"
)

// Sign computes Slack's v0 request signature of body sent at ts with the
// app's signing secret. It returns the values of the
// X-Slack-Request-Timestamp header (Unix seconds) and of the
// X-Slack-Signature header ("v0=" + hex HMAC-SHA256 of "v0:<ts>:<body>").
func Sign(secret string, ts time.Time, body []byte) (headerTimestamp, headerSignature string) {
	headerTimestamp = strconv.FormatInt(ts.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + headerTimestamp + ":"))
	mac.Write(body)
	return headerTimestamp, "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// NewSignedRequest builds a POST of body to url signed with secret at ts, as
// Slack delivers Events API events (contentType "application/json"), slash
// commands and interactions ("application/x-www-form-urlencoded") to an app
// in HTTP mode.
func NewSignedRequest(url, secret string, ts time.Time, contentType string, body []byte) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	hts, sig := Sign(secret, ts, body)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set(HeaderTimestamp, hts)
	req.Header.Set(HeaderSignature, sig)
	req.Header.Set("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)")
	return req, nil
}
