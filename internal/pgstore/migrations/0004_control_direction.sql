-- sitrep store on PostgreSQL, schema version 4: as the SQLite store's
-- version 7, running tallies written before kept neither actor types nor
-- the direction of a change of control; they are dropped, and each is
-- made again from its incident's members when next touched.
DELETE FROM incident_tallies;
