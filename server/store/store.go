// Package store keeps studies, researcher tokens and reports in one
// database/sql database: SQLite (native, modernc.org/sqlite), Cloudflare D1
// (SQLite dialect, through syumai/workers) or PostgreSQL (pgx). It imports
// no driver, so the Worker's WebAssembly carries only the D1 one.
//
// Every write is a single statement, atomic on its own: D1 has no
// transactions, and a statement that returned has been committed, so a
// report acknowledged to a client is durable.
package store

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/feedlens/feedlens/shared/report"
)

// Dialect is the SQL flavour of a database.
type Dialect int

// The dialects. D1 speaks SQLite.
const (
	SQLite Dialect = iota
	Postgres
)

// String names the dialect as /healthz and the migrations folder do.
func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

//go:embed migrations
var migrations embed.FS

// ErrNotFound is returned for an unknown study or version.
var ErrNotFound = errors.New("not found")

// ErrConflict is returned when a study version exists with another document.
var ErrConflict = errors.New("conflict")

// Store is the database of one server.
type Store struct {
	read, write *sql.DB
	dialect     Dialect
	// pending feeds the group-commit writer, when there is one.
	pending chan *insertRequest
	stopped chan struct{}
}

// New returns a store reading through read and writing through write; they
// may be the same. SQLite wants a single writing connection (writers are
// serialised anyway, and one connection avoids busy-waiting on the lock).
func New(read, write *sql.DB, d Dialect) *Store {
	return &Store{read: read, write: write, dialect: d}
}

// Dialect returns the store's SQL dialect.
func (s *Store) Dialect() Dialect { return s.dialect }

