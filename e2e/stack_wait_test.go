//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// stackWaitFile has a service of each kind the boards draw differently (two replicas,
// global, one replica), watched for 1s so that the waits stay short.
const stackWaitFile = `version: "3.8"
services:
  web:
    image: bb:latest
    command: sleep 100000
    stop_grace_period: 1s
    deploy: {replicas: 2, update_config: {monitor: 1s}}
  g:
    image: bb:latest
    command: sleep 100000
    stop_grace_period: 1s
    deploy: {mode: global, update_config: {monitor: 1s}}
  one:
    image: IMAGE
    command: sleep 100000
    stop_grace_period: 1s
    deploy: {update_config: {monitor: 1s}}
`

// stackBoards splits deploy --detach=false's stdout (through a pipe) into its header
// (the Creating/Updating lines, sorted: docker writes the services in its map's random
// order) and one board per service, keyed by the service's name (ids maps ID -> name)
// and normalised: each board ends with "verify: Service ID converged"; repeated lines
// are collapsed and of the "overall progress" lines only the last before the countdown
// is kept (how many polls see the tasks starting depends on timing).
func stackBoards(out string, ids map[string]string) (header []string, boards map[string]string) {
	boards = map[string]string{}
	var cur []string
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		switch {
		case strings.HasPrefix(l, "Creating ") || strings.HasPrefix(l, "Updating "):
			header = append(header, stackNorm()(l))
		case strings.HasPrefix(l, "verify: Service ") && strings.HasSuffix(l, " converged"):
			id := strings.TrimSuffix(strings.TrimPrefix(l, "verify: Service "), " converged")
			var keep []string
			lastProgress := ""
			for _, c := range append(cur, "verify: Service <SID> converged") {
				if strings.HasPrefix(c, "overall progress:") {
					lastProgress = c
					continue
				}
				if strings.HasPrefix(c, "verify:") && lastProgress != "" {
					keep = append(keep, lastProgress)
					lastProgress = ""
				}
				if len(keep) == 0 || keep[len(keep)-1] != c {
					keep = append(keep, c)
				}
			}
			name := ids[id]
			if name == "" {
				name = "unknown service " + id
			}
			boards[name] = strings.Join(keep, "\n")
			cur = nil
		default:
			cur = append(cur, l)
		}
	}
	if len(cur) > 0 {
		boards["(unfinished)"] = strings.Join(cur, "\n")
	}
	sort.Strings(header)
	return header, boards
}

// stackIDs maps the full IDs of a stack's services to their names without the stack's.
func stackIDs(t *testing.T, s SwarmHosts, stack string) map[string]string {
	t.Helper()
	out := Ref(t, "-H", s.Manager, "service", "inspect", "--format", "{{.ID}} {{.Spec.Name}}",
		stack+"_web", stack+"_g", stack+"_one").Stdout
	ids := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if id, name, ok := strings.Cut(l, " "); ok {
			ids[id] = strings.TrimPrefix(name, stack+"_")
		}
	}
	return ids
}

