-- sitrep store, schema version 7: running tallies now keep each member's
-- actor types and the coder's direction of a change of control (who left,
-- who took it). Tallies written before lack them, and would read a
-- withdrawal as the leaver taking the place: they are dropped, and each
-- incident's is made again from its members' bodies when it is next
-- touched (as for incidents stored before version 6).
DELETE FROM incident_tallies;
