//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// faultRow is one fault and one command: the reference and skiff each run against a
// fresh engine with that fault; exit code and normalised first stderr line must match
// (unless skiff's answer is set: skiff is better there on purpose), no run may hang
// or show a Go stack trace, and under a pty the terminal must come back as it was.
type faultRow struct {
	fault  string
	args   []string
	engine func(t *testing.T) *faultEngine // a fresh engine per client

	// signalAt: once these routes have reached the engine, in this order, the client
	// gets SIGINT.
	signalAt []string
	// pty: the client runs on a terminal; input is typed once inputAt reaches the
	// engine (the first stderr line is not separable there: exit code and mode only).
	pty     bool
	input   string
	inputAt string

	skiff *faultWant // skiff's own answer, where it is better than docker's on purpose
	// heavy: docker allocates gigabytes here (4 GB and ~13 s for a 4 GiB frame header):
	// its answer, observed, is recorded in docker and it runs only with
	// FAULTMATRIX_HEAVY=1, one such run at a time; skiff's peak memory must stay small.
	heavy  bool
	docker faultResult
	// racy: why docker's first stderr line is not stable here; the unstable end (the
	// transport's error) is normalised out and the rest compares.
	racy string
	// outcomes: docker's answer here is one of these, by timing (racy says why): docker's
	// and skiff's must each be one of them.
	outcomes []faultWant
}

type faultWant struct {
	code  int
	first string
	why   string
}

type faultResult struct {
	code   int
	first  string
	stderr string
	maxRSS int64 // peak resident memory, bytes (not under a pty)
	hung   bool  // killed after faultHangLimit
}

func (r faultResult) String() string {
	if r.hung {
		return r.first
	}
	return fmt.Sprintf("%d, %q", r.code, r.first)
}

var faultHeavy sync.Mutex

// Why skiff answers otherwise on purpose.
const (
	whyTypes = "the decoder names each client's own Go types; same words otherwise"
	whyPage  = "skiff reduces an error page to one readable line (tags stripped, lines joined), where docker prints the page"
	whyCut   = "skiff streams frames in bounded chunks: what a cut frame brought is written, docker drops it"
)

const faultCloseRace = "the transport error (EOF, reset, broken pipe) depends on whether the client's write or the engine's close comes first"

// The routes a fault replaces.
const (
	rPing    = "GET /_ping"
	rVersion = "GET /version"
	rInfo    = "GET /info"
	rPs      = "GET /containers/json"
	rInspect = "GET /containers/{id}/json"
	rAttach  = "POST /containers/{id}/attach"
	rStart   = "POST /containers/{id}/start"
)

func faultHTTP(version string, set func(fe *faultEngine)) func(t *testing.T) *faultEngine {
	return func(t *testing.T) *faultEngine {
		fe := newFaultEngine(t, version)
		if set != nil {
			set(fe)
		}
		return fe.serve()
	}
}

// faultAnswer: route answers code, content type and body.
func faultAnswer(route string, code int, ctype, body string) func(t *testing.T) *faultEngine {
	return faultHTTP("1.41", func(fe *faultEngine) {
		fe.routes[route] = func(_ *faultEngine, w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", ctype)
			w.WriteHeader(code)
			w.Write([]byte(body))
		}
	})
}

// faultAnswerAll: every route answers so (a proxy in front of a dead engine).
func faultAnswerAll(code int, ctype, body string) func(t *testing.T) *faultEngine {
	return func(t *testing.T) *faultEngine {
		fe := newFaultEngine(t, faultNoVersion)
		for _, r := range []string{rPing, rVersion, rInfo, rPs, rInspect, "POST /containers/create", "GET /images/json"} {
			fe.routes[r] = func(_ *faultEngine, w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", ctype)
				w.WriteHeader(code)
				w.Write([]byte(body))
			}
		}
		return fe.serve()
	}
}

func faultStream(tty bool, stream []byte) func(t *testing.T) *faultEngine {
	return faultHTTP("1.41", func(fe *faultEngine) { fe.tty, fe.stream = tty, stream })
}

// faultAttachAnswer replaces the attach's answer.
func faultAttachAnswer(tty bool, h func(fe *faultEngine, w http.ResponseWriter, r *http.Request)) func(t *testing.T) *faultEngine {
	return faultHTTP("1.41", func(fe *faultEngine) {
		fe.tty = tty
		fe.routes[rAttach] = h
	})
}

