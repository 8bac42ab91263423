package fakeslack_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/planbot/planbot/internal/fakeslack"
	"github.com/slack-go/slack"
)

// Slack's documented example, https://api.slack.com/authentication/verifying-requests-from-slack.
// Note the token in the body is "xyzz0WbapA4vBCDEFasx0q6G" as published; a
// copy with "xyzz0WbapA4vBCDEbOTEe2O" signs to v0=84b03a2e... instead.
const (
	vectorSecret = "8f742231b10e8888abcd99yyyzzz85a5"
	vectorTS     = 1531420618
	vectorBody   = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
	vectorSig    = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
)

func TestSignVector(t *testing.T) {
	ts, sig := fakeslack.Sign(vectorSecret, time.Unix(vectorTS, 0), []byte(vectorBody))
	if ts != "1531420618" {
		t.Errorf("timestamp = %q", ts)
	}
	if sig != vectorSig {
		t.Errorf("signature = %q, want %q", sig, vectorSig)
	}
}

// The signed request must pass slack-go's own verifier.
func TestNewSignedRequestVerifies(t *testing.T) {
	body := []byte(`{"type":"event_callback","event":{"type":"app_mention"}}`)
	verified := make(chan error, 1)
	h := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, err := slack.NewSecretsVerifier(r.Header, "s3cret")
		if err == nil {
			b, _ := io.ReadAll(r.Body)
			_, _ = v.Write(b)
			err = v.Ensure()
		}
		verified <- err
	}))
	defer h.Close()
	req, err := fakeslack.NewSignedRequest(h.URL, "s3cret", time.Now(), "application/json", body)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if err := <-verified; err != nil {
		t.Fatalf("slack.SecretsVerifier: %v", err)
	}
}
