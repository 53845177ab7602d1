package imagepull

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
	"github.com/skiff-cli/skiff/imageref"
)

func TestParseAndQueryTag(t *testing.T) {
	for _, tc := range []struct {
		in, name, tag, familiar, err string
	}{
		{in: "bb", name: "docker.io/library/bb", tag: "latest", familiar: "bb:latest"},
		{in: "bb:1.2", name: "docker.io/library/bb", tag: "1.2", familiar: "bb:1.2"},
		{in: "foo/bar", name: "docker.io/foo/bar", tag: "latest", familiar: "foo/bar:latest"},
		{in: "library/bb", name: "docker.io/library/bb", tag: "latest", familiar: "bb:latest"},
		{in: "docker.io/bb", name: "docker.io/library/bb", tag: "latest", familiar: "bb:latest"},
		{in: "index.docker.io/a/b/c:x", name: "docker.io/a/b/c", tag: "x", familiar: "a/b/c:x"},
		{in: "127.0.0.1:5000/skiff-e2e/bb:obs1", name: "127.0.0.1:5000/skiff-e2e/bb", tag: "obs1", familiar: "127.0.0.1:5000/skiff-e2e/bb:obs1"},
		{in: "localhost/x", name: "localhost/x", tag: "latest", familiar: "localhost/x:latest"},
		{in: "Registry/x", name: "Registry/x", tag: "latest", familiar: "Registry/x:latest"},
		{in: "a.b_c__d-e--f", name: "docker.io/library/a.b_c__d-e--f", tag: "latest", familiar: "a.b_c__d-e--f:latest"},
		{in: "foo/bar:1@sha256:25216407d4b02473f819f6b4454b7178e8e74ec602c7007c1834555d604ace7e",
			name: "docker.io/foo/bar", tag: "sha256:25216407d4b02473f819f6b4454b7178e8e74ec602c7007c1834555d604ace7e",
			familiar: "foo/bar:1@sha256:25216407d4b02473f819f6b4454b7178e8e74ec602c7007c1834555d604ace7e"},
		{in: "Bb", err: "invalid reference format: repository name (library/Bb) must be lowercase"},
		{in: "", err: "invalid reference format"},
		{in: "bb:", err: "invalid reference format"},
		{in: "bb:-x", err: "invalid reference format"},
		{in: "-bb", err: "invalid reference format"},
		{in: "bb..x", err: "invalid reference format"},
		{in: "bb/", err: "invalid reference format"},
		{in: "bb@sha256:xyz", err: "invalid reference format"},
		{in: "a b", err: "invalid reference format"},
	} {
		r, err := imageref.ParseWithDefaultTag(tc.in)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("%q: error %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || r.Name() != tc.name || queryTag(r) != tc.tag || r.Familiar() != tc.familiar {
			t.Errorf("%q: got %q %q %q %v, want %q %q %q", tc.in, r.Name(), queryTag(r), r.Familiar(), err, tc.name, tc.tag, tc.familiar)
		}
	}
}

