package context

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
	"github.com/skiff-cli/skiff/config"
)

// newCli is a Cli with no -H and a config directory holding the contexts given (name ->
// meta.json) and config.json's currentContext.
func newCli(t *testing.T, current string, contexts map[string]string) *clitest.Cli {
	t.Helper()
	cli := clitest.New(t, "")
	dir := os.Getenv("DOCKER_CONFIG")
	s := config.NewContextStore(dir)
	for name, meta := range contexts {
		assert.NilError(t, os.MkdirAll(s.MetaDir(name), 0o700))
		assert.NilError(t, os.WriteFile(s.MetaPath(name), []byte(meta), 0o600))
	}
	if current != "" {
		assert.NilError(t, os.WriteFile(filepath.Join(dir, "config.json"), []byte(`{"currentContext":"`+current+`"}`), 0o600))
	}
	return cli
}

func run(t *testing.T, cli *clitest.Cli, args ...string) error {
	t.Helper()
	return clitest.Run(t, NewCommand(cli), args...)
}

var twoContexts = map[string]string{
	"remote": `{"Name":"remote","Metadata":{"Description":"the lab"},"Endpoints":{"docker":{"Host":"tcp://10.0.0.1:2376","SkipTLSVerify":false}}}`,
	"Alpha":  `{"Name":"Alpha","Metadata":{},"Endpoints":{"docker":{"Host":"unix:///run/a.sock","SkipTLSVerify":false}}}`,
	"noep":   `{"Name":"noep","Metadata":{},"Endpoints":{}}`,
}

// TestListTable: sorted by name as bytes (upper case first), the current one starred by
// the default table only, an endpoint-less context with docker's error.
func TestListTable(t *testing.T) {
	cli := newCli(t, "remote", twoContexts)
	assert.NilError(t, run(t, cli, "ls"))
	want := `NAME       DESCRIPTION                               DOCKER ENDPOINT               ERROR
Alpha                                                unix:///run/a.sock            
default    Current DOCKER_HOST based configuration   unix:///var/run/docker.sock   
noep                                                                               cannot find docker endpoint in context
remote *   the lab                                   tcp://10.0.0.1:2376           
`
	assert.Equal(t, cli.OutBuf.String(), want)
	assert.Equal(t, cli.ErrBuf.String(), "")
}

func TestListFormats(t *testing.T) {
	cli := newCli(t, "remote", twoContexts)
	assert.NilError(t, run(t, cli, "ls", "-q", "--format", "{{.DockerEndpoint}}"))
	assert.Equal(t, cli.OutBuf.String(), "Alpha\ndefault\nnoep\nremote\n", "-q wins over --format")

	cli.OutBuf.Reset()
	assert.NilError(t, run(t, cli, "ls", "--format", "json"))
	lines := strings.Split(strings.TrimSpace(cli.OutBuf.String()), "\n")
	assert.Equal(t, len(lines), 4)
	assert.Equal(t, lines[3], `{"Current":true,"Description":"the lab","DockerEndpoint":"tcp://10.0.0.1:2376","Error":"","Name":"remote"}`)

	cli.OutBuf.Reset()
	assert.NilError(t, run(t, cli, "ls", "--format", "table {{.Name}}\t{{.Current}}"))
	assert.Equal(t, strings.SplitN(cli.OutBuf.String(), "\n", 2)[0], "NAME      <no value>", "no header for Current, as docker")

	err := run(t, cli, "ls", "--format", "{{.Foo}}")
	assert.Error(t, err, `template parsing error: template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type *formatter.clientContextContext`)
}

// TestListCurrentMissing: a current context the store does not hold is listed with the
// reason, cut at 45 cells.
func TestListCurrentMissing(t *testing.T) {
	cli := newCli(t, "", nil)
	t.Setenv("DOCKER_CONTEXT", "gone")
	assert.NilError(t, run(t, cli, "ls", "--format", "{{.Name}} {{.Current}} {{.Error}}"))
	// 44 cells of the error and an ellipsis: the path's first four
	path := config.NewContextStore(os.Getenv("DOCKER_CONFIG")).MetaPath("gone")
	assert.Equal(t, cli.OutBuf.String(), "default false \ngone true context \"gone\": context not found: open "+path[:4]+"…\n")
}

// TestListHostOverride: DOCKER_HOST makes default current, its endpoint as the client
// normalises it, and docker's warning goes to stderr.
func TestListHostOverride(t *testing.T) {
	cli := newCli(t, "remote", twoContexts)
	t.Setenv("DOCKER_HOST", "h:1")
	assert.NilError(t, run(t, cli, "ls", "--format", "{{.Name}} {{.Current}} {{.DockerEndpoint}}"))
	assert.Assert(t, strings.Contains(cli.OutBuf.String(), "default true tcp://h:1\n"), cli.OutBuf.String())
	assert.Assert(t, strings.Contains(cli.OutBuf.String(), "remote false tcp://10.0.0.1:2376\n"))
	assert.Equal(t, cli.ErrBuf.String(), hostOverrideWarning+"\n")
}

