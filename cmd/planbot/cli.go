package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/planbot/planbot/internal/lang"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/store"
)

// version is set at build time (scripts/build: -X main.version=…); a
// go install'ed binary reports its module version instead.
var version = ""

// command is a subcommand, declared as data so that the help, the
// suggestions and the dispatch read one list.
type command struct {
	name, args string
	zh, en     string // one-line summary in each language
	run        func(m *Main, ctx context.Context, args []string) error
	// index: the command works on the index, and when another planbot
	// holds it, runs in that planbot through its control socket.
	index bool
}

// commands are planbot's subcommands, each in the file of its name. (A
// function, not a variable: the commands run commands for others.)
func commands() []command {
	return []command{
		{"ask", "[--json | --explain] [QUESTION | -]", "回答一个问题（不给问题：交互；-：每行一个问题）", "answer a question (none: interactive; -: one per stdin line)", (*Main).runAsk, true},
		{"ingest", "[--region R] [--genre G] [--year Y] [--title T] [--id ID] FILE...", "收录或更新文件", "add documents, or replace them with a corrected version", (*Main).runIngest, true},
		{"docs", "[--json]", "列出已收录的文件", "list the documents in the index", (*Main).runDocs, true},
		{"tasks", "[DOC]", "列出文件的编号任务", "list the numbered tasks of a document", (*Main).runTasks, true},
		{"diff", "OLD [NEW]", "比较两份文件或两个版本", "show what changed between two documents or versions", (*Main).runDiff, true},
		{"digest", "--print | --json [--region R] [--for ID] [--since D] [--tz ZONE]", "在终端显示每日指标摘要", "render the daily indicator digest", (*Main).runDigest, true},
		{"check", "", "校验整个索引（校验和与一致性）；损坏时退出码为 3", "verify the whole index (checksums and consistency); exit 3 when damaged", (*Main).runCheck, true},
		{"reindex", "", "重新索引全部文件；索引损坏时用完好的内容重建", "index every document again; rebuild a damaged index from what it still holds", (*Main).runReindex, true},
		{"backup", "FILE", "把索引备份到文件（运行中也可以）", "write a snapshot of the index to FILE (while it serves, too)", (*Main).runBackup, true},
		{"restore", "FILE", "从备份文件恢复索引到 --db 指定的新目录", "make the index (--db, a new directory) from a backup FILE", (*Main).runRestore, false},
		{"feedback", "[--bad]", "导出回答的反馈（JSON 行）", "export answer feedback as JSON lines", (*Main).runFeedback, true},
		{"serve", "[--http ADDR] [--watch DIR] [...]", "运行 Slack 机器人", "run the Slack bot (Socket Mode unless --http)", (*Main).runServe, false},
		{"healthcheck", "[URL]", "运行中的 planbot 的 /healthz 正常时退出码为 0（Docker）", "exit 0 when a running planbot's /healthz answers (Docker)", (*Main).runHealthcheck, false},
		{"version", "", "显示版本", "print the version", (*Main).runVersion, false},
		{"help", "[COMMAND]", "显示帮助", "show this help, or a command's", (*Main).runHelp, false},
	}
}

func findCommand(name string) *command {
	cs := commands()
	for i := range cs {
		if cs[i].name == name {
			return &cs[i]
		}
	}
	return nil
}

// Run runs the command args name and returns the process exit code.
// Global flags (--db, -v, --lang) may stand before the command or among
// its own flags.
func (m *Main) Run(ctx context.Context, args []string) int {
	rest, err := m.globalFlags(args)
	if err != nil {
		return m.exitCode(err)
	}
	if len(rest) == 0 {
		fmt.Fprint(m.Stderr, m.usage())
		return 2
	}
	name, rest := rest[0], rest[1:]
	if name == "-h" || name == "--help" {
		name = "help"
	}
	if name == "--version" {
		name = "version"
	}
	cmd := findCommand(name)
	if cmd == nil {
		msg := m.t("没有 %q 这个命令", "unknown command %q")
		if s := suggest(name); s != "" {
			msg += m.t("；你是想用 %s 吗？", "; did you mean %s?")
			return m.exitCode(plan.Errorf(plan.EINVALID, msg+m.t("（planbot help 列出全部命令）", " (planbot help lists the commands)"), name, s))
		}
		return m.exitCode(plan.Errorf(plan.EINVALID, msg+m.t("（planbot help 列出全部命令）", " (planbot help lists the commands)"), name))
	}
	err = cmd.run(m, ctx, rest)
	if errors.Is(err, errIndexBusy) && cmd.index && !m.remote {
		return m.runElsewhere(ctx, append([]string{name}, rest...))
	}
	return m.exitCode(err)
}