func writeConfig(t *testing.T, auths map[string]map[string]string) {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"auths": auths})
	if err := os.WriteFile(filepath.Join(os.Getenv("DOCKER_CONFIG"), "config.json"), b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestRegistryAuth(t *testing.T) {
	e := fakeengine.New(t)
	cli := clitest.New(t, e.Host())
	writeConfig(t, map[string]map[string]string{
		"https://index.docker.io/v1/": {"auth": base64.StdEncoding.EncodeToString([]byte("hub:secret"))},
		"http://reg.example:5000/v2":  {"identitytoken": "tok"},
	})
	decode := func(s string) map[string]string {
		raw, err := base64.URLEncoding.DecodeString(s)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	get := func(domain string) string {
		a, err := commands.RegistryAuth(context.Background(), cli, domain)
		if err != nil {
			t.Fatal(err)
		}
		return a.Header()
	}
	hub := decode(get("docker.io"))
	if hub["username"] != "hub" || hub["password"] != "secret" || hub["serveraddress"] != "https://index.docker.io/v1/" {
		t.Errorf("hub %v", hub)
	}
	reg := decode(get("reg.example:5000"))
	if reg["identitytoken"] != "tok" || reg["serveraddress"] != "http://reg.example:5000/v2" {
		t.Errorf("reg %v", reg)
	}
	if got := get("other:5000"); got != "e30=" {
		t.Errorf("no entry gives %q", got)
	}
}

const testStream = `{"status":"Pulling from library/bb","id":"latest"}
{"status":"Pulling fs layer","progressDetail":{},"id":"e7448a9357f0"}
{"status":"Downloading","progressDetail":{"current":236544,"total":20978073},"progress":"[>  ]","id":"e7448a9357f0"}
{"status":"Pull complete","progressDetail":{},"id":"e7448a9357f0"}
{"status":"Digest: sha256:8461c6612185a9c26dfe62bf01e752fad668e14325f51f10bc13409cd833c11e"}
{"status":"Status: Downloaded newer image for bb:latest"}
`

func TestPull(t *testing.T) {
	for _, tc := range []struct {
		name     string
		terminal bool
		quiet    bool
		want     string
	}{
		{name: "pipe", want: "latest: Pulling from library/bb\ne7448a9357f0: Pulling fs layer\ne7448a9357f0: Pull complete\n" +
			"Digest: sha256:8461c6612185a9c26dfe62bf01e752fad668e14325f51f10bc13409cd833c11e\nStatus: Downloaded newer image for bb:latest\n"},
		{name: "terminal", terminal: true, want: "latest: Pulling from library/bb\n" +
			"\n\x1b[1A\x1b[2K\re7448a9357f0: Pulling fs layer \r\x1b[1B" +
			"\x1b[1A\x1b[2K\re7448a9357f0: Downloading  236.5kB/20.98MB\r\x1b[1B" + // width unknown: no bar
			"\x1b[1A\x1b[2K\re7448a9357f0: Pull complete \r\x1b[1B" +
			"Digest: sha256:8461c6612185a9c26dfe62bf01e752fad668e14325f51f10bc13409cd833c11e\nStatus: Downloaded newer image for bb:latest\n"},
		{name: "quiet", quiet: true, want: ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			e.Expect("POST", "/images/create").Query("fromImage", "docker.io/library/bb").Query("tag", "latest").
				NoQuery("platform").Header("X-Registry-Auth", "e30=").Reply(200, testStream)
			cli := clitest.New(t, e.Host(), clitest.Options{Terminal: tc.terminal})
			if err := Pull(context.Background(), cli, "bb", Options{Quiet: tc.quiet}); err != nil {
				t.Fatal(err)
			}
			if got := cli.ErrBuf.String(); got != tc.want {
				t.Errorf("stderr\n%q\nwant\n%q", got, tc.want)
			}
			if cli.OutBuf.Len() != 0 {
				t.Errorf("stdout %q", cli.OutBuf.String())
			}
		})
	}
}

func TestPullErrors(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/images/create").Query("fromImage", "127.0.0.1:5000/x/nope").Query("tag", "1").Query("platform", "linux/amd64").
		ReplyError(404, "manifest for 127.0.0.1:5000/x/nope:1 not found: manifest unknown: manifest unknown")
	e.Expect("POST", "/images/create").Query("fromImage", "docker.io/library/bb").
		Reply(200, `{"status":"Pulling from library/bb","id":"latest"}`+"\n"+`{"errorDetail":{"message":"unexpected EOF"},"error":"unexpected EOF"}`)
	cli := clitest.New(t, e.Host())
	ctx := context.Background()
	for _, tc := range []struct {
		ref, platform string
		quiet         bool
		want          string
	}{
		{ref: "127.0.0.1:5000/x/nope:1", platform: "linux/amd64", want: "Error response from daemon: manifest for 127.0.0.1:5000/x/nope:1 not found: manifest unknown: manifest unknown"},
		{ref: "bb", quiet: true, want: "unexpected EOF"},
		{ref: "UPPER", want: "invalid reference format: repository name (library/UPPER) must be lowercase"},
	} {
		err := Pull(ctx, cli, tc.ref, Options{Platform: tc.platform, Quiet: tc.quiet})
		if err == nil || err.Error() != tc.want || commands.ExitCode(err) != 125 {
			t.Errorf("%s: got %v (exit %d), want %q (125)", tc.ref, err, commands.ExitCode(err), tc.want)
		}
	}
}
