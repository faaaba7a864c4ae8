-- sitrep store, schema version 1.
-- Dates are YYYY-MM-DD text; "day" columns count days since 1970-01-01
-- (-1 when unknown) so that ranges and keyset paging use integer indexes.

CREATE TABLE documents (
	id          INTEGER PRIMARY KEY,
	doc_id      TEXT NOT NULL UNIQUE,
	source      TEXT NOT NULL DEFAULT '',
	url         TEXT NOT NULL DEFAULT '',
	outlet      TEXT NOT NULL DEFAULT '',
	author      TEXT NOT NULL DEFAULT '',
	title       TEXT NOT NULL DEFAULT '',
	published   TEXT NOT NULL DEFAULT '',
	lang        TEXT NOT NULL DEFAULT '',
	text        TEXT NOT NULL,
	hash        TEXT NOT NULL UNIQUE,
	ingested_at TEXT NOT NULL
);

CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='id');
CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
	INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
	INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;

CREATE TABLE incidents (
	id              INTEGER PRIMARY KEY,
	event_type      TEXT NOT NULL,
	sub_event_type  TEXT NOT NULL,
	event_date      TEXT NOT NULL,
	day             INTEGER NOT NULL,
	first_date      TEXT NOT NULL,
	last_date       TEXT NOT NULL,
	country         TEXT NOT NULL,
	admin1          TEXT NOT NULL,
	location        TEXT NOT NULL,
	latitude        REAL,
	longitude       REAL,
	geo_precision   INTEGER NOT NULL,
	fatalities_low  INTEGER NOT NULL,
	fatalities_high INTEGER,          -- NULL when open or when no report gives a figure
	status          TEXT NOT NULL,
	reports         INTEGER NOT NULL,
	outlets         INTEGER NOT NULL,
	body            TEXT NOT NULL     -- the fuse.Incident summary as JSON, with who said what
);
CREATE INDEX incidents_day ON incidents(day, id);

CREATE TABLE events (
	id              INTEGER PRIMARY KEY,
	event_id        TEXT NOT NULL UNIQUE,
	doc             INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	incident        INTEGER,          -- incidents.id
	link            INTEGER,          -- a vague event's closest precise event (fuse.Vague)
	vague           INTEGER NOT NULL,
	event_type      TEXT NOT NULL,
	sub_event_type  TEXT NOT NULL,
	event_date      TEXT NOT NULL,
	day             INTEGER NOT NULL,
	first_day       INTEGER NOT NULL, -- the days the event may have happened on (fuse.Interval)
	last_day        INTEGER NOT NULL,
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
	latitude        REAL,
	longitude       REAL,
	geo_precision   INTEGER NOT NULL,
	geonameid       INTEGER NOT NULL,
	fatalities      INTEGER NOT NULL,
	fatalities_low  INTEGER NOT NULL,
	fatalities_high INTEGER,
	claim_source    TEXT NOT NULL,
	claim_kind      TEXT NOT NULL,
	hedged          INTEGER NOT NULL,
	claim_status    TEXT NOT NULL,
	outlet          TEXT NOT NULL,
	url             TEXT NOT NULL,
	published       TEXT NOT NULL,
	notes           TEXT NOT NULL,
	body            TEXT NOT NULL     -- the whole event.Event as JSON: nested parts, evidence
);
CREATE INDEX events_day ON events(day, id);
CREATE INDEX events_doc ON events(doc);
CREATE INDEX events_incident ON events(incident);
CREATE INDEX events_link ON events(link) WHERE link IS NOT NULL;
CREATE INDEX events_place ON events(place_name, first_day);
CREATE INDEX events_actor1 ON events(actor1, day);
CREATE INDEX events_actor2 ON events(actor2, day);
-- Country, outlet, type and status filters walk events_day: they select
-- many events each, and every index slows ingest.

-- Who said what: one claim per event, as its own relation for queries.
CREATE VIEW claims AS
	SELECT e.id AS event, e.event_id, e.incident, e.outlet, e.claim_source AS source, e.claim_kind AS source_kind,
	       e.hedged, e.claim_status AS status, e.fatalities_low, e.fatalities_high, d.doc_id, d.url
	FROM events e JOIN documents d ON d.id = e.doc;

CREATE TABLE evidence (
	event INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
	field TEXT NOT NULL,              -- '' for the event's evidence, else the field it supports
	start INTEGER NOT NULL,           -- code points in the document text, end exclusive
	end   INTEGER NOT NULL
);
CREATE INDEX evidence_event ON evidence(event);

-- Event locations and days, for bounding-box and time-range queries.
CREATE VIRTUAL TABLE events_geo USING rtree(id, min_lat, max_lat, min_lon, max_lon, min_day, max_day);
-- Where and when each event may have happened (its point widened by its
-- fuse.Radius, its fuse.Interval): overlapping boxes are fusion candidates.
CREATE VIRTUAL TABLE events_reach USING rtree(id, min_lat, max_lat, min_lon, max_lon, min_day, max_day);
CREATE TRIGGER events_ad AFTER DELETE ON events BEGIN
	DELETE FROM events_geo WHERE id = old.id;
	DELETE FROM events_reach WHERE id = old.id;
END;

CREATE TABLE places (
	id         INTEGER PRIMARY KEY,
	key        TEXT NOT NULL UNIQUE,  -- fuse.PlaceKey
	name       TEXT NOT NULL,
	fold       TEXT NOT NULL,         -- folded name, for search
	country    TEXT NOT NULL,
	admin1     TEXT NOT NULL,
	admin2     TEXT NOT NULL,
	latitude   REAL,
	longitude  REAL,
	geonameid  INTEGER NOT NULL,
	events     INTEGER NOT NULL
);
CREATE INDEX places_fold ON places(fold);

CREATE TABLE actors (
	id      INTEGER PRIMARY KEY,
	name    TEXT NOT NULL UNIQUE,
	fold    TEXT NOT NULL,
	inter   INTEGER NOT NULL,         -- 0 for associated actors, whose type ACLED does not code
	events  INTEGER NOT NULL
);
CREATE INDEX actors_fold ON actors(fold);

-- Changes of control, one per incident that tells of one.
CREATE TABLE control (
	incident   INTEGER PRIMARY KEY,  -- incidents.id
	place      TEXT NOT NULL,         -- fuse.PlaceKey
	date       TEXT NOT NULL,
	to_actor   TEXT NOT NULL,
	from_actor TEXT NOT NULL,
	status     TEXT NOT NULL,
	body       TEXT NOT NULL          -- fuse.Change as JSON
);
CREATE INDEX control_place ON control(place, date);
CREATE INDEX control_date ON control(date);

-- Conditional-GET state of polled feeds.
CREATE TABLE feeds (
	url           TEXT PRIMARY KEY,
	etag          TEXT NOT NULL,
	last_modified TEXT NOT NULL,
	checked_at    TEXT NOT NULL
);
