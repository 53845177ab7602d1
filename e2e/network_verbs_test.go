//go:build e2e

package e2e

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// docker network create, connect, disconnect, rm and prune: the requests both clients
// send to an engine that logs them (bodies byte for byte), and the two side by side on
// the real engine, on networks of their own (with explicit 10.2xx subnets, which take
// nothing from the engine's small default pools).

// netCapture is a fake engine that logs every request but the ping ("METHOD /path?query
// body") and answers as an engine would: names starting with "missing" are not found,
// "gone" is found but not removable (not found), "busy" refuses removal, "ingress" is
// the swarm's routing mesh, a prune filtered on "empty" removes nothing.
type netCapture struct {
	mu  sync.Mutex
	log []string
}

func newNetCapture(t *testing.T, api string) (string, *netCapture) {
	c := &netCapture{}
	host := fakeEngine(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("API-Version", api)
		w.Header().Set("OSType", "linux")
		p := r.URL.Path
		if strings.HasSuffix(p, "/_ping") {
			if r.Method != http.MethodHead {
				w.Write([]byte("OK"))
			}
			return
		}
		body, _ := io.ReadAll(r.Body)
		line := r.Method + " " + p
		if r.URL.RawQuery != "" {
			line += "?" + r.URL.RawQuery
		}
		c.mu.Lock()
		c.log = append(c.log, line+" "+strings.TrimSpace(string(body)))
		c.mu.Unlock()
		reply := func(code int, s string) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(code)
			w.Write([]byte(s))
		}
		switch {
		case strings.HasSuffix(p, "/networks/create"):
			reply(201, `{"Id":"abc123def4567890abc123def4567890abc123def4567890abc123def4567890","Warning":"not printed"}`)
		case strings.HasSuffix(p, "/networks/prune") && strings.Contains(r.URL.RawQuery, "empty"):
			reply(200, `{"NetworksDeleted":null}`)
		case strings.HasSuffix(p, "/networks/prune"):
			reply(200, `{"NetworksDeleted":["n1","n2"]}`)
		case strings.Contains(p, "/networks/missing"):
			reply(404, `{"message":"network missing not found"}`)
		case strings.Contains(p, "/networks/gone") && r.Method == http.MethodDelete:
			reply(404, `{"message":"network gone not found"}`)
		case strings.Contains(p, "/networks/busy") && r.Method == http.MethodDelete:
			reply(403, `{"message":"error while removing network: network busy has active endpoints"}`)
		case strings.Contains(p, "/networks/ingress") && r.Method == http.MethodGet:
			reply(200, `{"Name":"ingress","Id":"x","Scope":"swarm","Driver":"overlay","Ingress":true}`)
		case strings.Contains(p, "/networks/") && r.Method == http.MethodGet:
			reply(200, `{"Name":"x","Id":"x","Scope":"local","Driver":"bridge"}`)
		case r.Method == http.MethodDelete:
			w.WriteHeader(204)
		default:
			w.WriteHeader(200)
		}
	})
	return host, c
}

// take returns the requests logged since the last take.
func (c *netCapture) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	l := c.log
	c.log = nil
	return l
}

