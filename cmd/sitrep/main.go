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

	"github.com/sitrep/sitrep/internal/buildinfo"
	"github.com/sitrep/sitrep/internal/paths"
	"github.com/sitrep/sitrep/internal/pipeline"
)

// env is what a command may touch of the outside world, so tests can run commands in-process.
type env struct {
	stdin         io.Reader
	stdout        io.Writer
	stderr        io.Writer
	getenv        func(string) string
	terminal      bool // stdout is a terminal: print tables
	stdinTerminal bool // stdin is a terminal: nobody is piping anything in
}

func (e *env) dirs() paths.Dirs { return paths.FromEnv(e.getenv) }

func (e *env) stack() *pipeline.Stack { return pipeline.NewStack(e.dirs()) }

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
		{"worker", "take work queued by ingest --queue: read, code, store and fuse it", runWorker},
		{"serve", "serve the HTTP API and the situation map", runServe},
		{"reprocess", "re-read stored documents after lexicons or the gazetteer changed", runReprocess},
		{"eval", "score extraction against the gold files in ../shared/eval", runEval},
		{"bench", "measure throughput and memory on a corpus", runBench},
		{"gazetteer", "build the embedded gazetteer or import a GeoNames dump", runGazetteer},
		{"version", "print the version and the source revision it was built from", runVersion},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv,
		terminal: isTerminal(os.Stdout), stdinTerminal: isTerminal(os.Stdin)}
	os.Exit(run(ctx, e, os.Args[1:]))
}

func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		usage(e.stderr)
		return 2
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		if len(args) > 1 && args[0] == "help" {
			return run(ctx, e, []string{args[1], "-h"})
		}
		usage(e.stdout)
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
			if msg := err.Error(); msg != errUsage.Error() {
				fmt.Fprintf(e.stderr, "sitrep %s: %s\n", c.name, msg)
			}
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

// errUsage marks a usage error (exit 2). Alone, its message was already
// printed; wrapped, the wrapping message is printed.
var errUsage = errors.New("usage")

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: sitrep <command> [flags] [args]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'sitrep <command> -h' for a command's flags.")
}

// newFlags returns a flag set whose usage goes to stdout when asked for
// (-h) and to stderr after a mistake.
func newFlags(e *env, name, args string) *flag.FlagSet {
	fs := flag.NewFlagSet("sitrep "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: sitrep %s [flags] %s\n", name, args)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags, turning a flag error into errUsage (the flag package
// printed it); -h prints the usage to stdout.
func parse(fs *flag.FlagSet, e *env, args []string) error {
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(e.stdout)
			fs.Usage()
			return flag.ErrHelp
		}
	}
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	return nil
}

// noArgs refuses arguments to a command that takes none.
func noArgs(fs *flag.FlagSet) error {
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: %w", fs.Arg(0), errUsage)
	}
	return nil
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func runVersion(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "version", "")
	if err := parse(fs, e, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, buildinfo.String())
	return nil
}
