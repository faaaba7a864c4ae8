package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/sitrep/sitrep/internal/gazetteer"
)

func runGazetteer(ctx context.Context, e *env, args []string) error {
	sub := ""
	if len(args) > 0 {
		sub, args = args[0], args[1:]
	}
	switch sub {
	case "build":
		return gazetteerBuild(ctx, e, args)
	case "import":
		return gazetteerImport(ctx, e, args)
	case "lookup":
		return gazetteerLookup(e, args)
	}
	w := e.stderr
	help := sub == "-h" || sub == "-help" || sub == "--help" || sub == "help"
	if help {
		w = e.stdout
	}
	fmt.Fprintf(w, `usage: sitrep gazetteer <build|import|lookup> [flags] [args]

  build   compile the embedded gazetteer from GeoNames tables
  import  add a GeoNames dump (allCountries.txt, SY.zip…) to the user gazetteer
  lookup  print the places a name may refer to

The user gazetteer lives in %s
(imported *%s tables and %s; $SITREP_DATA or $XDG_DATA_HOME move it).
`, e.dirs().Gazetteer(), gazetteer.ImportExt, gazetteer.PlacesFile)
	switch {
	case help:
		return flag.ErrHelp
	case sub == "":
		return errUsage
	}
	return fmt.Errorf("unknown sub-command %q: %w", sub, errUsage)
}

func gazetteerBuild(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "gazetteer build", "")
	dir := fs.String("geonames", filepath.Join("..", "shared", "gazetteer", "geonames"), "directory of GeoNames' cities500.txt, admin1CodesASCII.txt, admin2Codes.txt and countryInfo.txt")
	out := fs.String("out", filepath.Join("internal", "gazetteer", "data", gazetteer.DefaultFile), "file to write")
	if err := parse(fs, e, args); err != nil {
		return err
	}
	n, err := gazetteer.BuildFile(ctx, *dir, *out)
	if err != nil {
		return err
	}
	fi, _ := os.Stat(*out)
	fmt.Fprintf(e.stderr, "wrote %d places to %s (%.1f MB)\n", n, *out, float64(fi.Size())/1e6)
	return nil
}

func gazetteerImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "gazetteer import", "FILE")
	out := fs.String("out", "", "file to write (default: the user gazetteer directory, named after FILE)")
	countries := fs.String("countries", "", "comma-separated ISO2 codes of countries to keep (default all)")
	if err := parse(fs, e, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	in := fs.Arg(0)
	if *out == "" {
		base := strings.TrimSuffix(filepath.Base(in), filepath.Ext(in))
		*out = filepath.Join(e.dirs().Gazetteer(), base+gazetteer.ImportExt)
	}
	var opt gazetteer.ImportOptions
	if *countries != "" {
		opt.Countries = strings.Split(*countries, ",")
	}
	st, err := gazetteer.ImportFile(ctx, in, *out, opt)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "kept %d of %d rows in %d table(s): %s\n", st.Kept, st.Rows, st.Segments, *out)
	return nil
}

func gazetteerLookup(e *env, args []string) error {
	fs := newFlags(e, "gazetteer lookup", "NAME…")
	if err := parse(fs, e, args); err != nil {
		return err
	}
	g, err := gazetteer.Load(gazetteer.Options{Dir: e.dirs().Gazetteer()})
	if err != nil {
		return err
	}
	return g.WriteLookup(e.stdout, fs.Args())
}
