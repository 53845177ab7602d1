//go:build e2e

package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// svcRef runs the reference client on the manager and fails the test on an error.
func svcRef(t *testing.T, s SwarmHosts, args ...string) string {
	t.Helper()
	r := Ref(t, append([]string{"-H", s.Manager}, args...)...)
	if r.Code != 0 {
		t.Fatalf("docker %s:\n%s", strings.Join(args, " "), r)
	}
	return r.Stdout
}

// svcCleanup removes the named services at the end of the test.
func svcCleanup(t *testing.T, s SwarmHosts, names ...string) {
	t.Cleanup(func() {
		Ref(t, append([]string{"-H", s.Manager, "service", "rm"}, names...)...)
	})
}

// svcWaitRunning polls the service's tasks (reference client) until n of them run.
func svcWaitRunning(t *testing.T, s SwarmHosts, name string, n int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		out := svcRef(t, s, "service", "ps", name, "-f", "desired-state=running", "--format", "{{.CurrentState}}")
		if strings.Count(out, "Running") == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: tasks not running after 30s:\n%s", name, out)
		}
		time.Sleep(200 * time.Millisecond) // polling the swarm: there is no event to wait on here
	}
}

// progressNorm hides the service ID and collapses the lines docker repeats at each
// poll (how many times depends on timing only).
func progressNorm(names ...string) func(string) string {
	return func(s string) string {
		s = swarmIDs.ReplaceAllString(s, "<SID>")
		for _, n := range names {
			s = strings.ReplaceAll(s, n, "<NAME>")
		}
		var out []string
		for _, l := range strings.Split(s, "\n") {
			if strings.HasPrefix(l, "overall progress:") || strings.HasPrefix(l, "rollback: manually") {
				continue // how many tasks the first poll sees depends on timing
			}
			if len(out) > 0 && out[len(out)-1] == l {
				continue
			}
			out = append(out, l)
		}
		return strings.Join(out, "\n")
	}
}

// TestServiceWriteErrors compares the refusals of create, update, scale and rollback.
func TestServiceWriteErrors(t *testing.T) {
	t.Parallel()
	s := Swarm(t)
	name := Fixture(t).Name()
	glob := name + "-g"
	svcCleanup(t, s, name, glob)
	svcRef(t, s, "service", "create", "-d", "--no-resolve-image", "--name", name, "--replicas", "0", Image, "true")
	svcRef(t, s, "service", "create", "-d", "--no-resolve-image", "--name", glob, "--mode", "global",
		"--constraint", "node.role==nobody", Image, "true")
	for _, args := range [][]string{
		{"service", "create", "--replicas", "x", Image},
		{"service", "create", "--replicas", "-1", Image},
		{"service", "create", "--mode", "bad", Image},
		{"service", "create", "-d", "--no-resolve-image", "--name", name, Image},
		{"service", "create", "--secret", "skiff-no-such-secret", Image},
		{"service", "create", "--config", "skiff-no-such-config", Image},
		{"service", "create", "--mode", "global", "--replicas", "2", Image},
		{"service", "create", "--max-concurrent", "2", Image},
		{"service", "create"},
		{"service", "create", "-p", "bad", Image},
		{"service", "create", "--placement-pref", "foo", Image},
		{"service", "create", "--generic-resource", "bad", Image},
		{"service", "create", "--secret", "source=a,foo=b", Image},
		{"service", "create", "--host", "bad", Image},
		{"service", "create", "--credential-spec", "bad", Image},
		{"service", "create", "--network", "name=x,foo=y", Image},
		{"service", "create", "--limit-memory", "x", Image},
		{"service", "create", "--network", "skiff-no-such-net", "-d", Image},
		{"service", "create", "--health-timeout", "-2s", Image},
		{"service", "create", "-p", "published=x,target=80", Image},
		{"service", "create", "-p", "mode=bad,target=80", Image},
		{"service", "create", "-p", "foo=1,target=80", Image},
		{"service", "create", "-p", "target=80,published", Image},
		{"service", "create", "-p", "127.0.0.1:80:80", Image},
		{"service", "create", "--secret", "a,b", Image},
		{"service", "create", "--secret", "source=a,mode=99x", Image},
		{"service", "create", "--placement-pref", "foo=bar", Image},
		{"service", "create", "-d", "--generic-resource", "a=b", Image},
		{"service", "create", "-d", "--restart-delay", "-1s", "--no-resolve-image", Image},
		{"service", "create", "--env-file", "/skiff-no-such-file", Image},
		{"service", "update"},
		{"service", "update", "skiff-no-such-service"},
		{"service", "update", "-d", "--secret-add", "skiff-no-such-secret", name},
		{"service", "update", "-d", "--network-add", "skiff-no-such-net", name},
		{"service", "update", "-d", "--generic-resource-add", "a=b", name},
		{"service", "update", "-d", "--image", "BB", name},
		{"service", "update", "-d", "--publish-rm", "bad", name},
		{"service", "update", "-d", "--health-interval", "-1s", name},
		{"service", "update", "-d", "--mode", "global", name},
		{"service", "update", "--replicas", "2", glob},
		{"service", "update", "--rollback", "--image", "x", name},
		{"service", "scale"},
		{"service", "scale", name},
		{"service", "scale", name + "=x"},
		{"service", "scale", name + "=-1", "skiff-no-such-service=1"},
		{"service", "scale", glob + "=2"},
		{"service", "rollback"},
		{"service", "rollback", "skiff-no-such-service"},
		{"service", "rollback", name},
	} {
		Compare(t, append([]string{"-H", s.Manager}, args...)...)
	}
	// a worker and an engine outside a swarm refuse in the engine's words
	for _, host := range []string{s.Worker, engineHost()} {
		for _, args := range [][]string{
			{"service", "create", "-d", "--no-resolve-image", Image},
			{"service", "create", "--secret", "s", Image},
			{"service", "update", "x"},
			{"service", "scale", "x=1"},
			{"service", "rollback", "x"},
		} {
			Compare(t, append([]string{"-H", host}, args...)...)
		}
	}
}

