//go:build e2e

package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestNodeDrainMovesTasks drains a node for real with skiff: on a swarm of two spares
// (made with skiff's swarm init and join), a service's tasks run on both nodes; after
// skiff's `node update --availability drain` the worker's tasks are shut down and every
// replica runs on the manager, as skiff's service ps and node ps show; `--availability
// active` lets the scheduler use the worker again. The shared swarm is not touched.
func TestNodeDrainMovesTasks(t *testing.T) {
	t.Parallel()
	sp := Spares(t, 2)
	m, w := sp[0], sp[1]
	must := func(r Result) Result {
		t.Helper()
		if r.Code != 0 {
			t.Fatalf("exit %d: %s", r.Code, r.FirstErrLine())
		}
		return r
	}
	must(Skiff(t, "-H", m.Host, "swarm", "init", "--advertise-addr", m.Addr))
	token := strings.TrimSpace(must(Skiff(t, "-H", m.Host, "swarm", "join-token", "-q", "worker")).Stdout)
	must(Skiff(t, "-H", w.Host, "swarm", "join", "--token", token, m.Addr+":2377"))
	const replicas = 4
	must(Skiff(t, "-H", m.Host, "service", "create", "-d", "-q", "--no-resolve-image", "--stop-grace-period", "1s",
		"--name", "drain", "--replicas", fmt.Sprint(replicas), "bb:latest", "sleep", "100000"))

	// running tasks per node, as skiff's service ps shows them
	var seen string
	running := func() map[string]int {
		r := must(Skiff(t, "-H", m.Host, "service", "ps", "-f", "desired-state=running",
			"--format", "{{.Node}} {{.CurrentState}}", "drain"))
		seen = r.Stdout
		n := map[string]int{}
		for _, l := range strings.Split(strings.TrimSpace(r.Stdout), "\n") {
			if node, state, ok := strings.Cut(l, " "); ok && strings.HasPrefix(state, "Running") {
				n[node]++
			}
		}
		return n
	}
	last := func() string { return seen }
	waitFor(t, 60*time.Second, "running on both nodes", func() bool {
		n := running()
		return n[m.Hostname] > 0 && n[w.Hostname] > 0 && n[m.Hostname]+n[w.Hostname] == replicas
	}, last)

	r := must(Skiff(t, "-H", m.Host, "node", "update", "--availability", "drain", w.Hostname))
	if r.Stdout != w.Hostname+"\n" {
		t.Errorf("node update printed %q, want the node's name", r.Stdout)
	}
	waitFor(t, 60*time.Second, "all running on the manager", func() bool {
		n := running()
		return n[w.Hostname] == 0 && n[m.Hostname] == replicas
	}, last)
	// the worker's own view: its tasks are to be shut down, and none is left running
	r = must(Skiff(t, "-H", m.Host, "node", "ps", "--format", "{{.DesiredState}} {{.CurrentState}}", w.Hostname))
	for _, l := range strings.Split(strings.TrimSpace(r.Stdout), "\n") {
		if !strings.HasPrefix(l, "Shutdown ") || strings.Contains(l, "Running") {
			t.Errorf("node ps %s after the drain: %q", w.Hostname, l)
		}
	}
	if got := must(Skiff(t, "-H", m.Host, "node", "inspect", "-f", "{{.Spec.Availability}}", w.Hostname)).Stdout; got != "drain\n" {
		t.Errorf("availability after the drain: %q", got)
	}
	if got := must(Skiff(t, "-H", m.Host, "node", "ls", "-f", "name="+w.Hostname, "--format", "{{.Availability}}")).Stdout; got != "Drain\n" {
		t.Errorf("node ls after the drain: %q", got)
	}

	// active again: a forced update spreads the tasks over both nodes once more
	must(Skiff(t, "-H", m.Host, "node", "update", "--availability", "active", w.Hostname))
	must(Ref(t, "-H", m.Host, "service", "update", "-d", "-q", "--force", "--no-resolve-image", "drain"))
	waitFor(t, 60*time.Second, "running on both nodes again", func() bool {
		n := running()
		return n[m.Hostname] > 0 && n[w.Hostname] > 0 && n[m.Hostname]+n[w.Hostname] == replicas
	}, last)
}