// TestNetworkVerbsRequests runs both clients against the logging engine and compares
// exit code, stdout, first stderr line and every request, body byte for byte.
func TestNetworkVerbsRequests(t *testing.T) {
	t.Parallel()
	type line struct {
		stdin string
		args  []string
	}
	l := func(args ...string) line { return line{args: args} }
	in := func(stdin string, args ...string) line { return line{stdin: stdin, args: args} }
	for api, lines := range map[string][]line{
		"1.50": {
			l("network", "create", "n"),
			l("network", "create", "-d", "overlay", "--subnet", "10.1.0.0/16", "--ip-range", "10.1.1.0/24", "--gateway", "10.1.0.1",
				"--aux-address", "a=10.1.0.5", "--aux-address", "b=10.1.0.6", "--internal", "--attachable", "--ipv4=false", "--ipv6",
				"-o", "x=y", "-o", "com.a=1", "--label", "l=1", "--label", "m", "--ipam-driver", "foo", "--ipam-opt", "p=q",
				"--config-from", "cf", "--scope", "swarm", "--ingress", "n2"),
			l("network", "create", "--config-only", "--ipv6=false", "--ipv4=true", " n "),
			l("network", "create", "--subnet", "foo", "-o", "x", "-o", "=y", "--ipam-opt", "z", "--label", " a=1", "--label", "a=2", "n"),
			l("network", "create", "--subnet", "10.0.0.0/24", "--gateway", "10.0.0.0/30", "--aux-address", "x=10.0.0.3/30", "n"),
			l("network", "create", "--gateway", "10.0.0.1", "n"),
			l("network", "create", "--subnet", "10.0.0.0/24", "--gateway", "10.1.0.1", "n"),
			l("network", "create", "--subnet", "10.0.0.0/24", "--ip-range", "10.1.0.0/28", "--gateway", "10.2.0.1", "n"),
			l("network", "create", "--subnet", "10.0.0.0/24", "--subnet", "10.1.0.0/24", "--ip-range", "10.0.0.0/28", "--ip-range", "10.0.0.16/28", "n"),
			l("network", "create", "--subnet", "10.0.0.0/24,10.1.0.0/24", "--gateway", "10.0.0.1", "--gateway", "10.0.0.2", "n"),
			l("network", "create", "--subnet", "10.0.0.0/16", "--subnet", "10.0.0.0/24", "n"),
			l("network", "create", "--subnet", "10.0.0.0/33", "--subnet", "10.1.0.0/24", "n"),
			l("network", "create", "--subnet", "10.0.0.0/33", "--subnet", "bar", "n"),
			l("network", "create", "--subnet", "foo", "--ip-range", "bad", "n"),
			l("network", "create", "--subnet", "foo", "--gateway", "10.0.0.1", "n"),
			l("network", "create", "--subnet", "10.0.0.0/24", "--aux-address", "x", "n"),
			l("network", "create", "--label", "a =1", "n"),
			l("network", "create", "--label", "", "n"),
			l("network", "create"),
			l("network", "create", "a", "b"),
			l("network", "connect", "n", "c"),
			l("network", "connect", "--alias", "a", "--alias", "b,c", "--ip", "10.0.0.5", "--ip6", "fd00::5", "--link", "x", "--link", "y:z",
				"--link-local-ip", "169.254.0.5", "--link-local-ip", "fe80::5", "--driver-opt", "a=1", "--driver-opt", "c=2,d=3",
				"--driver-opt", " e = x=y ", "--gw-priority", "-5", " n ", " c "),
			l("network", "connect", "--ip", "foo", "--ip6", "", "--alias", "", "n", "c"),
			l("network", "connect", "--driver-opt", "b", "n", "c"),
			l("network", "connect", "--driver-opt", "=b", "n", "c"),
			l("network", "connect", "--link", "a:b:c", "n", "c"),
			l("network", "connect", "--link", "", "n", "c"),
			l("network", "connect", "--gw-priority", "x", "n", "c"),
			l("network", "connect", " ", "c"),
			l("network", "connect", "n", ""),
			l("network", "connect", "n"),
			l("network", "disconnect", "n", "c"),
			l("network", "disconnect", "-f", " n ", "c"),
			l("network", "disconnect", "n", " "),
			l("network", "disconnect", "n", "c", "d"),
			l("network", "rm", "a", "b"),
			l("network", "remove", "missing", "a"),
			l("network", "rm", "-f", "missing", "a"),
			l("network", "rm", "gone"),
			l("network", "rm", "-f", "gone"),
			l("network", "rm", "-f", "busy", "a"),
			l("network", "rm", " a ", " ", "b"),
			l("network", "rm", "-f", " "),
			l("network", "rm"),
			in("y\n", "network", "rm", "ingress"),
			in("n\n", "network", "rm", "ingress", "a"),
			l("network", "rm", "-f", "ingress"),
			in("y\n", "network", "prune"),
			in("n\n", "network", "prune"),
			l("network", "prune"),
			l("network", "prune", "-f", "--filter", "label=a=b", "--filter", "until=1h", "--filter", "label!=c"),
			l("network", "prune", "--force", "--filter", "label=empty"),
			l("network", "prune", "--filter", "foo"),
			l("network", "prune", "x"),
		},
		"1.41": {
			l("network", "create", "--ipv4=false", "--ipv6", "n"),
			l("network", "connect", "--gw-priority", "3", "n", "c"),
		},
		"1.24": {
			l("network", "create", "--attachable", "n"),
			l("network", "create", "--ingress", "n"),
			l("network", "create", "--scope", "local", "--config-only", "n"),
			l("network", "create", "--config-from", "x", "n"),
			l("network", "create", "--attachable"),
			l("network", "create", "--ipv4=false", "n"),
			l("network", "prune", "-f"),
		},
	} {
		t.Run(api, func(t *testing.T) {
			t.Parallel()
			host, c := newNetCapture(t, api)
			env := []string{"DOCKER_HOST=" + host}
			for _, ln := range lines {
				ref := RefIn(t, ln.stdin, env, ln.args...)
				refReqs := c.take()
				sk := SkiffIn(t, ln.stdin, env, ln.args...)
				skReqs := c.take()
				var msg strings.Builder
				if ref.Code != sk.Code {
					fmt.Fprintf(&msg, "exit code: reference %d, skiff %d\n", ref.Code, sk.Code)
				}
				if ref.Stdout != sk.Stdout {
					fmt.Fprintf(&msg, "stdout:\n%s", Diff("reference", "skiff", ref.Stdout, sk.Stdout))
				}
				if ref.FirstErrLine() != sk.FirstErrLine() {
					fmt.Fprintf(&msg, "first stderr line:\n  reference: %q\n  skiff:     %q\n", ref.FirstErrLine(), sk.FirstErrLine())
				}
				if !slices.Equal(refReqs, skReqs) {
					fmt.Fprintf(&msg, "requests:\n%s", Diff("reference", "skiff", strings.Join(refReqs, "\n")+"\n", strings.Join(skReqs, "\n")+"\n"))
				}
				if msg.Len() > 0 {
					t.Errorf("API %s: docker %s: skiff differs:\n%s", api, quoteArgs(ln.args), msg.String())
				}
			}
		})
	}
}

