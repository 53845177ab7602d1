package secret

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
	"github.com/skiff-cli/skiff/formatter"
)

// The request bodies are those docker 28 sent for the same command lines (observed
// against a capturing engine).
func TestCreate(t *testing.T) {
	file := filepath.Join(t.TempDir(), "data")
	assert.NilError(t, os.WriteFile(file, []byte("hello"), 0o600))
	for _, tc := range []struct {
		name  string
		args  []string
		stdin string
		body  string
	}{
		{name: "file", args: []string{"s1", file}, body: `{"Name":"s1","Labels":{},"Data":"aGVsbG8="}`},
		{name: "stdin", args: []string{"s1", "-"}, stdin: "hello", body: `{"Name":"s1","Labels":{},"Data":"aGVsbG8="}`},
		{
			name: "labels and template", args: []string{"-l", "a=b", "--label", "c", "--template-driver", "golang", "s2", file},
			body: `{"Name":"s2","Labels":{"a":"b","c":""},"Data":"aGVsbG8=","Templating":{"Name":"golang"}}`,
		},
		{name: "driver", args: []string{"-d", "drv", "s3"}, body: `{"Name":"s3","Labels":{},"Driver":{"Name":"drv"}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			e.APIVersion = "1.47"
			e.Expect("POST", "/secrets/create").JSONBody(json.RawMessage(tc.body)).Reply(201, `{"ID":"abc123"}`)
			cli := clitest.New(t, e.Host(), clitest.Options{Stdin: tc.stdin})
			assert.NilError(t, clitest.Run(t, newCreateCommand(cli), tc.args...))
			assert.Equal(t, cli.OutBuf.String(), "abc123\n")
		})
	}
}

// Every case fails before any request (the fake engine refuses any).
func TestCreateErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "data")
	assert.NilError(t, os.WriteFile(file, []byte("x"), 0o600))
	empty := filepath.Join(t.TempDir(), "empty")
	assert.NilError(t, os.WriteFile(empty, nil, 0o600))
	missing := filepath.Join(t.TempDir(), "missing")
	for _, tc := range []struct {
		args []string
		want string
		code int
	}{
		{[]string{"s"}, "secret file is required", 1},
		{[]string{"-d", "drv", "s", file}, "When using secret driver secret data must be empty", 1},
		{[]string{"-d", "drv", "s", missing}, "When using secret driver secret data must be empty", 1},
		{[]string{"s", empty}, "error reading from " + empty + ": data is empty", 1},
		{[]string{"s", "-"}, "error reading from STDIN: data is empty", 1},
		{[]string{"s", missing}, "error reading from " + missing + ": open " + missing + ": no such file or directory", 1},
		{[]string{}, "docker: 'create' requires at least 1 and at most 2 arguments", 1},
		{[]string{"a", "b", "c"}, "docker: 'create' requires at least 1 and at most 2 arguments", 1},
		{[]string{"-l", "=x", "s", file}, `invalid argument "=x" for "-l, --label" flag: invalid label '=x': empty name`, 125},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			e := fakeengine.New(t)
			e.APIVersion = "1.47"
			cli := clitest.New(t, e.Host())
			err := clitest.Run(t, newCreateCommand(cli), append([]string{}, tc.args...)...)
			assert.Assert(t, err != nil)
			line, _, _ := strings.Cut(err.Error(), "\n")
			assert.Equal(t, line, tc.want)
			assert.Equal(t, commands.ExitCode(err), tc.code)
			assert.Equal(t, cli.OutBuf.String(), "")
		})
	}
}

func TestCreateDaemonError(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/secrets/create").ReplyError(409, "rpc error: code = AlreadyExists desc = secret s already exists")
	cli := clitest.New(t, e.Host(), clitest.Options{Stdin: "x"})
	err := clitest.Run(t, newCreateCommand(cli), "s", "-")
	assert.Error(t, err, "Error response from daemon: rpc error: code = AlreadyExists desc = secret s already exists")
	assert.Equal(t, commands.ExitCode(err), 1)
}

// secretsJSON is GET /secrets in the engine's order: docker sorts by name.
func secretsJSON(created time.Time) string {
	c := created.UTC().Format(time.RFC3339Nano)
	return `[
{"ID":"id10","Version":{"Index":3},"CreatedAt":"` + c + `","UpdatedAt":"` + c + `","Spec":{"Name":"s10","Labels":{"b":"2","a":""}}},
{"ID":"id2","Version":{"Index":4},"CreatedAt":"` + c + `","UpdatedAt":"` + c + `","Spec":{"Name":"s2","Labels":{},"Driver":{"Name":"drv"}}}
]`
}

func TestList(t *testing.T) {
	created := time.Now().Add(-3 * time.Hour)
	ago := formatter.HumanDuration(3*time.Hour) + " ago"
	for _, tc := range []struct {
		name, config string
		args         []string
		want         string
	}{
		{name: "table", want: "ID        NAME      DRIVER    CREATED       UPDATED\nid2       s2        drv       " + ago + "   " + ago + "\nid10      s10                 " + ago + "   " + ago + "\n"},
		{name: "quiet", args: []string{"-q"}, want: "id2\nid10\n"},
		{name: "json", args: []string{"--format", "json"}, want: `{"CreatedAt":"` + ago + `","Driver":"drv","ID":"id2","Labels":"","Name":"s2","UpdatedAt":"` + ago + `"}` + "\n" +
			`{"CreatedAt":"` + ago + `","Driver":"","ID":"id10","Labels":"a=,b=2","Name":"s10","UpdatedAt":"` + ago + `"}` + "\n"},
		{name: "table template", args: []string{"--format", `table {{.Name}}\t{{.Labels}}\t{{.Label "b"}}`}, want: "NAME      LABELS    b\ns2                  \ns10       a=,b=2    2\n"},
		{name: "config format", config: `{"secretFormat":"{{.Name}}/{{.Driver}}"}`, want: "s2/drv\ns10/\n"},
		{name: "config format ignored with -q", args: []string{"-q"}, config: `{"secretFormat":"{{.Name}}"}`, want: "id2\nid10\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			e.Expect("GET", "/secrets").NoQuery("filters").Reply(200, secretsJSON(created))
			cli := clitest.New(t, e.Host())
			if tc.config != "" {
				assert.NilError(t, os.WriteFile(filepath.Join(os.Getenv("DOCKER_CONFIG"), "config.json"), []byte(tc.config), 0o600))
			}
			assert.NilError(t, clitest.Run(t, newListCommand(cli), append([]string{}, tc.args...)...))
			assert.Equal(t, cli.OutBuf.String(), tc.want)
		})
	}
}

func TestListErrors(t *testing.T) {
	t.Run("filter", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/secrets").Query("filters", `{"label":{"a":true},"name":{"s":true}}`).Reply(200, `[]`)
		cli := clitest.New(t, e.Host())
		assert.NilError(t, clitest.Run(t, newListCommand(cli), "-f", "name=s", "--filter", "label=a"))
		assert.Equal(t, cli.OutBuf.String(), "ID        NAME      DRIVER    CREATED   UPDATED\n")
	})
	t.Run("not a manager", func(t *testing.T) {
		e := fakeengine.New(t)
		msg := `This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.`
		e.Expect("GET", "/secrets").ReplyError(503, msg)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newListCommand(cli))
		assert.Error(t, err, "Error response from daemon: "+msg)
		assert.Equal(t, commands.ExitCode(err), 1)
	})
	t.Run("template", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/secrets").Reply(200, secretsJSON(time.Now()))
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newListCommand(cli), "--format", "{{.Foo}}")
		assert.Error(t, err, `template parsing error: template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type *secret.secretContext`)
		assert.Equal(t, cli.OutBuf.String(), "")
	})
}

const secretJSON = `{"ID":"id1","Version":{"Index":17},"CreatedAt":"2026-12-07T16:16:44.36425501Z","UpdatedAt":"2026-12-07T16:16:44.36425501Z","Spec":{"Name":"s1","Labels":{"c":"","a":"b"}}}`

func TestInspect(t *testing.T) {
	t.Run("json", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/secrets/s1").Reply(200, secretJSON)
		e.Expect("GET", "/secrets/nope").ReplyError(404, "secret nope not found")
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newInspectCommand(cli), "s1", "nope")
		assert.Error(t, err, "Error response from daemon: secret nope not found")
		assert.Equal(t, commands.ExitCode(err), 1)
		assert.Assert(t, strings.HasPrefix(cli.OutBuf.String(), "[\n    {\n        \"ID\": \"id1\",\n"), cli.OutBuf.String())
	})
	t.Run("format", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/secrets/s1").Reply(200, secretJSON)
		cli := clitest.New(t, e.Host())
		assert.NilError(t, clitest.Run(t, newInspectCommand(cli), "-f", "{{.Spec.Name}} {{json .Spec.Labels}}", "s1"))
		assert.Equal(t, cli.OutBuf.String(), `s1 {"a":"b","c":""}`+"\n")
	})
	t.Run("pretty wins over format", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/secrets/s1").Reply(200, secretJSON)
		cli := clitest.New(t, e.Host())
		assert.NilError(t, clitest.Run(t, newInspectCommand(cli), "--pretty", "-f", "{{.ID}}", "s1"))
		assert.Equal(t, cli.OutBuf.String(), "ID:              id1\nName:              s1\nLabels:\n - a=b\n - c\nDriver:            \n"+
			"Created at:        2026-12-07 16:16:44.36425501 +0000 utc\nUpdated at:        2026-12-07 16:16:44.36425501 +0000 utc\n")
	})
	t.Run("pretty prints nothing on a failure", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/secrets/s1").Reply(200, secretJSON)
		e.Expect("GET", "/secrets/nope").ReplyError(404, "secret nope not found")
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newInspectCommand(cli), "--pretty", "s1", "nope")
		assert.Error(t, err, "Error response from daemon: secret nope not found")
		assert.Equal(t, cli.OutBuf.String(), "")
	})
	t.Run("empty name", func(t *testing.T) {
		cli := clitest.New(t, fakeengine.New(t).Host())
		err := clitest.Run(t, newInspectCommand(cli), " ")
		assert.Error(t, err, "invalid secret name or ID: value is empty")
		assert.Equal(t, cli.OutBuf.String(), "[]\n")
	})
}

func TestRemove(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("DELETE", "/secrets/a").Reply(204, nil)
	e.Expect("DELETE", "/secrets/nope").ReplyError(404, "secret nope not found")
	e.Expect("DELETE", "/secrets/b").Reply(204, nil)
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newRemoveCommand(cli), "a", "nope", "b")
	assert.Error(t, err, "Error response from daemon: secret nope not found")
	assert.Equal(t, commands.ExitCode(err), 1)
	assert.Equal(t, cli.OutBuf.String(), "a\nb\n")
}
