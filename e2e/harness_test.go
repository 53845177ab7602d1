//go:build e2e

// Package e2e runs the built skiff binary (../bin/docker) against a real Docker Engine
// and, where the reference client (/usr/local/bin/docker) exists, compares the two.
//
// Run it with `make test` (or `make e2e`), or by hand:
//
//	make build && scripts/engine.sh up && go test -tags e2e -count=1 ./e2e/...
//
// Environment:
//
//	SKIFF=/path/to/docker   the binary under test (default: ../bin/docker; never built here)
//	REF=/path/to/docker     the reference client (default: /usr/local/bin/docker)
//	DOCKER_HOST             the engine (default unix:///var/run/docker.sock); passed to both clients
//	CI=true                 a missing engine fails the run instead of skipping the package
//	E2E_CMD_TIMEOUT=2m      how long one client invocation may take before the test fails
//
// # Writing tests
//
// Every file starts with `//go:build e2e` and `package e2e`. The helpers:
//
//	Skiff(t, args...)                 run bin/docker; returns Result{Stdout, Stderr, Code}
//	SkiffIn(t, stdin, env, args...)   same, with stdin and extra "KEY=VALUE" environment
//	Ref(t, args...), RefIn(...)       same for the reference client (t.Skip if it is absent)
//	Compare(t, args...)               run both; assert equal exit code, normalised stdout
//	CompareEnv(t, env, stdin, args...)  and normalised first line of stderr
//	Normalize(s)                      ids → <ID>, timestamps → <TS>, "x ago" → <AGO>, "Up x" → Up <DUR>
//	Fixture(t)                        containers/volumes/networks with unique names, removed in t.Cleanup
//
// Each client runs with a clean environment: PATH, DOCKER_CLI_HINTS=false, DOCKER_HOST (if
// set for the test run), TMPDIR, and HOME set to a temporary directory (so the config
// directory is $HOME/.docker and starts empty; DOCKER_CONFIG is not set). Each test gets
// one HOME for skiff and a separate one for the reference, kept for the whole test, so a
// sequence like login → info → logout sees its own config; Compare replaces each client's
// HOME path by <HOME> in the output. Entries in env override all of this (set HOME or
// DOCKER_CONFIG yourself to share a config directory).
//
// # Sharing one engine
//
// All tests, of every package and every engineer, share ONE engine, and tests run in
// parallel. So:
//   - create objects only through Fixture (or give them f.Label() yourself); never assume
//     the engine is empty, never remove objects you did not create, never prune.
//   - when comparing lists (ps -a, volume ls, network ls, ...), filter to your own objects:
//     Compare(t, "ps", "-a", "--filter", "label="+f.Label()).
//   - Compare runs the reference first, then skiff, on the same state: use it for commands
//     that do not change state. For ones that do (rm, rename, stop ...), make two identical
//     fixtures, run each client on its own, and compare the Results yourself.
//   - the default bridge address pools allow only ~30 user networks on the whole engine:
//     create few, they are removed when the test ends.
//   - the test image is bb:latest (busybox-static, PATH=/bin, CMD ["sh"]); nothing can be
//     pulled: no registry is reachable.
package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Image is the test image that scripts/engine.sh imports; nothing else can be pulled.
const Image = "bb:latest"

// fixLabelKey is the one label every Fixture object carries: skiff.e2e=<fixture id>, where
// the id starts with "e2e-<run id>-" so that the end of the run can sweep its leftovers.
const fixLabelKey = "skiff.e2e"

var (
	skiffBin   string        // absolute path of the binary under test
	refBin     string        // the reference client; may not exist
	runID      string        // unique per `go test` process
	cmdTimeout time.Duration // per client invocation
)

// Result is what one client invocation produced.
type Result struct {
	Stdout, Stderr string
	Code           int // exit code; 128+N when killed by signal N
}

// FirstErrLine is the first line of Stderr ("" when empty): what scripts match on.
func (r Result) FirstErrLine() string {
	line, _, _ := strings.Cut(r.Stderr, "\n")
	return line
}

