package datafile

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	var got []string
	read := func(r io.Reader, source string) error {
		b, err := io.ReadAll(r)
		got = append(got, filepath.Base(source)+"="+string(b))
		return err
	}
	if err := Read(strings.NewReader("default"), "words.txt", dir, "words.txt", read); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "words.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Read(strings.NewReader("default"), "words.txt", dir, "words.txt", read); err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "words.txt=default,words.txt=default,words.txt=mine" {
		t.Fatalf("read %q", got)
	}
	if err := os.Mkdir(filepath.Join(dir, "dir.txt"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Read(strings.NewReader(""), "dir.txt", dir, "dir.txt", read); err == nil {
		t.Fatal("a directory where the file should be is an error")
	}
}
