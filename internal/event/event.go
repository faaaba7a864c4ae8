// Package event holds sitrep's coded event record: ACLED's taxonomy, fields
// and codes, with the claim behind it and the text it was read from, and its
// encoders (JSON Lines, CSV in ACLED's columns, GeoJSON). It imports nothing
// of the project, so that every stage downstream of coding (fuse, store,
// serve) can speak of events without linking the extraction stack; package
// code turns what package extract reads into these records.
package event

// Event is one coded event read from one document.
type Event struct {
	ID    string `json:"id"`     // stable: same document and reading, same id
	DocID string `json:"doc_id"` // the input document's id

	EventType    Type    `json:"event_type"`     // one of ACLED's 6 types
	SubEventType SubType `json:"sub_event_type"` // one of ACLED's 25 sub-types

	EventDate     string `json:"event_date"`     // YYYY-MM-DD; "" when the text does not say and no publication date is known
	TimePrecision int    `json:"time_precision"` // 1 day, 2 week or a few days, 3 month or vaguer
	// DateSource tells where the date came from: "text" (the event's own
	// words), "told" (the day its telling is dated: "..., police said on
	// Tuesday"), "context" (the paragraph or report around it) or
	// "published" (only the publication date: the text gives none).
	DateSource string `json:"date_source,omitempty"`

	Actor1      string `json:"actor1"`
	AssocActor1 string `json:"assoc_actor_1"`
	Inter1      int    `json:"inter1"` // ACLED actor-type code 1–8
	Actor2      string `json:"actor2"`
	AssocActor2 string `json:"assoc_actor_2"`
	Inter2      int    `json:"inter2"` // 0 when there is no second actor

	Country      string   `json:"country"`
	CountryCode  string   `json:"country_code,omitempty"` // ISO 3166-1 alpha-2
	Admin1       string   `json:"admin1"`
	Admin2       string   `json:"admin2"`
	Location     string   `json:"location"`
	Latitude     *float64 `json:"latitude"`
	Longitude    *float64 `json:"longitude"`
	GeoPrecision int      `json:"geo_precision"` // 1 the place itself, 2 near it or a small area, 3 a wider region
	GeonameID    int      `json:"geonameid,omitempty"`

	Fatalities     int        `json:"fatalities"`      // ACLED's conservative figure: the low end of the range
	FatalitiesLow  int        `json:"fatalities_low"`  //
	FatalitiesHigh *int       `json:"fatalities_high"` // nil when open ("at least 5")
	Injuries       *Range     `json:"injuries,omitempty"`
	Quantities     []Quantity `json:"quantities,omitempty"`

	Claim Claim `json:"claim"`

	// Control is set for events that change who holds the event's place:
	// captures, recaptures, withdrawals and handovers.
	Control *ControlChange `json:"control,omitempty"`

	// Rank orders the events of one document by salience: 1 is the main
	// event, the one the report is about (Main).
	Rank int  `json:"rank,omitempty"`
	Main bool `json:"main,omitempty"`

	// Evidence lists the spans the event was read from, the trigger's clause first.
	Evidence []Span `json:"evidence"`
	// Fields names, per field (actor1, location, event_date, fatalities...), the span it came from.
	Fields map[string]Span `json:"field_evidence,omitempty"`

	// Document metadata, copied so that an event stands alone in exports.
	Outlet    string `json:"outlet,omitempty"`
	URL       string `json:"url,omitempty"`
	Published string `json:"published,omitempty"`
	Notes     string `json:"notes,omitempty"` // the trigger sentence, as ACLED's notes column

	// What the store knows of a stored event, set when it is read back;
	// zero (and left out) in what sitrep extract writes.
	Incident  int64 `json:"incident_id,omitempty"` // the incident it is fused into
	Timestamp int64 `json:"timestamp,omitempty"`   // when its document was stored, Unix seconds (ACLED's timestamp)
}

// Span is a half-open range of code points in the document text, with that text.
type Span struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Range is a count read as a range: Low, and High or nil when open.
type Range struct {
	Low  int  `json:"low"`
	High *int `json:"high"`
}

// Quantity is any other count attached to the event: troops, villages, strikes, arrests.
type Quantity struct {
	What      string `json:"what"`
	Low       int    `json:"low"`
	High      *int   `json:"high"`
	Qualifier string `json:"qualifier,omitempty"` // the words that set the range: "at least", "over a dozen"
	Span      Span   `json:"span"`
}

// ControlChange says who held a place before an event and who holds it after.
type ControlChange struct {
	From string `json:"from,omitempty"` // "" when the text does not say
	To   string `json:"to,omitempty"`
}

// Claim says who asserts the event and how firmly.
type Claim struct {
	// Source is who the text says asserts it: "local sources", "Ministry of Defence of Turkey";
	// empty means the outlet itself.
	Source     string `json:"source,omitempty"`
	SourceKind string `json:"source_kind"` // outlet, official, party, local, witness, unnamed, media
	Hedged     bool   `json:"hedged"`      // reportedly, apparently, allegedly, said to
	Status     string `json:"status"`      // asserted, claimed, confirmed, disputed
	Cue        *Span  `json:"cue,omitempty"`
	Framing    []Span `json:"framing,omitempty"` // scare quotes and sarcasm around the event's actors
}

// Claim statuses.
const (
	Asserted  = "asserted"  // stated by the outlet or a source without qualification
	Claimed   = "claimed"   // a party to the conflict says so (an interested source)
	Confirmed = "confirmed" // confirmed by an independent or opposing source
	Disputed  = "disputed"  // sources contradict each other, or one side denies it
)
