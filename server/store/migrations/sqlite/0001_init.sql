-- feedlens study server schema, SQLite dialect: used by the native server
-- (modernc.org/sqlite) and, unchanged, by `wrangler d1 migrations` for D1.
-- Nothing here can hold an IP address, a user agent, a cookie or a user id:
-- a report row is exactly what the device sent.

-- Study documents are immutable per (id, version).
CREATE TABLE IF NOT EXISTS studies (
  id       TEXT    NOT NULL,
  version  INTEGER NOT NULL,
  document TEXT    NOT NULL,
  PRIMARY KEY (id, version)
);

-- Researcher tokens, stored only as SHA-256 hashes.
CREATE TABLE IF NOT EXISTS tokens (
  hash  TEXT NOT NULL PRIMARY KEY,
  study TEXT NOT NULL
);

-- One row per accepted report; the random id makes uploads idempotent.
CREATE TABLE IF NOT EXISTS reports (
  id       TEXT    NOT NULL PRIMARY KEY,
  study    TEXT    NOT NULL,
  version  INTEGER NOT NULL,
  day      TEXT    NOT NULL,
  platform TEXT    NOT NULL,
  vals     TEXT    NOT NULL
) WITHOUT ROWID;

-- Reported (randomised) category counts per study version, day, platform
-- and field, kept by the trigger below in the same statement that stores a
-- report, so they are exact without transactions (D1 has none) and
-- aggregates never scan the reports. The key puts a report's fields side by
-- side, so storing one report touches one page of counts, not one per field.
CREATE TABLE IF NOT EXISTS counts (
  study    TEXT    NOT NULL,
  version  INTEGER NOT NULL,
  field    TEXT    NOT NULL,
  day      TEXT    NOT NULL,
  platform TEXT    NOT NULL,
  category INTEGER NOT NULL,
  n        INTEGER NOT NULL,
  PRIMARY KEY (study, version, day, platform, field, category)
) WITHOUT ROWID;

CREATE TRIGGER IF NOT EXISTS reports_count AFTER INSERT ON reports
BEGIN
  INSERT INTO counts (study, version, field, day, platform, category, n)
  SELECT NEW.study, NEW.version, j.key, NEW.day, NEW.platform, j.value, 1
  FROM json_each(NEW.vals) AS j WHERE true
  ON CONFLICT (study, version, day, platform, field, category) DO UPDATE SET n = n + 1;
END;

-- Centrally noised counts already released, keyed by the raw count they
-- were drawn for: asking again returns the same noise instead of a fresh
-- draw that could be averaged away.
CREATE TABLE IF NOT EXISTS released (
  study    TEXT    NOT NULL,
  version  INTEGER NOT NULL,
  field    TEXT    NOT NULL,
  day      TEXT    NOT NULL,
  platform TEXT    NOT NULL,
  category INTEGER NOT NULL,
  n        INTEGER NOT NULL,
  noisy    INTEGER NOT NULL,
  PRIMARY KEY (study, version, day, platform, field, category)
) WITHOUT ROWID;
