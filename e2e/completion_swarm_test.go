//go:build e2e

package e2e

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// swarmCompleteCommands are the commands of the swarm nouns (and volume's cluster
// ones) whose completions TestCompleteSwarm sweeps.
var swarmCompleteCommands = []string{
	"swarm init", "swarm join", "swarm join-token", "swarm leave", "swarm unlock", "swarm unlock-key",
	"swarm update", "swarm ca",
	"node demote", "node inspect", "node ls", "node promote", "node ps", "node rm", "node update",
	"service create", "service inspect", "service logs", "service ls", "service ps", "service rollback",
	"service rm", "service scale", "service update",
	"stack config", "stack deploy", "stack ls", "stack ps", "stack rm", "stack services",
	"secret create", "secret inspect", "secret ls", "secret rm",
	"config create", "config inspect", "config ls", "config rm",
	"volume create", "volume update",
}

// swarmCompletion holds the objects of TestCompleteSwarm: what the candidates may name
// (the shared swarm and engine hold other tests' objects, which come and go).
type swarmCompletion struct {
	s                        SwarmHosts
	service, stack, stackSvc string
	secretID, configID       string
	volume                   string
	ours                     map[string]bool // candidates kept when comparing
	fixed                    map[string]bool // values that are no engine's names
}

// keep reduces `__complete` output to the candidates that are this test's or fixed
// (node names, "self", built-in networks, fixed values) and the directive line; for
// --env and --env-add, the shell's environment names, everything is kept.
func (c *swarmCompletion) keep(out string, all bool) []string {
	var kept []string
	for _, l := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		name, _, _ := strings.Cut(l, "\t")
		if all || strings.HasPrefix(l, ":") || c.ours[name] {
			kept = append(kept, l)
		}
	}
	return kept
}

// fixedOnly reports whether out offers fixed values alone (or nothing): docker's order.
func (c *swarmCompletion) fixedOnly(out string) bool {
	for _, l := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if name, _, _ := strings.Cut(l, "\t"); !strings.HasPrefix(l, ":") && !c.fixed[name] {
			return false
		}
	}
	return true
}