// TestServiceCreateConverges creates a replicated service of two tasks with each
// client, waiting for convergence: the same progress (repeated lines collapsed), and
// the tasks really run on both nodes.
func TestServiceCreateConverges(t *testing.T) {
	t.Parallel()
	s := Swarm(t)
	f := Fixture(t)
	ref, sk := f.Name(), f.Name()
	svcCleanup(t, s, ref, sk)
	args := func(n string) []string {
		return []string{"-H", s.Manager, "service", "create", "--no-resolve-image", "--name", n,
			"--replicas", "2", "--replicas-max-per-node", "1", "--stop-grace-period", "1s",
			"--update-monitor", "1s", Image, "sleep", "600"}
	}
	rr, sr := Ref(t, args(ref)...), Skiff(t, args(sk)...)
	norm := progressNorm(ref, sk)
	if rr.Code != sr.Code || norm(rr.Stdout) != norm(sr.Stdout) {
		t.Errorf("create differs:\n%s", Diff("docker", "skiff", norm(rr.Stdout)+rr.Stderr, norm(sr.Stdout)+sr.Stderr))
	}
	if !strings.HasSuffix(sr.Stdout, "verify: Service "+strings.SplitN(sr.Stdout, "\n", 2)[0]+" converged\n") {
		t.Errorf("skiff did not end with the converged line:\n%s", sr.Stdout)
	}
	// both nodes run a task of skiff's service
	nodes := strings.Fields(svcRef(t, s, "service", "ps", sk, "-f", "desired-state=running", "--format", "{{.Node}}"))
	sort.Strings(nodes)
	if want := []string{s.ManagerNode, s.WorkerNode}; !reflect.DeepEqual(nodes, want) {
		t.Errorf("tasks run on %q, want %q", nodes, want)
	}

	// update, scale and rollback, waiting each time
	for _, step := range [][]string{
		{"service", "update", "--force", "NAME"},
		{"service", "scale", "NAME=1"},
		{"service", "rollback", "NAME"},
	} {
		run := func(n string) []string {
			out := []string{"-H", s.Manager}
			for _, a := range step {
				out = append(out, strings.ReplaceAll(a, "NAME", n))
			}
			return out
		}
		rr, sr := Ref(t, run(ref)...), Skiff(t, run(sk)...)
		if rr.Code != sr.Code || norm(rr.Stdout) != norm(sr.Stdout) || rr.FirstErrLine() != sr.FirstErrLine() {
			t.Errorf("%v differs:\n%s", step, Diff("docker", "skiff", norm(rr.Stdout)+rr.Stderr, norm(sr.Stdout)+sr.Stderr))
		}
	}
	// -d prints the name alone and returns at once
	start := time.Now()
	r := Skiff(t, "-H", s.Manager, "service", "update", "-d", "--force", sk)
	if r.Code != 0 || r.Stdout != sk+"\n" || time.Since(start) > 4*time.Second {
		t.Errorf("update -d: %s (%v)", r, time.Since(start))
	}
}

