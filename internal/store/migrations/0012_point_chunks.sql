-- sitrep store, schema version 12: the map's points kept compact
-- (points.go). One row per chunk of 1,024 rows of events (id >> 10), with
-- the Point of each located event among them in one blob, its strings
-- given once; made again by the writer, before it commits, for every
-- chunk whose events it inserted or deleted. Filled here from the events
-- stored, by Go (store.buildPointChunks, run after this file in the same
-- transaction). A first read of every point without a filter reads these
-- few MB instead of the covering index events_points (20 MB at 100,000
-- events, its pages spread over the whole file).
CREATE TABLE point_chunks (
	chunk  INTEGER PRIMARY KEY,
	points INTEGER NOT NULL, -- located events in the blob
	data   BLOB NOT NULL
);