// TestCompleteSwarm sweeps the swarm commands' completions and compares them with the
// reference's, on the manager, on the worker and on the main engine (outside a swarm):
// the candidates at the first and second argument and for every flag's value (flags
// from the reference's own `__complete CMD --`), the directive line and the exit code;
// then the flag names offered and the nouns' subcommands. The objects other tests make
// come and go: candidates are reduced to this test's own and fixed ones and, as the
// engine lists stacks and networks in a map's order, compared as sets; fixed values
// are compared in order. What skiff offers is also asserted for itself on each host.
func TestCompleteSwarm(t *testing.T) {
	t.Parallel()
	s := Swarm(t)
	f := Fixture(t)
	c := &swarmCompletion{s: s, service: f.Name(), stack: stackName(t), volume: f.Volume()}
	svcCreate(t, s, f, c.service, Image, "sleep", "600")
	secret, config := f.Name(), f.Name()
	swarmObject(t, s, "secret", secret)
	swarmObject(t, s, "config", config)
	c.secretID = strings.TrimSpace(Ref(t, "-H", s.Manager, "secret", "inspect", "-f", "{{.ID}}", secret).Stdout)
	c.configID = strings.TrimSpace(Ref(t, "-H", s.Manager, "config", "inspect", "-f", "{{.ID}}", config).Stdout)
	dir := writeCompose(t, map[string]string{"stack.yml": "version: \"3.8\"\nservices:\n  web:\n    image: bb:latest\n    command: sleep 600\n    stop_grace_period: 1s\n"})
	stackRm(t, s, c.stack)
	if r := Ref(t, "-H", s.Manager, "stack", "deploy", "--resolve-image", "never", "-d", "-c", filepath.Join(dir, "stack.yml"), c.stack); r.Code != 0 {
		t.Fatalf("stack deploy:\n%s", r)
	}
	c.stackSvc = c.stack + "_web"
	c.ours, c.fixed = map[string]bool{}, map[string]bool{}
	for _, n := range []string{"replicated", "global", "replicated-job", "global-job", "none", "on-failure", "any",
		"pause", "continue", "rollback", "start-first", "stop-first", "active", "drain", "worker", "manager"} {
		c.ours[n], c.fixed[n] = true, true
	}
	for _, n := range []string{c.service, c.service + "=", c.stackSvc, c.stackSvc + "=", c.stack, c.stack + "_default",
		c.secretID, c.configID, c.volume, s.ManagerNode, s.WorkerNode, "self", Image,
		"bridge", "host", "none", "ingress", "docker_gwbridge"} {
		c.ours[n] = true
	}
	// the second argument: a name of this test's for the command's noun
	second := func(cmd string) string {
		switch {
		case strings.HasPrefix(cmd, "node"):
			return s.ManagerNode
		case cmd == "service scale":
			return c.service + "=1"
		case strings.HasPrefix(cmd, "service"):
			return c.service
		case strings.HasPrefix(cmd, "stack"):
			return c.stack
		case strings.HasPrefix(cmd, "secret"):
			return c.secretID
		case strings.HasPrefix(cmd, "config"):
			return c.configID
		case cmd == "swarm join-token":
			return "worker"
		}
		return "x"
	}
	var lines [][]string
	for _, noun := range []string{"swarm", "node", "service", "stack", "secret", "config", "volume"} {
		lines = append(lines, []string{noun, ""})
	}
	for _, cmd := range swarmCompleteCommands {
		words := strings.Fields(cmd)
		lines = append(lines, append(slices.Clone(words), ""), append(slices.Clone(words), second(cmd), ""))
		flags := Ref(t, append(append([]string{"-H", s.Manager, "__complete"}, words...), "--")...)
		for _, l := range strings.Split(flags.Stdout, "\n") {
			if name, _, _ := strings.Cut(l, "\t"); strings.HasPrefix(name, "--") && name != "--help" {
				lines = append(lines, append(slices.Clone(words), name, ""))
			}
		}
	}
	hosts := []struct{ name, host string }{{"manager", s.Manager}, {"worker", s.Worker}, {"engine", engineHost()}}
	t.Run("sweep", func(t *testing.T) {
		for _, h := range hosts {
			t.Run(h.name, func(t *testing.T) {
				t.Parallel() // the hosts at once: each line runs both clients
				c.sweep(t, h.name, h.host, lines)
			})
		}
	})
	// The flags offered, by name (the descriptions are each client's prose).
	names := func(out string) string {
		var b strings.Builder
		for _, l := range strings.Split(out, "\n") {
			n, _, _ := strings.Cut(l, "\t")
			b.WriteString(n + "\n")
		}
		return b.String()
	}
	for _, cmd := range swarmCompleteCommands {
		for _, dash := range []string{"--", "-"} {
			args := append(append([]string{"-H", s.Manager, "__complete"}, strings.Fields(cmd)...), dash)
			if r, k := names(Ref(t, args...).Stdout), names(Skiff(t, args...).Stdout); r != k {
				t.Errorf("docker %s (names):\n%s", quoteArgs(args), Diff("reference", "skiff", r, k))
			}
		}
	}
	// The global options may also follow __complete, as the shells' scripts put them.
	for _, line := range [][]string{{"service", "rm", ""}, {"node", "ps", ""}, {"stack", "rm", ""}} {
		args := append([]string{"__complete", "-H", s.Manager}, line...)
		r, k := c.keep(Ref(t, args...).Stdout, false), c.keep(Skiff(t, args...).Stdout, false)
		slices.Sort(r)
		slices.Sort(k)
		if !slices.Equal(r, k) {
			t.Errorf("docker %s:\n%s", quoteArgs(args), Diff("reference", "skiff", strings.Join(r, "\n"), strings.Join(k, "\n")))
		}
	}
	// What skiff offers, asserted for itself: a change of both clients would pass above.
	want := []struct {
		host string
		line []string
		want []string // kept candidates, sorted, then the directive
	}{
		{s.Manager, []string{"service", "rm", ""}, []string{c.service, c.stackSvc, ":4"}},
		{s.Manager, []string{"service", "logs", c.service, ""}, []string{c.service, c.stackSvc, ":4"}},
		{s.Manager, []string{"service", "scale", ""}, []string{c.service + "=", c.stackSvc + "=", ":6"}},
		{s.Manager, []string{"node", "update", ""}, []string{"self", s.ManagerNode, s.WorkerNode, ":4"}},
		{s.Manager, []string{"stack", "services", ""}, []string{c.stack, ":4"}},
		{s.Manager, []string{"secret", "rm", ""}, []string{c.secretID, ":4"}},
		{s.Manager, []string{"config", "inspect", ""}, []string{c.configID, ":4"}},
		{s.Manager, []string{"config", "create", ""}, []string{":4"}},
		{s.Manager, []string{"service", "create", "--mode", ""}, []string{"global", "global-job", "replicated", "replicated-job", ":4"}},
		{s.Manager, []string{"node", "update", "--availability", ""}, []string{"active", "drain", "pause", ":4"}},
		{s.Manager, []string{"node", "update", "--role", ""}, []string{"manager", "worker", ":4"}},
		{s.Manager, []string{"swarm", "join-token", ""}, []string{":0"}},
		{s.Worker, []string{"service", "rm", ""}, []string{":1"}},
		{s.Worker, []string{"node", "ps", ""}, []string{":1"}},
		{engineHost(), []string{"stack", "rm", ""}, []string{":1"}},
		{engineHost(), []string{"secret", "inspect", ""}, []string{":1"}},
		{engineHost(), []string{"volume", "update", ""}, []string{c.volume, ":4"}},
	}
	for _, w := range want {
		args := append([]string{"-H", w.host, "__complete"}, w.line...)
		got := c.keep(Skiff(t, args...).Stdout, false)
		if n := len(got); n > 0 {
			slices.Sort(got[:n-1])
		}
		if !slices.Equal(got, w.want) {
			t.Errorf("skiff %s = %q, want %q", quoteArgs(args), got, w.want)
		}
	}
}

// sweep compares each line's completions on host (named name) with the reference's.
func (c *swarmCompletion) sweep(t *testing.T, name, host string, lines [][]string) {
	for _, line := range lines {
		args := append([]string{"-H", host, "__complete"}, line...)
		ref, sk := Ref(t, args...), Skiff(t, args...)
		if sk.Code != ref.Code || sk.FirstErrLine() != ref.FirstErrLine() {
			t.Errorf("%s: docker %s: skiff exit %d %q, reference %d %q", name, quoteArgs(args), sk.Code, sk.FirstErrLine(), ref.Code, ref.FirstErrLine())
		}
		flag := line[len(line)-2]
		env := flag == "--env" || flag == "--env-add"
		r, k := c.keep(ref.Stdout, env), c.keep(sk.Stdout, env)
		if !c.fixedOnly(ref.Stdout) {
			// names of the engine's (or the shell's): their order is the engine's or
			// a map's, and other tests' were left out
			slices.Sort(r)
			slices.Sort(k)
		}
		if !slices.Equal(r, k) {
			t.Errorf("%s: docker %s:\n%s", name, quoteArgs(args), Diff("reference", "skiff", strings.Join(r, "\n"), strings.Join(k, "\n")))
		}
	}
}
