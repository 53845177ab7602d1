//go:build e2e

package e2e

import (
	"regexp"
	"strings"
	"testing"
)

// The root command's behaviour that needs no engine state: version, help, and the
// errors scripts match on (unknown command/flag, missing arguments, bad hosts).

var versionLine = regexp.MustCompile(`Docker version [^\s,]+, build [^\s,]+`)

// TestVersionFlag: `docker --version` prints one line shaped like the reference's
// ("Docker version 28.2.2, build e6534b4"); the numbers are skiff's own.
func TestVersionFlag(t *testing.T) {
	t.Parallel()
	sk := Skiff(t, "--version")
	if !regexp.MustCompile(`^Docker version [^\s,]+, build [^\s,]+\n$`).MatchString(sk.Stdout) {
		t.Errorf("skiff --version: want one line \"Docker version X, build Y\", got %q", sk.Stdout)
	}
	CompareWith(t, func(s string) string {
		return versionLine.ReplaceAllString(s, "Docker version <V>, build <C>")
	}, nil, "", "--version")
}

// TestHelpFlag: `docker --help` exits 0 with usage on stdout and the reference's first
// line of stderr (none, or -h's deprecation notice); the prose is ours, so only the shape
// is compared.
func TestHelpFlag(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}, {"ps", "--help"}} {
		t.Run(strings.Join(args, "_"), func(t *testing.T) {
			t.Parallel()
			ref := Ref(t, args...)
			sk := Skiff(t, args...)
			if sk.Code != ref.Code {
				t.Errorf("docker %s: exit code: reference %d, skiff %d", strings.Join(args, " "), ref.Code, sk.Code)
			}
			if !strings.Contains(sk.Stdout, "Usage:") {
				t.Errorf("docker %s: no \"Usage:\" on stdout:\n%s", strings.Join(args, " "), sk)
			}
			if sk.FirstErrLine() != ref.FirstErrLine() { // -h: "Flag shorthand -h has been deprecated, use --help"
				t.Errorf("docker %s: first line of stderr: reference %q, skiff %q", strings.Join(args, " "), ref.FirstErrLine(), sk.FirstErrLine())
			}
		})
	}
}

// TestRootErrors: exit code, stdout and the first line of stderr match the reference.
func TestRootErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		env  []string
		args []string
	}{
		// docker: unknown command: docker frob (exit 1)
		{"unknown command", nil, []string{"frob"}},
		// unknown flag: --bogus (exit 125)
		{"unknown flag", nil, []string{"ps", "--bogus"}},
		// docker: 'docker image inspect' requires at least 1 argument (exit 1)
		{"image inspect without args", nil, []string{"image", "inspect"}},
		// Failed to initialize: unable to resolve docker endpoint: invalid bind address format: foo://x (exit 1)
		{"bad -H scheme", nil, []string{"-H", "foo://x", "ps"}},
		// Cannot connect to the Docker daemon at tcp://localhost:2375. Is the docker daemon running? (exit 1)
		{"empty tcp DOCKER_HOST", []string{"DOCKER_HOST=tcp://"}, []string{"ps"}},
		// Cannot connect to the Docker daemon at unix:///nope.sock. Is the docker daemon running? (exit 1)
		{"missing unix socket", nil, []string{"-H", "unix:///nope.sock", "ps"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			CompareEnv(t, tc.env, "", tc.args...)
		})
	}
}
