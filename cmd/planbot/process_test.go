package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/planbot/planbot/internal/fakeslack"
)

// These tests run planbot as the operator does: a built binary, a real
// serve process against the fake Slack, other planbot processes beside it.

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// planbotBinary builds planbot once for the package's tests.
func planbotBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "planbot-test-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "planbot")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// cleanEnv is the environment of a planbot process in these tests: the
// test's, without settings that would change answers or language.
func cleanEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "PLANBOT_") || strings.HasPrefix(k, "SLACK_") || k == "LANG" || strings.HasPrefix(k, "LC_") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, extra...)
}

// cli runs the planbot binary with args in dir (its working directory).
func cli(t *testing.T, wd, stdin string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(planbotBinary(t), args...)
	cmd.Dir = wd
	cmd.Env = cleanEnv()
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, out.String(), errb.String()
}

// serveProc is a planbot serve process.
type serveProc struct {
	cmd  *exec.Cmd
	logs *syncBuf
	done chan struct{}
}

// startServe runs planbot serve on the index in dir against srv. The API
// URL is given without its trailing slash, as an operator might.
func startServe(t *testing.T, dir string, srv *fakeslack.Server) *serveProc {
	t.Helper()
	cmd := exec.Command(planbotBinary(t), "--db", dir, "serve", "--api-url", strings.TrimSuffix(srv.APIURL(), "/"))
	cmd.Env = cleanEnv("SLACK_BOT_TOKEN="+srv.BotToken(), "SLACK_APP_TOKEN="+srv.AppToken())
	p := &serveProc{cmd: cmd, logs: &syncBuf{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.logs, p.logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		p.kill(syscall.SIGTERM)
		if t.Failed() {
			t.Logf("serve log:\n%s", p.logs.String())
		}
	})
	return p
}

// kill signals the process and waits for it to end.
func (p *serveProc) kill(sig syscall.Signal) {
	select {
	case <-p.done:
		return
	default:
	}
	p.cmd.Process.Signal(sig)
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		p.cmd.Process.Kill()
		<-p.done
	}
}

var elapsedRe = regexp.MustCompile(`"elapsed_ms":[0-9.]+`)

