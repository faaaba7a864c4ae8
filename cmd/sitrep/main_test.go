package main

import (
	"context"
	"strings"
	"testing"
)

// The command-line conventions: help goes to stdout and exits 0; usage
// errors go to stderr and exit 2.
func TestHelpAndUsage(t *testing.T) {
	for _, c := range []struct {
		args     []string
		code     int
		stdout   string // substring; "" means empty
		stderr   string
		noStdout bool
	}{
		{args: []string{"-h"}, code: 0, stdout: "commands:"},
		{args: []string{"--help"}, code: 0, stdout: "commands:"},
		{args: []string{"help"}, code: 0, stdout: "commands:"},
		{args: []string{"help", "extract"}, code: 0, stdout: "usage: sitrep extract"},
		{args: []string{"extract", "-h"}, code: 0, stdout: "-format"},
		{args: []string{"ingest", "--help"}, code: 0, stdout: "-feeds"},
		{args: []string{"gazetteer", "--help"}, code: 0, stdout: "usage: sitrep gazetteer"},
		{args: nil, code: 2, stderr: "commands:", noStdout: true},
		{args: []string{"frobnicate"}, code: 2, stderr: `unknown command "frobnicate"`, noStdout: true},
		{args: []string{"extract", "--nope"}, code: 2, stderr: "flag provided but not defined", noStdout: true},
		{args: []string{"extract", "--format", "xml"}, code: 2, stderr: "want table, jsonl, json, csv, geojson", noStdout: true},
		{args: []string{"serve", "extra"}, code: 2, stderr: `unexpected argument "extra"`, noStdout: true},
		{args: []string{"eval", "--only", "nonsense", "--shared", "."}, code: 2, stderr: "unknown section", noStdout: true},
		{args: []string{"version"}, code: 0, stdout: "sitrep "},
		{args: []string{"worker", "--help"}, code: 0, stdout: "-queue"},
		{args: []string{"worker"}, code: 2, stderr: "--queue is needed", noStdout: true},
		{args: []string{"ingest", "--queue", "nats://127.0.0.1:1", "--db", "x.db"}, code: 2, stderr: "with --queue the workers store", noStdout: true},
	} {
		e, out, errb := testEnv(t, "")
		got := run(context.Background(), e, c.args)
		if got != c.code {
			t.Errorf("%q: exit %d, want %d (stderr %q)", c.args, got, c.code, errb)
		}
		if c.stdout != "" && !strings.Contains(out.String(), c.stdout) {
			t.Errorf("%q: stdout %q lacks %q", c.args, out, c.stdout)
		}
		if c.noStdout && out.Len() > 0 {
			t.Errorf("%q: stdout %q, want nothing", c.args, out)
		}
		if c.stderr != "" && !strings.Contains(errb.String(), c.stderr) {
			t.Errorf("%q: stderr %q lacks %q", c.args, errb, c.stderr)
		}
	}
}

// Someone at a terminal who runs extract without input is told that it
// waits for standard input; a pipe is read without a word.
func TestExtractWaitsForStdin(t *testing.T) {
	e, _, errb := testEnv(t, "")
	e.stdinTerminal = true
	if code := run(context.Background(), e, []string{"extract"}); code != 1 {
		t.Logf("exit %d", code) // empty input is a skipped record
	}
	if !strings.Contains(errb.String(), "reading a report from standard input") {
		t.Errorf("stderr %q", errb)
	}
	e, _, errb = testEnv(t, "Rebels shelled Goma.")
	if code := run(context.Background(), e, []string{"extract"}); code != 0 || strings.Contains(errb.String(), "standard input") {
		t.Errorf("piped input: exit %d, stderr %q", code, errb)
	}
}

// A report in another language is said so, by name, not read as English.
func TestExtractForeign(t *testing.T) {
	fr := "Des hommes armés ont attaqué un poste de police dans la ville de Kidal dans la nuit de lundi à mardi, tuant trois policiers, selon une source sécuritaire. " +
		"Les assaillants ont pris la fuite vers le nord. Une enquête a été ouverte par les autorités, qui ont renforcé la sécurité dans la région après cette attaque contre les forces de l'ordre."
	e, out, errb := testEnv(t, `{"id":"fr1","text":"`+fr+`"}`+"\n")
	if code := run(context.Background(), e, []string{"extract", "--format", "jsonl"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	if out.Len() != 0 || !strings.Contains(errb.String(), "stdin:1: the text is in fr") {
		t.Errorf("stdout %q, stderr %q", out, errb)
	}
}
