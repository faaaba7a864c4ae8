package event

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
)

// countriesFile holds ACLED's iso and region of each country; see its
// header.
//
//go:embed data/countries.txt
var countriesFile string

// country is what ACLED's columns say of a country besides its name.
type country struct {
	iso    int    // ISO 3166-1 numeric; 0 when unknown
	region string // ACLED's region; "" when unknown
}

// countries is the table of countriesFile, read once; it is never changed.
var countries = sync.OnceValue(func() map[string]country {
	m, err := parseCountries(strings.NewReader(countriesFile), "data/countries.txt")
	if err != nil {
		panic(err) // the embedded file is tested
	}
	return m
})

// countryOf looks up a country by its ISO 3166-1 alpha-2 code, in any case.
func countryOf(code string) country {
	return countries()[strings.ToUpper(code)]
}

// parseCountries reads lines of CODE<TAB>NUMERIC<TAB>REGION; name names the
// input in errors.
func parseCountries(r io.Reader, name string) (map[string]country, error) {
	m := map[string]country{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			return nil, fmt.Errorf("%s:%d: want CODE<TAB>NUMERIC<TAB>REGION, not %q", name, n, line)
		}
		code, region := f[0], strings.TrimSpace(f[2])
		iso, err := strconv.Atoi(f[1])
		switch {
		case len(code) != 2 || strings.ToUpper(code) != code || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z':
			return nil, fmt.Errorf("%s:%d: %q is not an ISO 3166-1 alpha-2 code", name, n, code)
		case err != nil || iso < 0 || iso > 999:
			return nil, fmt.Errorf("%s:%d: %q is not an ISO 3166-1 numeric code", name, n, f[1])
		case region == "":
			return nil, fmt.Errorf("%s:%d: no region", name, n)
		case m[code] != country{}:
			return nil, fmt.Errorf("%s:%d: %s given twice", name, n, code)
		}
		m[code] = country{iso, region}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return m, nil
}
