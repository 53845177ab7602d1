//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"os/exec"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// observeRunning creates and starts a fixture container running sleep.
func observeRunning(t *testing.T, f *Fix, args ...string) (id, name string) {
	t.Helper()
	id, name = f.Container(append(args, Image, "sleep", "300")...)
	f.Start(name)
	return id, name
}

func TestObserveTop(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	_, name := observeRunning(t, f)
	_, created := f.Container()
	// ps's C column (recent CPU use) moves between two calls.
	cpu := regexp.MustCompile(`(?m)^(\S+\s+\S+\s+\S+\s+)\d+(\s)`)
	CompareWith(t, func(s string) string { return cpu.ReplaceAllString(s, "${1}N$2") }, nil, "", "top", name)
	Compare(t, "container", "top", name, "-o", "pid,comm,args")
	Compare(t, "top", "--", name, "-o", "pid,args")
	Compare(t, "top", name, "--", "aux")       // "--" goes to ps, which refuses it
	Compare(t, "top", name, "-o", "pid,bogus") // ps's own error
	Compare(t, "top", created)                 // not running
	Compare(t, "top", "skiff-e2e-no-such-container")
	Compare(t, "top", "-x", name)
	Compare(t, "top")
}

func TestObservePort(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	// Engine-chosen host ports only: fixed ones would clash between parallel tests.
	_, name := observeRunning(t, f, "-p", "80", "-p", "53/udp", "-p", "127.0.0.1::443", "-p", "[::1]::2000", "--expose", "3000")
	_, created := f.Container("-p", "80")
	for _, args := range [][]string{
		{"port", name},
		{"container", "port", name},
		{"port", name, "80"},
		{"port", name, "80/tcp"},
		{"port", name, "80/"},
		{"port", name, "53/udp"},
		{"port", name, "443"},
		{"port", name, "2000"},
		{"port", name, "53"},     // tcp by default: not published
		{"port", name, "3000"},   // exposed, not published
		{"port", name, "80/TCP"}, // protocols are matched exactly
		{"port", name, "080"},
		{"port", name, "abc"},
		{"port", name, "99999"},
		{"port", name, "/udp"},
		{"port", created},
		{"port", created, "80"},
		{"port", "skiff-e2e-no-such-container"},
		{"port"},
		{"port", name, "80", "extra"},
	} {
		Compare(t, args...)
	}
}

func TestObserveDiff(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	_, name := f.Container(Image, "sh", "-c", `mkdir -p /tmp/a/b && echo x > /tmp/a/b/f && rm /bin/vi && echo y >> /etc/passwd && touch "/tmp/sp ace"`)
	f.Start(name)
	if r := Ref(t, "wait", name); strings.TrimSpace(r.Stdout) != "0" {
		t.Fatalf("fixture did not exit 0: %s", r)
	}
	_, fresh := f.Container()
	// The engine lists changes in a different order each time: compare sorted.
	ref, sk := Ref(t, "diff", name), Skiff(t, "container", "diff", name)
	if ref.Code != 0 || sk.Code != 0 {
		t.Fatalf("diff failed:\nreference %s\nskiff %s", ref, sk)
	}
	if a, b := observeSorted(ref.Stdout), observeSorted(sk.Stdout); a != b {
		t.Errorf("diff differs (sorted):\n%s", Diff("reference", "skiff", a, b))
	}
	if !strings.Contains(sk.Stdout, "D /bin/vi\n") || !strings.Contains(sk.Stdout, "A /tmp/sp ace\n") || !strings.Contains(sk.Stdout, "C /etc/passwd\n") {
		t.Errorf("skiff diff lacks expected lines:\n%s", sk.Stdout)
	}
	Compare(t, "diff", fresh)
	Compare(t, "diff", "skiff-e2e-no-such-container")
	Compare(t, "diff")
	Compare(t, "diff", name, fresh)
}

