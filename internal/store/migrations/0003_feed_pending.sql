-- sitrep store, schema version 3: the items of a feed whose page could not
-- be had yet, so that one failed fetch neither loses the item (it used to
-- be marked seen) nor, when the poller runs from cron, forgets how often it
-- was tried. The poller encodes them (JSON); '' is none.
ALTER TABLE feeds ADD COLUMN pending TEXT NOT NULL DEFAULT '';
