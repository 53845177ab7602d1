package root

import (
	"bytes"
	"context"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/streams"
)

// run executes args against a fresh tree and returns stdout, stderr and the exit code.
func run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	t.Setenv("DOCKER_CONFIG", t.TempDir())
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, io.NopCloser(strings.NewReader("")), &out, &errb)
	return out.String(), errb.String(), code
}

func newTestCli() *commands.DockerCli {
	var b bytes.Buffer
	return commands.NewDockerCli(streams.NewTestIn(strings.NewReader(""), false),
		streams.NewTestOut(&b, false), streams.NewTestOut(&b, false))
}

var kebab = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// TestTreeConventions checks every command: a short description, an argument validator,
// kebab-case flags, resolvable aliases and help that renders.
func TestTreeConventions(t *testing.T) {
	root := NewRootCommand(newTestCli())
	commands.BindAll(root)
	walk(root, func(c *cobra.Command) {
		if !c.HasParent() || c.Hidden {
			return
		}
		path := c.CommandPath()
		if c.Short == "" {
			t.Errorf("%s: no short description", path)
		}
		if c.Args == nil {
			t.Errorf("%s: no argument validator", path)
		}
		if !strings.HasPrefix(c.Use, c.Name()) {
			t.Errorf("%s: Use %q does not start with the name", path, c.Use)
		}
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if !kebab.MatchString(f.Name) && f.Name != "tlscacert" {
				t.Errorf("%s: flag --%s is not kebab-case", path, f.Name)
			}
		})
		for _, a := range c.Aliases {
			words := append(strings.Fields(c.Parent().CommandPath())[1:], a)
			got, _, err := root.Find(words)
			if err != nil || got != c {
				t.Errorf("%s: alias %q does not resolve to it", path, a)
			}
		}
		var b bytes.Buffer
		c.SetOut(&b)
		if err := c.Help(); err != nil || !strings.HasPrefix(b.String(), "Usage:  docker") {
			t.Errorf("%s: help does not render: %v %q", path, err, b.String())
		}
		c.SetOut(nil)
	})
}

func TestUnknownCommand(t *testing.T) {
	out, errs, code := run(t, "frob")
	assert.Equal(t, out, "")
	assert.Equal(t, errs, "docker: unknown command: docker frob\n\nRun 'docker --help' for more information\n")
	assert.Equal(t, code, 1)
}

func TestVersionFlag(t *testing.T) {
	out, errs, code := run(t, "--version")
	assert.Equal(t, errs, "")
	assert.Equal(t, code, 0)
	assert.Assert(t, strings.HasPrefix(out, "Docker version 28."), out)
}

func TestRootHelp(t *testing.T) {
	out, _, code := run(t, "--help")
	assert.Equal(t, code, 0)
	assert.Assert(t, strings.HasPrefix(out, "Usage:  docker [OPTIONS] COMMAND\n"), out)
	assert.Assert(t, strings.Contains(out, "\nGlobal Options:\n"), out)
	assert.Assert(t, strings.Contains(out, "  -H, --host list"), out)
}

func TestUnknownFlag(t *testing.T) {
	_, errs, code := run(t, "--bogus")
	assert.Equal(t, code, 125)
	assert.Assert(t, strings.HasPrefix(errs, "unknown flag: --bogus\n"), errs)
}

func TestHelpTopic(t *testing.T) {
	_, errs, code := run(t, "help", "frob")
	assert.Equal(t, code, 1)
	assert.Equal(t, errs, "unknown help topic: frob\n")
}

func TestLogLevel(t *testing.T) {
	assert.NilError(t, checkLogLevel("warn"))
	err := checkLogLevel("bogus")
	assert.Equal(t, commands.Message(err), "Unable to parse logging level: bogus")
	assert.Equal(t, commands.ExitCode(err), 1)
}

