//go:build e2e

package e2e

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// svcCreate creates a service on the manager with the reference client, labelled with
// the fixture's label, and removes it at the end of the test.
func svcCreate(t *testing.T, s SwarmHosts, f *Fix, name string, args ...string) {
	t.Helper()
	t.Cleanup(func() { Ref(t, "-H", s.Manager, "service", "rm", name) })
	base := []string{"-H", s.Manager, "service", "create", "-d", "--no-resolve-image", "--stop-grace-period", "1s",
		"--name", name, "--label", f.Label()}
	if r := Ref(t, append(base, args...)...); r.Code != 0 {
		t.Fatalf("service create %s:\n%s", name, r)
	}
}

// svcWait polls `service ps` (the reference's) until ok accepts the services' tasks,
// one "name state" line each, or fails the test after a minute.
func svcWait(t *testing.T, s SwarmHosts, what string, ok func(lines []string) bool, services ...string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	var last Result
	for time.Now().Before(deadline) {
		last = Ref(t, append([]string{"-H", s.Manager, "service", "ps", "--format", "{{.Name}} {{.CurrentState}}"}, services...)...)
		if last.Code == 0 && ok(strings.Split(strings.TrimSpace(last.Stdout), "\n")) {
			return
		}
		time.Sleep(300 * time.Millisecond) // polling the swarm's state: it has no event to wait on here
	}
	t.Fatalf("%s: not reached in a minute:\n%s", what, last)
}

// count is how many lines contain sub.
func count(lines []string, sub string) int {
	n := 0
	for _, l := range lines {
		if strings.Contains(l, sub) {
			n++
		}
	}
	return n
}

// squeezeSpaces makes table rows comparable when a duration's width differs between the
// two runs ("9 seconds" then "10 seconds"): the columns' alignment is tested in units.
var squeezeSpaces = func(s string) string { return regexp.MustCompile(`  +`).ReplaceAllString(s, "  ") }