// Every command an operator runs works beside a running serve and gives
// what it gives without one; an ingest goes through serve's library, so
// subscribers are told; two asks at once do not lock each other out.
func TestCommandsBesideServe(t *testing.T) {
	srv := fakeslack.New()
	defer srv.Close()
	served, alone, work := t.TempDir(), t.TempDir(), t.TempDir()
	seed, corrected := seedAndCorrected(t)
	os.WriteFile(filepath.Join(work, "corrected.txt"), corrected, 0o644)
	_ = seed
	// The index without serve: the same commands give the reference.
	if code, _, errs := cli(t, work, "", "--db", alone, "docs"); code != 0 {
		t.Fatalf("docs: %s", errs)
	}
	p := startServe(t, served, srv)
	if err := srv.WaitConnections(60*time.Second, 1); err != nil {
		t.Fatalf("serve did not connect: %v\n%s", err, p.logs.String())
	}
	// A user subscribes to task 20 in Slack.
	url := srv.NewResponseURL()
	srv.SendSlashCommand(map[string]string{"text": "subscribe 20", "user_id": "U1", "channel_id": "C1", "response_url": url})
	if r, err := srv.WaitResponse(30*time.Second, url); err != nil || !strings.Contains(string(r.Body), "已订阅") {
		t.Fatalf("subscribe: %s %v", r.Body, err)
	}
	same := [][]string{
		{"ask", "2022年新增学位多少"},
		{"ask", "--json", "2021年GDP是多少"},
		{"ask", ""},
		{"ask", "--json", ""},
		{"docs"},
		{"tasks"},
		{"feedback"},
		{"feedback", "--bad"},
		{"diff", seedID, "corrected.txt"},
		{"docs", "--frob"},
	}
	for _, args := range same {
		want, wout, werr := cli(t, work, "", append([]string{"--db", alone}, args...)...)
		got, gout, gerr := cli(t, work, "", append([]string{"--db", served}, args...)...)
		wout, gout = elapsedRe.ReplaceAllString(wout, ""), elapsedRe.ReplaceAllString(gout, "")
		if got != want || gout != wout || gerr != werr {
			t.Errorf("planbot %q beside serve: exit %d\n%s%s\nwithout serve: exit %d\n%s%s", args, got, gout, gerr, want, wout, werr)
		}
	}
	// Questions on stdin, relayed both ways.
	if code, out, _ := cli(t, work, "2022年新增学位多少\n2021年GDP是多少\n", "--db", served, "ask", "--json", "-"); code != 0 || strings.Count(out, "\n") != 2 || !strings.Contains(out, "9510座") {
		t.Errorf("ask - beside serve: %d\n%s", code, out)
	}
	// digest --print: the same table (the title holds the minute it was
	// made; the updates and follows are the indexes' own state: serve
	// recorded the seed's arrival, and U1 follows task 20).
	table := func(d string) string { return strings.Split(d, "\n\n")[1] }
	_, wd, _ := cli(t, work, "", "--db", alone, "digest", "--print")
	code, gd, errs := cli(t, work, "", "--db", served, "digest", "--print")
	if code != 0 || table(gd) != table(wd) {
		t.Errorf("digest --print beside serve: %d %s\n%s\nwithout: %s", code, errs, gd, wd)
	}
	// Two asks at once.
	var wg sync.WaitGroup
	codes := make([]int, 4)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], _, _ = cli(t, work, "", "--db", served, "ask", "2021年GDP是多少")
		}()
	}
	wg.Wait()
	if fmt.Sprint(codes) != "[0 0 0 0]" {
		t.Errorf("concurrent asks beside serve: exit codes %v", codes)
	}
	// An ingest (a file named relative to the caller's directory) goes
	// through serve's library: the subscriber is told.
	code, out, errs := cli(t, work, "", "--db", served, "ingest", "corrected.txt")
	if code != 0 || !strings.Contains(out, "v2 replaces v1") || !strings.Contains(out, "1 notice queued for subscribers") {
		t.Fatalf("ingest beside serve: %d\n%s%s", code, out, errs)
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		for _, c := range srv.CallsTo("chat.postMessage") {
			if c.Param("channel") == "DU1" && strings.Contains(c.Param("text")+string(c.Blocks), "9800座") {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Errorf("the subscriber was not told of the ingested change\n%s", p.logs.String())
}

// Two asks at once with no serve running do not lock each other out: the
// first to open the index answers for the other.
func TestConcurrentAsksWithoutServe(t *testing.T) {
	dir, work := t.TempDir(), t.TempDir()
	cli(t, work, "", "--db", dir, "docs")
	var wg sync.WaitGroup
	res := make([]string, 4)
	for i := range res {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, out, errs := cli(t, work, "", "--db", dir, "ask", "2022年新增学位多少")
			res[i] = fmt.Sprintf("%d %v %s", code, strings.Contains(out, "9510座"), errs)
		}()
	}
	wg.Wait()
	for i, r := range res {
		if r != "0 true " {
			t.Errorf("ask %d: %s", i+1, r)
		}
	}
}

// A planbot serve killed with SIGKILL after acknowledging a question and
// before its answer was known to be posted answers it, once, after a
// restart: whether the post never reached Slack or Slack took it and the
// answer was lost with the process. Killed after the answer was posted,
// while the 👀 comes off, it does not answer Slack's redelivery again.
func TestKillBetweenAckAndReply(t *testing.T) {
	cases := []struct {
		name      string
		method    string // whose call is in flight at the kill
		fail      fakeslack.Failure
		redeliver bool
	}{
		{"post not taken", "chat.postMessage", fakeslack.Failure{Drop: true, Stall: time.Minute}, false},
		{"post taken", "chat.postMessage", fakeslack.Failure{Drop: true, Stall: time.Minute, Accepted: true}, false},
		{"killed while the 👀 comes off", "reactions.remove", fakeslack.Failure{Drop: true, Stall: time.Minute}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := fakeslack.New()
			defer srv.Close()
			dir := t.TempDir()
			srv.FailNext(tc.method, 1, tc.fail)
			p := startServe(t, dir, srv)
			if err := srv.WaitConnections(60*time.Second, 1); err != nil {
				t.Fatalf("serve did not connect: %v\n%s", err, p.logs.String())
			}
			outer := map[string]any{"type": "event_callback", "event_id": "EvKill1", "team_id": "T1", "event_time": 1,
				"event": mention("U1", "C1", "20.1", "<@UBOT> 2022年新增学位多少")}
			id, err := srv.SendEventsAPI(outer)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := srv.WaitAck(30*time.Second, id); err != nil {
				t.Fatal(err)
			}
			if _, err := srv.WaitFor(30*time.Second, tc.method, 1); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			p.kill(syscall.SIGKILL) // kill -9, the call in flight
			p2 := startServe(t, dir, srv)
			if err := srv.WaitConnections(60*time.Second, 2); err != nil {
				t.Fatalf("restarted serve did not connect: %v\n%s", err, p2.logs.String())
			}
			if tc.redeliver {
				id, _ := srv.SendEventsAPI(outer, fakeslack.WithRetry(1, "timeout"))
				if _, err := srv.WaitAck(30*time.Second, id); err != nil {
					t.Fatal(err)
				}
			}
			deadline := time.Now().Add(30 * time.Second)
			for answers(srv, "C1", "20.1") == 0 && time.Now().Before(deadline) {
				time.Sleep(50 * time.Millisecond)
			}
			t.Logf("answered %v after the kill", time.Since(start).Round(time.Millisecond))
			// A later question is answered after it: nothing more comes.
			srv.SendEventsAPI(mention("U2", "C1", "20.2", "<@UBOT> 2021年GDP是多少"))
			for answers(srv, "C1", "20.2") == 0 && time.Now().Before(deadline) {
				time.Sleep(50 * time.Millisecond)
			}
			time.Sleep(300 * time.Millisecond)
			if n := answers(srv, "C1", "20.1"); n != 1 {
				t.Errorf("the question got %d answers after the kill and restart; want 1\n%s", n, p2.logs.String())
			}
		})
	}
}

func mention(user, channel, ts, text string) map[string]any {
	return map[string]any{"type": "app_mention", "user": user, "text": text, "channel": channel, "ts": ts, "event_ts": ts}
}

// answers counts the bot's messages in a thread as Slack holds them.
func answers(srv *fakeslack.Server, channel, thread string) int {
	n := 0
	for _, m := range srv.History(channel) {
		if m.ThreadTimestamp == thread && m.BotID != "" {
			n++
		}
	}
	return n
}