func (r Result) String() string {
	return fmt.Sprintf("exit %d\n--- stdout\n%s--- stderr\n%s", r.Code, r.Stdout, r.Stderr)
}

// TestMain checks that ../bin/docker exists (it never builds it) and that an engine answers.
// Without an engine the package is skipped, or fails when CI=true. After the tests it
// sweeps the run's leftovers and releases the swarm (swarm_test.go) if a test started it.
func TestMain(m *testing.M) { os.Exit(testMain(m)) }

func testMain(m *testing.M) int {
	skiffBin = os.Getenv("SKIFF")
	if skiffBin == "" {
		skiffBin = filepath.Join("..", "bin", "docker")
	}
	if abs, err := filepath.Abs(skiffBin); err == nil {
		skiffBin = abs
	}
	if fi, err := os.Stat(skiffBin); err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		fmt.Fprintf(os.Stderr, "e2e: FAIL: no skiff binary at %s: run `make build` first (or set SKIFF=/path/to/docker)\n", skiffBin)
		return 1
	}
	refBin = os.Getenv("REF")
	if refBin == "" {
		refBin = "/usr/local/bin/docker"
	}
	cmdTimeout = 2 * time.Minute
	if v := os.Getenv("E2E_CMD_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			fmt.Fprintf(os.Stderr, "e2e: FAIL: E2E_CMD_TIMEOUT=%q: %v\n", v, err)
			return 1
		}
		cmdTimeout = d
	}

	host := engineHost()
	if err := pingEngine(host); err != nil {
		if isCI() {
			fmt.Fprintf(os.Stderr, "e2e: FAIL: no Docker Engine answers on %s (%v); CI=true requires one: run scripts/engine.sh up\n", host, err)
			return 1
		}
		fmt.Fprintf(os.Stderr, "e2e: SKIP: no Docker Engine answers on %s (%v): run `scripts/engine.sh up` (make test does) to run the end-to-end tests\n", host, err)
		fmt.Println("ok (skipped: no engine)")
		return 0
	}
	if !hasRef() {
		fmt.Fprintf(os.Stderr, "e2e: note: no reference client at %s: Compare/Ref tests skip\n", refBin)
	}
	runID = randHex(4)

	code := m.Run()
	sweepRun()
	if !swarmDone() && code == 0 {
		code = 1
	}
	return code
}

func isCI() bool {
	v := strings.ToLower(os.Getenv("CI"))
	return v != "" && v != "false" && v != "0"
}

func hasRef() bool {
	fi, err := os.Stat(refBin)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

func engineHost() string {
	if h := os.Getenv("DOCKER_HOST"); h != "" {
		return h
	}
	return "unix:///var/run/docker.sock"
}

// pingEngine sends GET /_ping to a unix:// or tcp:// (plain HTTP) host.
func pingEngine(host string) error {
	network, addr, ok := strings.Cut(host, "://")
	if !ok {
		return fmt.Errorf("cannot parse host %q", host)
	}
	switch network {
	case "unix":
	case "tcp":
		if os.Getenv("DOCKER_TLS_VERIFY") != "" {
			return nil // let the tests find out; the harness speaks no TLS
		}
	default:
		return nil // ssh:// etc.: let the tests find out
	}
	c := &http.Client{
		Timeout: 5 * time.Second,
		Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		}},
	}
	resp, err := c.Get("http://engine/_ping")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("/_ping: %s: %s", resp.Status, bytes.TrimSpace(body))
	}
	return nil
}

func randHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// homes: per test, one HOME for skiff and one for the reference.
type homes struct{ skiff, ref string }

var testHomes sync.Map // *testing.T → *homes

func homesOf(t *testing.T) *homes {
	t.Helper()
	if h, ok := testHomes.Load(t); ok {
		return h.(*homes)
	}
	h := &homes{skiff: t.TempDir(), ref: t.TempDir()}
	if v, loaded := testHomes.LoadOrStore(t, h); loaded {
		return v.(*homes)
	}
	t.Cleanup(func() { testHomes.Delete(t) })
	return h
}

// cleanEnv is the environment a client runs with: see the package comment.
func cleanEnv(home string, extra []string) []string {
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"DOCKER_CLI_HINTS=false",
	}
	for _, k := range []string{"DOCKER_HOST", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "TMPDIR"} {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	return mergeEnv(env, extra)
}

