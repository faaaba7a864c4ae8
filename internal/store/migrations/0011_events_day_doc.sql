-- sitrep store, schema version 11: the (day, id) index carries each
-- event's document. A full-text listing walks it newest first and tests
-- each event's document against the matches; without the document in the
-- index every event walked was a read of its row, body and all (a town's
-- name, in 4.5 % of the documents: about 2,200 rows for a page of 100,
-- most of the page's time at 100,000 documents; docs/STORE.md). With it,
-- only the rows of the page are read.
DROP INDEX IF EXISTS events_day;
CREATE INDEX events_day ON events(day, id, doc);