func TestConflictingHostAndContext(t *testing.T) {
	cli := newTestCli()
	assert.NilError(t, cli.Options().Hosts.Set("unix:///x.sock"))
	cli.Options().Context = "default"
	_, err := cli.ContextName()
	assert.Error(t, err, "conflicting options: cannot specify both --host and --context")
}

// TestContextCommandsNeedNoEndpoint: the context commands run with an unknown context or
// a bad host, which stop any other command; -H with --context still stops them.
func TestContextCommandsNeedNoEndpoint(t *testing.T) {
	out, errs, code := run(t, "--context", "gone", "context", "show")
	assert.Equal(t, code, 0, errs)
	assert.Equal(t, out, "gone\n")

	out, errs, code = run(t, "-H", "foo://x", "context", "show")
	assert.Equal(t, code, 0, errs)
	assert.Equal(t, out, "default\n")

	_, errs, code = run(t, "--context", "gone", "version", "--format", "x")
	assert.Equal(t, code, 1)
	assert.Assert(t, strings.HasPrefix(errs, `Failed to initialize: unable to resolve docker endpoint: context "gone": context not found`), errs)

	_, errs, code = run(t, "-H", "tcp://h:1", "--context", "x", "context", "show")
	assert.Equal(t, code, 1)
	assert.Equal(t, errs, "conflicting options: cannot specify both --host and --context\n")
}

// docker 28 without buildx speaks of the legacy builder before build in all three of its
// places (help and flag errors included), never before `docker help build`; with
// DOCKER_BUILDKIT true it refuses instead (exit 1).
func TestLegacyBuilderNoticeForBuild(t *testing.T) {
	const notice = "DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n"
	for _, args := range [][]string{{"build", "--help"}, {"image", "build", "--help"}, {"builder", "build", "--help"}, {"build", "--bogus", "."}, {"build"}} {
		t.Setenv("DOCKER_BUILDKIT", "")
		os.Unsetenv("DOCKER_BUILDKIT")
		_, errs, _ := run(t, args...)
		assert.Assert(t, strings.HasPrefix(errs, notice), "%v: %q", args, errs)
	}
	_, errs, code := run(t, "help", "build")
	assert.Equal(t, code, 0)
	assert.Equal(t, errs, "")
	_, errs, code = run(t, "image", "--help")
	assert.Equal(t, code, 0)
	assert.Equal(t, errs, "")
	t.Setenv("DOCKER_BUILDKIT", "1")
	out, errs, code := run(t, "build", "--help")
	assert.Equal(t, code, 1)
	assert.Equal(t, out, "")
	assert.Assert(t, strings.HasPrefix(errs, "ERROR: BuildKit is enabled but the buildx component is missing or broken.\n"), errs)
}

// TestTLSVerifyFalseStillTLS: --tlsverify=false given asks for TLS, as in docker 28, so
// the TLS files are resolved (the missing CA reported) whatever DOCKER_TLS_VERIFY says;
// --tls=false does not.
func TestTLSVerifyFalseStillTLS(t *testing.T) {
	certs := t.TempDir()
	t.Setenv("DOCKER_CERT_PATH", certs)
	t.Setenv("DOCKER_TLS_VERIFY", "")
	t.Setenv("DOCKER_HOST", "")
	want := "Failed to initialize: unable to resolve docker endpoint: open " + certs + "/ca.pem: no such file or directory\n"
	_, errs, code := run(t, "--tlsverify=false", "-H", "tcp://127.0.0.1:1", "version", "--format", "x")
	assert.Equal(t, code, 1)
	assert.Equal(t, errs, want)

	t.Setenv("DOCKER_TLS_VERIFY", "1")
	_, errs, code = run(t, "--tlsverify=false", "-H", "tcp://127.0.0.1:1", "version", "--format", "x")
	assert.Equal(t, code, 1)
	assert.Equal(t, errs, want)

	t.Setenv("DOCKER_TLS_VERIFY", "")
	_, errs, _ = run(t, "--tls=false", "-H", "tcp://127.0.0.1:1", "version", "--format", "x")
	assert.Assert(t, !strings.Contains(errs, "ca.pem"), errs)
}

