-- sitrep store, schema version 9 (fusion's r-trees): fusion's candidate
-- search read every located event in reach from events_geo and joined each
-- to its row to drop the vague ones and those of sub-types it cannot fuse
-- with; at a province's seat most of them are. events_near holds the
-- located precise events alone (at events_geo's days), and both it and
-- events_reach (the reach of vague events) carry the sub-type, so that
-- only candidates fusion may use are joined to their rows.
CREATE VIRTUAL TABLE events_near USING rtree(id, min_lat, max_lat, min_lon, max_lon, min_day, max_day, +sub);
INSERT INTO events_near (id, min_lat, max_lat, min_lon, max_lon, min_day, max_day, sub)
SELECT g.id, g.min_lat, g.max_lat, g.min_lon, g.max_lon, g.min_day, g.max_day, e.sub_event_type
FROM events_geo g JOIN events e ON e.id = g.id WHERE e.vague = 0;

DROP TRIGGER events_ad;
CREATE VIRTUAL TABLE events_reach_sub USING rtree(id, min_lat, max_lat, min_lon, max_lon, min_day, max_day, +sub);
INSERT INTO events_reach_sub (id, min_lat, max_lat, min_lon, max_lon, min_day, max_day, sub)
SELECT r.id, r.min_lat, r.max_lat, r.min_lon, r.max_lon, r.min_day, r.max_day, e.sub_event_type
FROM events_reach r JOIN events e ON e.id = r.id;
DROP TABLE events_reach;
ALTER TABLE events_reach_sub RENAME TO events_reach;

CREATE TRIGGER events_ad AFTER DELETE ON events BEGIN
	DELETE FROM events_geo WHERE id = old.id;
	DELETE FROM events_near WHERE id = old.id;
	DELETE FROM events_reach WHERE id = old.id;
END;
