//go:build js && wasm

// Command worker is the study server as a Cloudflare Worker: the same Echo
// handler as `feedlens serve`, on D1 through syumai/workers. Every request
// runs in a fresh Go instance, so nothing is kept in memory between
// requests; the per-process rate limiter is therefore off here (put
// Cloudflare's rate limiting rules in front of the Worker instead).
package main

import (
	"database/sql"
	"strings"

	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare"
	_ "github.com/syumai/workers/cloudflare/d1" // registers "d1"

	"github.com/feedlens/feedlens/server"
	"github.com/feedlens/feedlens/server/store"
)

func main() {
	// "DB" is the D1 binding in wrangler.jsonc. sql.Open only records the
	// name; a missing binding surfaces as a 500 from the first query.
	db, _ := sql.Open("d1", "DB")
	var origins []string
	for _, o := range strings.Split(cloudflare.Getenv("FEEDLENS_ORIGINS"), ",") {
		if o = strings.TrimSpace(o); o != "" {
			origins = append(origins, o)
		}
	}
	workers.Serve(server.New(store.New(db, db, store.SQLite), server.Config{
		AdminToken: cloudflare.Getenv("FEEDLENS_ADMIN_TOKEN"),
		Origins:    origins,
	}))
}