// globalFlags reads the global flags standing before the command and
// returns the rest; it also sets the language from the environment.
func (m *Main) globalFlags(args []string) ([]string, error) {
	m.DBDir = m.getenv("PLANBOT_DB")
	if m.DBDir == "" {
		m.DBDir, _ = store.DefaultDir() // "" without $HOME: store.Open then says to choose --db or PLANBOT_DB
	}
	langFlag := ""
	defer func() { m.lang = lang.Terminal(langFlag, m.getenv) }()
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && args[0] != "-" {
		name, value, hasValue := strings.Cut(strings.TrimLeft(args[0], "-"), "=")
		take := func() (string, error) {
			if hasValue {
				return value, nil
			}
			if len(args) < 2 {
				return "", plan.Errorf(plan.EINVALID, "flag needs an argument: -%s", name)
			}
			args = args[1:]
			return args[0], nil
		}
		var err error
		switch name {
		case "db":
			m.DBDir, err = take()
		case "lang":
			langFlag, err = take()
		case "v":
			m.Verbose = true
		case "h", "help", "version":
			return args, nil
		default:
			lang := lang.Terminal(langFlag, m.getenv)
			return nil, plan.Errorf(plan.EINVALID, lang.T("未知的全局参数 %s（planbot help 列出全部参数）", "flag provided but not defined: %s (planbot help lists the flags)"), args[0])
		}
		if err != nil {
			return nil, err
		}
		args = args[1:]
	}
	return args, nil
}

// suggest names the command nearest to a mistyped one ("aks": ask).
func suggest(name string) string {
	best, dist := "", 3
	for _, c := range commands() {
		if d := editDistance(name, c.name); d < dist || (strings.HasPrefix(c.name, name) && len(name) >= 2 && d <= dist) {
			best, dist = c.name, d
		}
	}
	return best
}

// editDistance is the Damerau–Levenshtein distance (optimal string
// alignment), so a swap of two letters counts one.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range rb {
		d[0][j+1] = j + 1
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// usage is the top-level help: the commands, every command's flags (read
// from the commands themselves), and the global flags.
func (m *Main) usage() string {
	var b strings.Builder
	b.WriteString(m.t("planbot 回答政府计划文件（国民经济和社会发展计划、执行情况报告）里的数字问题。\n\n用法：\n",
		"planbot answers questions about government development plans.\n\nUsage:\n"))
	for _, c := range commands() {
		fmt.Fprintf(&b, "  planbot %-12s %s\n      %s\n", c.name, c.args, m.t(c.zh, c.en))
		if fs := m.commandFlags(c.name); fs != nil {
			writeFlags(&b, "        ", fs, true)
		}
	}
	b.WriteString(m.t(`
全局参数（放在命令前或命令的参数中）：
  --db DIR      索引目录（默认 $PLANBOT_DB，否则 ~/.local/share/planbot）
  --lang zh|en  终端文字的语言（默认 $PLANBOT_LANG，否则按系统语言环境，再否则英文）
  -v            输出更多日志

从未存过文件的索引首次使用时会载入内置的示例文件。planbot serve 运行时，其他命令
通过索引目录中的控制套接字（planbot.sock，仅本用户可用）在 serve 进程中执行，结果相同。

退出码：0 成功；2 输入有误；3 索引损坏（planbot check）；4 磁盘已满；130 被中断；1 其他错误。
`, `
Global flags (before the command, or among its flags):
  --db DIR      the index directory (default $PLANBOT_DB, else ~/.local/share/planbot)
  --lang zh|en  the language of terminal text (default $PLANBOT_LANG, else the locale, else English)
  -v            log more

An index that never held a document is filled with the embedded seed
document on first use. While another planbot (planbot serve) holds the index,
the other commands run in it through the control socket in the index
directory (planbot.sock, owner only), with the same results.

Exit status: 0 success, 2 bad input, 3 damaged index (see planbot check),
4 disk full, 130 interrupted, 1 anything else.
`))
	return b.String()
}

func globalFlag(name string) bool { return name == "db" || name == "v" || name == "lang" }

// flagName is how help shows a flag: --json, --id ID, -v.
func flagName(f *flag.Flag) string {
	n := "--" + f.Name
	if len(f.Name) == 1 {
		n = "-" + f.Name
	}
	if name, _ := flag.UnquoteUsage(f); name != "" {
		n += " " + strings.ToUpper(name)
	}
	return n
}

// commandFlags returns a command's flags, by asking it for its help with
// its output discarded.
func (m *Main) commandFlags(name string) *flag.FlagSet {
	c := findCommand(name)
	if c == nil || !slices.Contains([]string{"ask", "ingest", "docs", "tasks", "diff", "digest", "feedback", "serve"}, name) {
		return nil
	}
	probe := &Main{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard, lang: m.lang, Getenv: m.Getenv, probing: true}
	c.run(probe, context.Background(), []string{"-h"})
	return probe.lastFlags
}

