package store

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/planbot/planbot/plan"
)

// A backup file is backupMagic, badger's backup stream, then a trailer:
// the stream's length (8 bytes, big-endian) and its SHA-256. badger's
// stream has no end mark, so a backup cut at a record boundary would
// load as a smaller, valid index: the trailer tells it from a whole one.
const backupMagic = "PLANBOT-BACKUP 1\n"

const trailerSize = 8 + sha256.Size

// Backup writes a consistent snapshot of the whole index (documents,
// their versions, the bot's state) to w while the index goes on serving:
// the snapshot is of one moment.
func (s *DB) Backup(ctx context.Context, w io.Writer) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, err := io.WriteString(w, backupMagic); err != nil {
		return fmt.Errorf("back up index %s: %w", s.dir, err)
	}
	h := sha256.New()
	cw := &countWriter{w: io.MultiWriter(w, h)}
	if _, err := s.db.Backup(cw, 0); err != nil {
		return s.storageErr(fmt.Errorf("back up index %s: %w", s.dir, err))
	}
	trailer := binary.BigEndian.AppendUint64(nil, uint64(cw.n))
	if _, err := w.Write(h.Sum(trailer)); err != nil {
		return fmt.Errorf("back up index %s: %w", s.dir, err)
	}
	return nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// backupStream checks a backup file's header and trailer and returns its
// badger stream.
func backupStream(r io.ReaderAt, size int64) (io.Reader, error) {
	bad := func(why string) error {
		return plan.Errorf(plan.EINVALID, "not a whole planbot backup (%s): use a file `planbot backup` wrote, copied whole", why)
	}
	head := make([]byte, len(backupMagic))
	if size < int64(len(backupMagic)+trailerSize) {
		return nil, bad("too short")
	}
	if _, err := r.ReadAt(head, 0); err != nil || string(head) != backupMagic {
		return nil, bad("no backup header")
	}
	trailer := make([]byte, trailerSize)
	if _, err := r.ReadAt(trailer, size-trailerSize); err != nil {
		return nil, bad(err.Error())
	}
	n := int64(binary.BigEndian.Uint64(trailer))
	if n != size-int64(len(backupMagic))-trailerSize {
		return nil, bad("cut off, or with bytes added")
	}
	stream := io.NewSectionReader(r, int64(len(backupMagic)), n)
	h := sha256.New()
	if _, err := io.Copy(h, stream); err != nil {
		return nil, bad(err.Error())
	}
	if !bytes.Equal(h.Sum(nil), trailer[8:]) {
		return nil, bad("its checksum does not match: damaged")
	}
	return io.NewSectionReader(r, int64(len(backupMagic)), n), nil
}

// Restore makes the index in dir from a backup Backup wrote. dir must not
// hold an index already (restoring over one would mix the two): the
// index is loaded beside it, checked, and only then moved into place, so
// a bad or cut-off backup leaves nothing behind.
func Restore(ctx context.Context, dir string, file io.ReaderAt, size int64, opt Options) (*CheckReport, error) {
	r, err := backupStream(file, size)
	if err != nil {
		return nil, err
	}
	if st, err := inspectDir(dir); err == nil && (st.manifest || st.data || st.marker) {
		return nil, plan.Errorf(plan.ECONFLICT, "%s already holds an index: restore into a new directory (--db), or move this one aside first", dir)
	}
	tmp := dir + ".restoring"
	if err := os.RemoveAll(tmp); err != nil {
		return nil, fmt.Errorf("restore %s: %w", dir, err)
	}
	if err := os.MkdirAll(tmp, 0o700); err != nil {
		return nil, fmt.Errorf("restore %s: %w", dir, err)
	}
	fail := func(err error) (*CheckReport, error) {
		os.RemoveAll(tmp)
		return nil, err
	}
	bdb, err := openBadger(tmp, opt.withDefaults())
	if err != nil {
		return fail(fmt.Errorf("restore %s: %w", dir, err))
	}
	if err := bdb.Load(bufio.NewReaderSize(r, 1<<20), 256); err != nil {
		bdb.Close()
		return fail(plan.Errorf(plan.EINVALID, "the backup does not load (%v)", brief(err)))
	}
	if err := bdb.Close(); err != nil {
		return fail(fmt.Errorf("restore %s: %w", dir, err))
	}
	db, err := Open(tmp, opt)
	if err != nil {
		return fail(fmt.Errorf("restore %s: the restored index does not open: %w", dir, err))
	}
	rep, err := db.Check(ctx)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fail(fmt.Errorf("restore %s: %w", dir, err))
	}
	if !rep.OK() {
		return fail(plan.Errorf(plan.ECORRUPT, "the backup restores a damaged index (%d problems, first: %s): use an older backup", len(rep.Problems), rep.Problems[0]))
	}
	if err := os.Remove(dir); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fail(fmt.Errorf("restore %s: %w", dir, err))
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fail(fmt.Errorf("restore %s: %w", dir, err))
	}
	return rep, nil
}
