package bot

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/planbot/planbot/extract"
	"github.com/planbot/planbot/library"
	"github.com/planbot/planbot/parse"
)

// fileShared adds a document an admin shared with planbot in a DM, and
// says what it added.
func (b *Bot) fileShared(ctx context.Context, e *slackevents.FileSharedEvent) error {
	if b.svc.Library == nil {
		return nil
	}
	if !slices.Contains(b.cfg.Admins, e.UserID) {
		b.log.Info("file shared by a user who is not an admin; ignored", "user", e.UserID, "file", e.FileID)
		return nil
	}
	info, err := b.retry(ctx, "files.info", func() (any, error) {
		f, _, _, err := b.api.GetFileInfoContext(ctx, e.FileID, 0, 0)
		return f, err
	})
	if err != nil {
		b.log.Error("files.info failed", "file", e.FileID, "err", err)
		return fmt.Errorf("files.info %s: %w", e.FileID, err)
	}
	f := info.(*slack.File)
	if !strings.HasPrefix(e.ChannelID, "D") && !isIM(f) {
		return nil // only files shared with planbot in a DM
	}
	msg := b.ingestFile(ctx, f)
	if _, err := b.post(ctx, e.ChannelID, "", msg); err != nil {
		return fmt.Errorf("reply to file %s: %w", e.FileID, err)
	}
	return nil
}

func isIM(f *slack.File) bool { return len(f.IMs) > 0 }

// ingestFile downloads a file an admin shared in a DM (text, PDF, Word or
// a saved web page) and adds it to the library.
func (b *Bot) ingestFile(ctx context.Context, f *slack.File) Message {
	if f.Size > parse.DefaultMaxBytes {
		return Message{Text: fmt.Sprintf("文件 %s 太大（%d 字节）：计划文件的文本不超过 %d MB。", escape(f.Name), f.Size, parse.DefaultMaxBytes>>20)}
	}
	url := f.URLPrivateDownload
	if url == "" {
		url = f.URLPrivate
	}
	var buf bytes.Buffer
	if _, err := b.retry(ctx, "files.download", func() (any, error) {
		buf.Reset()
		return nil, b.api.GetFileContext(ctx, url, &buf)
	}); err != nil {
		b.log.Error("file download failed", "file", f.ID, "err", err)
		return Message{Text: "无法下载这个文件，请稍后再试。"}
	}
	// Without the files:read scope Slack answers with its sign-in page,
	// which would be read as a web page.
	if f.Filetype != "html" && extract.Detect(f.Name, buf.Bytes()) == extract.HTML && extract.Detect(f.Name, nil) != extract.HTML {
		b.log.Error("file download gave a web page, not the file: does the app have the files:read scope?", "file", f.ID)
		return Message{Text: "无法下载这个文件：Slack 返回的是登录页面，而不是文件（请确认应用有 files:read 权限）。"}
	}
	res, err := b.svc.Library.Add(ctx, f.Name, buf.Bytes(), parse.Options{})
	if err != nil {
		return b.errorMessage(err)
	}
	return Message{Text: "已收录：" + escape(addedLine(res))}
}

// addedLine says what a shared file added: the ingest report, the changes
// it made and the subscribers told, and why nothing was stored when the
// file was an earlier version.
func addedLine(r library.Result) string {
	line := fmt.Sprintf("%s（%d 处变化，通知 %d 人）", r.String(), r.Changes, r.Queued)
	if r.Note != "" {
		line += "\n" + r.Note
	}
	return line
}