// TestEarlyChecks: a bad --log-level, then -H with --context, are refused before anything
// else of the command line is read, as docker 28 refuses them (exit 1, its line alone).
func TestEarlyChecks(t *testing.T) {
	const conflict = "conflicting options: cannot specify both --host and --context\n"
	for _, c := range []struct {
		args []string
		err  string
	}{
		{[]string{"-H", "tcp://a:1", "--context", "x", "ps", "extra"}, conflict},
		{[]string{"-H", "tcp://a:1", "--context", "x", "ps", "--bogus"}, conflict},
		{[]string{"-H", "tcp://a:1", "--context", "x", "ps", "--help"}, conflict},
		{[]string{"-H", "tcp://a:1", "--context", "x", "frob"}, conflict},
		{[]string{"-H", "tcp://a:1", "--context", "x"}, conflict},
		{[]string{"-H", "tcp://a:1", "--context", "x", "--version"}, conflict},
		{[]string{"-H", "tcp://a:1", "--context", "x", "--bogus", "ps"}, conflict},
		{[]string{"-H", "tcp://a:1", "--context", "x", "--tls=x", "ps"}, conflict},
		{[]string{"-H", "", "--context", "x", "ps", "extra"}, conflict},
		{[]string{"-Ha", "-cx", "ps", "extra"}, conflict},
		{[]string{"-H=a", "--context=x", "ps", "extra"}, conflict},
		{[]string{"-DH", "a", "--context", "x", "--", "ps", "extra"}, conflict},
		{[]string{"-H", "a", "--context", "x", "context", "create"}, conflict},
		{[]string{"-l", "bad", "-H", "a", "--context", "x", "ps"}, "Unable to parse logging level: bad\n"},
		{[]string{"-l", "bad", "ps", "--help"}, "Unable to parse logging level: bad\n"},
		{[]string{"--log-level=bad", "frob"}, "Unable to parse logging level: bad\n"},
	} {
		out, errs, code := run(t, c.args...)
		if code != 1 || errs != c.err || out != "" {
			t.Errorf("%q: %d %q %q, want 1 %q", c.args, code, out, errs, c.err)
		}
	}
	// not a conflict: an empty --context, a --context of the command (unknown there)
	_, errs, code := run(t, "-H", "a", "--context", "", "ps", "extra")
	assert.Equal(t, code, 1)
	assert.Assert(t, strings.HasPrefix(errs, "docker: 'docker ps' accepts no arguments"), errs)
	_, errs, code = run(t, "-H", "a", "ps", "--context", "x")
	assert.Equal(t, code, 125)
	assert.Assert(t, strings.HasPrefix(errs, "unknown flag: --context"), errs)
}

// docker 28 prints its version for `--version WORD` (any word) and exits 0.
func TestVersionFlagWithArgs(t *testing.T) {
	for _, args := range [][]string{{"--version", "foo"}, {"-v", "foo", "bar"}} {
		out, errs, code := run(t, args...)
		assert.Equal(t, code, 0, errs)
		assert.Assert(t, strings.HasPrefix(out, "Docker version "), out)
	}
}

// DOCKER_HIDE_LEGACY_COMMANDS (any value but "") leaves the top-level shortcuts out of
// docker --help; they still run.
func TestHideLegacyCommands(t *testing.T) {
	out, _, _ := run(t, "--help")
	assert.Assert(t, strings.Contains(out, "\nCommands:\n  attach "), out)
	t.Setenv("DOCKER_HIDE_LEGACY_COMMANDS", "0")
	out, _, code := run(t, "--help")
	assert.Equal(t, code, 0)
	assert.Assert(t, !strings.Contains(out, "\nCommands:\n"), out)
	assert.Assert(t, strings.Contains(out, "Management Commands:"), out)
}
