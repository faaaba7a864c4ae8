// Command sitrep turns news reports into sourced conflict events.
//
// Each sub-command lives in its own file and only parses flags, opens what it
// needs and hands over to the packages under internal/.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// env is what a command may touch of the outside world, so tests can run commands in-process.
type env struct {
	stdin    io.Reader
	stdout   io.Writer
	stderr   io.Writer
	getenv   func(string) string
	terminal bool // stdout is a terminal: print tables and progress
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

func commands() []command {
	return []command{
		{"extract", "read reports and print the events in them", runExtract},
		{"places", "print every place mentioned in reports, resolved", runPlaces},
		{"ingest", "store reports from files, folders, WARC archives or feeds", runIngest},
		{"serve", "serve the HTTP API and the situation map", runServe},
		{"reprocess", "re-read stored documents after lexicons or the gazetteer changed", runReprocess},
		{"eval", "score extraction against the gold files in ../shared/eval", runEval},
		{"bench", "measure throughput and memory on a corpus", runBench},
		{"gazetteer", "build the embedded gazetteer or import a GeoNames dump", runGazetteer},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, terminal: isTerminal(os.Stdout)}
	os.Exit(run(ctx, e, os.Args[1:]))
}

func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(e.stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, e, args[1:])
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			return 2
		case errors.Is(err, context.Canceled):
			fmt.Fprintf(e.stderr, "sitrep %s: interrupted\n", c.name)
			return 130
		}
		fmt.Fprintf(e.stderr, "sitrep %s: %v\n", c.name, err)
		return 1
	}
	fmt.Fprintf(e.stderr, "sitrep: unknown command %q\n\n", args[0])
	usage(e.stderr)
	return 2
}

// errUsage reports a usage error whose message was already printed.
var errUsage = errors.New("usage")

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: sitrep <command> [flags] [args]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'sitrep <command> -h' for a command's flags.")
}

// newFlags returns a flag set that prints its usage to the command's stderr.
func newFlags(e *env, name, args string) *flag.FlagSet {
	fs := flag.NewFlagSet("sitrep "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: sitrep %s [flags] %s\n", name, args)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags, turning a flag error into errUsage (the flag package printed it).
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
