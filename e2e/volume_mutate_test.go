//go:build e2e

package e2e

import (
	"strings"
	"testing"
)

// docker volume create and rm against the real engine, each client on a fixture of its
// own: same output, exit code, first stderr line and requests (mutRun). The cluster-volume flags
// need API 1.42: the engine speaks 1.41, so docker refuses them before any request.

func TestVolumeCreate(t *testing.T) {
	t.Parallel()
	sides := mutSides(t, func(f *Fix) []string {
		return []string{f.Name(), f.Name(), f.Label(), f.Volume()}
	})
	mutRun(t, sides, "", "volume", "create", "--label", "{2}", "{0}")
	mutRun(t, sides, "", "volume", "inspect", "{0}")
	mutRun(t, sides, "", "volume", "create", "--label", "{2}", "--label", "app=web", "-o", "type=tmpfs", "--opt", "device=tmpfs", "-o", "o=size=1m", "--driver", "local", "--name", "{1}")
	mutRun(t, sides, "", "volume", "inspect", "{1}")
	// an existing name is the engine's to return again
	mutRun(t, sides, "", "volume", "create", "--label", "{2}", "{3}")
	// anonymous: the engine names it (an id)
	r := mutRun(t, sides, "", "volume", "create", "--label", "{2}")
	if strings.TrimSpace(r[1].Stdout) != "<ID>" {
		t.Errorf("anonymous volume: %q", r[1].Stdout)
	}
	for _, args := range [][]string{
		{"volume", "create", "--label", "{2}", "-d", "nonesuch", "{0}-x"},
		{"volume", "create", "--label", "{2}", "-o", "foo", "{0}-x"},
		{"volume", "create", "--label", "{2}", "-o", "type=tmpfs", "{0}-x"},
		{"volume", "create", "--label", "{2}", "bad/name"},
		{"volume", "create", "--label", "{2}", "a", "b"},
		{"volume", "create", "--label", "{2}", "--name", "a", "b"},
		{"volume", "create", "--label", "=a", "{0}-x"},
		{"volume", "create", "--label", "a b=c", "{0}-x"},
		{"volume", "create", "--label", "{2}", "--limit-bytes", "foo", "{0}-x"},
		{"volume", "create", "--label", "{2}", "--bogus"},
		{"volume", "create", "--label", "{2}", "--group", "g", "{0}-x"},
		{"volume", "create", "--label", "{2}", "--type", "mount", "a", "b"},
		{"volume", "create", "--label", "{2}", "--availability", "pause", "{0}-x"},
		{"volume", "create", "--label", "{2}", "--scope", "multi", "{0}-x"},
		{"volume", "create", "--label", "{2}", "--sharing", "all", "{0}-x"},
		{"volume", "create", "--label", "{2}", "--secret", "a=b", "{0}-x"},
		{"volume", "create", "--label", "{2}", "--topology-required", "a=b", "{0}-x"},
		{"volume", "create", "--label", "{2}", "--topology-preferred", "a=b", "{0}-x"},
		{"volume", "create", "--label", "{2}", "--required-bytes", "1k", "{0}-x"},
	} {
		mutRun(t, sides, "", args...)
	}
}

func TestVolumeRemove(t *testing.T) {
	t.Parallel()
	sides := mutSides(t, func(f *Fix) []string {
		a, b, used := f.Volume(), f.Volume(), f.Volume()
		f.Container("-v", used+":/data")
		return []string{a, b, used, f.Volume(), f.Volume()}
	})
	// in use: the engine's message names the container (<ID>); the others go
	mutRun(t, sides, "", "volume", "rm", "{0}", "{2}", "nope-none-such", "{1}")
	mutRun(t, sides, "", "volume", "rm", "-f", "{2}")
	mutRun(t, sides, "", "volume", "remove", "--force", "nope-none-such", "{3}")
	mutRun(t, sides, "", "volume", "rm", "", " {4} ", " ")
	for _, args := range [][]string{
		{"volume", "rm"},
		{"volume", "rm", "--bogus", "x"},
		{"volume", "rm", "-f"},
	} {
		mutRun(t, sides, "", args...)
	}
}
