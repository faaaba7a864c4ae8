-- sitrep store, schema version 9: when each document was stored, as a
-- covering index. A page of events gives each its document's time of
-- storing (event.Timestamp); ingested_at is the column after the text,
-- so reading it from the table walks every overflow page of the text:
-- a fifth of a page of 100 events' time at 100,000 documents (docs/STORE.md).
CREATE INDEX IF NOT EXISTS documents_ingested ON documents(id, ingested_at);
