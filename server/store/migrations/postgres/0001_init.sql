-- feedlens study server schema, PostgreSQL dialect: the same tables as
-- migrations/sqlite/0001_init.sql. Nothing here can hold an IP address, a
-- user agent, a cookie or a user id.

CREATE TABLE IF NOT EXISTS studies (
  id       TEXT    NOT NULL,
  version  INTEGER NOT NULL,
  document TEXT    NOT NULL,
  PRIMARY KEY (id, version)
);

CREATE TABLE IF NOT EXISTS tokens (
  hash  TEXT NOT NULL PRIMARY KEY,
  study TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS reports (
  id       TEXT    NOT NULL PRIMARY KEY,
  study    TEXT    NOT NULL,
  version  INTEGER NOT NULL,
  day      TEXT    NOT NULL,
  platform TEXT    NOT NULL,
  vals     JSONB   NOT NULL
);

CREATE TABLE IF NOT EXISTS counts (
  study    TEXT    NOT NULL,
  version  INTEGER NOT NULL,
  field    TEXT    NOT NULL,
  day      TEXT    NOT NULL,
  platform TEXT    NOT NULL,
  category INTEGER NOT NULL,
  n        BIGINT  NOT NULL,
  PRIMARY KEY (study, version, day, platform, field, category)
);

-- One statement-level trigger per insert: the new reports are counted in
-- one sorted upsert, which is fast and keeps concurrent batches from
-- locking count rows in opposite orders.
CREATE OR REPLACE FUNCTION count_reports() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO counts (study, version, field, day, platform, category, n)
  SELECT r.study, r.version, j.key, r.day, r.platform, j.value::integer, count(*)
  FROM new_reports AS r, jsonb_each_text(r.vals) AS j
  GROUP BY r.study, r.version, j.key, r.day, r.platform, j.value::integer
  ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (study, version, day, platform, field, category) DO UPDATE SET n = counts.n + EXCLUDED.n;
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER reports_count AFTER INSERT ON reports
  REFERENCING NEW TABLE AS new_reports
  FOR EACH STATEMENT EXECUTE FUNCTION count_reports();

CREATE TABLE IF NOT EXISTS released (
  study    TEXT    NOT NULL,
  version  INTEGER NOT NULL,
  field    TEXT    NOT NULL,
  day      TEXT    NOT NULL,
  platform TEXT    NOT NULL,
  category INTEGER NOT NULL,
  n        BIGINT  NOT NULL,
  noisy    BIGINT  NOT NULL,
  PRIMARY KEY (study, version, day, platform, field, category)
);
