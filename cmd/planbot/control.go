package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/planbot/planbot/plan"
)

// The control socket lets planbot commands work beside the planbot
// process that holds the index (badger allows one): that process, serve
// or any other command, listens on a Unix socket in the index directory,
// readable by its owner alone, and runs the commands other processes
// send it — the same code on the same index, with the caller's
// arguments, environment, working directory and streams — so that a
// command behaves the same whether it opened the index itself or not,
// and an ingest goes through the holder's library (in serve: the one
// that notifies subscribers).

// socketName is the control socket's name in the index directory.
const socketName = "planbot.sock"

// errIndexBusy is open's error when another process holds the index.
var errIndexBusy = errors.New("the index is in use by another planbot process")

// Frame types. To the holder: the request, the caller's stdin, its end.
// To the caller: stdout, stderr, "stdin wanted", the exit code.
const (
	frameRequest = 'R'
	frameStdin   = 'I'
	frameEOF     = 'E'
	frameStdout  = 'O'
	frameStderr  = 'e'
	frameWant    = 'W'
	frameExit    = 'X'
)

// request is what a caller sends first.
type request struct {
	Args     []string          `json:"args"`
	Env      map[string]string `json:"env"`
	Dir      string            `json:"dir"`
	Terminal bool              `json:"terminal"`
}

