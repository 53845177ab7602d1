package root

import (
	"regexp"
	"testing"

	"github.com/skiff-cli/skiff/client/fakeengine"
)

// TestHelpShowsSupportedFlags: flags needing a newer API or another OS appear in help
// only when the daemon (or DOCKER_API_VERSION) allows them, and all appear when no
// daemon answers.
func TestHelpShowsSupportedFlags(t *testing.T) {
	has := func(out, flag string) bool {
		return regexp.MustCompile(`(?m)^ +(-., )?--` + flag + ` `).MatchString(out)
	}
	for _, tc := range []struct {
		name, apiVersion, osType string
		noDaemon                 bool
		annotation, cpuCount     bool // --annotation (API 1.43), --cpu-count (Windows)
	}{
		{name: "old linux daemon", osType: "linux"},
		{name: "fixed newer API", apiVersion: "1.49", osType: "linux", annotation: true},
		{name: "windows daemon", osType: "windows", cpuCount: true},
		{name: "no daemon", noDaemon: true, annotation: true, cpuCount: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("DOCKER_API_VERSION", tc.apiVersion)
			if tc.noDaemon {
				t.Setenv("DOCKER_HOST", "unix://"+t.TempDir()+"/none.sock")
			} else {
				e := fakeengine.New(t)
				e.APIVersion, e.OSType = "1.41", tc.osType
				t.Setenv("DOCKER_HOST", e.Host())
			}
			out, _, code := run(t, "run", "--help")
			if code != 0 {
				t.Fatalf("exit %d", code)
			}
			if got := has(out, "annotation"); got != tc.annotation {
				t.Errorf("--annotation shown: %v, want %v", got, tc.annotation)
			}
			if got := has(out, "cpu-count"); got != tc.cpuCount {
				t.Errorf("--cpu-count shown: %v, want %v", got, tc.cpuCount)
			}
			if !has(out, "cpu-shares") {
				t.Errorf("ungated --cpu-shares missing:\n%s", out)
			}
		})
	}
}
