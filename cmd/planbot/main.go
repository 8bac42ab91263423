// Command planbot answers questions about government development plans:
// from the terminal (ask, ingest, docs, tasks, diff, digest) or as a Slack
// bot (serve). Run `planbot help` for the commands. This package only
// opens the index, builds the parts around it and renders their results;
// each command is a file of its own.
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
	m.Close()
	stop()
	os.Exit(code)
}