// mergeEnv appends extra to base; a key in extra replaces the same key in base.
func mergeEnv(base, extra []string) []string {
	out := make([]string, 0, len(base)+len(extra))
	idx := map[string]int{}
	for _, kv := range append(append([]string{}, base...), extra...) {
		k, _, _ := strings.Cut(kv, "=")
		if i, ok := idx[k]; ok {
			out[i] = kv
			continue
		}
		idx[k] = len(out)
		out = append(out, kv)
	}
	return out
}

// run executes bin with args; fails the test when it cannot start or times out.
func run(t *testing.T, who, bin, home, stdin string, env []string, args []string) Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cmdTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = cleanEnv(home, env)
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.WaitDelay = 5 * time.Second
	if slices.Contains(args, "df") {
		defer DiskUsageLock(t)()
	}
	start := time.Now()
	err := cmd.Run()
	res := Result{Stdout: out.String(), Stderr: errb.String()}
	if ctx.Err() != nil {
		t.Fatalf("%s %s: timed out after %s (E2E_CMD_TIMEOUT)\n%s", who, quoteArgs(args), cmdTimeout, res)
	}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		res.Code = ee.ExitCode()
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			res.Code = 128 + int(ws.Signal())
		}
	default:
		t.Fatalf("%s %s: cannot run %s: %v", who, quoteArgs(args), bin, err)
	}
	t.Logf("%s %s → exit %d (%s)", who, quoteArgs(args), res.Code, time.Since(start).Round(time.Millisecond))
	return res
}

// DiskUsageLock takes the lock every test holds while it asks the engine for disk
// usage: the engine refuses a second df while one runs ("a disk usage operation is
// already running"), and tests of several packages run at once. It returns the unlock.
func DiskUsageLock(t *testing.T) func() {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(os.TempDir(), "skiff-e2e-diskusage.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		t.Fatalf("disk usage lock: %v", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		t.Fatalf("disk usage lock: %v", err)
	}
	return func() { f.Close() } // closing the file releases the lock
}

func quoteArgs(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		if a == "" || strings.ContainsAny(a, " \t\n\"'\\$`{}*?|&;<>()") {
			a = fmt.Sprintf("%q", a)
		}
		q[i] = a
	}
	return strings.Join(q, " ")
}

// clientOf is the binary and home of who ("ref" or "skiff"); the reference's absence
// skips the test, as Ref does.
func clientOf(t *testing.T, who string) (bin, home string) {
	t.Helper()
	if who != "ref" {
		return skiffBin, homesOf(t).skiff
	}
	if !hasRef() {
		t.Skipf("no reference client at %s", refBin)
	}
	return refBin, homesOf(t).ref
}

// Skiff runs the binary under test (../bin/docker) with a clean environment.
func Skiff(t *testing.T, args ...string) Result {
	t.Helper()
	return SkiffIn(t, "", nil, args...)
}

// SkiffIn runs the binary under test with stdin ("" = /dev/null) and extra "KEY=VALUE"
// environment entries, which override the clean defaults.
func SkiffIn(t *testing.T, stdin string, env []string, args ...string) Result {
	t.Helper()
	return run(t, "skiff", skiffBin, homesOf(t).skiff, stdin, env, args)
}

// Ref runs the reference client with a clean environment; the test is skipped when the
// reference binary is absent.
func Ref(t *testing.T, args ...string) Result {
	t.Helper()
	return RefIn(t, "", nil, args...)
}

// RefIn is SkiffIn for the reference client.
func RefIn(t *testing.T, stdin string, env []string, args ...string) Result {
	t.Helper()
	if !hasRef() {
		t.Skipf("no reference client at %s", refBin)
	}
	return run(t, "ref", refBin, homesOf(t).ref, stdin, env, args)
}

// Compare runs the reference and skiff with the same arguments and asserts the same exit
// code, the same normalised stdout and the same normalised first line of stderr.
func Compare(t *testing.T, args ...string) {
	t.Helper()
	CompareEnv(t, nil, "", args...)
}

