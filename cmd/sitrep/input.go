package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/document"
)

// readDocuments calls fn for every document in paths (stdin when none).
// TEMPORARY: plain text and JSON Lines with "text" only, until
// internal/ingest and internal/document read every format.
func readDocuments(ctx context.Context, e *env, paths []string, fn func(document.Document) error) error {
	if len(paths) == 0 {
		return readOne(ctx, "stdin", e.stdin, fn)
	}
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		err = readOne(ctx, p, f, fn)
		f.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

func readOne(ctx context.Context, name string, r io.Reader, fn func(document.Document) error) error {
	br := bufio.NewReaderSize(r, 1<<20)
	head, _ := br.Peek(1)
	if len(head) == 1 && head[0] == '{' {
		sc := bufio.NewScanner(br)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		line := 0
		for sc.Scan() {
			line++
			if err := ctx.Err(); err != nil {
				return err
			}
			if len(bytes.TrimSpace(sc.Bytes())) == 0 {
				continue
			}
			var rec struct {
				ID, Text, URL, Outlet, Author, Title string
				Published                            *string
			}
			if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
				return fmt.Errorf("%s:%d: %w", name, line, err)
			}
			d := document.Document{ID: rec.ID, Source: fmt.Sprintf("%s:%d", name, line), Text: rec.Text, URL: rec.URL, Outlet: rec.Outlet, Author: rec.Author, Title: rec.Title}
			if rec.Published != nil {
				d.Published, _ = time.Parse("2006-01-02", *rec.Published)
			}
			if err := fn(d); err != nil {
				return err
			}
		}
		return sc.Err()
	}
	data, err := io.ReadAll(br)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	sum := sha256.Sum256(data)
	id := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	return fn(document.Document{ID: id, Source: name, Text: string(data), Hash: hex.EncodeToString(sum[:])})
}
