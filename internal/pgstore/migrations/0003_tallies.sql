-- sitrep store on PostgreSQL, schema version 3: each incident's running
-- tally (a fuse.Tally as JSON), as the SQLite store's version 6 keeps:
-- what its summary is made from, per member, updated as events join and
-- leave it. An incident stored before has none until it is next touched.
CREATE TABLE incident_tallies (
	incident bigint PRIMARY KEY,      -- incidents.id
	body     text NOT NULL
);