// TestServiceRead compares service ls/ps/inspect/logs and node ps with docker 28 on the
// test swarm: a replicated service with a task on each node, a global one, a replicated
// job, one whose tasks fail (ERROR and the \_ history rows), one with ports and labels,
// and one on the worker whose logs cross nodes.
func TestServiceRead(t *testing.T) {
	t.Parallel()
	s := Swarm(t)
	f := Fixture(t)
	p := f.Name()
	rep, glob, job, fail, ports, logs := p+"-rep", p+"-glob", p+"-job", p+"-fail", p+"-ports", p+"-logs"
	svcCreate(t, s, f, rep, "--replicas", "2", "--replicas-max-per-node", "1", Image, "sleep", "100000")
	svcCreate(t, s, f, glob, "--mode", "global", Image, "sleep", "100000")
	svcCreate(t, s, f, job, "--mode", "replicated-job", "--replicas", "2", Image, "sh", "-c", "echo job")
	svcCreate(t, s, f, fail, "--restart-max-attempts", "1", "--restart-delay", "1s", Image, "sh", "-c", "exit 3")
	svcCreate(t, s, f, ports, "--replicas", "0", "-p", "80", "-p", "81/udp", "--label", "a=1", "--label", "b=",
		"--env", "A=1", "--limit-memory", "64M", "--update-delay", "2s", Image, "sleep", "100000")
	svcCreate(t, s, f, logs, "--constraint", "node.hostname=="+s.WorkerNode, Image,
		"sh", "-c", "echo from-worker-$(hostname); echo to-stderr >&2; sleep 100000")

	svcWait(t, s, "tasks running, the job done, the failures over", func(l []string) bool {
		return count(l, rep+".") == 2 && count(l, "Running") == 5 && count(l, "Complete") == 2 && count(l, "Failed") == 2
	}, rep, glob, job, fail, logs)
	// the worker's task has written its lines
	deadline := time.Now().Add(time.Minute)
	for !strings.Contains(Ref(t, "-H", s.Manager, "service", "logs", "--raw", logs).Stdout, "from-worker-") {
		if time.Now().After(deadline) {
			t.Fatal("the worker's task wrote nothing in a minute")
		}
		time.Sleep(300 * time.Millisecond)
	}

	m := func(args ...string) []string { return append([]string{"-H", s.Manager}, args...) }
	for _, args := range [][]string{
		{"service", "ls", "-f", "label=" + f.Label()},
		{"service", "list", "-q", "-f", "label=" + f.Label()},
		{"service", "ls", "-q", "--format", "table", "-f", "label=" + f.Label()},
		{"service", "ls", "--format", "json", "-f", "label=" + f.Label()},
		{"service", "ls", "-f", "name=" + rep},
		{"service", "ls", "-f", "mode=global", "-f", "label=" + f.Label()},
		{"service", "ls", "-f", "label=a=1", "-f", "name=" + p, "--format", "{{.Name}} {{.Ports}} {{.Replicas}}"},
		{"service", "ls", "-f", "label=" + f.Label(), "--format", "table {{.Name}}\t{{.Mode}}\t{{.Replicas}}"},
		{"service", "ls", "-f", "name=" + p, "--format", "{{.Foo}}"},
		{"service", "ls", "-f", "bogus=1"},
		{"service", "inspect", "--pretty", rep, ports, glob, job},
		{"service", "inspect", "-f", "{{.Spec.Name}} {{json .Spec.Mode}}", rep, "nosuch-" + p, glob},
		{"service", "inspect", "--pretty", rep, "nosuch-" + p},
		{"service", "inspect", "--pretty", "-f", "{{.ID}}", rep},
		{"service", "inspect", "-f", "{{.Foo}}", rep},
		{"service", "logs", logs},
		{"service", "logs", "--raw", logs},
		{"service", "logs", "--no-task-ids", "--details", logs},
		{"service", "logs", "--no-trunc", "--no-resolve", "-t", "--tail", "1", logs},
		{"service", "logs", "--since", "1h", logs},
		{"service", "logs", "nosuch-" + p},
		{"service", "logs", "--since", "xyz", logs},
		{"service", "ps", "-f", "bogus=1", rep},
		{"service", "ps", "nosuch-" + p, rep, "nosuch2-" + p},
		{"service", "ps", "nosuch-" + p},
		{"service", "ps", "-q", rep, glob, fail},
		{"service", "ps", "-q", "--format", "table", rep},
		{"service", "ps", "--format", "{{.Foo}}", rep},
		{"service", "rm", "nosuch-" + p},
		{"node", "ps", "--format", "{{.Foo}}", s.WorkerNode},
		{"node", "ps", "-q", "-f", "name=" + p, s.WorkerNode},
		{"node", "ps", "-q", "--format", "table", "-f", "name=" + p, s.WorkerNode},
		{"node", "ps", "nosuch-" + p},
	} {
		Compare(t, m(args...)...)
	}
	for _, args := range [][]string{
		{"service", "ps", rep},
		{"service", "ps", "--no-trunc", rep, glob, job, fail, logs},
		{"service", "ps", "--no-resolve", glob, fail},
		{"service", "ps", "-f", "desired-state=running", "-f", "node=" + s.WorkerNode, rep, glob, logs},
		{"service", "ps", "--format", "json", fail, job},
		{"service", "ps", "--format", "table {{.Name}}\t{{.Error}}", fail},
		{"node", "ps", "-f", "name=" + p},
		{"node", "ps", "-f", "name=" + p, s.WorkerNode},
		{"node", "ps", "--no-trunc", "--no-resolve", "-f", "name=" + p, s.ManagerNode, s.WorkerNode},
		{"node", "ps", "-f", "name=" + p, s.WorkerNode, s.ManagerNode},
		{"node", "ps", "-f", "name=" + p, s.WorkerNode, "nosuch-" + p},
	} {
		CompareWith(t, squeezeSpaces, nil, "", m(args...)...)
	}

	// the logs really come from the worker's task, across nodes
	task := strings.TrimSpace(Ref(t, m("service", "ps", "-q", "--no-trunc", logs)...).Stdout)
	sk := Skiff(t, m("service", "logs", logs)...)
	wantPrefix := logs + ".1." + task[:12] + "@" + s.WorkerNode + "    | "
	if sk.Code != 0 || !strings.HasPrefix(sk.Stdout, wantPrefix+"from-worker-") || sk.Stderr != wantPrefix+"to-stderr\n" {
		t.Errorf("service logs %s: want stdout %q... and stderr %q, got:\n%s", logs, wantPrefix+"from-worker-", wantPrefix+"to-stderr\n", sk)
	}
	Compare(t, m("service", "logs", task)...)
	Compare(t, m("service", "logs", "--raw", "--no-trunc", task)...)

	// a worker and a plain engine refuse, in the engine's words
	for _, args := range [][]string{{"node", "ps"}, {"node", "ps", s.WorkerNode}, {"service", "ls"}, {"service", "ps", rep},
		{"service", "inspect", "--pretty", rep}, {"service", "logs", logs}, {"service", "rm", rep}} {
		Compare(t, append([]string{"-H", s.Worker}, args...)...)
		Compare(t, args...)
	}
}

// TestServiceRemove removes two services and two missing ones with each client: the same
// names printed, the same errors, exit 1.
func TestServiceRemove(t *testing.T) {
	t.Parallel()
	s := Swarm(t)
	f := Fixture(t)
	var res [2]Result
	for i, who := range []string{"ref", "skiff"} {
		a, b := f.Name(), f.Name()
		svcCreate(t, s, f, a, "--replicas", "0", Image)
		svcCreate(t, s, f, b, "--replicas", "0", Image)
		args := []string{"-H", s.Manager, "service", "rm", a, "nosuch-" + a, b, "nosuch-" + b}
		if who == "ref" {
			res[i] = Ref(t, args...)
		} else {
			res[i] = Skiff(t, args...)
		}
		res[i].Stdout = strings.NewReplacer(a, "<A>", b, "<B>").Replace(res[i].Stdout)
		res[i].Stderr = strings.NewReplacer(a, "<A>", b, "<B>").Replace(res[i].Stderr)
		if r := Ref(t, "-H", s.Manager, "service", "ls", "-q", "-f", "name="+a); r.Stdout != "" {
			t.Errorf("%s: service %s still there after rm", who, a)
		}
	}
	if res[0].Code != res[1].Code || res[0].Stdout != res[1].Stdout || res[0].Stderr != res[1].Stderr {
		t.Errorf("service rm differs:\nreference: %s\nskiff: %s", res[0], res[1])
	}
	if res[0].Code != 1 || res[0].Stdout != "<A>\n<B>\n" {
		t.Errorf("reference's service rm: %s", res[0])
	}
}
