-- sitrep store, schema version 4: a day that is not known is NULL, no
-- longer -1, which is also a day (1969-12-31): events before 1970 had
-- vanished from bounding-box queries, which began at day 0 to leave the
-- unknown ones out. A real -1 is told from the old "unknown" by the date
-- it was computed from (fuse.Day reads the first ten characters; an
-- interval is one day only for time_precision 0 and 1).
--
-- SQLite cannot drop a NOT NULL constraint: events and incidents are
-- copied into new tables of the same columns, in one transaction.

DROP VIEW claims;
DROP VIEW evidence;
DROP TRIGGER events_ad;

CREATE TABLE events_new (
	id              INTEGER PRIMARY KEY,
	event_id        TEXT NOT NULL UNIQUE,
	doc             INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	incident        INTEGER,          -- incidents.id
	link            INTEGER,          -- a vague event's closest precise event (fuse.Vague)
	vague           INTEGER NOT NULL,
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
INSERT INTO events_new
SELECT id, event_id, doc, incident, link, vague, event_type, sub_event_type, event_date,
	CASE WHEN day = -1 AND substr(event_date, 1, 10) <> '1969-12-31' THEN NULL ELSE day END,
	CASE WHEN unknown THEN NULL ELSE first_day END,
	CASE WHEN unknown THEN NULL ELSE last_day END,
	time_precision, actor1, assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, country, admin1, admin2, location, place_name,
	latitude, longitude, geo_precision, geonameid, fatalities, fatalities_low, fatalities_high,
	claim_source, claim_kind, hedged, claim_status, outlet, url, published, notes, body
FROM (SELECT *, first_day = -1 AND last_day = -1
		AND NOT (substr(event_date, 1, 10) = '1969-12-31' AND time_precision IN (0, 1)) AS unknown
	FROM events)
ORDER BY id;
DROP TABLE events;
ALTER TABLE events_new RENAME TO events;

CREATE INDEX events_day ON events(day, id);
CREATE INDEX events_doc ON events(doc);
CREATE INDEX events_incident ON events(incident);
CREATE INDEX events_place ON events(place_name, first_day);
CREATE INDEX events_actor1 ON events(actor1, day);
CREATE INDEX events_actor2 ON events(actor2, day);
CREATE INDEX events_unlocated ON events(place_name, first_day) WHERE latitude IS NULL;
-- Events with no date of their own but a publication's: the r-tree has
-- them at that week (below), and a listing of undated events in a box
-- finds them here. The coder makes none.
CREATE INDEX events_dateless ON events(id) WHERE day IS NULL AND first_day IS NOT NULL;

CREATE TRIGGER events_ad AFTER DELETE ON events BEGIN
	DELETE FROM events_geo WHERE id = old.id;
	DELETE FROM events_reach WHERE id = old.id;
END;

CREATE VIEW claims AS
	SELECT e.id AS event, e.event_id, e.incident, e.outlet, e.claim_source AS source, e.claim_kind AS source_kind,
	       e.hedged, e.claim_status AS status, e.fatalities_low, e.fatalities_high, d.doc_id, d.url
	FROM events e JOIN documents d ON d.id = e.doc;
CREATE VIEW evidence AS
	SELECT e.id AS event, '' AS field, s.value ->> 'start' AS start, s.value ->> 'end' AS end
	FROM events e, json_each(e.body, '$.evidence') s
	UNION ALL
	SELECT e.id, f.key, f.value ->> 'start', f.value ->> 'end'
	FROM events e, json_each(e.body, '$.field_evidence') f;

-- The r-trees hold no NULL. events_geo keeps a located event's day; one
-- without a date of its own gets the days fuse.Interval gives it (its
-- publication's week), which fusion matches and listings, reading only
-- single days, skip; one with no date at all gets -10,000,000, before any
-- date (store.noDay).
UPDATE events_geo SET
	min_day = coalesce((SELECT first_day FROM events e WHERE e.id = events_geo.id), -10000000),
	max_day = coalesce((SELECT last_day FROM events e WHERE e.id = events_geo.id), -10000000)
WHERE id IN (SELECT id FROM events WHERE day IS NULL);

-- events_reach left out the vague events whose interval began before
-- 1970: put them in, their reach as the writer computes it (around).
INSERT INTO events_reach (id, min_lat, max_lat, min_lon, max_lon, min_day, max_day)
SELECT id, latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon, first_day, last_day
FROM (SELECT id, latitude, longitude, first_day, last_day, km / 111.0 + 1e-4 AS dlat,
		km / (111.0 * cos(min(89, abs(latitude) + km / 111.0 + 1e-4) * pi() / 180)) + 1e-4 AS dlon
	FROM (SELECT *, CASE geo_precision WHEN 1 THEN 0.5 WHEN 2 THEN 10.0 ELSE 40.0 END AS km FROM events)
	WHERE vague = 1 AND latitude IS NOT NULL AND longitude IS NOT NULL AND first_day < 0
		AND id NOT IN (SELECT id FROM events_reach));

CREATE TABLE incidents_new (
	id              INTEGER PRIMARY KEY,
	event_type      TEXT NOT NULL,
	sub_event_type  TEXT NOT NULL,
	event_date      TEXT NOT NULL,
	day             INTEGER,          -- fuse.Day of event_date; NULL when it is no date
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
INSERT INTO incidents_new
SELECT id, event_type, sub_event_type, event_date,
	CASE WHEN day = -1 AND substr(event_date, 1, 10) <> '1969-12-31' THEN NULL ELSE day END,
	first_date, last_date, country, admin1, location, latitude, longitude, geo_precision,
	fatalities_low, fatalities_high, status, reports, outlets, body
FROM incidents ORDER BY id;
DROP TABLE incidents;
ALTER TABLE incidents_new RENAME TO incidents;
CREATE INDEX incidents_day ON incidents(day, id);
