package main

import (
	"context"
	"fmt"
	"log"
	"net"
	"time"

	"github.com/sitrep/sitrep/internal/backend"
	"github.com/sitrep/sitrep/internal/serve"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve", "")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on, HOST:PORT (port 0 picks a free one)")
	db := fs.String("db", "", dbUsage)
	if err := parse(fs, e, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	path := e.dirs().StoreOr(*db)
	s, err := backend.OpenExisting(ctx, path)
	if err != nil {
		return err
	}
	defer s.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", *addr, err)
	}
	logger := log.New(e.stderr, "sitrep serve: ", log.LstdFlags)
	logger.Printf("serving %s on http://%s/ (Ctrl-C stops)", s, ln.Addr())
	err = serve.Serve(ctx, ln, serve.New(s, serve.Options{Log: logger}), 10*time.Second)
	if err == nil && ctx.Err() != nil {
		logger.Printf("stopped")
	}
	return err
}