// TestNetworkPromptSignal: SIGINT (and SIGTERM) at a prune's question ends it with a
// newline and status 0, nothing removed, as docker 28 does.
func TestNetworkPromptSignal(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		sig  syscall.Signal
	}{
		{[]string{"network", "prune"}, syscall.SIGINT},
		{[]string{"network", "prune", "--filter", "label=x"}, syscall.SIGTERM},
		{[]string{"container", "prune"}, syscall.SIGINT},
		{[]string{"image", "prune", "-a"}, syscall.SIGINT},
	} {
		for _, who := range []string{"ref", "skiff"} {
			t.Run(who+" "+strings.Join(tc.args, " ")+" "+tc.sig.String(), func(t *testing.T) {
				t.Parallel()
				bin, home := clientOf(t, who)
				host, c := newNetCapture(t, "1.41")
				cmd := exec.Command(bin, tc.args...)
				cmd.Env = cleanEnv(home, []string{"DOCKER_HOST=" + host})
				stdin, err := cmd.StdinPipe() // held open: the question waits for an answer
				if err != nil {
					t.Fatal(err)
				}
				defer stdin.Close()
				stdout, err := cmd.StdoutPipe()
				if err != nil {
					t.Fatal(err)
				}
				var errb strings.Builder
				cmd.Stderr = &errb
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				defer cmd.Process.Kill()
				r := bufio.NewReader(stdout)
				var out strings.Builder
				for !strings.HasSuffix(out.String(), "[y/N] ") {
					b, err := r.ReadByte()
					if err != nil {
						t.Fatalf("%s: no question: %q, %v; %s", who, out.String(), err, errb.String())
					}
					out.WriteByte(b)
				}
				// the question is out; a Go client catches the signal from its start, the
				// check is for one that would take it over only now
				deadline := time.Now().Add(10 * time.Second)
				for !signalCaught(cmd.Process.Pid, tc.sig) {
					if time.Now().After(deadline) {
						t.Fatalf("%s does not catch %s at the question", who, tc.sig)
					}
					time.Sleep(10 * time.Millisecond) // polling the process's state, not waiting for time to pass
				}
				if err := cmd.Process.Signal(tc.sig); err != nil {
					t.Fatal(err)
				}
				rest, _ := io.ReadAll(r)
				err = cmd.Wait()
				code := 0
				if ee, ok := err.(*exec.ExitError); ok {
					code = ee.ExitCode()
					if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
						code = 128 + int(ws.Signal())
					}
				}
				if code != 0 || string(rest) != "\n" || errb.String() != "" {
					t.Errorf("%s after %s at the question: exit %d, then stdout %q, stderr %q; want 0, \"\\n\", nothing", who, tc.sig, code, rest, errb.String())
				}
				for _, req := range c.take() {
					if strings.Contains(req, "prune") {
						t.Errorf("%s pruned after %s: %s", who, tc.sig, req)
					}
				}
			})
		}
	}
}

