//go:build e2e

package e2e

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// SwarmHosts is the real two-node swarm of scripts/swarm.sh: two extra dockerd, each in
// its own network namespace, a manager and a worker.
type SwarmHosts struct {
	Manager, Worker         string // -H values, e.g. "unix:///run/skiff-swarm/m.sock"
	ManagerNode, WorkerNode string // the nodes' hostnames, as `node ls` shows them
	ManagerAddr, WorkerAddr string // their advertise addresses
}

// swarmUsersLock is held shared (flock) by every test binary that uses the swarm, so
// that `scripts/swarm.sh stop-unused` stops it only when the last one is done: several
// engineers' test runs may share it.
const swarmUsersLock = "/run/skiff-swarm.users"

var swarm struct {
	once  sync.Once
	hosts SwarmHosts
	err   error

	usersOnce sync.Once
	usersErr  error
	users     *os.File // the shared lock, held until swarmDone
}

// holdSwarmUsers takes the shared users lock once per test binary (Swarm and Spares
// both need it): it waits while a stop-unused (exclusive) tears things down.
func holdSwarmUsers() error {
	swarm.usersOnce.Do(func() {
		f, err := os.OpenFile(swarmUsersLock, os.O_CREATE|os.O_RDWR, 0o600)
		if err != nil {
			swarm.usersErr = fmt.Errorf("%s: %v (scripts/swarm.sh needs root)", swarmUsersLock, err)
			return
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH); err != nil {
			f.Close()
			swarm.usersErr = fmt.Errorf("%s: %v", swarmUsersLock, err)
			return
		}
		swarm.users = f
	})
	return swarm.usersErr
}

// Swarm returns the swarm's hosts, starting it on first use in this test binary
// (`SKIFF_SWARM_BY_TESTS=1 scripts/swarm.sh start`: a few seconds; reused when it already
// runs). testMain stops it at the end (swarmDone) unless another test run still uses it or
// it was started by hand. When it cannot start, the test is skipped, and fails under CI=true.
//
// The swarm is shared by every test of every test run: give services, secrets, configs and
// stacks unique names (Fixture(t).Name()), remove them in t.Cleanup, never remove what you
// did not create, never leave or change the swarm itself (init/leave/join/update/promote/
// demote/drain) without restoring it. Only bb:latest exists on the nodes; pass
// --no-resolve-image to service create/update (the manager would otherwise ask Docker Hub
// for the image's digest), and a short --stop-grace-period to tasks that run `sleep` (as
// PID 1 it ignores SIGTERM: each task would take 10 s to go).
func Swarm(t *testing.T) SwarmHosts {
	t.Helper()
	swarm.once.Do(startSwarm)
	if swarm.err != nil {
		if isCI() {
			t.Fatalf("swarm: %v", swarm.err)
		}
		t.Skipf("no swarm: %v", swarm.err)
	}
	return swarm.hosts
}

func startSwarm() {
	start := time.Now()
	if swarm.err = holdSwarmUsers(); swarm.err != nil {
		return
	}
	cmd := exec.Command(filepath.Join("..", "scripts", "swarm.sh"), "start")
	cmd.Env = append(os.Environ(), "SKIFF_SWARM_BY_TESTS=1")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		swarm.err = fmt.Errorf("scripts/swarm.sh start: %v\n%s", err, stderr.String())
		return
	}
	swarm.hosts, swarm.err = parseSwarmEnv(string(out))
	fmt.Fprintf(os.Stderr, "e2e: swarm ready in %s (%s)\n", time.Since(start).Round(time.Millisecond), strings.TrimSpace(stderr.String()))
}