// specBody decodes a create or update body with the service name taken out and the
// environment sorted (docker's update writes it in its map's random order).
func specBody(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("body %q: %v", b, err)
	}
	delete(m, "Name")
	if tt, ok := m["TaskTemplate"].(map[string]any); ok {
		if cs, ok := tt["ContainerSpec"].(map[string]any); ok {
			if env, ok := cs["Env"].([]any); ok {
				sort.Slice(env, func(i, j int) bool { return env[i].(string) < env[j].(string) })
			}
		}
	}
	return m
}

// lastBody is the body of the last request to path's end.
func lastBody(reqs []Request, suffix string) []byte {
	var b []byte
	for _, r := range reqs {
		if r.Method == "POST" && strings.HasSuffix(r.Path, suffix) {
			b = r.Body
		}
	}
	return b
}

// TestServiceCreateUpdateRequests compares the spec each client sends for a create with
// most flags, then for an update with every -add/-rm pair, and the requests made.
func TestServiceCreateUpdateRequests(t *testing.T) {
	t.Parallel()
	s := Swarm(t)
	f := Fixture(t)
	sec, cfg, net, net2 := f.Name(), f.Name(), f.Name(), f.Name()
	env := filepath.Join(t.TempDir(), "env")
	if err := os.WriteFile(env, []byte("A=1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	svcRef(t, s, "secret", "create", sec, env)
	t.Cleanup(func() { Ref(t, "-H", s.Manager, "secret", "rm", sec) })
	svcRef(t, s, "config", "create", cfg, env)
	t.Cleanup(func() { Ref(t, "-H", s.Manager, "config", "rm", cfg) })
	for _, n := range []string{net, net2} {
		svcRef(t, s, "network", "create", "-d", "overlay", n)
		n := n
		t.Cleanup(func() { Ref(t, "-H", s.Manager, "network", "rm", n) })
	}
	create := []string{"service", "create", "-d", "--no-resolve-image", "--replicas", "0",
		"-e", "X=1", "--env-file", env, "-l", "a=b", "--container-label", "c=d", "--secret", sec,
		"--secret", "source=" + sec + ",target=/s2,uid=1,gid=2,mode=0400", "--config", cfg,
		"--mount", "type=tmpfs,target=/t,tmpfs-size=1m", "--mount", "type=volume,source=v1,target=/v,volume-driver=local,volume-opt=a=b",
		"--constraint", "node.role==manager", "--placement-pref", "spread=node.id", "--replicas-max-per-node", "3",
		"--update-delay", "2s", "--update-parallelism", "2", "--update-failure-action", "continue", "--update-monitor", "3s",
		"--update-max-failure-ratio", "0.5", "--update-order", "start-first", "--rollback-delay", "1s", "--rollback-parallelism", "0",
		"--rollback-order", "stop-first", "--restart-condition", "on-failure", "--restart-delay", "3s",
		"--restart-max-attempts", "4", "--restart-window", "10s", "--health-cmd", "true", "--health-interval", "5s",
		"--health-retries", "2", "--limit-cpu", "0.5", "--limit-memory", "64m", "--limit-pids", "100", "--reserve-cpu", "0.1",
		"--reserve-memory", "8m", "--ulimit", "nofile=100:200", "--dns", "1.1.1.1", "--dns-option", "ndots:2",
		"--dns-search", "example.com", "--hostname", "hh", "--host", "foo:1.2.3.4", "--user", "1000", "--group", "10",
		"--workdir", "/tmp", "--entrypoint", "sh -c", "--init", "--read-only", "--stop-signal", "SIGUSR1",
		"--stop-grace-period", "1s", "--tty", "--log-driver", "json-file", "--log-opt", "max-size=1m", "--cap-add", "net_admin",
		"--cap-drop", "chown", "--sysctl", "net.core.somaxconn=100", "--generic-resource", "gpu=1", "--network", net,
		"--credential-spec", "file://x", "--isolation", "default"}
	update := []string{"service", "update", "-d", "--env-add", "B=1", "--env-rm", "X", "--container-label-add", "e=1",
		"--container-label-rm", "c", "--constraint-add", "node.id!=q", "--constraint-rm", "node.role==manager",
		"--dns-add", "8.8.8.8", "--dns-rm", "1.1.1.1", "--dns-search-add", "a.com", "--dns-option-add", "p:2",
		"--group-add", "3", "--group-rm", "10", "--host-add", "aa:2.2.2.2", "--host-rm", "foo:1.2.3.4",
		"--mount-add", "type=tmpfs,target=/a", "--mount-rm", "/t", "--sysctl-add", "c.d=2", "--sysctl-rm", "net.core.somaxconn",
		"--ulimit-add", "core=5:6", "--ulimit-rm", "nofile", "--generic-resource-add", "fpga=1", "--generic-resource-rm", "gpu",
		"--placement-pref-add", "spread=node.labels.x", "--placement-pref-rm", "spread=node.id",
		"--network-rm", net, "--network-add", "name=" + net2 + ",alias=x", "--secret-rm", sec,
		"--secret-add", "source=" + sec + ",target=/q", "--config-rm", cfg, "--args", "sleep 5", "--replicas", "0",
		"--limit-cpu", "1", "--restart-condition", "none", "--health-cmd", "false", "--user", "5", "--cap-drop", "net_admin",
		"--cap-add", "sys_admin", "--rollback-order", "start-first", "--label-add", "k=v", "--label-rm", "a", "--force"}
	var bodies [2][2]map[string]any
	var paths [2][]string
	for i, who := range []string{"ref", "skiff"} {
		name := f.Name()
		svcCleanup(t, s, name)
		r, reqs := TraceTo(t, s.Manager, who, "", nil, append(append(create, "--name", name), Image, "sleep", "600")...)
		if r.Code != 0 {
			t.Fatalf("%s create: %s", who, r)
		}
		bodies[i][0] = specBody(t, lastBody(reqs, "/services/create"))
		// the swarm bumps a new service's version once more as it allocates it: an update
		// in between is "out of sequence" for either client, so it is tried again
		r, reqs2 := TraceTo(t, s.Manager, who, "", nil, append(update, name)...)
		for try := 0; try < 3 && strings.Contains(r.Stderr, "update out of sequence"); try++ {
			r, reqs2 = TraceTo(t, s.Manager, who, "", nil, append(update, name)...)
		}
		if r.Code != 0 || r.Stdout != name+"\n" {
			t.Fatalf("%s update: %s", who, r)
		}
		bodies[i][1] = specBody(t, lastBody(reqs2, "/update"))
		// then the handshakes of update --rollback, rollback and scale
		for _, step := range [][]string{
			{"service", "update", "-d", "--rollback", name},
			{"service", "rollback", "-d", name},
			{"service", "scale", "-d", name + "=0"},
			{"service", "update", "-d", "--with-registry-auth", name},
		} {
			r, more := TraceTo(t, s.Manager, who, "", nil, step...)
			for try := 0; try < 3 && strings.Contains(r.Stderr, "update out of sequence"); try++ {
				r, more = TraceTo(t, s.Manager, who, "", nil, step...)
			}
			if r.Code != 0 {
				t.Fatalf("%s %v: %s", who, step, r)
			}
			reqs2 = append(reqs2, more...)
		}
		for _, q := range append(reqs, reqs2...) {
			if q.Path != "/_ping" {
				p := strings.ReplaceAll(q.String(), name, "NAME")
				p = regexp.MustCompile(`services/[a-z0-9]{25}/`).ReplaceAllString(p, "services/ID/")
				p = regexp.MustCompile(`version=[0-9]+`).ReplaceAllString(p, "version=N")
				paths[i] = append(paths[i], p+" auth="+q.Header.Get("X-Registry-Auth"))
			}
		}
	}
	for j, what := range []string{"create", "update"} {
		sortSpecFileRefs(bodies[0][j])
		sortSpecFileRefs(bodies[1][j])
		if !reflect.DeepEqual(bodies[0][j], bodies[1][j]) {
			a, _ := json.MarshalIndent(bodies[0][j], "", " ")
			b, _ := json.MarshalIndent(bodies[1][j], "", " ")
			t.Errorf("%s body differs:\n%s", what, Diff("docker", "skiff", string(a), string(b)))
		}
	}
	if !reflect.DeepEqual(paths[0], paths[1]) {
		t.Errorf("requests differ:\n%s", Diff("docker", "skiff", strings.Join(paths[0], "\n"), strings.Join(paths[1], "\n")))
	}
}

// ptyLineIDs are the IDs of the lines a terminal progress redraws, in the order first drawn.
var ptyLine = regexp.MustCompile("\x1b\\[2K\r([^:\r]+): ")

// TestServicePtyProgress runs create on a terminal with each client: the board starts
// and ends with the same bytes (lines redrawn in place with docker's escapes), and the
// same lines are drawn in between.
func TestServicePtyProgress(t *testing.T) {
	t.Parallel()
	s := Swarm(t)
	f := Fixture(t)
	ref, sk := f.Name(), f.Name()
	svcCleanup(t, s, ref, sk)
	outs := map[string]string{}
	for _, c := range []struct{ who, bin, home, name string }{
		{"docker", refBin, homesOf(t).ref, ref}, {"skiff", skiffBin, homesOf(t).skiff, sk},
	} {
		if _, err := os.Stat(c.bin); err != nil {
			t.Skip("no reference client")
		}
		p := ptyStart(t, c.bin, c.home, "-H", s.Manager, "service", "create", "--no-resolve-image", "--name", c.name,
			"--replicas", "2", "--stop-grace-period", "1s", "--update-monitor", "1s", Image, "sleep", "600")
		// the test holds the terminal open (no end of file): the output is read up to the
		// board's end, which may still be on its way when the client has exited
		got := p.until(" converged \r\x1b[1B") + " converged \r\x1b[1B"
		if code := p.wait(); code != 0 {
			t.Fatalf("%s exit %d: %q", c.who, code, got)
		}
		outs[c.who] = swarmIDs.ReplaceAllString(got, "<SID>")
	}
	start := "<SID>\r\n\r\n\x1b[1A\x1b[2K\roverall progress: 0 out of 2 tasks \r\x1b[1B\r\n\x1b[1A\x1b[2K\r1/2:   \r\x1b[1B\r\n\x1b[1A\x1b[2K\r2/2:   \r\x1b[1B"
	end := "\x1b[1A\x1b[2K\rverify: Service <SID> converged \r\x1b[1B"
	ids := map[string][]string{}
	for who, out := range outs {
		if !strings.HasPrefix(out, start) || !strings.HasSuffix(out, end) {
			t.Errorf("%s: board %q does not start with %q and end with %q", who, out, start, end)
		}
		seen := map[string]bool{}
		for _, m := range ptyLine.FindAllStringSubmatch(out, -1) {
			if !seen[m[1]] {
				seen[m[1]] = true
				ids[who] = append(ids[who], m[1])
			}
		}
	}
	if !reflect.DeepEqual(ids["docker"], ids["skiff"]) {
		t.Errorf("lines drawn: docker %q, skiff %q", ids["docker"], ids["skiff"])
	}
}

// TestServiceUpdatePaused updates a service to an image no node has: the tasks fail,
// the update pauses, and both clients end with exit 1 and docker's error.
func TestServiceUpdatePaused(t *testing.T) {
	t.Parallel()
	s := Swarm(t)
	f := Fixture(t)
	ref, sk := f.Name(), f.Name()
	svcCleanup(t, s, ref, sk)
	for _, n := range []string{ref, sk} {
		svcRef(t, s, "service", "create", "-d", "--no-resolve-image", "--name", n, "--stop-grace-period", "1s", Image, "sleep", "600")
	}
	// the update starts from a running task on each (otherwise what it replaces, and
	// so what the first polls see, depends on timing)
	for _, n := range []string{ref, sk} {
		svcWaitRunning(t, s, n, 1)
	}
	args := func(n string) []string {
		return []string{"-H", s.Manager, "service", "update", "--no-resolve-image", "--image", "skiff-no-such-image:1",
			"--update-monitor", "1s", n}
	}
	norm := func(s string) string {
		return regexp.MustCompile(`task [a-z0-9]{25}`).ReplaceAllString(progressNorm(ref, sk)(s), "task <TID>")
	}
	rr, sr := Ref(t, args(ref)...), Skiff(t, args(sk)...)
	if rr.Code != 1 || sr.Code != 1 || norm(rr.Stdout) != norm(sr.Stdout) || norm(rr.FirstErrLine()) != norm(sr.FirstErrLine()) {
		t.Errorf("paused update differs (exit %d/%d):\n%s", rr.Code, sr.Code,
			Diff("docker", "skiff", norm(rr.Stdout)+rr.Stderr, norm(sr.Stdout)+sr.Stderr))
	}
}
