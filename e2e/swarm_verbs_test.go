//go:build e2e

package e2e

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

// swarmVerbNorm hides what differs between two swarms made alike: node IDs, join
// tokens, unlock keys, certificates, and which spares (hostnames, addresses) they are.
func swarmVerbNorm(s string) string {
	for _, r := range []struct{ re, repl string }{
		{`SWMTKN-1-[a-z0-9-]+`, "<TOKEN>"},
		// a CA rotation's progress: one line per poll, as many as it takes
		{`(desired root digest: sha256:[0-9a-f]{64}\n)+`, "<DIGEST LINES>\n"},
		{`SWMKEY-1-[A-Za-z0-9+/=]+`, "<KEY>"},
		{`(?s)-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----`, "<CERT>"},
		{`\b[a-z0-9]{25}\b`, "<NODE>"},
		{`skiff-spare-[0-9]+`, "<HOST>"},
		{`10\.99\.1\.[0-9]+`, "<ADDR>"},
	} {
		s = regexp.MustCompile(r.re).ReplaceAllString(s, r.repl)
	}
	return s
}

// swarmStep is one command of a sequence and what came of it, normalised.
type swarmStep struct{ what, out string }

// swarmSeq runs one client's sequence on two spares of its own.
type swarmSeq struct {
	t     *testing.T
	run   func(t *testing.T, stdin string, env []string, args ...string) Result
	steps []swarmStep
}

// do runs the command on host and records its exit code, stdout and first stderr line.
func (s *swarmSeq) do(host string, stdin string, args ...string) Result {
	s.t.Helper()
	r := s.run(s.t, stdin, nil, append([]string{"-H", host}, args...)...)
	s.steps = append(s.steps, swarmStep{
		what: swarmVerbNorm(strings.Join(args, " ")),
		out:  swarmVerbNorm(fmt.Sprintf("exit %d\n%s--- %s", r.Code, r.Stdout, r.FirstErrLine())),
	})
	return r
}

// note records a fact the sequence checked (a rotated token differs...).
func (s *swarmSeq) note(what string, v any) {
	s.steps = append(s.steps, swarmStep{what: what, out: fmt.Sprint(v)})
}