func attach200(fe *faultEngine, w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/vnd.docker.raw-stream")
	w.WriteHeader(200)
}

func attach101Close(fe *faultEngine, w http.ResponseWriter, _ *http.Request) {
	c, rw, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	fe.outputPending() // a running container's stream closes as it exits
	rw.WriteString("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n")
	rw.Flush()
	c.Close()
}

// faultHuge answers route with a JSON body of n bytes made as it is sent (never held
// whole): `[{"Id":"aaaa...."}]`.
func faultHuge(route string, n int64) func(t *testing.T) *faultEngine {
	return faultHTTP("1.41", func(fe *faultEngine) {
		fe.routes[route] = func(_ *faultEngine, w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(200)
			io.WriteString(w, `[{"Id":"`)
			chunk := bytes.Repeat([]byte("a"), 64<<10)
			for sent := int64(0); sent < n; sent += int64(len(chunk)) {
				if _, err := w.Write(chunk); err != nil {
					return // the client gave up
				}
			}
			io.WriteString(w, `","Names":["/huge"],"Image":"bb","Command":"sh","Created":1700000000,"State":"running","Status":"Up 1 second"}]`)
		}
	})
}

func faultConn(fn func(*faultEngine, net.Conn)) func(t *testing.T) *faultEngine {
	return func(t *testing.T) *faultEngine { return newFaultEngine(t, "1.41").serveConn(fn) }
}

