package apitest

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
)

// CheckNothingIdentifying scans every value of every table of the server's
// database (schema "" means SQLite, else a PostgreSQL schema), and the
// server's log, for the client address, the user agent and the admin token
// the suite sent: none may be stored or logged.
func CheckNothingIdentifying(t *testing.T, conn *sql.DB, schema, logs, userAgent, adminToken string) {
	t.Helper()
	query := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'`
	prefix := ""
	if schema != "" {
		query = `SELECT table_name FROM information_schema.tables WHERE table_schema = '` + schema + `'`
		prefix = schema + "."
	}
	rows, err := conn.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	if len(tables) < 5 {
		t.Fatalf("found only tables %v", tables)
	}
	forbidden := []string{"127.0.0.1", "::1", userAgent, adminToken}
	scanned := 0
	for _, table := range tables {
		rows, err := conn.Query(`SELECT * FROM ` + prefix + `"` + table + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			scanned++
			for i, v := range vals {
				s := fmt.Sprint(v)
				if b, ok := v.([]byte); ok {
					s = string(b)
				}
				for _, bad := range forbidden {
					if strings.Contains(s, bad) {
						t.Errorf("table %s column %s holds %q: %s", table, cols[i], bad, s)
					}
				}
			}
		}
		rows.Close()
	}
	if scanned < 2000 {
		t.Errorf("scanned only %d rows: the suite stored less than expected", scanned)
	}
	for _, bad := range append(forbidden, "flr_") {
		if strings.Contains(logs, bad) {
			t.Errorf("the log holds %q:\n%s", bad, logs)
		}
	}
}