func TestListErrors(t *testing.T) {
	cli := newCli(t, "", map[string]string{"bad": `{"Name":"bad",`})
	err := run(t, cli, "ls")
	assert.ErrorContains(t, err, "failed to read metadata: parsing ")
	assert.Equal(t, commands.ExitCode(err), 1)
	assert.Equal(t, cli.OutBuf.String(), "")

	cli = newCli(t, "", nil)
	assert.NilError(t, cli.Options().Hosts.Set("foo://x"))
	assert.Error(t, run(t, cli, "ls"), "invalid bind address format: foo://x")
}

func TestShow(t *testing.T) {
	cli := newCli(t, "remote", nil) // not in the store: show does not look
	assert.NilError(t, run(t, cli, "show"))
	assert.Equal(t, cli.OutBuf.String(), "remote\n")

	cli = newCli(t, "", nil)
	cli.Options().Context = "x"
	assert.NilError(t, cli.Options().Hosts.Set("tcp://h:1"))
	err := run(t, cli, "show")
	assert.Error(t, err, "conflicting options: cannot specify both --host and --context")
	assert.Equal(t, commands.ExitCode(err), 1)
}

func TestInspect(t *testing.T) {
	cli := newCli(t, "remote", twoContexts)
	s := config.NewContextStore(os.Getenv("DOCKER_CONFIG"))
	assert.NilError(t, os.MkdirAll(filepath.Join(s.TLSDir("remote"), "docker"), 0o700))
	assert.NilError(t, os.WriteFile(filepath.Join(s.TLSDir("remote"), "docker", "ca.pem"), []byte("x"), 0o600))
	assert.NilError(t, run(t, cli, "inspect")) // the current one
	want := `[
    {
        "Name": "remote",
        "Metadata": {
            "Description": "the lab"
        },
        "Endpoints": {
            "docker": {
                "Host": "tcp://10.0.0.1:2376",
                "SkipTLSVerify": false
            }
        },
        "TLSMaterial": {
            "docker": [
                "ca.pem"
            ]
        },
        "Storage": {
            "MetadataPath": "` + s.MetaDir("remote") + `",
            "TLSPath": "` + s.TLSDir("remote") + `"
        }
    }
]
`
	assert.Equal(t, cli.OutBuf.String(), want)

	cli.OutBuf.Reset()
	assert.NilError(t, cli.Options().Hosts.Set(""))
	assert.NilError(t, run(t, cli, "inspect", "-f", "{{.Name}} {{.Endpoints.docker.Host}} {{.Storage.MetadataPath}}", "default"))
	assert.Equal(t, cli.OutBuf.String(), "default unix:///var/run/docker.sock <IN MEMORY>\n")

	cli.OutBuf.Reset()
	err := run(t, cli, "inspect", "nope")
	assert.ErrorContains(t, err, `context "nope": context not found: open `)
	assert.Equal(t, commands.ExitCode(err), 1)
	assert.Equal(t, cli.OutBuf.String(), "[]\n")

	err = run(t, cli, "inspect", "-f", "{{.Foo}}", "Alpha")
	assert.ErrorContains(t, err, "can't evaluate field Foo in type context.contextWithTLSListing")
}

// TestInspectTemplateShape: the store's metadata is embedded in inspect's object as
// docker's is: .Metadata is all of it, .Metadata.Metadata the typed description with the
// other fields aside; numbers as float64.
func TestInspectTemplateShape(t *testing.T) {
	cli := newCli(t, "", map[string]string{
		"bb": `{"Name":"bb","Metadata":{"z":1e3,"Description":"q"},"Endpoints":{"docker":{"Host":"x"},"k8s":{"n":12345678901234567890}}}`,
	})
	for format, want := range map[string]string{
		"{{.Metadata}}":                        "{bb {q map[z:1000]} map[docker:{x false} k8s:map[n:1.2345678901234567e+19]]}\n",
		"{{.Metadata.Metadata.Description}}":   "q\n",
		"{{json .Metadata}}":                   `{"Name":"bb","Metadata":{"Description":"q","z":1000},"Endpoints":{"docker":{"Host":"x","SkipTLSVerify":false},"k8s":{"n":12345678901234567000}}}` + "\n",
		"{{.Name}} {{.Endpoints.docker.Host}}": "bb x\n",
	} {
		cli.OutBuf.Reset()
		assert.NilError(t, run(t, cli, "inspect", "-f", format, "bb"))
		assert.Equal(t, cli.OutBuf.String(), want, format)
	}
	cli.OutBuf.Reset()
	assert.NilError(t, run(t, cli, "inspect", "-f", "{{.Metadata}}", "default"))
	assert.Equal(t, cli.OutBuf.String(), "{default { map[]} map[docker:{unix:///var/run/docker.sock false}]}\n")
	err := run(t, cli, "inspect", "-f", "{{.Metadata.Description}}", "bb")
	assert.ErrorContains(t, err, "can't evaluate field Description in type store.Metadata")
	assert.Equal(t, commands.ExitCode(err), 1)
}
