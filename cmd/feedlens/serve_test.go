package main

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/feedlens/feedlens/server/apitest"
	"github.com/feedlens/feedlens/server/loadtest"
	"github.com/feedlens/feedlens/shared/report"
)

const testAdmin = "kill9-admin-token"

// buildFeedlens builds this command into a temporary directory: the test
// runs the real binary, as an operator would.
func buildFeedlens(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "feedlens")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startServe starts `feedlens serve` on a free loopback port and returns
// its base URL once it listens.
func startServe(t *testing.T, bin, dsn string, flags ...string) (string, *exec.Cmd) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0", "--db", dsn, "--rate", "0"}, flags...)...)
	cmd.Env = append(os.Environ(), "FEEDLENS_ADMIN_TOKEN="+testAdmin)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	select {
	case line, ok := <-lines:
		if !ok {
			t.Fatal("feedlens serve exited before listening")
		}
		for strings.HasPrefix(line, "feedlens: study from ") && ok {
			line, ok = <-lines
		}
		_, url, found := strings.Cut(line, "serving on ")
		if !found {
			t.Fatalf("unexpected first line %q", line)
		}
		url, _, _ = strings.Cut(url, " ")
		go func() {
			for range lines { // drain, so the server never blocks on stdout
			}
		}()
		return url, cmd
	case <-time.After(60 * time.Second):
		t.Fatal("feedlens serve did not start within 60 s")
	}
	return "", nil
}

// TestAcknowledgedReportsSurviveKill9 loads a real server process, kills it
// with SIGKILL in the middle of the load, restarts it on the same database
// and checks every report that had been answered 202: replayed, each must
// be a duplicate (already stored), and the stored total must cover them.
func TestAcknowledgedReportsSurviveKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills a server process")
	}
	bin := buildFeedlens(t)
	t.Run("sqlite", func(t *testing.T) {
		killAndCount(t, bin, "file:"+filepath.Join(t.TempDir(), "kill9.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		_, _, dsn := apitest.PostgresSchema(t, "feedlens_kill9")
		killAndCount(t, bin, dsn)
	})
}

func killAndCount(t *testing.T, bin, dsn string) {
	base, cmd := startServe(t, bin, dsn)
	ctx := context.Background()
	client := &http.Client{Timeout: 30 * time.Second}
	st := loadtest.Study("kill9")
	if body, status, err := loadtest.Admin(ctx, client, base, testAdmin, "POST", "/v1/studies", st); err != nil || status != 201 {
		t.Fatalf("creating the study: %d %v %s", status, err, body)
	}
	reports, err := loadtest.Reports(st, 400_000, 9)
	if err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	var acked []report.Report
	loadCtx, stopLoad := context.WithCancel(ctx)
	defer stopLoad()
	done := make(chan loadtest.Result)
	go func() {
		done <- loadtest.Ingest(loadCtx, loadtest.Config{
			Base: base, Study: st.ID, Reports: reports, Clients: 6, Batch: 40,
			OnAck: func(b []report.Report) { mu.Lock(); acked = append(acked, b...); mu.Unlock() },
		})
	}()
	// Kill once a good number of reports has been acknowledged, while the
	// clients are still sending.
	deadline := time.Now().Add(60 * time.Second)
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 8000 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	time.Sleep(200 * time.Millisecond) // let in-flight requests fail
	stopLoad()
	res := <-done
	t.Logf("killed after %d acknowledged reports (%d sent, %d batches failed)", len(acked), res.Sent, res.Failed)
	if len(acked) < 1000 || res.Sent >= len(reports) {
		t.Fatalf("the kill did not happen under load: %d acknowledged, %d of %d sent", len(acked), res.Sent, len(reports))
	}

	base, restarted := startServe(t, bin, dsn)
	replay := loadtest.Ingest(ctx, loadtest.Config{Base: base, Study: st.ID, Reports: acked, Clients: 2, Batch: 500})
	if replay.Failed > 0 || replay.Accepted != 0 || replay.Duplicate != len(acked) {
		t.Errorf("replaying %d acknowledged reports after kill -9: %d accepted (= lost before), %d duplicate, %d failed batches",
			len(acked), replay.Accepted, replay.Duplicate, replay.Failed)
	}
	// The counts agree: every acknowledged report (and perhaps some whose
	// answer the kill cut off) is in the aggregates.
	body, status, err := loadtest.Admin(ctx, client, base, testAdmin, "GET", "/v1/studies/kill9/aggregates?field=ad_share&group=all", nil)
	if err != nil || status != 200 {
		t.Fatalf("aggregates: %d %v %s", status, err, body)
	}
	var agg struct{ Rows []struct{ N float64 } }
	if err := json.Unmarshal(body, &agg); err != nil {
		t.Fatal(err)
	}
	var total float64
	for _, r := range agg.Rows {
		total += r.N
	}
	if int(total) < len(acked) || int(total) > res.Sent {
		t.Errorf("aggregates count %v reports; %d were acknowledged and %d sent", total, len(acked), res.Sent)
	}
	// A clean stop after the restart.
	if err := restarted.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := restarted.Wait(); err != nil {
		t.Errorf("feedlens serve after SIGTERM: %v", err)
	}
}

func TestServeLogRedactsAddresses(t *testing.T) {
	var b strings.Builder
	w := redactAddresses{&b}
	for _, line := range []string{
		"2026/11/28 11:01:20 http: panic serving 203.0.113.7:51234: boom\n",
		"http: TLS handshake error from [2001:db8::1]:443: EOF\n",
		"accept from 2001:db8:0:1::42 failed\n",
	} {
		if _, err := w.Write([]byte(line)); err != nil {
			t.Fatal(err)
		}
	}
	out := b.String()
	for _, addr := range []string{"203.0.113.7", "2001:db8", "51234"} {
		if strings.Contains(out, addr) {
			t.Errorf("log kept %q:\n%s", addr, out)
		}
	}
	if strings.Count(out, "[address]") != 3 || !strings.Contains(out, "boom") || !strings.Contains(out, "11:01:20") {
		t.Errorf("log lost its message:\n%s", out)
	}
}

// TestServePublishesStudies starts the server twice with the example study:
// it is listed, and the second start keeps it; a changed document under
// the same version is refused with a clear error.
func TestServePublishesStudies(t *testing.T) {
	bin := buildFeedlens(t)
	dsn := "file:" + filepath.Join(t.TempDir(), "studies.db")
	example, err := filepath.Abs("../../docs/examples/study.json")
	if err != nil {
		t.Fatal(err)
	}
	for run := 0; run < 2; run++ {
		url, cmd := startServe(t, bin, dsn, "--study", example)
		resp, err := http.Get(url + "/v1/studies")
		if err != nil {
			t.Fatal(err)
		}
		var list struct {
			Studies []struct{ ID string } `json:"studies"`
		}
		err = json.NewDecoder(resp.Body).Decode(&list)
		resp.Body.Close()
		if err != nil || len(list.Studies) != 1 || list.Studies[0].ID != "feed-diversity-2027" {
			t.Fatalf("run %d: studies %+v, %v", run, list, err)
		}
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	}
	body, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	changed := filepath.Join(t.TempDir(), "changed.json")
	if err := os.WriteFile(changed, []byte(strings.Replace(string(body), `"min_posts": 20`, `"min_posts": 30`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", dsn, "--study", changed).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "--study "+changed) {
		t.Errorf("a changed study under the same version: %v\n%s", err, out)
	}
}