// CompareEnv is Compare with extra environment entries and stdin ("" = /dev/null).
func CompareEnv(t *testing.T, env []string, stdin string, args ...string) {
	t.Helper()
	CompareWith(t, nil, env, stdin, args...)
}

// CompareWith is CompareEnv with an extra normaliser applied (after Normalize) to both
// clients' stdout and stderr, for output that is legitimately ours (a version number).
func CompareWith(t *testing.T, norm func(string) string, env []string, stdin string, args ...string) {
	t.Helper()
	ref := RefIn(t, stdin, env, args...)
	sk := SkiffIn(t, stdin, env, args...)
	h := homesOf(t)
	n := func(s, home string) string {
		s = strings.ReplaceAll(s, home, "<HOME>")
		s = Normalize(s)
		if norm != nil {
			s = norm(s)
		}
		return s
	}
	rOut, sOut := n(ref.Stdout, h.ref), n(sk.Stdout, h.skiff)
	rErr, sErr := n(ref.FirstErrLine(), h.ref), n(sk.FirstErrLine(), h.skiff)

	var msg strings.Builder
	if ref.Code != sk.Code {
		fmt.Fprintf(&msg, "exit code: reference %d, skiff %d\n", ref.Code, sk.Code)
	}
	if rOut != sOut {
		fmt.Fprintf(&msg, "stdout differs (normalised):\n%s", Diff("reference", "skiff", rOut, sOut))
	}
	if rErr != sErr {
		fmt.Fprintf(&msg, "first line of stderr differs (normalised):\n  reference: %q\n  skiff:     %q\n", rErr, sErr)
	}
	if msg.Len() > 0 {
		fmt.Fprintf(&msg, "--- reference stderr:\n%s--- skiff stderr:\n%s", clip(ref.Stderr), clip(sk.Stderr))
		t.Errorf("docker %s: skiff differs from the reference:\n%s", quoteArgs(args), msg.String())
	}
}

func clip(s string) string {
	const max = 2000
	if len(s) > max {
		s = s[:max] + "\n... (clipped)"
	}
	if s != "" && !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return s
}

var normalizers = sync.OnceValue(func() []struct {
	re   *regexp.Regexp
	repl string
} {
	type rule = struct {
		re   *regexp.Regexp
		repl string
	}
	return []rule{
		{regexp.MustCompile(`\b[0-9a-f]{64}\b`), "<ID>"},
		{regexp.MustCompile(`\b[0-9a-f]{12}\b`), "<ID>"},
		{regexp.MustCompile(`[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?( ?(Z|[+-][0-9]{2}:?[0-9]{2}))?( [A-Z]{2,5}\b)?`), "<TS>"},
		{regexp.MustCompile(`([Ll]ess than a second|[Aa]bout an? [a-z]+|[0-9]+ [a-z]+) ago`), "<AGO>"},
		{regexp.MustCompile(`Up (Less than a second|About an? [a-z]+|[0-9]+ [a-z]+)`), "Up <DUR>"},
	}
})

// Normalize replaces what differs between two runs on the same state, as
// ../shared/tools/vsref does: 64- and 12-hex ids → <ID>, RFC 3339 and docker's
// "2006-01-02 15:04:05 -0700 MST" timestamps → <TS>, "5 minutes ago" → <AGO>,
// "Up 5 minutes" → "Up <DUR>".
func Normalize(s string) string {
	for _, r := range normalizers() {
		s = r.re.ReplaceAllString(s, r.repl)
	}
	return s
}