var netIDLine = regexp.MustCompile(`^[0-9a-f]{64}\n$`)

// netSubnets returns n distinct /24 subnets of 10.200.0.0-10.249.255.0, away from the
// engine's default pools (172.17-31/16, 192.168/16), different at every call.
func netSubnets(n int) []string {
	base := rand.IntN(50*256 - n)
	out := make([]string, n)
	for i := range out {
		v := base + i
		out[i] = fmt.Sprintf("10.%d.%d.0/24", 200+v/256, v%256)
	}
	return out
}

// sameAs compares a skiff Result with the reference's on objects of their own, the names
// (and the like) of the reference's replaced by skiff's.
func sameAs(t *testing.T, what string, ref, sk Result, refToSkiff ...string) {
	t.Helper()
	rep := strings.NewReplacer(refToSkiff...)
	rOut, rErr := Normalize(rep.Replace(ref.Stdout)), Normalize(rep.Replace(ref.FirstErrLine()))
	sOut, sErr := Normalize(sk.Stdout), Normalize(sk.FirstErrLine())
	var msg strings.Builder
	if ref.Code != sk.Code {
		fmt.Fprintf(&msg, "exit code: reference %d, skiff %d\n", ref.Code, sk.Code)
	}
	if rOut != sOut {
		fmt.Fprintf(&msg, "stdout:\n%s", Diff("reference", "skiff", rOut, sOut))
	}
	if rErr != sErr {
		fmt.Fprintf(&msg, "first stderr line:\n  reference: %q\n  skiff:     %q\n", rErr, sErr)
	}
	if msg.Len() > 0 {
		t.Errorf("%s: skiff differs from the reference:\n%s", what, msg.String())
	}
}

// netInspect is what the two networks of a pair must agree on (names and subnets
// replaced by the caller).
const netInspect = `{{.Name}} {{.Driver}} {{.Scope}} {{.Internal}} {{.Attachable}} {{.Ingress}} {{.EnableIPv6}} {{.ConfigOnly}} ` +
	`{{.ConfigFrom.Network}} {{json .IPAM}} {{json .Options}} {{json .Labels}}`

