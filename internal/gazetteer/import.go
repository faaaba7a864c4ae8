package gazetteer

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/klauspost/compress/zstd"
)

// ImportOptions tunes Import.
type ImportOptions struct {
	// Countries keeps only places in these ISO2 countries; empty keeps all.
	Countries []string
	// Segment is how many places are held in memory before they are
	// written out as one table of the file; 0 means 1,000,000.
	Segment int
}

// ImportStats counts what an import read and kept.
type ImportStats struct {
	Rows, Kept, Segments int
}

// keepFeature tells which features of a full dump an import keeps: every
// populated place, admin areas, and the camps, bases and airports that
// conflict reports name.
func keepFeature(class, code string) bool {
	switch class {
	case "P":
		return true
	case "A":
		return code == "ADM1" || code == "ADM2" || code == "ADM3" || code == "ADMD"
	case "S":
		switch code {
		case "CMPRF", "CMP", "CMPLA", "MILB", "INSM", "AIRP", "AIRB", "PRN":
			return true
		}
	case "L":
		return code == "RGN" || code == "CMPRF"
	}
	return false
}

// ImportFile imports a GeoNames dump (allCountries.txt or a country file
// like SY.txt, plain, .zip or .gz) into the gazetteer file out.
func ImportFile(ctx context.Context, path, out string, opt ImportOptions) (ImportStats, error) {
	in, closeIn, err := openDump(path)
	if err != nil {
		return ImportStats{}, err
	}
	defer closeIn()
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return ImportStats{}, err
	}
	// Write beside out and rename, so a failed import leaves the old file.
	f, err := os.CreateTemp(filepath.Dir(out), ".import-*")
	if err != nil {
		return ImportStats{}, err
	}
	defer os.Remove(f.Name())
	bw := bufio.NewWriterSize(f, 1<<20)
	st, err := Import(ctx, path, in, bw, opt)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return st, err
	}
	return st, os.Rename(f.Name(), out)
}

// openDump opens a dump, unwrapping a zip (its .txt member other than
// readme.txt) or gzip.
func openDump(path string) (io.Reader, func(), error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, nil, err
	}
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		fi, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, nil, err
		}
		zr, err := zip.NewReader(f, fi.Size())
		if err != nil {
			f.Close()
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		for _, zf := range zr.File {
			if strings.HasSuffix(zf.Name, ".txt") && !strings.EqualFold(filepath.Base(zf.Name), "readme.txt") {
				rc, err := zf.Open()
				if err != nil {
					f.Close()
					return nil, nil, fmt.Errorf("%s: %s: %w", path, zf.Name, err)
				}
				return rc, func() { rc.Close(); f.Close() }, nil
			}
		}
		f.Close()
		return nil, nil, fmt.Errorf("%s: no GeoNames .txt file in the archive", path)
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		zr, err := gzip.NewReader(f)
		if err != nil {
			f.Close()
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		return zr, func() { zr.Close(); f.Close() }, nil
	}
	return f, func() { f.Close() }, nil
}

// Import reads a GeoNames dump in the standard 19-column format from r
// (named name in errors) and writes the places it keeps (see keepFeature)
// to w as a zstd-compressed gazetteer file. It streams: at most
// opt.Segment places, plus the admin areas, are held in memory at once.
// A malformed row is an error naming the line.
func Import(ctx context.Context, name string, r io.Reader, w io.Writer, opt ImportOptions) (ImportStats, error) {
	var st ImportStats
	seg := opt.Segment
	if seg <= 0 {
		seg = 1_000_000
	}
	keepCC := map[string]bool{}
	for _, c := range opt.Countries {
		keepCC[strings.ToUpper(strings.TrimSpace(c))] = true
	}
	b := newBuilder()
	flush := func() error {
		if len(b.t.ids) == 0 {
			return nil
		}
		st.Segments++
		err := writeCompressed(w, zstd.SpeedDefault, b.finish())
		b = newBuilder()
		return err
	}
	// Admin areas wait for the end, when their seats (the PPLA, PPLA2 or
	// PPLA3 inside them) are known.
	type pending struct {
		p     Place
		names []Name
		seat  string // admin code path its seat is found by
	}
	var admins []pending
	seats := map[string][2]float64{}
	seatPop := map[string]int{}
	err := eachLineOf(name, r, func(line string) error {
		st.Rows++
		if st.Rows%8192 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		row, err := parseRow(line)
		if err != nil {
			return err
		}
		if !keepFeature(row.class, row.code) || len(keepCC) > 0 && !keepCC[row.cc] {
			return nil
		}
		st.Kept++
		p := Place{ID: row.id, Name: row.name, Kind: kindOfFeature(row.code), Feature: row.code, Lat: row.lat, Lon: row.lon,
			CLat: row.lat, CLon: row.lon, Country: row.cc, Admin1: row.a1, Admin2: row.a2, Population: row.pop}
		code := row.cc + "." + row.a1
		switch row.code {
		case "PPLA2", "ADM2":
			code += "." + row.a2
		case "PPLA3", "ADM3":
			code += "." + row.a2 + "." + row.a3
		}
		if row.class == "A" {
			if p.Kind == Admin1 {
				p.Admin2 = ""
			}
			names := row.altNames(adminNames(nil, row.name, row.ascii))
			admins = append(admins, pending{p, names, code})
			return nil
		}
		if row.class == "P" {
			p.Kind = Populated
			switch row.code {
			case "PPLA", "PPLA2", "PPLA3":
				if row.pop >= seatPop[code] {
					seats[code], seatPop[code] = [2]float64{row.lat, row.lon}, row.pop
				}
			}
		}
		b.add(&p, row.names(nil))
		if len(b.t.ids) >= seg {
			return flush()
		}
		return nil
	})
	if err == nil {
		for _, a := range admins {
			if s, ok := seats[a.seat]; ok {
				a.p.Lat, a.p.Lon = s[0], s[1]
			}
			b.add(&a.p, a.names)
			if len(b.t.ids) >= seg {
				if err = flush(); err != nil {
					break
				}
			}
		}
	}
	if err == nil {
		err = flush()
	}
	if err == nil && st.Segments == 0 {
		err = fmt.Errorf("%s: no places kept of %d rows", name, st.Rows)
	}
	return st, err
}