// Diff returns a unified diff (3 lines of context) of two texts, "" when equal.
func Diff(nameA, nameB, a, b string) string {
	if a == b {
		return ""
	}
	la, lb := splitLines(a), splitLines(b)
	if len(la)*len(lb) > 4_000_000 { // too big for the LCS table: show both
		return fmt.Sprintf("--- %s\n%s+++ %s\n%s", nameA, clip(a), nameB, clip(b))
	}
	// LCS table over suffixes.
	n, m := len(la), len(lb)
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if la[i] == lb[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type op struct {
		kind   byte // ' ', '-', '+'
		text   string
		ai, bi int // 0-based line numbers before this op
	}
	var ops []op
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && la[i] == lb[j]:
			ops = append(ops, op{' ', la[i], i, j})
			i, j = i+1, j+1
		case i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, op{'-', la[i], i, j})
			i++
		default:
			ops = append(ops, op{'+', lb[j], i, j})
			j++
		}
	}
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", nameA, nameB)
	const ctx = 3
	for k := 0; k < len(ops); {
		if ops[k].kind == ' ' {
			k++
			continue
		}
		// A hunk: from ctx lines before the change to ctx lines after the last change
		// that is followed by fewer than 2*ctx unchanged lines.
		start := max(k-ctx, 0)
		end := k
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run == len(ops) || run-end > 2*ctx {
				end = min(end+ctx, len(ops))
				break
			}
			end = run
		}
		var ac, bc int
		for _, o := range ops[start:end] {
			if o.kind != '+' {
				ac++
			}
			if o.kind != '-' {
				bc++
			}
		}
		fmt.Fprintf(&out, "@@ -%d,%d +%d,%d @@\n", ops[start].ai+1, ac, ops[start].bi+1, bc)
		for _, o := range ops[start:end] {
			fmt.Fprintf(&out, "%c%s\n", o.kind, o.text)
		}
		k = end
	}
	if !strings.HasSuffix(a, "\n") && a != "" || !strings.HasSuffix(b, "\n") && b != "" {
		fmt.Fprintf(&out, "(trailing newline: %s %v, %s %v)\n", nameA, strings.HasSuffix(a, "\n"), nameB, strings.HasSuffix(b, "\n"))
	}
	return out.String()
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// Fix creates engine objects for one test with unique names and labels, and removes
// them (and anything else carrying its Label) when the test ends. Objects are made with
// the reference client when it exists, else with skiff.
type Fix struct {
	t      *testing.T
	id     string // unique: <sanitised test name>-<random>
	mu     sync.Mutex
	serial int
}

var nameUnsafe = regexp.MustCompile(`[^a-zA-Z0-9_.-]+`)

// Fixture returns the test's fixture helper; everything it creates is removed in t.Cleanup.
func Fixture(t *testing.T) *Fix {
	t.Helper()
	base := strings.Trim(nameUnsafe.ReplaceAllString(strings.ToLower(t.Name()), "-"), "-._")
	if len(base) > 32 {
		base = base[:32]
	}
	f := &Fix{t: t, id: "e2e-" + runID + "-" + base + "-" + randHex(2)}
	t.Cleanup(f.cleanup)
	return f
}

// Label is "skiff.e2e=<unique>", carried by every object this fixture creates: filter
// list comparisons to it, e.g. Compare(t, "ps", "-a", "--filter", "label="+f.Label()).
func (f *Fix) Label() string { return fixLabelKey + "=" + f.id }

// Name returns a new unique object name ("<fixture id>-<n>"), e.g. for objects a test
// creates itself (give them --label f.Label() so they are cleaned up).
func (f *Fix) Name() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.serial++
	return fmt.Sprintf("%s-%d", f.id, f.serial)
}

func (f *Fix) labels() []string { return []string{"--label", f.Label()} }

// Container runs `docker create --name <unique> --label <Label> ARGS...` and returns the
// full id and the name. ARGS are create's flags, then optionally the image and command;
// when no argument is exactly Image ("bb:latest"), Image is appended, so
// f.Container() and f.Container("-e", "A=1") create from bb:latest (CMD sh), and
// f.Container("-t", Image, "sleep", "60") sets a command. Use Create for another image.
func (f *Fix) Container(args ...string) (id, name string) {
	f.t.Helper()
	hasImage := false
	for _, a := range args {
		if a == Image {
			hasImage = true
		}
	}
	if !hasImage {
		args = append(append([]string{}, args...), Image)
	}
	return f.Create(args...)
}

// Create is Container without the image rule: ARGS are passed verbatim after the name
// and labels.
func (f *Fix) Create(args ...string) (id, name string) {
	f.t.Helper()
	name = f.Name()
	full := append([]string{"create", "--name", name}, f.labels()...)
	r := f.cli(append(full, args...)...)
	return strings.TrimSpace(r.Stdout), name
}

