package config

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
		{name: "file", args: []string{"c1", file}, body: `{"Name":"c1","Labels":{},"Data":"aGVsbG8="}`},
		{name: "stdin", args: []string{"c1", "-"}, stdin: "hello", body: `{"Name":"c1","Labels":{},"Data":"aGVsbG8="}`},
		{
			name: "labels and template", args: []string{"-l", "a=b", "--template-driver", "golang", "c2", file},
			body: `{"Name":"c2","Labels":{"a":"b"},"Data":"aGVsbG8=","Templating":{"Name":"golang"}}`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			e.APIVersion = "1.47"
			e.Expect("POST", "/configs/create").JSONBody(json.RawMessage(tc.body)).Reply(201, `{"ID":"abc123"}`)
			cli := clitest.New(t, e.Host(), clitest.Options{Stdin: tc.stdin})
			assert.NilError(t, clitest.Run(t, newCreateCommand(cli), tc.args...))
			assert.Equal(t, cli.OutBuf.String(), "abc123\n")
		})
	}
}

// Every case fails before any request (the fake engine refuses any).
func TestCreateErrors(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "empty")
	assert.NilError(t, os.WriteFile(empty, nil, 0o600))
	missing := filepath.Join(t.TempDir(), "missing")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"c", empty}, `Error reading content from "` + empty + `": error reading from ` + empty + ": data is empty"},
		{[]string{"c", "-"}, `Error reading content from "-": error reading from STDIN: data is empty`},
		{[]string{"c", missing}, `Error reading content from "` + missing + `": error reading from ` + missing + ": open " + missing + ": no such file or directory"},
		{[]string{"c"}, "docker: 'create' requires 2 arguments"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			e := fakeengine.New(t)
			cli := clitest.New(t, e.Host())
			err := clitest.Run(t, newCreateCommand(cli), tc.args...)
			assert.Assert(t, err != nil)
			line, _, _ := strings.Cut(err.Error(), "\n")
			assert.Equal(t, line, tc.want)
			assert.Equal(t, commands.ExitCode(err), 1)
			assert.Equal(t, cli.OutBuf.String(), "")
		})
	}
}

func TestList(t *testing.T) {
	c := time.Now().Add(-3 * time.Hour).UTC().Format(time.RFC3339Nano)
	ago := formatter.HumanDuration(3*time.Hour) + " ago"
	body := `[
{"ID":"id10","CreatedAt":"` + c + `","UpdatedAt":"` + c + `","Spec":{"Name":"c10","Labels":{"a":"b"},"Data":"eA=="}},
{"ID":"id2","CreatedAt":"` + c + `","UpdatedAt":"` + c + `","Spec":{"Name":"c2","Labels":{}}}
]`
	for _, tc := range []struct {
		name, config string
		args         []string
		want         string
	}{
		{name: "table", want: "ID        NAME      CREATED       UPDATED\nid2       c2        " + ago + "   " + ago + "\nid10      c10       " + ago + "   " + ago + "\n"},
		{name: "quiet", args: []string{"-q"}, want: "id2\nid10\n"},
		{name: "json", args: []string{"--format", "json"}, want: `{"CreatedAt":"` + ago + `","ID":"id2","Labels":"","Name":"c2","UpdatedAt":"` + ago + `"}` + "\n" +
			`{"CreatedAt":"` + ago + `","ID":"id10","Labels":"a=b","Name":"c10","UpdatedAt":"` + ago + `"}` + "\n"},
		{name: "config format", config: `{"configFormat":"{{.Name}}={{.Labels}}"}`, want: "c2=\nc10=a=b\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			e.Expect("GET", "/configs").Reply(200, body)
			cli := clitest.New(t, e.Host())
			if tc.config != "" {
				assert.NilError(t, os.WriteFile(filepath.Join(os.Getenv("DOCKER_CONFIG"), "config.json"), []byte(tc.config), 0o600))
			}
			assert.NilError(t, clitest.Run(t, newListCommand(cli), append([]string{}, tc.args...)...))
			assert.Equal(t, cli.OutBuf.String(), tc.want)
		})
	}
	t.Run("no driver column", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/configs").Reply(200, body)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newListCommand(cli), "--format", "{{.Driver}}")
		assert.Error(t, err, `template parsing error: template: :1:2: executing "" at <.Driver>: can't evaluate field Driver in type *config.configContext`)
	})
}

func TestInspect(t *testing.T) {
	const one = `{"ID":"id1","Version":{"Index":21},"CreatedAt":"2026-12-07T16:16:51.811953209Z","UpdatedAt":"2026-12-07T16:16:51.811953209Z","Spec":{"Name":"c1","Labels":{"a":"b"},"Data":"ZGF0YQo=","Templating":{"Name":"golang"}}}`
	const two = `{"ID":"id2","CreatedAt":"2026-12-07T16:16:51.784670313Z","UpdatedAt":"2026-12-07T16:16:51.784670313Z","Spec":{"Name":"c2","Data":"aGVsbG8="}}`
	t.Run("pretty", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/configs/c1").Reply(200, one)
		e.Expect("GET", "/configs/c2").Reply(200, two)
		cli := clitest.New(t, e.Host())
		assert.NilError(t, clitest.Run(t, newInspectCommand(cli), "--pretty", "c1", "c2"))
		assert.Equal(t, cli.OutBuf.String(), "ID:\t\t\tid1\nName:\t\t\tc1\nLabels:\n - a=b\n"+
			"Created at:            \t2026-12-07 16:16:51.811953209 +0000 utc\nUpdated at:            \t2026-12-07 16:16:51.811953209 +0000 utc\nData:\ndata\n\n"+
			"ID:\t\t\tid2\nName:\t\t\tc2\n"+
			"Created at:            \t2026-12-07 16:16:51.784670313 +0000 utc\nUpdated at:            \t2026-12-07 16:16:51.784670313 +0000 utc\nData:\nhello\n")
	})
	t.Run("format", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/configs/c1").Reply(200, one)
		cli := clitest.New(t, e.Host())
		assert.NilError(t, clitest.Run(t, newInspectCommand(cli), "-f", "{{.Spec.Templating.Name}}", "c1"))
		assert.Equal(t, cli.OutBuf.String(), "golang\n")
	})
	t.Run("empty name", func(t *testing.T) {
		cli := clitest.New(t, fakeengine.New(t).Host())
		err := clitest.Run(t, newInspectCommand(cli), "")
		// sic: docker 28's word
		assert.Error(t, err, "invalid contig name or ID: value is empty")
	})
}

func TestRemove(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("DELETE", "/configs/nope").ReplyError(404, "config nope not found")
	e.Expect("DELETE", "/configs/a").Reply(204, nil)
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newRemoveCommand(cli), "nope", "a")
	assert.Error(t, err, "Error response from daemon: config nope not found")
	assert.Equal(t, cli.OutBuf.String(), "a\n")

	cli = clitest.New(t, fakeengine.New(t).Host())
	err = clitest.Run(t, newRemoveCommand(cli), " ")
	assert.Error(t, err, "invalid config name or ID: value is empty")
}
