package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a buffer that a command may write while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var servingURL = regexp.MustCompile(`on (http://[^ ]+/) `)

// TestServe runs sitrep serve in-process on a free port, with the store
// chosen by --db or by SITREP_DB, asks it for its health, and stops it as
// Ctrl-C would.
func TestServe(t *testing.T) {
	for _, tc := range []struct {
		name string
		flag bool // --db, else SITREP_DB
	}{{"flag", true}, {"environment", false}} {
		t.Run(tc.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "store", "sitrep.db")
			openStore(t, db).Close()
			args := []string{"serve", "--addr", "127.0.0.1:0"}
			vars := map[string]string{"HOME": t.TempDir()}
			if tc.flag {
				args = append(args, "--db", db)
			} else {
				vars["SITREP_DB"] = db
			}
			var stderr syncBuffer
			e := serveEnv(&stderr, func(k string) string { return vars[k] })
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			code := make(chan int)
			go func() { code <- run(ctx, e, args) }()

			var base string
			for deadline := time.Now().Add(10 * time.Second); base == ""; {
				if m := servingURL.FindStringSubmatch(stderr.String()); m != nil {
					base = m[1]
				} else if time.Now().After(deadline) {
					t.Fatalf("no URL logged: %q", stderr.String())
				}
				time.Sleep(10 * time.Millisecond)
			}
			res, err := http.Get(base + "healthz")
			if err != nil {
				t.Fatal(err)
			}
			var h struct{ Status string }
			err = json.NewDecoder(res.Body).Decode(&h)
			res.Body.Close()
			if err != nil || res.StatusCode != http.StatusOK || h.Status != "ok" {
				t.Fatalf("healthz: %d %+v %v", res.StatusCode, h, err)
			}
			cancel()
			select {
			case c := <-code:
				if c != 0 {
					t.Errorf("exit code %d after Ctrl-C; stderr:\n%s", c, stderr.String())
				}
			case <-time.After(15 * time.Second):
				t.Fatal("sitrep serve did not stop")
			}
			if !strings.Contains(stderr.String(), "stopped") {
				t.Errorf("stderr %q", stderr.String())
			}
		})
	}
}

func TestServeErrors(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "sitrep.db")
	openStore(t, db).Close()
	odd := filepath.Join(dir, "a?b.db")
	os.WriteFile(odd, nil, 0o644)
	missing := filepath.Join(dir, "typo.db")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"serve", "--db", db, "extra"}, 2, "unexpected argument"},
		{[]string{"serve", "--db", db, "--addr", "nonsense"}, 1, "listening on nonsense"},
		{[]string{"serve", "--nope"}, 2, "flag provided but not defined"},
		{[]string{"serve", "--db", odd}, 1, "may not contain"},
		{[]string{"serve", "--db", missing}, 1, "store " + missing + " does not exist"},
	} {
		var stderr syncBuffer
		e := serveEnv(&stderr, func(string) string { return "" })
		if c := run(context.Background(), e, tc.args); c != tc.code || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, c, stderr.String(), tc.code, tc.want)
		}
	}
	if _, err := os.Stat(missing); err == nil {
		t.Errorf("serve made the missing store %s", missing)
	}
}

// serveEnv is an env for running a command in a test.
func serveEnv(stderr *syncBuffer, getenv func(string) string) *env {
	return &env{stdin: strings.NewReader(""), stdout: new(bytes.Buffer), stderr: stderr, getenv: getenv}
}
