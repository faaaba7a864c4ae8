-- sitrep store on PostgreSQL, schema version 2: where the server has
-- PostGIS, the events' points as PostGIS geometries (WGS 84), with a GiST
-- index, so that GIS tools (QGIS, GeoServer) read the events as a layer
-- and the store's box queries use PostGIS's index. Where it has not, or
-- the role may not create the extension, nothing changes: the built-in
-- boxes of version 1 serve. A server that gains PostGIS later gets the
-- column with `sitrep`'s next schema version, not by itself.
DO $$
BEGIN
	IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'postgis') THEN
		BEGIN
			CREATE EXTENSION IF NOT EXISTS postgis;
		EXCEPTION WHEN insufficient_privilege THEN
			RAISE NOTICE 'sitrep: PostGIS is there but this role may not create it; the built-in index serves';
			RETURN;
		END;
		EXECUTE 'ALTER TABLE events ADD COLUMN geom geometry(Point, 4326)
			GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)) STORED';
		EXECUTE 'CREATE INDEX events_geom ON events USING gist (geom, geo_days) WHERE geom IS NOT NULL';
	END IF;
END
$$;