func observeSorted(s string) string {
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	sort.Strings(lines)
	return strings.Join(lines, "\n") + "\n"
}

// observeStatsShape keeps what two samples taken a moment apart share: the header, and
// per row the ID and name, the count of columns and which ones are "--"; figures (which
// change between samples) become N.
var observeFigure = regexp.MustCompile(`[0-9]+(\.[0-9]+)?(%|[KMGT]?i?B|[kMGT]B|B)?`)

func observeStatsShape(s string) string {
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	for i, l := range lines {
		if i == 0 {
			continue
		}
		cols := regexp.MustCompile(` {3,}`).Split(l, -1)
		for j := 2; j < len(cols); j++ {
			cols[j] = observeFigure.ReplaceAllString(cols[j], "N")
		}
		lines[i] = strings.Join(cols, " | ")
	}
	return strings.Join(lines, "\n") + "\n"
}

func TestObserveStatsNoStream(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	_, a := observeRunning(t, f)
	_, b := observeRunning(t, f, "-m", "64m")
	_, created := f.Container()

	// Each stats --no-stream takes the engine a second or two: run them side by side.
	t.Run("table", func(t *testing.T) {
		t.Parallel()
		args := []string{"stats", "--no-stream", a, created, b}
		ref, sk := Ref(t, args...), Skiff(t, args...)
		if ref.Code != 0 || sk.Code != 0 {
			t.Fatalf("stats failed:\nreference %s\nskiff %s", ref, sk)
		}
		if x, y := observeStatsShape(ref.Stdout), observeStatsShape(sk.Stdout); x != y {
			t.Errorf("stats table shape differs:\n%s", Diff("reference", "skiff", x, y))
		}
		// A container that is not running shows zeros, identically.
		for _, l := range strings.Split(sk.Stdout, "\n") {
			if strings.Contains(l, created) && !strings.Contains(l, "0.00%     0B / 0B") {
				t.Errorf("created container's row: %q", l)
			}
		}
		// The memory limit is the container's own.
		if !strings.Contains(sk.Stdout, " / 64MiB ") {
			t.Errorf("no 64MiB limit in:\n%s", sk.Stdout)
		}
	})

	// Columns that do not change between samples compare exactly.
	for _, args := range [][]string{
		{"stats", "--no-stream", "--format", "{{.Name}}", a, b, created},
		{"container", "stats", "--no-stream", "--no-trunc", "--format", "table {{.Container}}\t{{.ID}}\t{{.Name}}\t{{.PIDs}}", a, created},
		{"stats", "--no-stream", "--format", "{{.Container}} {{.ID}} {{.MemPerc}} {{.BlockIO}}", created},
		{"stats", "--no-stream", "--format", "json", created},
		{"stats", "--no-stream", "-a", "--format", "{{.Bogus}}", a},
		{"stats", "--no-stream", "--format", "{{.Name", a},
	} {
		t.Run(strings.Join(args[2:], " "), func(t *testing.T) {
			t.Parallel()
			Compare(t, args...)
		})
	}

	// json: the same keys and identities.
	t.Run("json", func(t *testing.T) {
		t.Parallel()
		jr, js := Ref(t, "stats", "--no-stream", "--format", "json", a), Skiff(t, "stats", "--no-stream", "--format", "json", a)
		var mr, ms map[string]string
		if err := json.Unmarshal([]byte(jr.Stdout), &mr); err != nil {
			t.Fatalf("reference json: %v\n%s", err, jr)
		}
		if err := json.Unmarshal([]byte(js.Stdout), &ms); err != nil {
			t.Fatalf("skiff json: %v\n%s", err, js)
		}
		for k := range mr {
			if _, ok := ms[k]; !ok {
				t.Errorf("skiff json lacks %s", k)
			}
		}
		for _, k := range []string{"Container", "ID", "Name", "PIDs"} {
			if mr[k] != ms[k] {
				t.Errorf("json %s: reference %q, skiff %q", k, mr[k], ms[k])
			}
		}
	})
}