func faultRows() []faultRow {
	hello := faultFrame(1, 6, "hello\n")
	cat := func(b ...[]byte) []byte { return bytes.Join(b, nil) }
	rows := []faultRow{
		// The connection.
		{fault: "connection refused", args: []string{"ps"}, engine: func(t *testing.T) *faultEngine { return newFaultEngine(t, "1.41").refuse() }},
		{fault: "connection refused", args: []string{"version"}, engine: func(t *testing.T) *faultEngine { return newFaultEngine(t, "1.41").refuse() }},
		{fault: "connection refused", args: []string{"run", "bb"}, engine: func(t *testing.T) *faultEngine { return newFaultEngine(t, "1.41").refuse() }},
		{fault: "no socket file", args: []string{"ps"}, engine: func(t *testing.T) *faultEngine { return newFaultEngine(t, "1.41") }},
		{fault: "accepted then closed", args: []string{"ps"}, engine: faultConn(faultCloseAtOnce), racy: faultCloseRace},
		{fault: "accepted then closed", args: []string{"version"}, engine: faultConn(faultCloseAtOnce), racy: faultCloseRace},
		{fault: "accepted then closed", args: []string{"info"}, engine: faultConn(faultCloseAtOnce), racy: faultCloseRace},
		{fault: "accepted then closed", args: []string{"run", "bb"}, engine: faultConn(faultCloseAtOnce), racy: faultCloseRace},
		{fault: "accepted then closed", args: []string{"create", "bb"}, engine: faultConn(faultCloseAtOnce), racy: faultCloseRace},
		{fault: "accepted then closed", args: []string{"images"}, engine: faultConn(faultCloseAtOnce), racy: faultCloseRace},
		{fault: "never answers, SIGINT", args: []string{"ps"}, engine: faultConn(faultSilent), signalAt: []string{faultAny}},
		{fault: "never answers, SIGINT", args: []string{"version"}, engine: faultConn(faultSilent), signalAt: []string{faultAny}},
		{fault: "never answers, SIGINT", args: []string{"info"}, engine: faultConn(faultSilent), signalAt: []string{faultAny}},
		{fault: "never answers, SIGINT", args: []string{"run", "bb"}, engine: faultConn(faultSilent), signalAt: []string{faultAny}},
	}
	// The volume verbs and the prunes (the question answered by --force): docker's prunes
	// begin with a ping and report its failure, not the prune request's.
	for _, args := range [][]string{{"volume", "create", "x"}, {"volume", "rm", "x"}, {"volume", "ls"}, {"volume", "prune", "-f"},
		{"system", "prune", "-f"}, {"container", "prune", "-f"}, {"image", "prune", "-f"}, {"builder", "prune", "-f"}} {
		rows = append(rows,
			faultRow{fault: "connection refused", args: args, engine: func(t *testing.T) *faultEngine { return newFaultEngine(t, "1.41").refuse() }},
			faultRow{fault: "accepted then closed", args: args, engine: faultConn(faultCloseAtOnce), racy: faultCloseRace},
			faultRow{fault: "never answers, SIGINT", args: args, engine: faultConn(faultSilent), signalAt: []string{faultAny}})
	}
	// Version negotiation.
	for _, v := range []string{"1.12", "1.24", "1.29", "1.30", "9.99", faultNoVersion} {
		name := "/_ping API-Version " + v
		if v == faultNoVersion {
			name = "/_ping without API-Version"
		}
		for _, args := range [][]string{{"version"}, {"ps"}, {"info"}, {"run", "bb"}} {
			// below API 1.30 the fake answers the wait only at the exit, as those engines do
			rows = append(rows, faultRow{fault: name, args: args, engine: faultHTTP(v, nil)})
		}
	}
	rows = append(rows,
		// Bodies.
		faultRow{fault: "truncated JSON", args: []string{"ps"}, engine: faultAnswer(rPs, 200, "application/json", `[{"Id":"abc`)},
		faultRow{fault: "truncated JSON", args: []string{"inspect", "x"}, engine: faultAnswer(rInspect, 200, "application/json", `{"Id":"abc","State":{`)},
		faultRow{fault: "truncated JSON", args: []string{"version"}, engine: faultAnswer(rVersion, 200, "application/json", `{"Version":"28`)},
		faultRow{fault: "truncated JSON", args: []string{"info"}, engine: faultAnswer(rInfo, 200, "application/json", `{"ID":"x","Containers":`)},
		faultRow{fault: "wrongly typed JSON", args: []string{"ps"}, engine: faultAnswer(rPs, 200, "application/json", `{"Id":1}`)},
		faultRow{fault: "wrongly typed JSON", args: []string{"inspect", "x"}, engine: faultAnswer(rInspect, 200, "application/json", `{"Id":42,"State":"up"}`),
			skiff: &faultWant{1, "json: cannot unmarshal number into Go struct field InspectResponse.Id of type string", whyTypes}},
		faultRow{fault: "wrongly typed JSON", args: []string{"version"}, engine: faultAnswer(rVersion, 200, "application/json", `{"Version":7,"Components":{}}`),
			skiff: &faultWant{1, "json: cannot unmarshal number into Go struct field VersionResponse.Version of type string", whyTypes}},
		faultRow{fault: "wrongly typed JSON", args: []string{"info"}, engine: faultAnswer(rInfo, 200, "application/json", `{"NCPU":"two"}`),
			skiff: &faultWant{1, "ERROR: Error reading remote info: json: cannot unmarshal string into Go struct field serverInfo.NCPU of type int", whyTypes}},
		// heavy: docker reads it all (seconds; past the hang limit on a loaded machine)
		faultRow{fault: "300 MiB body", args: []string{"ps"}, engine: faultHuge(rPs, 300<<20), heavy: true,
			docker: faultResult{code: 0, first: "", maxRSS: 1138 << 20},
			skiff: &faultWant{1, "malformed response from daemon for GET /v1.41/containers/json: response larger than 64 MiB",
				"skiff refuses a body beyond 64 MiB, docker reads it whole"}},
		// Error pages.
		faultRow{fault: "502 text/html page", args: []string{"ps"}, engine: faultAnswer(rPs, 502, "text/html",
			"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"),
			skiff: &faultWant{1, "Error response from daemon: 502 Bad Gateway 502 Bad Gateway", whyPage}},
		faultRow{fault: "404 text/html page", args: []string{"inspect", "x"}, engine: faultAnswer(rInspect, 404, "text/html",
			"<!DOCTYPE html>\n<html><body><h1>Not Found</h1>\n<p>nothing here</p></body></html>\n")},
		faultRow{fault: "500 multi-line text/plain", args: []string{"ps"}, engine: faultAnswer(rPs, 500, "text/plain",
			"internal error\nsecond line\nthird line\n"),
			skiff: &faultWant{1, "Error response from daemon: internal error second line third line", whyPage}},
		faultRow{fault: "503 multi-line text/plain", args: []string{"version"}, engine: faultAnswer(rVersion, 503, "text/plain; charset=utf-8",
			"Service Unavailable\n\nthe engine is restarting\n"),
			skiff: &faultWant{1, "Error response from daemon: Service Unavailable the engine is restarting", whyPage}},
		faultRow{fault: "every answer 503 text/html", args: []string{"ps"}, engine: faultAnswerAll(503, "text/html",
			"<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>\n"),
			skiff: &faultWant{1, "Error response from daemon: 503 Service Unavailable No server is available to handle this request.", whyPage}},
		faultRow{fault: "every answer 503 text/html", args: []string{"info"}, engine: faultAnswerAll(503, "text/html",
			"<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>\n"),
			skiff: &faultWant{1, "ERROR: Error response from daemon: 503 Service Unavailable No server is available to handle this request.", whyPage}},
		faultRow{fault: "every answer 503 text/html", args: []string{"images"}, engine: faultAnswerAll(503, "text/html",
			"<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>\n"),
			skiff: &faultWant{1, "Error response from daemon: 503 Service Unavailable No server is available to handle this request.", whyPage}},
		faultRow{fault: "every answer 503 text/html", args: []string{"run", "bb"}, engine: faultAnswerAll(503, "text/html",
			"<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>\n"),
			skiff: &faultWant{125, "docker: Error response from daemon: 503 Service Unavailable No server is available to handle this request.", whyPage}},
		// The attach.
		faultRow{fault: "attach answers 200, not 101", args: []string{"attach", "x"}, engine: faultAttachAnswer(false, attach200)},
		faultRow{fault: "attach answers 200, not 101", args: []string{"run", "bb"}, engine: faultAttachAnswer(false, attach200)},
		faultRow{fault: "attach 101 then closes", args: []string{"attach", "x"}, engine: faultAttachAnswer(false, attach101Close)},
		faultRow{fault: "attach 101 then closes", args: []string{"run", "bb"}, engine: faultAttachAnswer(false, attach101Close)},
		faultRow{fault: "attach 101 then hangs, SIGINT", args: []string{"attach", "x"}, engine: faultStream(false, faultHang),
			// after the client's second inspect: the fake's container stops at the kill, and a
			// kill before that inspect is "You cannot attach to a stopped container" (docker's
			// too, when its forwarder is quicker)
			signalAt: []string{rAttach, rInspect}},
		faultRow{fault: "attach 101 then hangs, SIGINT", args: []string{"run", "bb"}, engine: faultStream(false, faultHang), signalAt: []string{rStart}},
		faultRow{fault: "attach 101 then closes (pty)", args: []string{"run", "-it", "bb"}, engine: faultAttachAnswer(true, attach101Close), pty: true},
		faultRow{fault: "attach 101 then closes (pty)", args: []string{"attach", "x"}, engine: faultAttachAnswer(true, attach101Close), pty: true},
		faultRow{fault: "attach 101 then hangs, detach keys (pty)", args: []string{"run", "-it", "bb"}, engine: faultStream(true, faultHang), pty: true,
			input: "\x10\x11", inputAt: rStart},
		faultRow{fault: "attach 101 then hangs, detach keys (pty)", args: []string{"attach", "x"}, engine: faultStream(true, faultHang), pty: true,
			input: "\x10\x11", inputAt: rAttach},
	)
	// Stream frames.
	runRace := "docker's run reports the broken stream (1) or, when the wait's answer comes first, the container's status (0, nothing printed)"
	for _, f := range []struct {
		name   string
		stream []byte
		heavy  bool
		skiff  func(args []string) *faultWant
		broken string // the error a broken stream gives (run: racy in docker)
	}{
		{name: "none (the fake's plausibility)", stream: hello},
		{name: "frame with a 4 GiB length header", stream: cat(hello, faultFrame(1, math.MaxUint32, "short")), heavy: true},
		{name: "frame of unknown stream id 7", stream: cat(hello, faultFrame(7, 5, "seven"), hello),
			broken: "Unrecognized input header: 7"},
		{name: "frame of stream 3 (engine error)", stream: cat(hello, faultFrame(3, 12, "engine broke")),
			broken: "error from daemon in stream: engine broke"},
		{name: "EOF mid-frame", stream: cat(hello, faultFrame(2, 100, "partial")),
			skiff: func([]string) *faultWant { return &faultWant{0, "partial", whyCut} }},
		{name: "EOF mid-header", stream: cat(hello, []byte{1, 0, 0})},
	} {
		for _, args := range [][]string{{"logs", "x"}, {"attach", "x"}, {"run", "bb"}, {"exec", "x", "sh"}} {
			row := faultRow{fault: f.name, args: args, engine: faultStream(false, f.stream), heavy: f.heavy,
				// observed with FAULTMATRIX_HEAVY=1: exit 0, nothing on stderr, 4.1 GB peak
				docker: faultResult{code: 0, first: "", maxRSS: 4124 << 20}}
			if f.skiff != nil {
				row.skiff = f.skiff(args)
			}
			if f.broken != "" && args[0] == "run" {
				row.racy, row.outcomes = runRace, []faultWant{{1, f.broken, ""}, {0, "", ""}}
			}
			rows = append(rows, row)
		}
	}
	return rows
}

