-- sitrep store on PostgreSQL, schema version 1: the tables of the SQLite
-- store (internal/store/migrations, at its version 5) with PostgreSQL's
-- own indexes: GiST over boxes and day ranges where SQLite has r-trees, a
-- GIN full-text index where it has FTS5, the same (day, id) keysets.
-- Names are compared and sorted by code point (COLLATE "C"), as SQLite
-- does, whatever the database's locale. Dates are YYYY-MM-DD text; "day" columns count days since 1970-01-01,
-- NULL when unknown.

-- Where the documents come from, for the order they are stored in: a
-- document's id is its source's epoch << 32 | its place in the source
-- (store.Order), so that workers storing in parallel give the order the
-- input had. Epoch 0 is the documents stored directly, numbered by
-- documents_seq.
CREATE TABLE sources (
	name  TEXT PRIMARY KEY,
	epoch INTEGER NOT NULL UNIQUE CHECK (epoch > 0 AND epoch < 65535)
);
CREATE SEQUENCE sources_epoch MINVALUE 1 MAXVALUE 65534;
CREATE SEQUENCE documents_seq MINVALUE 1 MAXVALUE 4294967295;

CREATE TABLE documents (
	id          BIGINT PRIMARY KEY,
	doc_id      TEXT NOT NULL UNIQUE,
	source      TEXT NOT NULL DEFAULT '',
	url         TEXT NOT NULL DEFAULT '',
	outlet      TEXT NOT NULL DEFAULT '',
	author      TEXT NOT NULL DEFAULT '',
	title       TEXT NOT NULL DEFAULT '',
	published   TEXT NOT NULL DEFAULT '',
	captured    BOOLEAN NOT NULL DEFAULT false,
	lang        TEXT NOT NULL DEFAULT '',
	text        TEXT NOT NULL,
	hash        TEXT NOT NULL UNIQUE,
	ingested_at TEXT NOT NULL,
	-- title and text, case and diacritics folded as the SQLite store's
	-- FTS5 tokenizer folds them, in the 'simple' configuration (no stems).
	words       TSVECTOR NOT NULL
);
CREATE INDEX documents_words ON documents USING gin (words);

CREATE SEQUENCE incidents_id;
CREATE TABLE incidents (
	id              BIGINT PRIMARY KEY,
	event_type      TEXT NOT NULL,
	sub_event_type  TEXT NOT NULL,
	event_date      TEXT NOT NULL,
	day             INTEGER,
	first_date      TEXT NOT NULL,
	last_date       TEXT NOT NULL,
	country         TEXT NOT NULL,
	admin1          TEXT NOT NULL,
	location        TEXT NOT NULL,
	latitude        DOUBLE PRECISION,
	longitude       DOUBLE PRECISION,
	geo_precision   INTEGER NOT NULL,
	fatalities_low  INTEGER NOT NULL,
	fatalities_high INTEGER,          -- NULL when open or when no report gives a figure
	status          TEXT NOT NULL,
	reports         INTEGER NOT NULL,
	outlets         INTEGER NOT NULL,
	body            TEXT NOT NULL     -- the fuse.Incident summary as JSON, with who said what
);
CREATE INDEX incidents_day ON incidents (day, id);
CREATE INDEX incidents_status ON incidents (status);