func TestObserveStatsErrors(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	_, a := observeRunning(t, f)
	Compare(t, "stats", "--no-stream", "skiff-e2e-no-such-1", a, "skiff-e2e-no-such-2")
	Compare(t, "stats", "skiff-e2e-no-such-1") // streaming: fails before drawing
	Compare(t, "stats", "--no-stream", "--filter", "x")
}

// The live table: the same bytes from both clients, drawn every half second.
func TestObserveStatsLive(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	_, a := observeRunning(t, f)
	_, created := f.Container()
	args := []string{"stats", "--format", "table {{.Name}}\t{{.PIDs}}\t{{.Container}}", a, created}
	ref := observeRunFor(t, refBin, 1800*time.Millisecond, args...)
	sk := observeRunFor(t, skiffBin, 1800*time.Millisecond, args...)
	rf, sf := strings.SplitAfter(ref, "\x1b[J"), strings.SplitAfter(sk, "\x1b[J")
	if len(sf) < 3 {
		t.Fatalf("skiff drew %d frames in 1.8 s:\n%q", len(sf), sk)
	}
	if rf[0] != sf[0] {
		t.Errorf("first frame differs:\nreference %q\nskiff     %q", rf[0], sf[0])
	}
	want := "\x1b[HNAME"
	if !strings.HasPrefix(sk, want) || !strings.Contains(sf[0], " \x1b[K\n \x1b[K\n\x1b[J") {
		t.Errorf("frame is not docker's redraw: %q", sf[0])
	}
}

// observeRunFor runs bin for d (it does not end by itself) and returns its stdout.
func observeRunFor(t *testing.T, bin string, d time.Duration, args ...string) string {
	t.Helper()
	if bin == refBin && !hasRef() {
		t.Skipf("no reference client at %s", refBin)
	}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = cleanEnv(t.TempDir(), nil)
	var out strings.Builder
	cmd.Stdout = &out
	_ = cmd.Run()
	return out.String()
}

// The same API requests as the reference (pings aside): top's
// ps_args, port's inspect, diff's changes, stats's one request per container with
// stream=0, and with no names the events stream opened before the listing.
func TestObserveRequests(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	_, name := observeRunning(t, f)
	for _, args := range [][]string{
		{"top", name, "-o", "pid,comm"},
		{"port", name},
		{"diff", name},
		{"stats", "--no-stream", name},
		{"stats", "--no-stream", "--format", "{{.Name}}", "--all", name, "skiff-e2e-no-such-container"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel()
			_, ref := Trace(t, "ref", "", nil, args...)
			_, sk := Trace(t, "skiff", "", nil, args...)
			// One collector per container: their requests leave in any order.
			if a, b := observeSorted(observeRequestList(ref)), observeSorted(observeRequestList(sk)); a != b {
				t.Errorf("requests differ:\n%s", Diff("reference", "skiff", a, b))
			}
		})
	}
	// With no names: events (type=container) first, then the list; the stats requests
	// that follow depend on what runs on the shared engine.
	t.Run("all", func(t *testing.T) {
		t.Parallel()
		for _, who := range []string{"ref", "skiff"} {
			_, reqs := Trace(t, who, "", nil, "stats", "--no-stream", "--format", "{{.Name}}")
			list := strings.Split(observeRequestList(reqs), "\n")
			if len(list) < 2 || !strings.HasPrefix(list[0], "GET /events?filters=") || !strings.Contains(list[0], "container") ||
				list[1] != "GET /containers/json" {
				t.Errorf("%s: requests %q", who, list)
			}
		}
	})
}

func observeRequestList(reqs []Request) string {
	var b strings.Builder
	for _, r := range reqs {
		if r.Path == "/_ping" {
			continue
		}
		b.WriteString(r.String() + "\n")
	}
	return b.String()
}