// TestNetworkCreateEngine: the same create by both clients, each on its own names and
// subnets, gives the same output and the same network.
func TestNetworkCreateEngine(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	sn := netSubnets(4)
	refCO, skCO := f.Name(), f.Name()
	cfRef, cfSk := f.Name(), f.Name()
	t.Cleanup(func() { fixtureRun("network", "rm", cfRef, cfSk) }) // before the fixture's: they use its networks
	for i, tc := range []struct {
		refName, skName string
		refNet, skNet   string // the subnets they get
		args            func(name, subnet, configOnly string) []string
	}{
		{f.Name(), f.Name(), sn[0], sn[1], func(name, subnet, _ string) []string {
			return []string{"network", "create", "--label", f.Label(), "--label", "app=web", "--subnet", subnet,
				"--ip-range", strings.Replace(subnet, ".0/24", ".16/28", 1), "--gateway", strings.Replace(subnet, ".0/24", ".1", 1),
				"--aux-address", "router=" + strings.Replace(subnet, ".0/24", ".2", 1), "--internal", "--attachable",
				"-o", "com.docker.network.bridge.enable_icc=false", "--ipam-opt", "x=y", "--ipv4=true", "--scope", "local", name}
		}},
		{refCO, skCO, sn[2], sn[3], func(name, subnet, _ string) []string {
			return []string{"network", "create", "--label", f.Label(), "--config-only", "--subnet", subnet, name}
		}},
		// no label: the engine counts it as configuration of the network's own (removed below)
		{cfRef, cfSk, sn[2], sn[3], func(name, _, configOnly string) []string {
			return []string{"network", "create", "--config-from", configOnly, name}
		}},
	} {
		ref := Ref(t, tc.args(tc.refName, tc.refNet, refCO)...)
		sk := Skiff(t, tc.args(tc.skName, tc.skNet, skCO)...)
		if !netIDLine.MatchString(ref.Stdout) || !netIDLine.MatchString(sk.Stdout) {
			t.Fatalf("create %d: reference %q (%s), skiff %q (%s): want an ID each", i, ref.Stdout, ref.FirstErrLine(), sk.Stdout, sk.FirstErrLine())
		}
		sameAs(t, fmt.Sprintf("create %d", i), ref, sk)
		r := Ref(t, "network", "inspect", "-f", netInspect, tc.refName)
		s := Ref(t, "network", "inspect", "-f", netInspect, tc.skName)
		pre := func(s string) string { return strings.TrimSuffix(s, "0/24") }
		sameAs(t, fmt.Sprintf("inspect %d", i), r, s, tc.refName, tc.skName, refCO, skCO, pre(tc.refNet), pre(tc.skNet))
	}
}

// TestNetworkCreateEngineErrors: the engine's refusals, the same for both (nothing is
// created; a label in case one is).
func TestNetworkCreateEngineErrors(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	taken := f.Network("--config-only")
	for _, args := range [][]string{
		{taken},
		{"-d", "overlay", f.Name()},
		{"--scope", "swarm", f.Name()},
		{"--ingress", f.Name()},
		// (not an unknown driver: the engine looks for its plugin for 15 s)
		{"--config-from", "nosuch-net", f.Name()},
		{"--config-from", taken, "--subnet", netSubnets(1)[0], f.Name()},
		{"-o", "com.docker.network.bridge.enable_icc=maybe", f.Name()},
		{"--subnet", "10.0.0.0", f.Name()},
		{"--subnet", "foo", f.Name()},
		{"host"},
		{"--subnet", "10.0.0.0/24", "--gateway", "10.1.0.1", f.Name()},
	} {
		Compare(t, append([]string{"network", "create", "--label", f.Label()}, args...)...)
	}
	CompareEnv(t, []string{"DOCKER_API_VERSION=1.24"}, "", "network", "create", "--label", f.Label(), "--config-only", f.Name())
}

// TestNetworkConnectEngine: connect and disconnect two containers alike, one by each
// client, then the engine's refusals.
func TestNetworkConnectEngine(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	subnet := netSubnets(1)[0]
	pre := strings.TrimSuffix(subnet, "0/24")
	n := f.Network("--subnet", subnet)
	plain := f.Network("--config-only") // no subnet of its own, and no pool
	// running containers: the engine records any connection of a container that is not
	// running, even to a network that does not exist, and never refuses one twice
	_, refC := f.Container(Image, "sleep", "100000")
	_, skC := f.Container(Image, "sleep", "100000")
	_, other := f.Container("--network", n, Image, "sleep", "100000")
	f.Start(refC, skC, other)

	connect := func(c, ip string) []string {
		return []string{"network", "connect", "--alias", "a1", "--alias", "a2,a3", "--driver-opt", "com.example.x=1",
			"--gw-priority", "0", "--link", other + ":peer", "--ip", ip, n, c}
	}
	ref := Ref(t, connect(refC, pre+"10")...)
	sk := Skiff(t, connect(skC, pre+"11")...)
	sameAs(t, "connect", ref, sk)
	tmpl := `{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{json $v.IPAMConfig}} {{json $v.Aliases}} {{json $v.Links}} {{json $v.DriverOpts}}{{"\n"}}{{end}}`
	r := Ref(t, "inspect", "-f", tmpl, refC)
	s := Ref(t, "inspect", "-f", tmpl, skC)
	sameAs(t, "connected", r, s, refC, skC, pre+"10", pre+"11")
	// refusals: nothing changes
	for _, args := range [][]string{
		{"network", "connect", n, refC},
		{"network", "connect", n, "nosuch-container"},
		{"network", "connect", "nosuch-network", refC},
		{"network", "connect", "--ip", pre + "12", plain, refC},
		{"network", "connect", "--driver-opt", "x", n, refC},
		{"network", "disconnect", plain, refC},
		{"network", "disconnect", "-f", plain, refC},
		{"network", "disconnect", "nosuch-network", refC},
		{"network", "disconnect", n, "nosuch-container"},
		{"network", "disconnect", "-f", n, "nosuch-container"},
	} {
		Compare(t, args...)
	}
	ref = Ref(t, "network", "disconnect", n, refC)
	sk = Skiff(t, "network", "disconnect", "--force", n, skC)
	sameAs(t, "disconnect", ref, sk)
	r = Ref(t, "inspect", "-f", "{{len .NetworkSettings.Networks}}", refC)
	s = Ref(t, "inspect", "-f", "{{len .NetworkSettings.Networks}}", skC)
	sameAs(t, "disconnected", r, s)
}

