//go:build e2e

package e2e

import (
	"reflect"
	"strings"
	"testing"
)

// TestUpdate updates two identical containers, one with each client, and compares the
// output and the resulting HostConfig.
func TestUpdate(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	cases := [][]string{
		{"-m", "64m", "--memory-swap", "128m", "--memory-reservation", "32m"},
		{"--cpus", "1.5", "-c", "512", "--cpuset-cpus", "0", "--cpuset-mems", "0"},
		{"--cpu-period", "100000", "--cpu-quota", "50000"},
		{"--pids-limit", "20", "--restart", "on-failure:4"},
		{"--restart", "unless-stopped", "--pids-limit", "-1"},
		{"--blkio-weight", "300", "--kernel-memory", "20m"},
		{"--memory-swap", "-1", "-m", "32m"},
	}
	for _, flags := range cases {
		idRef, nameRef := f.Container("-m", "16m")
		idSk, nameSk := f.Container("-m", "16m")
		ref := Ref(t, append(append([]string{"update"}, flags...), nameRef, idRef)...)
		sk := Skiff(t, append(append([]string{"update"}, flags...), nameSk, idSk)...)
		norm := func(r Result, name, id string) Result {
			r.Stdout = strings.ReplaceAll(strings.ReplaceAll(r.Stdout, id, "<ID>"), name, "<NAME>")
			r.Stderr = strings.ReplaceAll(strings.ReplaceAll(r.Stderr, id, "<ID>"), name, "<NAME>")
			return r
		}
		if a, b := norm(ref, nameRef, idRef), norm(sk, nameSk, idSk); a.Code != b.Code || a.Stdout != b.Stdout || a.FirstErrLine() != b.FirstErrLine() {
			t.Errorf("update %v:\nref:   %s\nskiff: %s", flags, a, b)
		}
		a, b := createInspect(t, idRef), createInspect(t, idSk)
		if !reflect.DeepEqual(a["HostConfig"], b["HostConfig"]) {
			t.Errorf("update %v: HostConfig differs:\n%s", flags, Diff("ref", "skiff", createJSON(a["HostConfig"]), createJSON(b["HostConfig"])))
		}
	}
}

// TestUpdateErrors compares failing updates: no flags, bad values, unknown containers
// among good ones (the good ones are still updated and printed).
func TestUpdateErrors(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	_, name := f.Container()
	for _, args := range [][]string{
		{name},
		{"-m", "abc", name},
		{"--restart", "on-failure:x", name},
		{"--restart", "sometimes", name},
		{"--cpus", "1", "--cpu-quota", "1000", name},
		{"--pids-limit", "10", "skiff-e2e-nosuch", name, "skiff-e2e-nosuch2"},
		{"-m", "8m"},
		{},
		{"--bogus", name},
	} {
		Compare(t, append([]string{"update"}, args...)...)
	}
	Compare(t, "container", "update", "--cpu-shares", "2", name)
}
