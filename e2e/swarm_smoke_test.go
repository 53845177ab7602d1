//go:build e2e

package e2e

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// TestSwarmHarness checks the swarm that Swarm(t) gives, with the reference client (skiff
// has no swarm commands yet): two nodes, both Ready, the manager the leader; a service of
// two replicas runs a task on each node; service rm removes the tasks' containers from
// both engines.
func TestSwarmHarness(t *testing.T) {
	t.Parallel()
	s := Swarm(t)

	r := Ref(t, "-H", s.Manager, "node", "ls", "--format", "{{.Hostname}}|{{.Status}}|{{.Availability}}|{{.ManagerStatus}}")
	if r.Code != 0 {
		t.Fatalf("node ls:\n%s", r)
	}
	nodes := strings.Split(strings.TrimSpace(r.Stdout), "\n")
	slices.Sort(nodes)
	want := []string{s.ManagerNode + "|Ready|Active|Leader", s.WorkerNode + "|Ready|Active|"}
	slices.Sort(want)
	if !slices.Equal(nodes, want) {
		t.Fatalf("node ls: got %q, want %q", nodes, want)
	}
	// the worker answers as a worker, on its own engine
	r = Ref(t, "-H", s.Worker, "info", "--format", "{{.Name}} {{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}} {{.Swarm.NodeAddr}}")
	if got, want := strings.TrimSpace(r.Stdout), s.WorkerNode+" active false "+s.WorkerAddr; r.Code != 0 || got != want {
		t.Fatalf("worker info: got %q, want %q\n%s", got, want, r)
	}

	name := "e2e-" + runID + "-swarm-harness-" + randHex(2)
	t.Cleanup(func() { Ref(t, "-H", s.Manager, "service", "rm", name) })
	r = Ref(t, "-H", s.Manager, "service", "create", "-d", "--no-resolve-image", "--stop-grace-period", "1s", "--replicas", "2", "--name", name, Image, "sleep", "100000")
	if r.Code != 0 {
		t.Fatalf("service create:\n%s", r)
	}
	// the scheduler spreads the two replicas over the two nodes
	var got []string
	waitFor(t, 60*time.Second, "both tasks running, one on each node", func() bool {
		r := Ref(t, "-H", s.Manager, "service", "ps", "--filter", "desired-state=running", "--format", "{{.Node}} {{.CurrentState}}", name)
		got = nil
		for _, l := range strings.Split(strings.TrimSpace(r.Stdout), "\n") {
			if node, state, ok := strings.Cut(l, " "); ok && strings.HasPrefix(state, "Running") {
				got = append(got, node)
			}
		}
		slices.Sort(got)
		return slices.Equal(got, sortedPair(s.ManagerNode, s.WorkerNode))
	}, func() string { return strings.Join(got, ", ") })

	for _, host := range []string{s.Manager, s.Worker} {
		if ids := swarmTaskContainers(t, host, name); len(ids) != 1 {
			t.Fatalf("%s: want one task container of %s, got %q", host, name, ids)
		}
	}
	if r := Ref(t, "-H", s.Manager, "service", "rm", name); r.Code != 0 || strings.TrimSpace(r.Stdout) != name {
		t.Fatalf("service rm:\n%s", r)
	}
	for _, host := range []string{s.Manager, s.Worker} {
		var ids []string
		waitFor(t, 60*time.Second, host+": the task containers removed", func() bool {
			ids = swarmTaskContainers(t, host, name)
			return len(ids) == 0
		}, func() string { return strings.Join(ids, ", ") })
	}
}

// swarmTaskContainers lists the ids of service's task containers on one engine.
func swarmTaskContainers(t *testing.T, host, service string) []string {
	t.Helper()
	r := Ref(t, "-H", host, "ps", "-aq", "--filter", "label=com.docker.swarm.service.name="+service)
	if r.Code != 0 {
		t.Fatalf("ps on %s:\n%s", host, r)
	}
	return strings.Fields(r.Stdout)
}

func sortedPair(a, b string) []string {
	p := []string{a, b}
	slices.Sort(p)
	return p
}

// waitFor polls cond (a cheap client call) until it holds or d passes; then it fails the
// test with what last saw.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool, last func() string) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %s, still not %s; last seen: %s", d, what, last())
		}
		time.Sleep(200 * time.Millisecond) // polling: the CLI has no event for this
	}
}
