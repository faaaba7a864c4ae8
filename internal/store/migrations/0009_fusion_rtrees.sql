-- sitrep store, schema version 9 (fusion's r-trees): fusion's candidate
-- search read every located event in reach from events_geo and joined each
-- to its row, to drop the vague ones and those of sub-types it cannot fuse
-- with; at a province's seat most of them are. events_near holds the
-- located precise events alone (at events_geo's days), and both it and
-- events_reach (the reach of vague events) have the sub-type as a fourth
-- dimension, a code of its name (store.subCode, the same expression), so
-- that the r-tree answers for one sub-type at a time.
CREATE VIRTUAL TABLE events_near USING rtree(id, min_lat, max_lat, min_lon, max_lon, min_day, max_day, min_sub, max_sub);
INSERT INTO events_near
SELECT id, min_lat, max_lat, min_lon, max_lon, min_day, max_day, code, code
FROM (SELECT g.*, coalesce(length(e.sub_event_type) * 4096 + (unicode(e.sub_event_type) % 64) * 64 + unicode(substr(e.sub_event_type, -1)) % 64, 0) AS code
	FROM events_geo g JOIN events e ON e.id = g.id WHERE e.vague = 0);

DROP TRIGGER events_ad;
CREATE VIRTUAL TABLE events_reach_sub USING rtree(id, min_lat, max_lat, min_lon, max_lon, min_day, max_day, min_sub, max_sub);
INSERT INTO events_reach_sub
SELECT id, min_lat, max_lat, min_lon, max_lon, min_day, max_day, code, code
FROM (SELECT r.*, coalesce(length(e.sub_event_type) * 4096 + (unicode(e.sub_event_type) % 64) * 64 + unicode(substr(e.sub_event_type, -1)) % 64, 0) AS code
	FROM events_reach r JOIN events e ON e.id = r.id);
DROP TABLE events_reach;
ALTER TABLE events_reach_sub RENAME TO events_reach;

CREATE TRIGGER events_ad AFTER DELETE ON events BEGIN
	DELETE FROM events_geo WHERE id = old.id;
	DELETE FROM events_near WHERE id = old.id;
	DELETE FROM events_reach WHERE id = old.id;
END;

-- A vague event's twins (fusing.Twins) by an index of vague events alone:
-- events_place also holds every precise event of the place and day.
CREATE INDEX events_twins ON events(place_name, first_day, last_day, geo_precision, id) WHERE vague = 1;