// TestNetworkRmPruneEngine: rm and prune of networks of one's own, one set per client.
func TestNetworkRmPruneEngine(t *testing.T) {
	t.Parallel()
	enginePruneOne(t)
	f := Fixture(t)
	sn := netSubnets(5)
	// busy: a running container on it
	busy := f.Network("--subnet", sn[4])
	_, c := f.Container("--network", busy, Image, "sleep", "100000")
	f.Start(c)

	refA, refB := f.Network("--config-only"), f.Network("--config-only")
	skA, skB := f.Network("--config-only"), f.Network("--config-only")
	ref := Ref(t, "network", "rm", refA, "nosuch-network", busy, refB)
	sk := Skiff(t, "network", "rm", skA, "nosuch-network", busy, skB)
	sameAs(t, "rm", ref, sk, refA, skA, refB, skB)
	if !strings.HasSuffix(ref.Stderr, "exit status 1\n") || !strings.HasSuffix(sk.Stderr, "exit status 1\n") {
		t.Errorf("rm's stderr: reference %q, skiff %q", ref.Stderr, sk.Stderr)
	}
	for _, args := range [][]string{
		{"network", "rm", "-f", "nosuch-network"},
		{"network", "rm", "-f", "nosuch-network", busy},
		{"network", "rm", "bridge"},
		{"network", "remove", "none", "host"},
		{"network", "rm", " "},
		{"network", "rm"},
	} {
		Compare(t, args...)
	}

	// prune: each client its own two unused networks (and the busy one, which stays)
	refSet, skSet := Fixture(t), Fixture(t)
	refN := []string{refSet.Network("--subnet", sn[0]), refSet.Network("--subnet", sn[1])}
	skN := []string{skSet.Network("--subnet", sn[2]), skSet.Network("--subnet", sn[3])}
	for _, who := range []*Fix{refSet, skSet} {
		// declined: nothing goes
		CompareEnv(t, nil, "n\n", "network", "prune", "--filter", "label="+who.Label())
	}
	ref = RefIn(t, "y\n", nil, "network", "prune", "--filter", "label="+refSet.Label())
	sk = SkiffIn(t, "", nil, "network", "prune", "-f", "--filter", "label="+skSet.Label())
	// the engine lists them in no fixed order
	sortNames := func(r Result) Result {
		lines := strings.Split(r.Stdout, "\n")
		for i, l := range lines {
			if strings.HasSuffix(l, "Deleted Networks:") { // after the question, when asked
				j := i + 1
				for j < len(lines) && lines[j] != "" {
					j++
				}
				slices.Sort(lines[i+1 : j])
			}
		}
		r.Stdout = strings.Join(lines, "\n")
		return r
	}
	ref, sk = sortNames(ref), sortNames(sk)
	sk.Stdout = pruneQuestion + sk.Stdout // the reference was asked
	sameAs(t, "prune", ref, sk, refN[0], skN[0], refN[1], skN[1])
	Compare(t, "network", "prune", "-f", "--filter", "label="+skSet.Label())
	Compare(t, "network", "inspect", "-f", "{{.Name}}", busy)
}

const pruneQuestion = "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] "
