-- sitrep store, schema version 10 (fusion's r-trees): fusion's candidate
-- search read every located event in reach from events_geo and joined each
-- to its row, to drop the vague ones and those of sub-types it cannot fuse
-- with; at a province's seat most of them are. events_near holds the
-- located precise events alone (at events_geo's days), and both it and
-- events_reach (the reach of vague events) have the sub-type as a fourth
-- dimension (store.subCode, the same numbers: ACLED's sub-types in an
-- order that puts those fusion may fuse next to each other, any other a
-- number from its name), so that the r-tree skips the sub-types an event
-- cannot be fused with and the rest are dropped before the join.
CREATE VIRTUAL TABLE events_near USING rtree(id, min_lat, max_lat, min_lon, max_lon, min_day, max_day, min_sub, max_sub);
INSERT INTO events_near
SELECT id, min_lat, max_lat, min_lon, max_lon, min_day, max_day, code, code
FROM (SELECT g.*, CASE e.sub_event_type WHEN 'Other' THEN 1 WHEN 'Non-violent transfer of territory' THEN 2 WHEN 'Government regains territory' THEN 3 WHEN 'Non-state actor overtakes territory' THEN 4 WHEN 'Armed clash' THEN 5 WHEN 'Shelling/artillery/missile attack' THEN 6 WHEN 'Air/drone strike' THEN 7 WHEN 'Disrupted weapons use' THEN 8 WHEN 'Attack' THEN 9 WHEN 'Remote explosive/landmine/IED' THEN 10 WHEN 'Suicide bomb' THEN 11 WHEN 'Grenade' THEN 12 WHEN 'Abduction/forced disappearance' THEN 13 WHEN 'Arrests' THEN 14 WHEN 'Peaceful protest' THEN 15 WHEN 'Protest with intervention' THEN 16 WHEN 'Excessive force against protesters' THEN 17 WHEN 'Violent demonstration' THEN 18 WHEN 'Mob violence' THEN 19 WHEN 'Looting/property destruction' THEN 20 WHEN 'Chemical weapon' THEN 21 WHEN 'Sexual violence' THEN 22 WHEN 'Agreement' THEN 23 WHEN 'Change to group/activity' THEN 24 WHEN 'Headquarters or base established' THEN 25 ELSE 100 + coalesce(length(e.sub_event_type) * 4096 + (unicode(e.sub_event_type) % 64) * 64 + unicode(substr(e.sub_event_type, -1)) % 64, 0) END AS code
	FROM events_geo g JOIN events e ON e.id = g.id WHERE e.vague = 0);

DROP TRIGGER events_ad;
CREATE VIRTUAL TABLE events_reach_sub USING rtree(id, min_lat, max_lat, min_lon, max_lon, min_day, max_day, min_sub, max_sub);
INSERT INTO events_reach_sub
SELECT id, min_lat, max_lat, min_lon, max_lon, min_day, max_day, code, code
FROM (SELECT r.*, CASE e.sub_event_type WHEN 'Other' THEN 1 WHEN 'Non-violent transfer of territory' THEN 2 WHEN 'Government regains territory' THEN 3 WHEN 'Non-state actor overtakes territory' THEN 4 WHEN 'Armed clash' THEN 5 WHEN 'Shelling/artillery/missile attack' THEN 6 WHEN 'Air/drone strike' THEN 7 WHEN 'Disrupted weapons use' THEN 8 WHEN 'Attack' THEN 9 WHEN 'Remote explosive/landmine/IED' THEN 10 WHEN 'Suicide bomb' THEN 11 WHEN 'Grenade' THEN 12 WHEN 'Abduction/forced disappearance' THEN 13 WHEN 'Arrests' THEN 14 WHEN 'Peaceful protest' THEN 15 WHEN 'Protest with intervention' THEN 16 WHEN 'Excessive force against protesters' THEN 17 WHEN 'Violent demonstration' THEN 18 WHEN 'Mob violence' THEN 19 WHEN 'Looting/property destruction' THEN 20 WHEN 'Chemical weapon' THEN 21 WHEN 'Sexual violence' THEN 22 WHEN 'Agreement' THEN 23 WHEN 'Change to group/activity' THEN 24 WHEN 'Headquarters or base established' THEN 25 ELSE 100 + coalesce(length(e.sub_event_type) * 4096 + (unicode(e.sub_event_type) % 64) * 64 + unicode(substr(e.sub_event_type, -1)) % 64, 0) END AS code
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
