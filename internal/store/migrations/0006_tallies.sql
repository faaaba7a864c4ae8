-- sitrep store, schema version 6: each incident's running tally (a
-- fuse.Tally as JSON: what its summary is made from, per member), updated
-- as events join and leave it so that a write never reads every member's
-- body again. An incident stored before has none until it is next
-- touched, when it is made once from the members.
CREATE TABLE incident_tallies (
	incident INTEGER PRIMARY KEY,     -- incidents.id
	body     TEXT NOT NULL
);
