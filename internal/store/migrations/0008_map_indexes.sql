-- sitrep store, schema version 8 (the situation map's indexes): what the
-- map reads of every located event (store.Point) and the timeline's
-- deaths per day, as covering indexes. Reading them scans a few
-- megabytes instead of every event's row, body included (at 100,000
-- events: the timeline's days 0.6–0.8 s → 35–130 ms, measured once).
CREATE INDEX IF NOT EXISTS events_points ON events(day, id, event_id, longitude, latitude, event_type, sub_event_type, event_date,
	location, country, admin1, actor1, actor2, fatalities, claim_status, hedged)
	WHERE latitude IS NOT NULL AND longitude IS NOT NULL;
CREATE INDEX IF NOT EXISTS events_day_fatalities ON events(day, fatalities);
