CREATE OR REPLACE FUNCTION koe_zone() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT time_zone FROM organization LIMIT 1), 'Asia/Tokyo')
$$;
