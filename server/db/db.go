// Package db opens the native server's database from a DSN: an SQLite file
// (modernc.org/sqlite, pure Go) by default or PostgreSQL (pgx) for larger
// deployments. It is kept apart from package store so that the Worker,
// which reaches D1 through its own driver, carries neither.
package db

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"

	"github.com/feedlens/feedlens/server/store"
)

// sqlitePragmas make SQLite durable and concurrent: WAL lets readers run
// beside the writer; synchronous=FULL syncs the WAL on every commit, so an
// acknowledged report survives a crash of the process and of the machine.
var sqlitePragmas = []string{
	"journal_mode(WAL)", "synchronous(FULL)", "busy_timeout(10000)", "foreign_keys(1)",
	"cache_size(-262144)", "mmap_size(1073741824)",
}

// groupCommitReports bounds how many reports share one SQLite commit: large
// enough to amortise the commit, small enough to keep latency low.
const groupCommitReports = 2000

// Open opens and migrates the database named by dsn: "postgres://…" or
// "postgresql://…" for PostgreSQL, otherwise an SQLite file ("file:x.db",
// or a plain path).
func Open(ctx context.Context, dsn string) (*store.Store, error) {
	var st *store.Store
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		conn, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("db: %w", err)
		}
		conn.SetMaxOpenConns(16)
		conn.SetMaxIdleConns(16)
		st = store.New(conn, conn, store.Postgres)
	} else {
		read, write, err := openSQLite(dsn)
		if err != nil {
			return nil, err
		}
		st = store.New(read, write, store.SQLite)
		st.StartGroupCommit(groupCommitReports)
	}
	if err := st.Ping(ctx); err != nil {
		_ = st.Close()
		return nil, fmt.Errorf("db: %s: %w", redact(dsn), err)
	}
	if err := st.Migrate(ctx); err != nil {
		_ = st.Close()
		return nil, fmt.Errorf("db: %s: %w", redact(dsn), err)
	}
	return st, nil
}

func openSQLite(dsn string) (read, write *sql.DB, err error) {
	path, query, _ := strings.Cut(strings.TrimPrefix(dsn, "file:"), "?")
	if path == "" {
		return nil, nil, fmt.Errorf("db: empty SQLite path in %q", dsn)
	}
	params, err := url.ParseQuery(query)
	if err != nil {
		return nil, nil, fmt.Errorf("db: %q: %w", dsn, err)
	}
	if len(params["_pragma"]) == 0 {
		params["_pragma"] = sqlitePragmas
	}
	params.Set("_txlock", "immediate")
	full := "file:" + path + "?" + params.Encode()
	write, err = sql.Open("sqlite", full)
	if err != nil {
		return nil, nil, fmt.Errorf("db: %w", err)
	}
	// One writer: SQLite serialises writes anyway, and a single connection
	// queues them in Go instead of spinning on the database lock.
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	read, err = sql.Open("sqlite", full)
	if err != nil {
		_ = write.Close()
		return nil, nil, fmt.Errorf("db: %w", err)
	}
	read.SetMaxOpenConns(4)
	read.SetMaxIdleConns(4)
	return read, write, nil
}

// redact drops a password from a DSN before it is shown in an error.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
