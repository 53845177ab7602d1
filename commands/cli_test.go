package commands

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/config"
	"github.com/skiff-cli/skiff/streams"
)

func testCli(t *testing.T, env map[string]string) (*DockerCli, *bytes.Buffer) {
	t.Helper()
	for _, k := range []string{"DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "DOCKER_API_VERSION"} {
		t.Setenv(k, "")
	}
	t.Setenv("DOCKER_CONFIG", t.TempDir())
	for k, v := range env {
		t.Setenv(k, v)
	}
	var errb bytes.Buffer
	c := NewDockerCli(streams.NewTestIn(strings.NewReader(""), false), streams.NewTestOut(&bytes.Buffer{}, false), streams.NewTestOut(&errb, false))
	return c, &errb
}

func TestContextNamePrecedence(t *testing.T) {
	c, _ := testCli(t, map[string]string{"DOCKER_CONTEXT": "fromenv"})
	name, err := c.ContextName()
	assert.NilError(t, err)
	assert.Equal(t, name, "fromenv")

	c, _ = testCli(t, map[string]string{"DOCKER_CONTEXT": "fromenv", "DOCKER_HOST": "unix:///x.sock"})
	name, _ = c.ContextName()
	assert.Equal(t, name, "default", "DOCKER_HOST wins over DOCKER_CONTEXT")

	c, _ = testCli(t, map[string]string{"DOCKER_HOST": "unix:///x.sock"})
	c.Options().Context = "flag"
	name, _ = c.ContextName()
	assert.Equal(t, name, "flag", "--context wins over DOCKER_HOST")

	c, _ = testCli(t, nil)
	dir := os.Getenv("DOCKER_CONFIG")
	assert.NilError(t, os.WriteFile(filepath.Join(dir, "config.json"), []byte(`{"currentContext":"fromconfig"}`), 0o600))
	name, _ = c.ContextName()
	assert.Equal(t, name, "fromconfig")
}

func TestInitializeErrors(t *testing.T) {
	cases := []struct {
		name  string
		env   map[string]string
		hosts []string
		ctx   string
		want  string
	}{
		{"bad scheme", nil, []string{"foo://x"}, "", "Failed to initialize: unable to resolve docker endpoint: invalid bind address format: foo://x"},
		{"two hosts", nil, []string{"unix:///a", "unix:///b"}, "", "Failed to initialize: unable to resolve docker endpoint: Specify only one -H"},
		{"unknown context", nil, nil, "nope", `Failed to initialize: unable to resolve docker endpoint: context "nope": context not found: open `},
		{"host and context", nil, []string{"unix:///a"}, "default", "conflicting options: cannot specify both --host and --context"},
		{"missing tls ca", map[string]string{"DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": "/nonexistent"}, []string{"tcp://127.0.0.1:2376"}, "",
			"Failed to initialize: unable to resolve docker endpoint: open /nonexistent/ca.pem: no such file or directory"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := testCli(t, tc.env)
			for _, h := range tc.hosts {
				assert.NilError(t, c.Options().Hosts.Set(h))
			}
			c.Options().Context = tc.ctx
			c.Options().TLSCACert = config.TLSDefaultPath("ca.pem") // as the root binds it
			err := c.Initialize()
			assert.Assert(t, err != nil)
			assert.Assert(t, strings.HasPrefix(Message(err), tc.want), "got %q", Message(err))
			assert.Equal(t, ExitCode(err), 1)
		})
	}
}

func TestContextEndpoint(t *testing.T) {
	c, _ := testCli(t, nil)
	store := config.NewContextStore(os.Getenv("DOCKER_CONFIG"))
	assert.NilError(t, os.MkdirAll(filepath.Dir(store.MetaPath("remote")), 0o755))
	assert.NilError(t, os.WriteFile(store.MetaPath("remote"),
		[]byte(`{"Name":"remote","Endpoints":{"docker":{"Host":"unix:///remote.sock"}}}`), 0o644))
	c.Options().Context = "remote"
	cl, err := c.Client()
	assert.NilError(t, err)
	assert.Equal(t, cl.Host(), "unix:///remote.sock")
	assert.Equal(t, c.CurrentContext(), "remote")
}

// TestContextTLSErrorsAsTheyAre: a context's TLS files that do not parse are reported as
// the TLS flags' are, not under "unable to resolve docker endpoint" (docker 28, observed).
func TestContextTLSErrorsAsTheyAre(t *testing.T) {
	c, _ := testCli(t, nil)
	store := config.NewContextStore(os.Getenv("DOCKER_CONFIG"))
	assert.NilError(t, os.MkdirAll(filepath.Dir(store.MetaPath("junk")), 0o755))
	assert.NilError(t, os.WriteFile(store.MetaPath("junk"),
		[]byte(`{"Name":"junk","Endpoints":{"docker":{"Host":"tcp://127.0.0.1:2376"}}}`), 0o644))
	tlsDir := filepath.Join(store.TLSDir("junk"), "docker")
	assert.NilError(t, os.MkdirAll(tlsDir, 0o700))
	assert.NilError(t, os.WriteFile(filepath.Join(tlsDir, "ca.pem"), []byte("junk\n"), 0o600))
	c.Options().Context = "junk"
	err := c.Initialize()
	assert.Equal(t, Message(err), "Failed to initialize: failed to retrieve context tls info: ca.pem seems invalid")
	assert.Equal(t, ExitCode(err), 1)
}

func TestBrokenConfigWarnsOnce(t *testing.T) {
	c, errb := testCli(t, nil)
	assert.NilError(t, os.WriteFile(filepath.Join(os.Getenv("DOCKER_CONFIG"), "config.json"), []byte(`{bad`), 0o600))
	c.ConfigFile()
	c.ConfigFile()
	assert.Equal(t, strings.Count(errb.String(), "WARNING: Error parsing config file"), 1)
}

func TestListFormat(t *testing.T) {
	assert.Equal(t, ListFormat("{{.ID}}", "table {{.Name}}", false), "{{.ID}}")
	assert.Equal(t, ListFormat("", "table {{.Name}}", false), "table {{.Name}}")
	assert.Equal(t, ListFormat("", "table {{.Name}}", true), "table", "-q ignores config.json's format")
	assert.Equal(t, ListFormat("", "", false), "table")
}

// TestDebugLine: docker's logger shape, quoted as docker quotes it.
func TestDebugLine(t *testing.T) {
	at := time.Date(2026, 11, 23, 22, 39, 54, 0, time.UTC)
	if got, want := DebugLine(at, "[hijack] End of stdout"), `time="2026-11-23T22:39:54Z" level=debug msg="[hijack] End of stdout"`+"\n"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	if got, want := DebugLine(at, "otel error", "error", `context "x": nope`), `time="2026-11-23T22:39:54Z" level=debug msg="otel error" error="context \"x\": nope"`+"\n"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
}