// TestStackDeployWaits deploys the same file as two stacks with --detach=false, one per
// client: each service's convergence board is docker 28's (service create's, named by the
// ID), in the order the services were written. Then an update where one service's image
// does not exist: both clients wait on every service, then fail naming the paused one.
func TestStackDeployWaits(t *testing.T) {
	t.Parallel()
	s := Swarm(t)
	dir := writeCompose(t, map[string]string{
		"ok.yml":  strings.Replace(stackWaitFile, "IMAGE", "bb:latest", 1),
		"bad.yml": strings.Replace(stackWaitFile, "IMAGE", "bb:skiff-no-such-tag", 1),
	})
	a, b := stackName(t), stackName(t)
	stackRm(t, s, a, b)
	deploy := func(run func(*testing.T, ...string) Result, stack, file string) Result {
		return run(t, "-H", s.Manager, "stack", "deploy", "--resolve-image", "never", "--detach=false",
			"-c", filepath.Join(dir, file), stack)
	}
	rr, sr := deploy(Ref, a, "ok.yml"), deploy(Skiff, b, "ok.yml")
	if rr.Code != 0 || sr.Code != 0 || rr.Stderr != sr.Stderr {
		t.Fatalf("deploy --detach=false: docker %s\nskiff %s", rr, sr)
	}
	rh, rb := stackBoards(strings.ReplaceAll(rr.Stdout, a, "<STACK>"), stackIDs(t, s, a))
	sh, sb := stackBoards(strings.ReplaceAll(sr.Stdout, b, "<STACK>"), stackIDs(t, s, b))
	if !reflect.DeepEqual(rh, sh) {
		t.Errorf("headers differ:\n%s", Diff("docker", "skiff", strings.Join(rh, "\n"), strings.Join(sh, "\n")))
	}
	if len(rb) != 3 {
		t.Errorf("docker drew %d boards, want 3:\n%s", len(rb), rr.Stdout)
	}
	for name, board := range rb {
		if sb[name] != board {
			t.Errorf("board of %s differs:\n%s", name, Diff("docker", "skiff", board, sb[name]))
		}
	}
	if len(sb) != len(rb) {
		t.Errorf("skiff drew %d boards, docker %d:\n%s", len(sb), len(rb), sr.Stdout)
	}
	// skiff writes and waits in one order (the names'), each board after the headers
	if want := "verify: Service " + reverse(stackIDs(t, s, b))["web"] + " converged\n"; !strings.HasSuffix(sr.Stdout, want) {
		t.Errorf("skiff's last board is not web's (%q):\n%s", want, sr.Stdout)
	}

	// the update of "one" pauses; the others converge. Which of the failing board's lines
	// docker draws depends on when its wait starts (none when the update has already
	// paused), so the distinct lines are compared, the task's error aside.
	rr, sr = deploy(Ref, a, "bad.yml"), deploy(Skiff, b, "bad.yml")
	lines := func(out string) []string {
		seen := map[string]bool{}
		var l []string
		for _, x := range strings.Split(swarmIDs.ReplaceAllString(stackNorm(a, b)(out), "<SID>"), "\n") {
			if !seen[x] && !strings.Contains(x, "No such image") {
				seen[x] = true
				l = append(l, x)
			}
		}
		sort.Strings(l)
		return l
	}
	errNorm := func(s string) string { return swarmIDs.ReplaceAllString(stackNorm(a, b)(s), "<SID>") }
	if rr.Code != sr.Code || errNorm(rr.FirstErrLine()) != errNorm(sr.FirstErrLine()) {
		t.Errorf("failed update: docker exit %d %q, skiff exit %d %q", rr.Code, rr.FirstErrLine(), sr.Code, sr.FirstErrLine())
	}
	if rl, sl := lines(rr.Stdout), lines(sr.Stdout); !reflect.DeepEqual(rl, sl) {
		t.Errorf("failed update's lines differ:\n%s", Diff("docker", "skiff", strings.Join(rl, "\n"), strings.Join(sl, "\n")))
	}
	// the paused service is named by its ID, and the others were waited on
	ids := reverse(stackIDs(t, s, b))
	if !strings.HasPrefix(sr.Stderr, ids["one"]+": service update paused: ") {
		t.Errorf("skiff's error does not name %s: %q", ids["one"], sr.Stderr)
	}
	for _, n := range []string{"web", "g"} {
		if !strings.Contains(sr.Stdout, "verify: Service "+ids[n]+" converged\n") {
			t.Errorf("skiff did not wait on %s after the failure:\n%s", n, sr.Stdout)
		}
	}
}

func reverse(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[v] = k
	}
	return out
}

