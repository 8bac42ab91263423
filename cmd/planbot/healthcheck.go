package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/planbot/planbot/plan"
)

// runHealthcheck asks a running planbot's /healthz; Docker's HEALTHCHECK
// runs it (the distroless image has no curl).
func (m *Main) runHealthcheck(ctx context.Context, args []string) error {
	url := "http://127.0.0.1:8081/healthz"
	if len(args) > 0 {
		url = args[0]
	}
	ctx, cancel := context.WithTimeout(ctx, 4*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return plan.Errorf(plan.EINVALID, "bad health URL %q: %v", url, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("health check %s: %w", url, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("health check %s: %s %s", url, resp.Status, body)
	}
	fmt.Fprint(m.Stdout, string(body))
	return nil
}
