// Command planbot answers questions about government development plans:
// from the terminal (ask, ingest, docs, diff, digest) or as a Slack bot
// (serve). Run `planbot help` for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	// Time zones for digest schedules (Asia/Shanghai) on images without
	// tzdata, such as the distroless one the Dockerfile uses.
	_ "time/tzdata"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := NewMain(os.Stdin, os.Stdout, os.Stderr)
	code := m.Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// usage is the top-level help.
const usage = `planbot answers questions about government development plans.

Usage:
  planbot ask [--json] [QUESTION | -]   answer a question (no question: interactive; -: one per stdin line)
  planbot ingest [--id ID] [--region R] FILE...   add or replace documents
  planbot docs [--json]                 list the documents in the index
  planbot tasks [DOC]                   list the numbered tasks of a document
  planbot diff OLD NEW                  show what changed between two documents or versions
  planbot digest --print                render the daily indicator digest
  planbot feedback                      export answer feedback as JSON lines
  planbot serve [--http ADDR]           run the Slack bot (Socket Mode unless --http)
  planbot healthcheck [URL]             exit 0 when a running planbot's /healthz answers (Docker)

Global flags (any command):
  --db DIR      the index directory (default $PLANBOT_DB, else ~/.local/share/planbot)
  -v            log more

An empty index is filled with the embedded seed document on first use.
`