// Close stops the group-commit writer, if any, and closes the databases.
func (s *Store) Close() error {
	if s.pending != nil {
		close(s.pending)
		<-s.stopped
		s.pending = nil
	}
	err := s.write.Close()
	if s.read != s.write {
		err = errors.Join(err, s.read.Close())
	}
	return err
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Migrate applies the embedded migrations of the store's dialect that have
// not been applied yet, each in its own transaction. (On D1, wrangler
// applies the same SQLite files instead.)
func (s *Store) Migrate(ctx context.Context) error {
	dir := "migrations/" + s.dialect.String()
	names, err := fs.Glob(migrations, dir+"/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	if _, err := s.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS feedlens_migrations (name TEXT NOT NULL PRIMARY KEY)`); err != nil {
		return fmt.Errorf("store: migrations table: %w", err)
	}
	for _, path := range names {
		name := path[len(dir)+1:]
		var applied int
		if err := s.write.QueryRowContext(ctx, s.rebind(`SELECT COUNT(*) FROM feedlens_migrations WHERE name = ?`), name).Scan(&applied); err != nil {
			return fmt.Errorf("store: migration %s: %w", name, err)
		}
		if applied > 0 {
			continue
		}
		body, err := migrations.ReadFile(path)
		if err != nil {
			return err
		}
		tx, err := s.write.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("store: migration %s: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("store: migration %s: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, s.rebind(`INSERT INTO feedlens_migrations (name) VALUES (?)`), name); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("store: migration %s: %w", name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("store: migration %s: %w", name, err)
		}
	}
	return nil
}

// rebind turns ? placeholders into PostgreSQL's $n. The queries in this
// package contain no other question marks.
func (s *Store) rebind(q string) string {
	if s.dialect != Postgres {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// PutStudy stores a study version. Storing the identical document again is
// a no-op (created = false); a different document under an existing
// version, or a version not above the latest, is ErrConflict: versions are
// immutable because reports refer to them.
func (s *Store) PutStudy(ctx context.Context, st *report.Study) (created bool, err error) {
	doc, err := json.Marshal(st)
	if err != nil {
		return false, err
	}
	if old, err := s.StudyVersion(ctx, st.ID, st.Version); err == nil {
		if prev, _ := json.Marshal(old); string(prev) == string(doc) {
			return false, nil
		}
		return false, fmt.Errorf("%w: study %s version %d exists with another document; publish a new version", ErrConflict, st.ID, st.Version)
	} else if !errors.Is(err, ErrNotFound) {
		return false, err
	}
	if latest, err := s.LatestStudy(ctx, st.ID); err == nil && latest.Version > st.Version {
		return false, fmt.Errorf("%w: study %s is at version %d; a new version must be higher", ErrConflict, st.ID, latest.Version)
	}
	res, err := s.write.ExecContext(ctx, s.rebind(`INSERT INTO studies (id, version, document) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`),
		st.ID, st.Version, string(doc))
	if err != nil {
		return false, fmt.Errorf("store: put study %s: %w", st.ID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, err
	}
	if n == 0 {
		// A concurrent request stored the same version first.
		return s.PutStudy(ctx, st)
	}
	return true, nil
}

// StudyVersion returns one version of a study.
func (s *Store) StudyVersion(ctx context.Context, id string, version int) (*report.Study, error) {
	return s.study(ctx, s.rebind(`SELECT document FROM studies WHERE id = ? AND version = ?`), id, version)
}

// LatestStudy returns the highest version of a study.
func (s *Store) LatestStudy(ctx context.Context, id string) (*report.Study, error) {
	return s.study(ctx, s.rebind(`SELECT document FROM studies WHERE id = ? ORDER BY version DESC LIMIT 1`), id)
}

func (s *Store) study(ctx context.Context, query string, args ...any) (*report.Study, error) {
	var doc string
	err := s.read.QueryRowContext(ctx, query, args...).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: study %v: %w", args[0], err)
	}
	var st report.Study
	if err := json.Unmarshal([]byte(doc), &st); err != nil {
		return nil, fmt.Errorf("store: study %v: stored document: %w", args[0], err)
	}
	return &st, nil
}

// LatestStudies returns the latest version of every study, by id.
func (s *Store) LatestStudies(ctx context.Context) ([]*report.Study, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT s.document FROM studies s
		WHERE s.version = (SELECT MAX(v.version) FROM studies v WHERE v.id = s.id) ORDER BY s.id`)
	if err != nil {
		return nil, fmt.Errorf("store: studies: %w", err)
	}
	defer rows.Close()
	var out []*report.Study
	for rows.Next() {
		var doc string
		if err := rows.Scan(&doc); err != nil {
			return nil, err
		}
		var st report.Study
		if err := json.Unmarshal([]byte(doc), &st); err != nil {
			return nil, fmt.Errorf("store: stored study: %w", err)
		}
		out = append(out, &st)
	}
	return out, rows.Err()
}

// AddToken stores the hash of a researcher token for a study.
func (s *Store) AddToken(ctx context.Context, hash, study string) error {
	_, err := s.write.ExecContext(ctx, s.rebind(`INSERT INTO tokens (hash, study) VALUES (?, ?)`), hash, study)
	if err != nil {
		return fmt.Errorf("store: add token: %w", err)
	}
	return nil
}

// TokenStudy returns the study a token hash grants access to.
func (s *Store) TokenStudy(ctx context.Context, hash string) (string, error) {
	var study string
	err := s.read.QueryRowContext(ctx, s.rebind(`SELECT study FROM tokens WHERE hash = ?`), hash).Scan(&study)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("store: token: %w", err)
	}
	return study, nil
}

// MaxBatch is the most reports stored in one statement.
const MaxBatch = 500

// InsertReports stores validated reports in one statement and returns the
// ids that were new; the others were already stored (or repeated within
// the batch) and count once. The statement commits before it returns.
func (s *Store) InsertReports(ctx context.Context, reports []report.Report) (map[string]bool, error) {
	accepted := make(map[string]bool, len(reports))
	if len(reports) == 0 {
		return accepted, nil
	}
	if len(reports) > MaxBatch {
		return nil, fmt.Errorf("store: %d reports in one batch, at most %d", len(reports), MaxBatch)
	}
	batch, err := json.Marshal(reports)
	if err != nil {
		return nil, err
	}
	var query string
	if s.dialect == Postgres {
		query = `INSERT INTO reports (id, study, version, day, platform, vals)
			SELECT x.id, x.study, x.version, x.day, x.platform, x."values"
			FROM jsonb_to_recordset($1::jsonb) AS x(id text, study text, version integer, day text, platform text, "values" jsonb)
			ON CONFLICT (id) DO NOTHING RETURNING id`
	} else {
		query = `INSERT INTO reports (id, study, version, day, platform, vals)
			SELECT json_extract(j.value, '$.id'), json_extract(j.value, '$.study'), json_extract(j.value, '$.version'),
			       json_extract(j.value, '$.day'), json_extract(j.value, '$.platform'), json_extract(j.value, '$.values')
			FROM json_each(?) AS j WHERE true
			ON CONFLICT (id) DO NOTHING RETURNING id`
	}
	if s.pending != nil {
		req := &insertRequest{query: query, batch: string(batch), n: len(reports), done: make(chan error, 1), accepted: accepted}
		s.pending <- req
		if err := <-req.done; err != nil {
			return nil, fmt.Errorf("store: insert %d reports: %w", len(reports), err)
		}
		return accepted, nil
	}
	for attempt := 0; ; attempt++ {
		clear(accepted)
		err = s.insert(ctx, s.write, query, string(batch), accepted)
		// PostgreSQL may abort one of two concurrent batches as a deadlock
		// victim; the statement is atomic, so running it again is safe.
		if err == nil || attempt == 4 || !strings.Contains(err.Error(), "40P01") {
			break
		}
		time.Sleep(time.Duration(attempt+1) * 10 * time.Millisecond)
	}
	if err != nil {
		return nil, fmt.Errorf("store: insert %d reports: %w", len(reports), err)
	}
	return accepted, nil
}

// querier is a database or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (s *Store) insert(ctx context.Context, q querier, query, batch string, accepted map[string]bool) error {
	rows, err := q.QueryContext(ctx, query, batch)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return err
		}
		accepted[id] = true
	}
	return rows.Err()
}

// Cell is the reported count of one category of one field on one day and
// platform.
type Cell struct {
	Day      string
	Platform string
	Category int
	N        int64
}

// CountQuery selects the cells of one field of one study version.
type CountQuery struct {
	Study    string
	Version  int
	Field    string
	From, To string // days, inclusive
	Platform string // "" for all
}

// Counts returns the matching cells ordered by day, platform and category.
func (s *Store) Counts(ctx context.Context, q CountQuery) ([]Cell, error) {
	query := `SELECT day, platform, category, n FROM counts
		WHERE study = ? AND version = ? AND field = ? AND day >= ? AND day <= ?`
	args := []any{q.Study, q.Version, q.Field, q.From, q.To}
	if q.Platform != "" {
		query += ` AND platform = ?`
		args = append(args, q.Platform)
	}
	query += ` ORDER BY day, platform, category`
	rows, err := s.read.QueryContext(ctx, s.rebind(query), args...)
	if err != nil {
		return nil, fmt.Errorf("store: counts: %w", err)
	}
	defer rows.Close()
	var cells []Cell
	for rows.Next() {
		var c Cell
		if err := rows.Scan(&c.Day, &c.Platform, &c.Category, &c.N); err != nil {
			return nil, err
		}
		cells = append(cells, c)
	}
	return cells, rows.Err()
}

// Released returns the noisy counts already released for the matching
// cells, keyed by day, platform and category, with the raw count each was
// drawn for.
func (s *Store) Released(ctx context.Context, q CountQuery) (map[Cell]int64, error) {
	query := `SELECT day, platform, category, n, noisy FROM released
		WHERE study = ? AND version = ? AND field = ? AND day >= ? AND day <= ?`
	args := []any{q.Study, q.Version, q.Field, q.From, q.To}
	if q.Platform != "" {
		query += ` AND platform = ?`
		args = append(args, q.Platform)
	}
	rows, err := s.read.QueryContext(ctx, s.rebind(query), args...)
	if err != nil {
		return nil, fmt.Errorf("store: released: %w", err)
	}
	defer rows.Close()
	out := map[Cell]int64{}
	for rows.Next() {
		var c Cell
		var noisy int64
		if err := rows.Scan(&c.Day, &c.Platform, &c.Category, &c.N, &noisy); err != nil {
			return nil, err
		}
		out[c] = noisy
	}
	return out, rows.Err()
}

// Noised is a cell's raw count and the noisy count released for it.
type Noised struct {
	Cell
	Noisy int64
}

// Release records the noisy counts released for cells' raw counts, in one
// statement however many cells there are (a Worker on D1 may run only a
// few dozen statements per request). A count already released for the same
// raw count is kept, never replaced.
func (s *Store) Release(ctx context.Context, q CountQuery, cells []Noised) error {
	if len(cells) == 0 {
		return nil
	}
	type row struct {
		Day      string `json:"day"`
		Platform string `json:"platform"`
		Category int    `json:"category"`
		N        int64  `json:"n"`
		Noisy    int64  `json:"noisy"`
	}
	rows := make([]row, len(cells))
	for i, c := range cells {
		rows[i] = row{c.Day, c.Platform, c.Category, c.N, c.Noisy}
	}
	batch, err := json.Marshal(rows)
	if err != nil {
		return err
	}
	var query string
	if s.dialect == Postgres {
		query = `INSERT INTO released (study, version, field, day, platform, category, n, noisy)
			SELECT $1, $2, $3, x.day, x.platform, x.category, x.n, x.noisy
			FROM jsonb_to_recordset($4::jsonb) AS x(day text, platform text, category integer, n bigint, noisy bigint)
			ON CONFLICT (study, version, day, platform, field, category) DO UPDATE SET n = excluded.n, noisy = excluded.noisy
			WHERE released.n <> excluded.n`
	} else {
		query = `INSERT INTO released (study, version, field, day, platform, category, n, noisy)
			SELECT ?, ?, ?, json_extract(j.value, '$.day'), json_extract(j.value, '$.platform'), json_extract(j.value, '$.category'),
			       json_extract(j.value, '$.n'), json_extract(j.value, '$.noisy')
			FROM json_each(?) AS j WHERE true
			ON CONFLICT (study, version, day, platform, field, category) DO UPDATE SET n = excluded.n, noisy = excluded.noisy
			WHERE released.n <> excluded.n`
	}
	if _, err := s.write.ExecContext(ctx, query, q.Study, q.Version, q.Field, string(batch)); err != nil {
		return fmt.Errorf("store: release %d cells: %w", len(cells), err)
	}
	return nil
}