// TestFaultMatrix runs every row of faultRows with the reference and with skiff.
// FAULTMATRIX_TABLE=FILE writes the table (markdown) there.
func TestFaultMatrix(t *testing.T) {
	if !hasRef() {
		t.Skipf("no reference client at %s", refBin)
	}
	t.Parallel()
	rows := faultRows()
	table := make([]string, len(rows))
	t.Cleanup(func() {
		var b strings.Builder
		b.WriteString("| fault | command | docker 28 (exit, first stderr line) | skiff |\n|---|---|---|---|\n")
		for _, line := range table {
			b.WriteString(line)
		}
		t.Logf("fault matrix:\n%s", b.String())
		if f := os.Getenv("FAULTMATRIX_TABLE"); f != "" {
			os.WriteFile(f, []byte(b.String()), 0o644)
		}
	})
	names := map[string]int{}
	for i, row := range rows {
		name := row.fault + " | " + strings.Join(row.args, " ")
		names[name]++
		t.Run(strings.ReplaceAll(name, "/", ""), func(t *testing.T) {
			t.Parallel()
			ref, ran := row.docker, !row.heavy || os.Getenv("FAULTMATRIX_HEAVY") == "1"
			if ran {
				ref = faultRunOne(t, "ref", row)
			}
			sk := faultRunOne(t, "skiff", row)
			skCell := sk.String()
			switch {
			case row.outcomes != nil:
				if !faultOneOf(ref, row.outcomes) {
					t.Errorf("docker: %s, not one of %v", ref, row.outcomes)
				}
				if !faultOneOf(sk, row.outcomes) {
					t.Errorf("skiff: %s, not one of docker's answers %v", sk, row.outcomes)
				}
				if sk.code != ref.code || sk.first != ref.first {
					skCell += " (one of docker's answers)"
				} else {
					skCell = "same"
				}
			case row.skiff != nil:
				skCell += " (on purpose: " + row.skiff.why + ")"
				if sk.code != row.skiff.code || sk.first != row.skiff.first {
					t.Errorf("skiff: %s; want %d, %q (%s)", sk, row.skiff.code, row.skiff.first, row.skiff.why)
				}
			case ref.code != sk.code || !row.pty && ref.first != sk.first:
				t.Errorf("skiff differs from docker 28:\n  docker: %s\n  skiff:  %s\n--- docker stderr:\n%s--- skiff stderr:\n%s",
					ref, sk, clip(ref.stderr), clip(sk.stderr))
			default:
				skCell = "same"
			}
			if row.heavy && sk.maxRSS > 200<<20 {
				t.Errorf("skiff %s: peak memory %d MiB, want constant (< 200 MiB)", quoteArgs(row.args), sk.maxRSS>>20)
			}
			refCell := ref.String()
			if row.heavy {
				how := "recorded, FAULTMATRIX_HEAVY=1 runs it"
				if ran {
					how = "this run"
				}
				refCell += fmt.Sprintf(" (peak %d MiB, %s; skiff's %d MiB)", ref.maxRSS>>20, how, sk.maxRSS>>20)
			}
			if row.racy != "" {
				refCell += " (racy: " + row.racy + ")"
			}
			if row.pty {
				refCell = fmt.Sprintf("%d (pty)", ref.code)
			}
			table[i] = fmt.Sprintf("| %s | `%s` | %s | %s |\n", row.fault, strings.Join(row.args, " "),
				strings.ReplaceAll(refCell, "|", `\|`), strings.ReplaceAll(skCell, "|", `\|`))
		})
	}
	for n, c := range names {
		if c > 1 {
			t.Errorf("fault matrix: row %q appears %d times", n, c)
		}
	}
}

