package apitest

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
)

// PostgresDSN is the test database: FEEDLENS_TEST_POSTGRES, or the local
// server with trust authentication.
func PostgresDSN() string {
	if dsn := os.Getenv("FEEDLENS_TEST_POSTGRES"); dsn != "" {
		return dsn
	}
	return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

// PostgresSchema creates a schema of its own for one test, so parallel
// runs never collide, and drops it when the test ends. It returns a
// connection for inspecting it, the schema's name and a DSN whose
// search_path points into it.
func PostgresSchema(t *testing.T, prefix string) (conn *sql.DB, schema, dsn string) {
	t.Helper()
	base := PostgresDSN()
	conn, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	schema = fmt.Sprintf("%s_%d_%08x", prefix, os.Getpid(), rand.Uint32())
	if _, err := conn.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("PostgreSQL at %s: %v (start it, or set FEEDLENS_TEST_POSTGRES)", base, err)
	}
	t.Cleanup(func() {
		if _, err := conn.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("dropping %s: %v", schema, err)
		}
	})
	return conn, schema, base + "&search_path=" + schema
}
