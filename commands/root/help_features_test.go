package root

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/skiff-cli/skiff/client/fakeengine"
)

// TestHelpShowsSupportedFlags: flags needing a newer API appear in help unless
// DOCKER_API_VERSION is older, Windows-only ones only on Windows, and help never asks
// the daemon (the fake engine fails the test on any request).
func TestHelpShowsSupportedFlags(t *testing.T) {
	has := func(out, flag string) bool {
		return regexp.MustCompile(`(?m)^ +(-., )?--` + flag + ` `).MatchString(out)
	}
	for _, tc := range []struct {
		name, apiVersion string
		noDaemon         bool
		annotation       bool // --annotation (API 1.43)
	}{
		{name: "daemon, version unknown", annotation: true},
		{name: "fixed older API", apiVersion: "1.41"},
		{name: "fixed newer API", apiVersion: "1.49", annotation: true},
		{name: "no daemon", noDaemon: true, annotation: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("DOCKER_API_VERSION", tc.apiVersion)
			if tc.noDaemon {
				t.Setenv("DOCKER_HOST", "unix://"+t.TempDir()+"/none.sock")
			} else {
				e := fakeengine.New(t) // no routes: any request fails the test
				t.Setenv("DOCKER_HOST", e.Host())
			}
			out, _, code := run(t, "run", "--help")
			if code != 0 {
				t.Fatalf("exit %d", code)
			}
			if got := has(out, "annotation"); got != tc.annotation {
				t.Errorf("--annotation shown: %v, want %v", got, tc.annotation)
			}
			if got, want := has(out, "cpu-count"), runtime.GOOS == "windows"; got != want {
				t.Errorf("--cpu-count shown: %v, want %v", got, want)
			}
			if !has(out, "cpu-shares") {
				t.Errorf("ungated --cpu-shares missing:\n%s", out)
			}
		})
	}
}

// TestCommandNeedsAPI: a command the API version in use lacks (system df needs 1.25) is
// left out of its parent's help, prints why instead of its help, and refuses to run.
func TestCommandNeedsAPI(t *testing.T) {
	e := fakeengine.New(t)
	e.APIVersion, e.OSType = "1.41", "linux"
	t.Setenv("DOCKER_HOST", e.Host())
	t.Setenv("DOCKER_API_VERSION", "1.24")
	const msg = "docker system df requires API version 1.25, but the Docker daemon API version is 1.24\n"

	out, _, code := run(t, "system", "--help")
	if code != 0 || regexp.MustCompile(`(?m)^  df `).MatchString(out) || !regexp.MustCompile(`(?m)^  info `).MatchString(out) {
		t.Errorf("system --help: exit %d, df listed or info not:\n%s", code, out)
	}
	if out, _, code = run(t, "system", "df", "--help"); code != 0 || out != msg {
		t.Errorf("system df --help: exit %d, %q", code, out)
	}
	out, errOut, code := run(t, "system", "df")
	if code != 1 || out != "" || errOut != msg {
		t.Errorf("system df: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if out, _, _ = run(t, "run", "--help"); regexp.MustCompile(`--init `).MatchString(out) {
		t.Errorf("run --help shows --init (API 1.25) at 1.24")
	}

	t.Setenv("DOCKER_API_VERSION", "1.25")
	if out, _, code = run(t, "system", "--help"); code != 0 || !regexp.MustCompile(`(?m)^  df `).MatchString(out) {
		t.Errorf("system --help at 1.25: exit %d, df not listed:\n%s", code, out)
	}
}

// TestGlobalFlagDefaultsFromEnv: DOCKER_TLS, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH
// change the defaults help shows; with TLS on, an absent client cert or key has none.
func TestGlobalFlagDefaultsFromEnv(t *testing.T) {
	certs := t.TempDir()
	if err := os.WriteFile(filepath.Join(certs, "cert.pem"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DOCKER_TLS", "1")
	t.Setenv("DOCKER_TLS_VERIFY", "0") // set at all: on, as docker
	t.Setenv("DOCKER_CERT_PATH", certs)
	t.Setenv("DOCKER_HOST", "unix://"+t.TempDir()+"/none.sock")
	out, _, code := run(t, "--help")
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{
		"--tls Use TLS; implied by --tlsverify (default true)",
		`(default "` + certs + `/ca.pem")`,
		`(default "` + certs + `/cert.pem")`,
		"--tlskey string Path to TLS key file --tlsverify",
		"Use TLS and verify the remote (default true)",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("exit %d; help lacks %q:\n%s", code, want, out)
		}
	}
}