// faultRunOne runs who against a fresh engine of row's kind; a run that does not end
// (after its signal or input, if any) within faultHangLimit is killed and fails the test, as
// does a Go stack trace on skiff's stderr.
func faultRunOne(t *testing.T, who string, row faultRow) faultResult {
	t.Helper()
	bin, home := clientOf(t, who)
	fe := row.engine(t)
	if row.heavy && who == "ref" {
		faultHeavy.Lock()
		defer faultHeavy.Unlock()
	}
	var res faultResult
	start := time.Now()
	if row.pty {
		s := ptyStart(t, bin, home, append([]string{"-H", fe.host}, row.args...)...)
		if row.inputAt != "" {
			fe.await(row.inputAt)
			faultAwaitRaw(t, s)
			s.send(row.input)
		}
		res.code = s.wait()
		s.modeRestored()
		s.mu.Lock()
		res.stderr = s.out.String()
		s.mu.Unlock()
	} else {
		res = faultExec(t, who, bin, home, fe, row)
	}
	res.stderr = strings.ReplaceAll(res.stderr, fe.dir, "<DIR>")
	res.stderr = strings.ReplaceAll(res.stderr, url.PathEscape(fe.dir), "<DIR>")
	if res.hung {
		t.Errorf("%s %s %s; stderr so far:\n%s", who, quoteArgs(row.args), res.first, clip(res.stderr))
	} else if !row.pty {
		res.first = Normalize(Result{Stderr: res.stderr}.FirstErrLine())
		if row.racy != "" {
			res.first = faultConnErr.ReplaceAllString(res.first, ": <CONNECTION ERROR>")
		}
	}
	if who == "skiff" {
		for _, bad := range []string{"goroutine ", "panic:", "runtime."} {
			if strings.Contains(res.stderr, bad) {
				t.Errorf("skiff %s: %q in its output (a Go stack trace?):\n%s", quoteArgs(row.args), bad, clip(res.stderr))
			}
		}
	}
	t.Logf("%s %s → %s (%s, peak %d MiB)", who, quoteArgs(row.args), res, time.Since(start).Round(time.Millisecond), res.maxRSS>>20)
	return res
}

