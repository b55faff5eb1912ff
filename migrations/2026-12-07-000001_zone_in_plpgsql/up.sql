-- koe_zone() in PL/pgSQL. Every rollup trigger and helper reads it once a call. As an SQL
-- function that reads a table it cannot be inlined, so each call parsed and planned its SELECT
-- again: about a twelfth of PostgreSQL's CPU while answers arrive from few clients, whose
-- batches are small and many. PL/pgSQL keeps the plan for the session.
CREATE OR REPLACE FUNCTION koe_zone() RETURNS text LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN coalesce((SELECT time_zone FROM organization LIMIT 1), 'Asia/Tokyo');
END
$$;
