package extract

import "github.com/sitrep/sitrep/internal/gazetteer"

// gazCountry is the gazetteer kind of countries.
const gazCountry = gazetteer.Country
