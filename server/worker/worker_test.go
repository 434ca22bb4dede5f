//go:build !js

package main

import (
	"bytes"
	"compress/gzip"
	"database/sql"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/feedlens/feedlens/server/apitest"
)

// maxWasmGzip is the build gate: Cloudflare's free plan takes Workers up
// to 3 MB compressed.
const maxWasmGzip = 3_000_000

const (
	adminToken = "worker-admin-token-0123456789"
	origin     = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
	userAgent  = "feedlens-apitest/1.0 (unique-ua-7f3a9c)"
)

// wranglerEnv keeps wrangler offline and quiet: no metrics, no cf.json
// fetch, no update check, no account.
func wranglerEnv(home string) []string {
	return append(os.Environ(), "WRANGLER_SEND_METRICS=false", "CLOUDFLARE_CF_FETCH_ENABLED=false",
		"WRANGLER_HIDE_BANNER=true", "CI=true", "NO_COLOR=1", "XDG_CONFIG_HOME="+home)
}

// TestWorkerOnLocalD1 builds the Worker's wasm, checks its size, applies
// the shared SQLite migrations to a fresh local D1, starts `wrangler dev`
// on a free port and runs the same API suite as the native server.
func TestWorkerOnLocalD1(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the Worker and starts wrangler dev")
	}
	wrangler, err := filepath.Abs("node_modules/wrangler/bin/wrangler.js")
	if err != nil {
		t.Fatal(err)
	}
	node, nodeErr := exec.LookPath("node")
	if _, err := os.Stat(wrangler); err != nil || nodeErr != nil {
		msg := "needs node and `npm ci` in server/worker (make worker-deps)"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	dir := t.TempDir()
	build := filepath.Join(dir, "build")
	start := time.Now()
	run(t, exec.Command("go", "run", "github.com/syumai/workers/cmd/workers-assets-gen", "-mode=go", "-o", build))
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", filepath.Join(build, "app.wasm"), ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	run(t, cmd)
	t.Logf("wasm build: %v", time.Since(start).Round(time.Millisecond))
	checkSize(t, filepath.Join(build, "app.wasm"))

	migrations, err := filepath.Abs("../store/migrations/sqlite")
	if err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(dir, "wrangler.jsonc")
	if err := os.WriteFile(config, fmt.Appendf(nil, `{
  "name": "feedlens-test",
  "main": "./build/worker.mjs",
  "compatibility_date": "2026-04-20",
  "d1_databases": [{"binding": "DB", "database_name": "feedlens", "database_id": "00000000-0000-0000-0000-000000000000", "migrations_dir": %q}],
  "vars": {"FEEDLENS_ADMIN_TOKEN": %q, "FEEDLENS_ORIGINS": %q}
}`, migrations, adminToken, origin+",moz-extension://*"), 0o644); err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(dir, "state")
	env := wranglerEnv(dir)
	start = time.Now()
	migrate := exec.Command(node, wrangler, "d1", "migrations", "apply", "feedlens", "--local", "--persist-to", state, "--config", config)
	migrate.Env = env
	run(t, migrate)
	t.Logf("d1 migrations apply --local: %v", time.Since(start).Round(time.Millisecond))

	port := freePort(t)
	var logs bytes.Buffer
	dev := exec.Command(node, wrangler, "dev", "--local", "--ip", "127.0.0.1", "--port", fmt.Sprint(port),
		"--inspector-port", "0", "--persist-to", state, "--config", config,
		"--show-interactive-dev-session=false", "--log-level", "warn")
	dev.Env = env
	dev.Dir = dir
	dev.Stdout, dev.Stderr = &logs, &logs
	// Its own process group, so workerd and esbuild can be killed with it
	// should wrangler not stop them itself.
	dev.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	start = time.Now()
	if err := dev.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- dev.Wait() }()
	t.Cleanup(func() { stop(t, dev, exited) })
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	waitHealthy(t, base, exited, &logs)
	t.Logf("wrangler dev start → first 200: %v", time.Since(start).Round(time.Millisecond))

	start = time.Now()
	apitest.Run(t, apitest.Target{Base: base, Admin: adminToken, Origin: origin, UserAgent: userAgent})
	t.Logf("API suite against the Worker: %v", time.Since(start).Round(time.Millisecond))

	// What D1 holds: read the local database file directly.
	files, _ := filepath.Glob(filepath.Join(state, "v3", "d1", "*", "[0-9a-f]*.sqlite"))
	if len(files) != 1 {
		t.Fatalf("expected one local D1 file, found %v", files)
	}
	d1, err := sql.Open("sqlite", "file:"+files[0]+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer d1.Close()
	apitest.CheckNothingIdentifying(t, d1, "", "", userAgent, adminToken)
}

func run(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out)
	}
}

func checkSize(t *testing.T, wasm string) {
	t.Helper()
	f, err := os.Open(wasm)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var n countWriter
	zw, _ := gzip.NewWriterLevel(&n, gzip.BestCompression)
	raw, err := io.Copy(zw, f)
	if err != nil {
		t.Fatal(err)
	}
	_ = zw.Close()
	t.Logf("worker wasm: %d bytes, %d gzip -9", raw, n)
	if n > maxWasmGzip {
		t.Errorf("the Worker's wasm is %d bytes gzipped, over the %d limit of Cloudflare's free plan", n, maxWasmGzip)
	}
}

type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func waitHealthy(t *testing.T, base string, exited chan error, logs *bytes.Buffer) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("wrangler dev exited: %v\n%s", err, logs)
		default:
		}
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("wrangler dev did not answer /healthz within 90 s\n%s", logs)
}

// stop ends wrangler dev: SIGTERM to wrangler (it stops workerd and
// esbuild), then SIGKILL to the whole group if it lingers.
func stop(t *testing.T, dev *exec.Cmd, exited chan error) {
	_ = dev.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		t.Log("wrangler dev ignored SIGTERM; killing its process group")
	}
	_ = syscall.Kill(-dev.Process.Pid, syscall.SIGKILL)
}