-- An event's id is its document's id << 15 | its place among the
-- document's events: storage order, whatever worker stored it. A new
-- reading of a stored event (reprocess) goes after all of them, as in
-- SQLite: 65535 << 47 + events_reread.
CREATE SEQUENCE events_reread MINVALUE 1 MAXVALUE 140737488355327;
CREATE TABLE events (
	id              BIGINT PRIMARY KEY,
	event_id        TEXT NOT NULL UNIQUE,
	doc             BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	incident        BIGINT,           -- incidents.id; NULL only while a transaction fuses it again
	link            BIGINT,           -- a vague event's closest precise event (fuse.Vague)
	vague           BOOLEAN NOT NULL,
	event_type      TEXT NOT NULL,
	sub_event_type  TEXT NOT NULL,
	event_date      TEXT NOT NULL,
	day             INTEGER,          -- fuse.Day of event_date; NULL when it is no date
	first_day       INTEGER,          -- the days the event may have happened on (fuse.Interval);
	last_day        INTEGER,          -- NULL when it has none
	time_precision  INTEGER NOT NULL,
	actor1          TEXT NOT NULL,
	assoc_actor_1   TEXT NOT NULL,
	inter1          INTEGER NOT NULL,
	actor2          TEXT NOT NULL,
	assoc_actor_2   TEXT NOT NULL,
	inter2          INTEGER NOT NULL,
	country         TEXT NOT NULL,
	admin1          TEXT NOT NULL,
	admin2          TEXT NOT NULL,
	location        TEXT NOT NULL,
	place_name      TEXT NOT NULL,    -- fuse.PlaceName, to match places without coordinates
	latitude        DOUBLE PRECISION,
	longitude       DOUBLE PRECISION,
	geo_precision   INTEGER NOT NULL,
	geonameid       INTEGER NOT NULL,
	fatalities      INTEGER NOT NULL,
	fatalities_low  INTEGER NOT NULL,
	fatalities_high INTEGER,
	claim_source    TEXT NOT NULL,
	claim_kind      TEXT NOT NULL,
	hedged          BOOLEAN NOT NULL,
	claim_status    TEXT NOT NULL,
	outlet          TEXT NOT NULL,
	url             TEXT NOT NULL,
	published       TEXT NOT NULL,
	notes           TEXT NOT NULL,
	body            TEXT NOT NULL,    -- the whole event.Event as JSON: nested parts, evidence
	-- The point (longitude, latitude), NULL without coordinates, and the
	-- days it is found on: its day, or without one the days fuse.Interval
	-- gives it (NULL with none). A vague event's reach: its point widened
	-- by its fuse.Radius (store.Around).
	geo             BOX GENERATED ALWAYS AS (box(point(longitude, latitude), point(longitude, latitude))) STORED,
	geo_days        INT4RANGE,
	reach           BOX
);
CREATE INDEX events_day ON events (day, id);
CREATE INDEX events_doc ON events (doc);
CREATE INDEX events_incident ON events (incident);
CREATE INDEX events_place ON events (place_name, first_day);
CREATE INDEX events_unlocated ON events (place_name, first_day) WHERE latitude IS NULL;
CREATE INDEX events_actor1 ON events (actor1, day);
CREATE INDEX events_actor2 ON events (actor2, day);
CREATE INDEX events_geo ON events USING gist (geo, geo_days) WHERE geo IS NOT NULL;
CREATE INDEX events_reach ON events USING gist (reach, int4range(first_day, last_day, '[]')) WHERE reach IS NOT NULL;
CREATE INDEX events_dateless ON events (id) WHERE day IS NULL AND first_day IS NOT NULL;

CREATE VIEW claims AS
	SELECT e.id AS event, e.event_id, e.incident, e.outlet, e.claim_source AS source, e.claim_kind AS source_kind,
	       e.hedged, e.claim_status AS status, e.fatalities_low, e.fatalities_high, d.doc_id, d.url
	FROM events e JOIN documents d ON d.id = e.doc;

CREATE TABLE places (
	key        TEXT PRIMARY KEY,      -- fuse.PlaceKey
	name       TEXT COLLATE "C" NOT NULL,
	fold       TEXT COLLATE "C" NOT NULL, -- folded name, for search
	country    TEXT NOT NULL,
	admin1     TEXT NOT NULL,
	admin2     TEXT NOT NULL,
	latitude   DOUBLE PRECISION,
	longitude  DOUBLE PRECISION,
	geonameid  INTEGER NOT NULL,
	events     INTEGER NOT NULL,
	-- The event the place's name and coordinates are taken from: the
	-- first stored, as in SQLite, whichever writer stored it first.
	first_event BIGINT NOT NULL
);
CREATE INDEX places_fold ON places (fold);

CREATE TABLE actors (
	name    TEXT COLLATE "C" PRIMARY KEY,
	fold    TEXT COLLATE "C" NOT NULL,
	inter   INTEGER NOT NULL,         -- 0 for associated actors, whose type ACLED does not code
	events  INTEGER NOT NULL
);
CREATE INDEX actors_fold ON actors (fold);

-- Changes of control, one per incident that tells of one.
CREATE TABLE control (
	incident   BIGINT PRIMARY KEY,    -- incidents.id
	place      TEXT NOT NULL,         -- fuse.PlaceKey
	date       TEXT NOT NULL,
	to_actor   TEXT NOT NULL,
	from_actor TEXT NOT NULL,
	status     TEXT NOT NULL,
	body       TEXT NOT NULL          -- fuse.Change as JSON
);
CREATE INDEX control_place ON control (place, date);
CREATE INDEX control_date ON control (date);

-- What a feed's poller remembers between polls.
CREATE TABLE feeds (
	url           TEXT PRIMARY KEY,
	etag          TEXT NOT NULL,
	last_modified TEXT NOT NULL,
	checked_at    TEXT NOT NULL,
	seen          TEXT NOT NULL DEFAULT '',      -- item keys, one a line, newest first
	failures      INTEGER NOT NULL DEFAULT 0,    -- polls that failed in a row
	pending       TEXT NOT NULL DEFAULT ''       -- items to try again, as the poller encodes them
);
