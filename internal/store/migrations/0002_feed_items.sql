-- sitrep store, schema version 2: what a feed's poller remembers besides
-- its validators, so that a poll run from cron neither fetches the pages of
-- items it already handled nor forgets that the feed has been failing.
ALTER TABLE feeds ADD COLUMN seen TEXT NOT NULL DEFAULT '';      -- item keys, one a line, newest first
ALTER TABLE feeds ADD COLUMN failures INTEGER NOT NULL DEFAULT 0; -- polls that failed in a row

-- The full-text index is written by the writer, once per transaction for
-- all the documents it stored: the trigger made FTS5 flush its pending
-- terms at every statement, a segment per document, and merging them cost
-- more than everything else a document costs to store.
DROP TRIGGER documents_ai;

-- Located events are fused with others by their coordinates, and by name
-- only with events that have none: those are few, and worth an index.
CREATE INDEX events_unlocated ON events(place_name, first_day) WHERE latitude IS NULL;

-- Nothing looks events up by the event they are linked to.
DROP INDEX events_link;

-- The spans an event was read from are in its body: a view of them costs
-- nothing to write, where a table cost a fifth of storing an event.
DROP INDEX evidence_event;
DROP TABLE evidence;
CREATE VIEW evidence AS
	SELECT e.id AS event, '' AS field, s.value ->> 'start' AS start, s.value ->> 'end' AS end
	FROM events e, json_each(e.body, '$.evidence') s
	UNION ALL
	SELECT e.id, f.key, f.value ->> 'start', f.value ->> 'end'
	FROM events e, json_each(e.body, '$.field_evidence') f;