// forwardedEnv are the variables a command may read, sent along so the
// holder runs it with the caller's settings.
var forwardedEnv = []string{"PLANBOT_REGION", "PLANBOT_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "PLANBOT_DB"}

func writeFrame(w io.Writer, typ byte, payload []byte) error {
	hdr := make([]byte, 5)
	hdr[0] = typ
	binary.BigEndian.PutUint32(hdr[1:], uint32(len(payload)))
	if _, err := w.Write(append(hdr, payload...)); err != nil {
		return err
	}
	return nil
}

func readFrame(r io.Reader) (byte, []byte, error) {
	hdr := make([]byte, 5)
	if _, err := io.ReadFull(r, hdr); err != nil {
		return 0, nil, err
	}
	n := binary.BigEndian.Uint32(hdr[1:])
	if n > 64<<20 {
		return 0, nil, fmt.Errorf("control frame of %d bytes", n)
	}
	p := make([]byte, n)
	_, err := io.ReadFull(r, p)
	return hdr[0], p, err
}

// controlServer serves the control socket of an open index.
type controlServer struct {
	ln     net.Listener
	path   string
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// serveControl starts serving other processes on the index directory's
// control socket. A socket it cannot make is logged, not fatal: the
// others then wait for the index instead.
func (m *Main) serveControl() {
	path, err := filepath.Abs(filepath.Join(m.DBDir, socketName))
	if err != nil || len(path) > 100 {
		m.logger().Warn("no control socket: the index path is too long for a Unix socket; other planbot commands wait for this one", "path", path)
		return
	}
	// Holding the index, this process owns the socket: one left there is
	// a dead process's.
	os.Remove(path)
	ln, err := net.Listen("unix", path)
	if err != nil {
		m.logger().Warn("no control socket; other planbot commands wait for this one", "path", path, "err", err)
		return
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		m.logger().Warn("no control socket", "path", path, "err", err)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	cs := &controlServer{ln: ln, path: path, cancel: cancel}
	m.control = cs
	cs.wg.Add(1)
	go func() {
		defer cs.wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			if !sameUser(conn) {
				conn.Close()
				continue
			}
			cs.wg.Add(1)
			go func() {
				defer cs.wg.Done()
				m.serveSession(ctx, conn)
			}()
		}
	}()
}

// close stops accepting, then waits for the commands running.
func (cs *controlServer) close() {
	cs.ln.Close()
	os.Remove(cs.path)
	done := make(chan struct{})
	go func() { cs.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		cs.cancel() // a caller that never ends (a forgotten interactive ask)
		<-done
	}
	cs.cancel()
}

// serveSession runs one caller's command on this process's index.
func (m *Main) serveSession(parent context.Context, conn net.Conn) {
	defer conn.Close()
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	r := bufio.NewReader(conn)
	typ, p, err := readFrame(r)
	if err != nil || typ != frameRequest {
		return
	}
	var req request
	if err := json.Unmarshal(p, &req); err != nil {
		return
	}
	var wmu sync.Mutex
	send := func(typ byte, p []byte) error {
		wmu.Lock()
		defer wmu.Unlock()
		return writeFrame(conn, typ, p)
	}
	stdin := &wantReader{send: send}
	stdin.pr, stdin.pw = io.Pipe()
	go func() {
		// The caller's stdin, until its end; a closed connection is the
		// caller gone, and ends the command.
		defer cancel()
		for {
			typ, p, err := readFrame(r)
			switch {
			case err != nil:
				stdin.pw.CloseWithError(io.ErrUnexpectedEOF)
				return
			case typ == frameStdin:
				stdin.pw.Write(p)
			case typ == frameEOF:
				stdin.pw.Close()
			}
		}
	}()
	sub := &Main{
		Stdin: stdin, Stdout: frameWriter{typ: frameStdout, send: send}, Stderr: frameWriter{typ: frameStderr, send: send},
		Getenv: func(k string) string { return req.Env[k] }, Dir: req.Dir, terminal: &req.Terminal,
		DBDir: m.DBDir, db: m.db, engine: m.engine, follow: m.follow, lib: m.lib, remote: true,
	}
	code := sub.Run(ctx, req.Args)
	b := make([]byte, 4)
	binary.BigEndian.PutUint32(b, uint32(code))
	send(frameExit, b)
}

// frameWriter sends what a command writes as frames of one type.
type frameWriter struct {
	typ  byte
	send func(byte, []byte) error
}

func (w frameWriter) Write(p []byte) (int, error) {
	if err := w.send(w.typ, p); err != nil {
		return 0, err
	}
	return len(p), nil
}

// wantReader is a command's stdin on the holder: the caller sends its
// stdin only once the command reads it, so a command that does not read
// stdin leaves the caller's terminal alone.
type wantReader struct {
	once   sync.Once
	send   func(byte, []byte) error
	pr     *io.PipeReader
	pw     *io.PipeWriter
	wanted error
}

func (w *wantReader) Read(p []byte) (int, error) {
	w.once.Do(func() { w.wanted = w.send(frameWant, nil) })
	if w.wanted != nil {
		return 0, w.wanted
	}
	return w.pr.Read(p)
}

// runElsewhere runs a command in the planbot process that holds the
// index, through its control socket. Between one holder closing and the
// next opening (two short commands in a row), the socket may be gone
// while the index is still locked: it tries again, locally or through
// the socket, for up to 30 seconds.
func (m *Main) runElsewhere(ctx context.Context, args []string) int {
	deadline := time.Now().Add(30 * time.Second)
	wait := 50 * time.Millisecond
	for {
		code, err := m.runRemote(ctx, args)
		if err == nil {
			return code
		}
		if time.Now().After(deadline) {
			return m.exitCode(plan.Errorf(plan.ECONFLICT, m.t(
				"索引 %s 正被另一个 planbot 进程使用，且它没有在控制套接字上回应（%v）；请停止它，或用 --db 选择另一个索引",
				"the index at %s is in use by another planbot process that does not answer on its control socket (%v); stop it or choose another index with --db"), m.DBDir, err))
		}
		if err := sleep(ctx, wait); err != nil {
			return m.exitCode(err)
		}
		wait = min(wait*2, time.Second)
		// The holder may have gone: run here if the index is free now.
		probe := *m
		probe.Stdout, probe.Stderr = io.Discard, io.Discard
		if err := probe.open(ctx, false); err == nil {
			probe.Close()
			cmd := findCommand(args[0])
			err := cmd.run(m, ctx, args[1:])
			if !errors.Is(err, errIndexBusy) {
				return m.exitCode(err)
			}
		}
	}
}

// runRemote sends a command to the control socket and relays its
// streams; err is set when no holder answered.
func (m *Main) runRemote(ctx context.Context, args []string) (int, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", filepath.Join(m.DBDir, socketName))
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	if err := writeFrame(conn, frameRequest, m.remoteRequest(args)); err != nil {
		return 0, err
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	return m.relay(ctx, conn)
}

// remoteRequest is the request running args in another process: with
// this one's index, verbosity, language, settings and directory.
func (m *Main) remoteRequest(args []string) []byte {
	env := map[string]string{}
	for _, k := range forwardedEnv {
		if v := m.getenv(k); v != "" {
			env[k] = v
		}
	}
	if m.lang != "" {
		env["PLANBOT_LANG"] = string(m.lang)
	}
	dir := m.Dir
	if dir == "" {
		dir, _ = os.Getwd()
	}
	full := append([]string{"--db", m.DBDir}, args...)
	if m.Verbose {
		full = append([]string{"-v"}, full...)
	}
	p, _ := json.Marshal(request{Args: full, Env: env, Dir: dir, Terminal: m.stdinIsTerminal()})
	return p
}

// relay copies the holder's output to this process's streams, and this
// process's stdin to the holder once the command reads it, until the
// exit code comes.
func (m *Main) relay(ctx context.Context, conn net.Conn) (int, error) {
	r := bufio.NewReader(conn)
	var wmu sync.Mutex
	for {
		typ, p, err := readFrame(r)
		if err != nil {
			if ctx.Err() != nil {
				return m.exitCode(ctx.Err()), nil
			}
			return 0, fmt.Errorf("control socket: %w", err)
		}
		switch typ {
		case frameStdout:
			m.Stdout.Write(p)
		case frameStderr:
			m.Stderr.Write(p)
		case frameWant:
			go m.pumpStdin(conn, &wmu)
		case frameExit:
			if len(p) == 4 {
				return int(binary.BigEndian.Uint32(p)), nil
			}
			return 1, nil
		}
	}
}

// pumpStdin sends this process's stdin to the holder, then its end.
func (m *Main) pumpStdin(conn net.Conn, wmu *sync.Mutex) {
	send := func(typ byte, p []byte) error {
		wmu.Lock()
		defer wmu.Unlock()
		return writeFrame(conn, typ, p)
	}
	buf := make([]byte, 32<<10)
	for {
		n, err := m.Stdin.Read(buf)
		if n > 0 {
			if send(frameStdin, buf[:n]) != nil {
				return
			}
		}
		if err != nil {
			send(frameEOF, nil)
			return
		}
	}
}

// stdinIsTerminal reports whether the command's stdin is a terminal,
// where ask prompts: the caller's, for a command run for another process.
func (m *Main) stdinIsTerminal() bool {
	if m.terminal != nil {
		return *m.terminal
	}
	return isTerminal(m.Stdin)
}

// sleep waits d, or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