// waitFor polls the command on host until its stdout is want (there is no event for a
// node's raft membership or a manager's state after unlock).
func (s *swarmSeq) waitFor(host, want string, args ...string) {
	s.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		r := s.run(s.t, "", nil, append([]string{"-H", host}, args...)...)
		if strings.TrimSpace(r.Stdout) == want {
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("%s: still %q, want %q", strings.Join(args, " "), r.Stdout+r.Stderr, want)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// swarmLifecycle is the whole life of a swarm on spares m and w, with the errors
// along the way.
func swarmLifecycle(s *swarmSeq, m, w SpareHost) {
	M, W := m.Host, w.Host
	s.do(M, "", "swarm", "init", "--advertise-addr", "bogus")
	s.do(M, "", "swarm", "init", "--advertise-addr", m.Addr, "--listen-addr", m.Addr+":2377",
		"--availability", "active", "--task-history-limit", "3", "--dispatcher-heartbeat", "6s",
		"--cert-expiry", "1000h", "--max-snapshots", "1", "--snapshot-interval", "500",
		"--default-addr-pool", "10.20.0.0/16", "--default-addr-pool-mask-length", "26", "--data-path-port", "4790")
	s.do(M, "", "swarm", "init", "--advertise-addr", m.Addr)
	s.do(M, "", "info", "--format", "{{json .Swarm.Cluster.Spec}} {{.Swarm.Cluster.DefaultAddrPool}} {{.Swarm.Cluster.SubnetSize}} {{.Swarm.Cluster.DataPathPort}}")
	s.do(M, "", "swarm", "join-token", "worker")
	s.do(M, "", "swarm", "join-token", "manager")
	tok1 := strings.TrimSpace(s.do(M, "", "swarm", "join-token", "-q", "worker").Stdout)
	tok2 := strings.TrimSpace(s.do(M, "", "swarm", "join-token", "--rotate", "-q", "worker").Stdout)
	s.note("worker token rotated", tok1 != tok2 && strings.HasPrefix(tok2, "SWMTKN-1-"))
	s.do(M, "", "swarm", "join-token", "--rotate", "manager")
	s.do(M, "", "swarm", "leave")

	s.do(W, "", "swarm", "join", "--token", tok1, m.Addr+":2377")
	s.do(W, "", "swarm", "join", "--token", tok2, "--advertise-addr", w.Addr, "--listen-addr", w.Addr,
		"--data-path-addr", w.Addr, "--availability", "active", m.Addr+":2377")
	s.do(W, "", "swarm", "join-token", "worker")
	s.do(W, "", "swarm", "ca")
	s.do(W, "", "node", "rm", "x")

	s.do(M, "", "node", "update", "--label-add", "a=1", "--label-add", "b", "--availability", "pause", w.Hostname)
	s.do(M, "", "node", "update", "--label-rm", "zz", w.Hostname)
	s.do(M, "", "node", "update", "--label-rm", "a", "--role", "worker", w.Hostname)
	s.do(M, "", "node", "inspect", "--format", "{{json .Spec}}", w.Hostname)
	s.do(M, "", "node", "update", "--role", "bogus", w.Hostname)
	s.do(M, "", "node", "promote", w.Hostname)
	s.do(M, "", "node", "promote", w.Hostname)
	// a demote before the new manager is in the raft is refused: wait for it
	s.waitFor(M, "reachable", "node", "inspect", "--format", "{{.ManagerStatus.Reachability}}", w.Hostname)
	s.do(M, "", "node", "rm", w.Hostname)
	s.do(M, "", "node", "demote", w.Hostname, "nosuch")
	s.do(M, "", "node", "demote", w.Hostname)
	s.do(M, "", "node", "rm", w.Hostname)
	s.do(M, "", "node", "rm", "self", "nosuch")

	s.do(M, "", "swarm", "update", "--autolock")
	s.do(M, "", "swarm", "update", "--autolock")
	s.do(M, "", "swarm", "update", "--task-history-limit", "4", "--cert-expiry", "900h", "--dispatcher-heartbeat", "7s",
		"--snapshot-interval", "600", "--max-snapshots", "2", "--external-ca", "protocol=cfssl,url=https://ca.example")
	s.do(M, "", "info", "--format", "{{json .Swarm.Cluster.Spec}}")
	key1 := strings.TrimSpace(s.do(M, "", "swarm", "unlock-key", "-q").Stdout)
	s.do(M, "", "swarm", "unlock-key")
	key2 := strings.TrimSpace(s.do(M, "", "swarm", "unlock-key", "--rotate", "-q").Stdout)
	s.note("unlock key rotated", key1 != key2 && strings.HasPrefix(key2, "SWMKEY-1-"))
	s.do(M, "", "swarm", "unlock-key", "--rotate")
	key3 := strings.TrimSpace(s.do(M, "", "swarm", "unlock-key", "-q").Stdout)
	s.do(M, "", "swarm", "unlock")

	m.Restart(s.t)
	s.do(M, "", "swarm", "unlock-key")
	s.do(M, "", "swarm", "leave")
	s.do(M, "", "swarm", "unlock")
	s.do(M, "not a key\n", "swarm", "unlock")
	s.do(M, key1+"\n", "swarm", "unlock")
	s.do(M, "  "+key3+"  \nmore\n", "swarm", "unlock")
	s.waitFor(M, "active", "info", "--format", "{{.Swarm.LocalNodeState}}")

	s.do(M, "", "swarm", "update", "--autolock=false")
	s.do(M, "", "swarm", "unlock-key")
	s.do(M, "", "swarm", "unlock-key", "--rotate")

	// the CA: the worker goes first, so that a rotation converges on one node
	s.do(M, "", "node", "rm", "--force", w.Hostname)
	s.do(W, "", "swarm", "leave")
	s.do(M, "", "swarm", "ca")
	s.do(M, "", "swarm", "ca", "-q")
	s.do(M, "", "swarm", "ca", "--cert-expiry", "100h")
	s.do(M, "", "swarm", "ca", "--rotate", "-q")
	s.do(M, "", "swarm", "ca", "--rotate")
	s.do(M, "", "swarm", "ca", "--rotate", "--cert-expiry", "800h", "-d")

	s.do(M, "", "swarm", "leave", "--force")
	s.do(M, "", "swarm", "leave")
	s.do(M, "", "swarm", "unlock")
	s.do(M, "", "swarm", "join-token", "worker")
}

// TestSwarmLifecycle compares init, join-token, join, leave, update/autolock,
// unlock-key, unlock, ca and node promote/demote/update/rm with docker 28 on engines of
// the test's own: each client runs the same sequence on a fresh pair of spares, at the
// same time, and the normalised results must match step by step.
func TestSwarmLifecycle(t *testing.T) {
	t.Parallel() // its engines are its own: nothing shared changes
	sp := Spares(t, 4)
	seqs := []*swarmSeq{{run: RefIn}, {run: SkiffIn}}
	t.Run("run", func(t *testing.T) {
		for i, who := range []string{"docker", "skiff"} {
			s, m, w := seqs[i], sp[2*i], sp[2*i+1]
			t.Run(who, func(t *testing.T) {
				t.Parallel()
				s.t = t
				swarmLifecycle(s, m, w)
			})
		}
	})
	ref, sk := seqs[0].steps, seqs[1].steps
	if len(ref) != len(sk) {
		t.Fatalf("docker ran %d steps, skiff %d", len(ref), len(sk))
	}
	for i := range ref {
		if ref[i] != sk[i] {
			t.Errorf("step %d, %s: skiff differs from the reference:\n%s", i, ref[i].what,
				Diff("reference", "skiff", ref[i].out+"\n", sk[i].out+"\n"))
		}
	}
	for _, what := range []string{"worker token rotated", "unlock key rotated"} {
		for _, st := range sk {
			if st.what == what && st.out != "true" {
				t.Errorf("skiff: %s: %s", what, st.out)
			}
		}
	}
}

// TestSwarmVerbErrors compares the swarm and node verbs' refusals where they change
// nothing: on the shared swarm's worker and manager (client-side checks, engine
// refusals) and on the main engine (outside a swarm). Read-only: parallel.
func TestSwarmVerbErrors(t *testing.T) {
	t.Parallel()
	s := Swarm(t)
	for _, args := range [][]string{
		{"swarm", "join-token", "worker"},
		{"swarm", "join-token", "-q", "--rotate", "manager"},
		{"swarm", "ca"},
		{"swarm", "ca", "--rotate", "-q"},
		{"swarm", "unlock-key"},
		{"swarm", "unlock-key", "--rotate"},
		{"swarm", "unlock"},
		{"swarm", "update", "--autolock"},
		{"swarm", "init"},
		{"swarm", "join", "--token", "SWMTKN-1-x", "10.99.0.1:2377"},
		{"node", "rm", "x"},
		{"node", "update", "--availability", "drain", "x"},
		{"node", "promote", "x"},
		{"node", "demote", "x"},
	} {
		CompareWith(t, swarmVerbNorm, nil, "", append([]string{"-H", s.Worker}, args...)...)
	}
	for _, args := range [][]string{
		{"swarm", "join-token", "worker"},
		{"swarm", "join-token", "-q", "manager"},
		{"swarm", "join-token", "bogus"},
		{"swarm", "join-token"},
		{"swarm", "ca"},
		{"swarm", "ca", "-q", "-d"},
		{"swarm", "ca", "--ca-cert", "/etc/hostname"},
		{"swarm", "ca", "--external-ca", "protocol=cfssl,url=https://x"},
		{"swarm", "ca", "--rotate", "--ca-cert", "/etc/hostname"},
		{"swarm", "ca", "--rotate", "--ca-key", "/nonexistent"},
		{"swarm", "ca", "x"},
		{"swarm", "unlock-key"},
		{"swarm", "unlock-key", "--rotate", "-q"},
		{"swarm", "unlock"},
		{"swarm", "update"},
		{"swarm", "update", "--external-ca", "url=x"},
		{"swarm", "update", "--cert-expiry", "5"},
		{"swarm", "init", "--availability", "bogus"},
		{"swarm", "init", "--listen-addr", "[::1]"},
		{"swarm", "init", "--external-ca", "protocol=foo,url=x"},
		{"swarm", "init", "--default-addr-pool", "foo"},
		{"swarm", "join", "--availability", "bogus", "x:1"},
		{"swarm", "join"},
		{"swarm", "leave", "x"},
		{"node", "update", "--label-rm", "nosuch", s.WorkerNode},
		{"node", "update", s.WorkerNode, "x"},
		{"node", "rm"},
		{"node", "promote"},
		{"node", "demote", "nosuch"},
		{"node", "rm", "nosuch"},
	} {
		CompareWith(t, swarmVerbNorm, nil, "", append([]string{"-H", s.Manager}, args...)...)
	}
	for _, args := range [][]string{
		{"swarm", "join-token", "worker"},
		{"swarm", "ca"},
		{"swarm", "leave"},
		{"swarm", "leave", "-f"},
		{"swarm", "unlock"},
		{"swarm", "unlock-key"},
		{"swarm", "update", "--autolock"},
		{"node", "rm", "-f", "x"},
		{"node", "promote", "x"},
		{"volume", "update", "x"},
		{"volume", "update", "--availability", "pause", "x"},
		{"volume", "create", "--group", "g", "x"},
		{"volume", "create", "--scope", "multi", "--sharing", "all", "--type", "mount", "--limit-bytes", "1G", "x"},
	} {
		Compare(t, args...)
	}
}