// TestStackDeployPtyProgress deploys two services of one replica with --detach=false on a
// terminal with each client: each service gets a board of its own, started on new lines
// and redrawn in place with docker 28's escapes, ending with its converged line.
func TestStackDeployPtyProgress(t *testing.T) {
	t.Parallel()
	s := Swarm(t)
	dir := writeCompose(t, map[string]string{"s.yml": `version: "3.8"
services:
  a:
    image: bb:latest
    command: sleep 100000
    stop_grace_period: 1s
    deploy: {update_config: {monitor: 1s}}
  b:
    image: bb:latest
    command: sleep 100000
    stop_grace_period: 1s
    deploy: {update_config: {monitor: 1s}}
`})
	ref, sk := stackName(t), stackName(t)
	stackRm(t, s, ref, sk)
	start := "\r\n\x1b[1A\x1b[2K\roverall progress: 0 out of 1 tasks \r\x1b[1B\r\n\x1b[1A\x1b[2K\r1/1:   \r\x1b[1B"
	end := "\x1b[1A\x1b[2K\rverify: Service <SID> converged \r\x1b[1B"
	for _, c := range []struct{ who, bin, home, stack string }{
		{"docker", refBin, homesOf(t).ref, ref}, {"skiff", skiffBin, homesOf(t).skiff, sk},
	} {
		if _, err := os.Stat(c.bin); err != nil {
			t.Skip("no reference client")
		}
		p := ptyStart(t, c.bin, c.home, "-H", s.Manager, "stack", "deploy", "--resolve-image", "never",
			"--detach=false", "-c", filepath.Join(dir, "s.yml"), c.stack)
		// the test holds the terminal open: the output is read up to the two boards' ends
		// (what the client wrote may still be on its way when it has exited)
		var got strings.Builder
		for i := 0; i < 2; i++ {
			got.WriteString(p.until(" converged \r\x1b[1B") + " converged \r\x1b[1B")
		}
		if code := p.wait(); code != 0 {
			t.Fatalf("%s exit %d: %q", c.who, code, got.String())
		}
		out := swarmIDs.ReplaceAllString(strings.ReplaceAll(got.String(), c.stack, "<STACK>"), "<SID>")
		header := "Creating network <STACK>_default\r\n"
		for _, order := range []string{"a\r\nCreating service <STACK>_b\r\n", "b\r\nCreating service <STACK>_a\r\n"} {
			if h := header + "Creating service <STACK>_" + order; strings.HasPrefix(out, h) {
				out = strings.TrimPrefix(out, h)
				header = ""
				break
			}
		}
		boards := strings.SplitAfter(out, end)
		if header != "" || len(boards) != 3 {
			t.Errorf("%s: want the header and two boards each ending with %q, got %q", c.who, end, out)
			continue
		}
		for _, b := range boards[:2] {
			if !strings.HasPrefix(b, start) {
				t.Errorf("%s: board %q does not start with %q", c.who, b, start)
			}
		}
	}
}

// TestStackDeployRequests compares the service writes of deploy (create, then updates)
// with and without --with-registry-auth: the same query (the version alone on an
// update: no registryAuthFrom) and the same X-Registry-Auth header.
func TestStackDeployRequests(t *testing.T) {
	t.Parallel()
	s := Swarm(t)
	dir := writeCompose(t, map[string]string{"s.yml": "version: \"3.8\"\nservices:\n  web:\n    image: bb:latest\n    command: sleep 100000\n    stop_grace_period: 1s\n"})
	f := filepath.Join(dir, "s.yml")
	id := regexp.MustCompile(`services/[a-z0-9]{25}/`)
	version := regexp.MustCompile(`version=[0-9]+`)
	var writes [2][]string
	for i, who := range []string{"ref", "skiff"} {
		n := stackName(t)
		stackRm(t, s, n)
		for _, args := range [][]string{
			{"--with-registry-auth"}, {"--with-registry-auth"}, nil, {"--resolve-image", "changed", "--with-registry-auth"},
		} {
			args = append(append([]string{"stack", "deploy", "-d", "--resolve-image", "never"}, args...), "-c", f, n)
			r, reqs := TraceTo(t, s.Manager, who, "", nil, args...)
			// the swarm bumps a new service's version once more as it allocates it: an
			// update in between is "out of sequence" for either client, so it is tried again
			for try := 0; try < 3 && strings.Contains(r.Stderr, "update out of sequence"); try++ {
				r, reqs = TraceTo(t, s.Manager, who, "", nil, args...)
			}
			if r.Code != 0 {
				t.Fatalf("%s %v: %s", who, args, r)
			}
			for _, q := range reqs {
				if q.Method == "POST" && strings.HasPrefix(q.Path, "/services/") {
					w := version.ReplaceAllString(id.ReplaceAllString(q.String(), "services/ID/"), "version=N")
					writes[i] = append(writes[i], w+" auth="+q.Header.Get("X-Registry-Auth"))
				}
			}
		}
	}
	if len(writes[0]) != 4 || !reflect.DeepEqual(writes[0], writes[1]) {
		t.Errorf("service writes differ:\n%s", Diff("docker", "skiff", strings.Join(writes[0], "\n"), strings.Join(writes[1], "\n")))
	}
}
