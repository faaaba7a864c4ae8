-- sitrep store, schema version 5: whether a document's publication date
-- is only the day a crawler fetched it (a WARC record's date), so that a
-- new reading of it treats that date as the bound it is.
ALTER TABLE documents ADD COLUMN captured INTEGER NOT NULL DEFAULT 0;