func faultOneOf(r faultResult, ws []faultWant) bool {
	for _, w := range ws {
		if !r.hung && r.code == w.code && r.first == w.first {
			return true
		}
	}
	return false
}

// faultConnErr: how a connection the engine closed at once fails, which depends on
// timing (the client's write or read comes first).
var faultConnErr = regexp.MustCompile(`: (EOF|read unix .*: connection reset by peer|write unix .*: broken pipe|http: server closed idle connection)$`)

// faultAwaitRaw waits until the client has put its terminal in raw mode (echo off),
// so that typed keys reach it rather than the line discipline.
func faultAwaitRaw(t *testing.T, s *ptySession) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var st syscall.Termios
		if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, s.tty.Fd(), syscall.TCGETS, uintptr(unsafe.Pointer(&st))); e != 0 {
			t.Fatal(e)
		}
		if st.Lflag&syscall.ECHO == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the client never made its terminal raw")
		}
		time.Sleep(5 * time.Millisecond) // a poll with a deadline: the mode change is no event
	}
}

// faultHangLimit: every answer here comes in milliseconds; a run still going after
// this long hangs (docker's on a 4 GiB frame header gets a minute).
const faultHangLimit = 10 * time.Second

func faultExec(t *testing.T, who, bin, home string, fe *faultEngine, row faultRow) faultResult {
	t.Helper()
	limit := faultHangLimit
	if row.heavy {
		limit = time.Minute
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, row.args...)
	cmd.Env = cleanEnv(home, []string{"DOCKER_HOST=" + fe.host})
	var errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &errb
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	if len(row.signalAt) > 0 {
		for _, r := range row.signalAt {
			fe.await(r)
		}
		if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
	}
	var err error
	select {
	case err = <-done:
	case <-time.After(limit):
		cancel()
		<-done
		return faultResult{hung: true, code: -1, first: fmt.Sprintf("hangs (killed after %s)", limit), stderr: errb.String()}
	}
	res := faultResult{stderr: errb.String()}
	// the rusage's peak: an upper bound (Linux adds the vforking test process's memory at
	// exec, see rssWatch), right for "stays under 200 MiB" where the clients' runs are
	// too short for rssWatch's sampling
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		res.maxRSS = ru.Maxrss << 10
	}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		res.code = ee.ExitCode()
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			res.code = 128 + int(ws.Signal())
		}
	default:
		t.Fatalf("%s: %v", who, err)
	}
	return res
}