// runHelp prints the top-level help, or a command's.
func (m *Main) runHelp(ctx context.Context, args []string) error {
	if len(args) > 0 {
		if c := findCommand(args[0]); c != nil && c.name != "help" {
			if fs := m.commandFlags(c.name); fs != nil {
				m.printUsage(m.Stdout, fs, c)
				return nil
			}
			fmt.Fprintf(m.Stdout, "planbot %s %s\n  %s\n", c.name, c.args, m.t(c.zh, c.en))
			return nil
		}
	}
	fmt.Fprint(m.Stdout, m.usage())
	return nil
}

// runVersion prints the version: the one the build set, or the module's
// with its commit.
func (m *Main) runVersion(ctx context.Context, args []string) error {
	fmt.Fprintln(m.Stdout, "planbot", versionString())
	return nil
}

func versionString() string {
	v := version
	info, ok := debug.ReadBuildInfo()
	if v == "" && ok && info.Main.Version != "" {
		v = info.Main.Version
	}
	if ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " (" + s.Value[:12] + ")"
			}
		}
	}
	if v == "" {
		v = "dev"
	}
	return v
}

// exitCode reports err in the one place errors become exit codes: 2 for
// bad input, 3 for a damaged index, 4 for a full disk, 130 when
// interrupted, 1 for everything else.
func (m *Main) exitCode(err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(m.Stderr, m.t("planbot：已中断", "planbot: interrupted"))
		return 130
	}
	msg := lang.Pick(m.lang, err.Error())
	switch plan.ErrorCode(err) {
	case plan.EINVALID, plan.ENOTFOUND, plan.ECONFLICT:
		fmt.Fprintf(m.Stderr, "planbot: %s\n", msg)
		return 2
	case plan.ECORRUPT:
		fmt.Fprintf(m.Stderr, "planbot: %s\n", msg)
		return 3
	case plan.ENOSPACE:
		fmt.Fprintf(m.Stderr, "planbot: %s\n", msg)
		return 4
	}
	fmt.Fprintf(m.Stderr, "planbot: %s\n", msg)
	return 1
}

// t returns the text of the terminal's language.
func (m *Main) t(zh, en string) string { return m.lang.T(zh, en) }

// getenv reads the environment: the caller's, for a command run for
// another planbot process.
func (m *Main) getenv(k string) string {
	if m.Getenv != nil {
		return m.Getenv(k)
	}
	return os.Getenv(k)
}

// flags returns a FlagSet with the global flags registered; parse errors
// are reported once, by exitCode. (The synopsis the call sites pass is
// the command table's now; help reads it there.)
func (m *Main) flags(name, _ string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&m.DBDir, "db", m.DBDir, m.t("索引目录（$PLANBOT_DB）", "index directory ($PLANBOT_DB)"))
	fs.BoolVar(&m.Verbose, "v", m.Verbose, m.t("输出更多日志", "log more"))
	fs.Func("lang", m.t("终端文字的语言：zh 或 en（$PLANBOT_LANG）", "language of terminal text: zh or en ($PLANBOT_LANG)"), func(s string) error {
		l, ok := lang.Parse(s)
		if !ok {
			return errors.New("want zh or en")
		}
		m.lang = l
		return nil
	})
	c := findCommand(name)
	fs.Usage = func() {
		if c != nil {
			m.printUsage(m.Stderr, fs, c)
		}
	}
	m.lastFlags = fs
	return fs
}

// printUsage prints a command's usage and flags.
func (m *Main) printUsage(w io.Writer, fs *flag.FlagSet, c *command) {
	fmt.Fprintf(w, m.t("用法：planbot %s %s\n  %s\n\n参数：\n", "Usage: planbot %s %s\n  %s\n\nFlags:\n"), c.name, c.args, m.t(c.zh, c.en))
	writeFlags(w, "  ", fs, false)
}

// writeFlags lists a FlagSet's flags, their descriptions in one column.
func writeFlags(w io.Writer, indent string, fs *flag.FlagSet, skipGlobal bool) {
	var names, usages []string
	fs.VisitAll(func(f *flag.Flag) {
		if !skipGlobal || !globalFlag(f.Name) {
			names = append(names, flagName(f))
			usages = append(usages, f.Usage)
		}
	})
	width := 0
	for _, n := range names {
		width = max(width, len(n))
	}
	for i, n := range names {
		fmt.Fprintf(w, "%s%-*s  %s\n", indent, width, n, usages[i])
	}
}

// parseArgs parses flags that may stand anywhere among the arguments
// (`planbot ask "问题" --json`), returning the positional arguments. A
// bad flag is EINVALID (exit 2), reported once; -h prints the command's
// help on stdout.
func (m *Main) parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				if c := findCommand(fs.Name()); c != nil && !m.probing {
					m.printUsage(m.Stdout, fs, c)
				}
				return nil, err
			}
			return nil, plan.Errorf(plan.EINVALID, "%v (%s)", err, m.t("planbot help "+fs.Name()+" 列出它的参数", "planbot help "+fs.Name()+" lists its flags"))
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