// Start starts fixture containers (by name or id) and fails the test if that fails.
func (f *Fix) Start(containers ...string) {
	f.t.Helper()
	f.cli(append([]string{"start"}, containers...)...)
}

// Volume runs `docker volume create --label <Label> ARGS... <unique>` and returns the name.
func (f *Fix) Volume(args ...string) string {
	f.t.Helper()
	name := f.Name()
	full := append(append([]string{"volume", "create"}, f.labels()...), args...)
	f.cli(append(full, name)...)
	return name
}

// Network runs `docker network create --label <Label> ARGS... <unique>` and returns the name.
func (f *Fix) Network(args ...string) string {
	f.t.Helper()
	name := f.Name()
	full := append(append([]string{"network", "create"}, f.labels()...), args...)
	f.cli(append(full, name)...)
	return name
}

// cli runs the fixture client and fails the test on a non-zero exit.
func (f *Fix) cli(args ...string) Result {
	f.t.Helper()
	r, err := fixtureRun(args...)
	if err != nil {
		f.t.Fatalf("fixture: docker %s: %v\n%s", quoteArgs(args), err, r)
	}
	return r
}

// fixtureRun runs the reference client (else skiff) outside any test's HOME.
func fixtureRun(args ...string) (Result, error) {
	bin := refBin
	if !hasRef() {
		bin = skiffBin
	}
	ctx, cancel := context.WithTimeout(context.Background(), cmdTimeout)
	defer cancel()
	home, err := os.MkdirTemp("", "skiff-e2e-fixture-")
	if err != nil {
		return Result{}, err
	}
	defer os.RemoveAll(home)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = cleanEnv(home, nil)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.WaitDelay = 5 * time.Second
	err = cmd.Run()
	r := Result{Stdout: out.String(), Stderr: errb.String()}
	if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
		r.Code = ee.ExitCode()
	}
	if ctx.Err() != nil {
		err = fmt.Errorf("timed out after %s", cmdTimeout)
	}
	return r, err
}

func (f *Fix) cleanup() {
	if err := removeLabelled(f.id, false); err != nil {
		f.t.Logf("fixture cleanup: %v", err)
	}
}

// sweepRun removes whatever this test process's fixtures left behind.
func sweepRun() {
	if err := removeLabelled("e2e-"+runID+"-", true); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: cleanup: %v\n", err)
	}
}

// removeLabelled force-removes containers, then networks, then volumes whose skiff.e2e
// label is value (or, with prefix, starts with value).
func removeLabelled(value string, prefix bool) error {
	var errs []error
	for _, kind := range []struct{ ls, rm []string }{
		{[]string{"ps", "-a", "--format", "{{.ID}} {{.Label \"" + fixLabelKey + "\"}}"}, []string{"rm", "-f", "-v"}},
		{[]string{"network", "ls", "--format", "{{.ID}} {{.Label \"" + fixLabelKey + "\"}}"}, []string{"network", "rm"}},
		{[]string{"volume", "ls", "--format", "{{.Name}} {{.Label \"" + fixLabelKey + "\"}}"}, []string{"volume", "rm", "-f"}},
	} {
		filter := "label=" + fixLabelKey
		if !prefix {
			filter += "=" + value
		}
		r, err := fixtureRun(append(kind.ls, "--filter", filter)...)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %v: %s", strings.Join(kind.ls, " "), err, r.FirstErrLine()))
			continue
		}
		var ids []string
		for _, line := range strings.Split(r.Stdout, "\n") {
			id, v, _ := strings.Cut(line, " ")
			if id != "" && (v == value || prefix && strings.HasPrefix(v, value)) {
				ids = append(ids, id)
			}
		}
		if len(ids) == 0 {
			continue
		}
		if r, err := fixtureRun(append(kind.rm, ids...)...); err != nil {
			errs = append(errs, fmt.Errorf("%s: %v: %s", strings.Join(kind.rm, " "), err, r.FirstErrLine()))
		}
	}
	return errors.Join(errs...)
}