// parseSwarmEnv reads swarm.sh's KEY=VALUE lines (also its swarm.env file).
func parseSwarmEnv(s string) (SwarmHosts, error) {
	var h SwarmHosts
	fields := map[string]*string{
		"SKIFF_SWARM_MANAGER":      &h.Manager,
		"SKIFF_SWARM_WORKER":       &h.Worker,
		"SKIFF_SWARM_MANAGER_NODE": &h.ManagerNode,
		"SKIFF_SWARM_WORKER_NODE":  &h.WorkerNode,
		"SKIFF_SWARM_MANAGER_ADDR": &h.ManagerAddr,
		"SKIFF_SWARM_WORKER_ADDR":  &h.WorkerAddr,
	}
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		k, v, ok := strings.Cut(strings.TrimSpace(sc.Text()), "=")
		if p := fields[k]; ok && p != nil {
			*p = v
		}
	}
	for k, p := range fields {
		if *p == "" {
			return SwarmHosts{}, fmt.Errorf("scripts/swarm.sh start printed no %s:\n%s", k, s)
		}
	}
	return h, nil
}

// swarmDone runs after the package's tests (testMain): it releases this binary's hold on
// the swarm and stops it when the tests started it and no other test run uses it. It
// returns false when the stop failed (something may be left behind).
func swarmDone() bool {
	if swarm.users == nil {
		return true
	}
	swarm.users.Close() // releases the shared lock
	start := time.Now()
	out, err := exec.Command(filepath.Join("..", "scripts", "swarm.sh"), "stop-unused").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "e2e: FAIL: scripts/swarm.sh stop-unused: %v\n%s", err, out)
		return false
	}
	if msg := strings.TrimSpace(string(out)); msg != "" {
		fmt.Fprintf(os.Stderr, "e2e: swarm released in %s (%s)\n", time.Since(start).Round(time.Millisecond), msg)
	}
	return true
}

// SpareHost is one engine of scripts/swarm.sh's spares: a dockerd in its own network
// namespace, in no swarm, bb:latest loaded, reaching the other spares (and nothing else)
// on 10.99.1.0/24.
type SpareHost struct {
	Name     string // the script's name for it (s1, s2...), for Restart
	Host     string // -H value
	Addr     string // its address, e.g. 10.99.1.3
	Hostname string // its node name once in a swarm
}

// Spares starts n engines of the test's own (`scripts/swarm.sh spare N`: about a second
// for a few) for what must not happen on the shared swarm: init, join, leave, update,
// autolock, CA rotation, promote/demote/rm of nodes. They are removed in t.Cleanup. When
// they cannot start the test is skipped, and fails under CI=true.
func Spares(t *testing.T, n int) []SpareHost {
	t.Helper()
	fail := t.Skipf
	if isCI() {
		fail = t.Fatalf
	}
	if err := holdSwarmUsers(); err != nil {
		fail("spares: %v", err)
	}
	start := time.Now()
	var stderr strings.Builder
	cmd := exec.Command(filepath.Join("..", "scripts", "swarm.sh"), "spare", fmt.Sprint(n))
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var hosts []SpareHost
	var names []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if f := strings.Fields(line); len(f) == 4 {
			hosts = append(hosts, SpareHost{Name: f[0], Host: f[1], Addr: f[2], Hostname: f[3]})
			names = append(names, f[0])
		}
	}
	if len(names) > 0 {
		t.Cleanup(func() {
			out, err := exec.Command(filepath.Join("..", "scripts", "swarm.sh"), append([]string{"spare-rm"}, names...)...).CombinedOutput()
			if err != nil {
				t.Errorf("scripts/swarm.sh spare-rm: %v\n%s", err, out)
			}
		})
	}
	if err != nil || len(hosts) != n {
		fail("scripts/swarm.sh spare %d: %v\n%s%s", n, err, out, stderr.String())
	}
	t.Logf("%d spares in %s", n, time.Since(start).Round(time.Millisecond))
	return hosts
}

// Restart restarts the spare's dockerd (an autolocked manager comes back locked): a few
// seconds.
func (h SpareHost) Restart(t *testing.T) {
	t.Helper()
	start := time.Now()
	out, err := exec.Command(filepath.Join("..", "scripts", "swarm.sh"), "spare-restart", h.Name).CombinedOutput()
	if err != nil {
		t.Fatalf("scripts/swarm.sh spare-restart %s: %v\n%s", h.Name, err, out)
	}
	t.Logf("%s restarted in %s", h.Name, time.Since(start).Round(time.Millisecond))
}
