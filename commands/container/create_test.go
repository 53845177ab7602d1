package container

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gotest.tools/v3/assert"
	"gotest.tools/v3/golden"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// The bodies in testdata/create_*.golden were checked against docker 28.2.2's for the
// same flags (e2e TestCreateFlagGroups compares them live).
func TestCreateBody(t *testing.T) {
	dir := t.TempDir()
	envFile := filepath.Join(dir, "env")
	assert.NilError(t, os.WriteFile(envFile, []byte("# c\nA=1\n\nB= x\n"), 0o644))
	tests := []struct {
		name string
		args []string
	}{
		{"create_defaults.golden", []string{"bb"}},
		{"create_resources.golden", []string{"-m", "64m", "--memory-swap", "-1", "--cpus", "1.5", "-c", "512",
			"--pids-limit", "50", "--oom-kill-disable", "--memory-swappiness", "10", "--shm-size", "128m",
			"--kernel-memory", "50m", "--blkio-weight", "300", "--device-read-bps", "/dev/sda:1mb",
			"--ulimit", "nofile=100:200", "--device", "/dev/null:/dev/n:r", "--gpus", "all", "bb"}},
		{"create_config.golden", []string{"-e", "C=3", "--env-file", envFile, "-l", "x=y", "-p", "8080:80",
			"--expose", "90-91", "-v", "/tmp:/h:ro", "-v", "/anon", "--tmpfs", "/t:size=1m",
			"--mount", "type=volume,dst=/v,volume-nocopy", "--health-cmd", "true", "--health-interval", "2s",
			"--restart", "on-failure:3", "--entrypoint", "", "-w", "/w", "-u", "1:2", "--stop-timeout", "7",
			"--init", "--cap-add", "net_admin", "--security-opt", "systempaths=unconfined",
			"--sysctl", "net.ipv4.ip_forward=1", "--dns", "1.1.1.1", "--add-host", "a=::1",
			"--network", "mynet", "--network-alias", "x", "--ip", "10.1.2.3", "-i", "-t",
			"--log-driver", "json-file", "--log-opt", "max-size=1m", "bb", "echo", "hi"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			var body []byte
			e.Expect("POST", "/containers/create").ReplyFunc(runCaptureBody(t, &body, 201, `{"Id":"`+runTestID+`","Warnings":[]}`))
			cli := clitest.New(t, e.Host())
			err := clitest.Run(t, newCreateCommand(cli), tc.args...)
			assert.NilError(t, err)
			assert.Equal(t, cli.OutBuf.String(), runTestID+"\n")
			golden.Assert(t, string(body), tc.name)
		})
	}
}

func TestCreateQueryAndWarnings(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/create").Query("name", "web").Query("platform", "linux/arm64").
		Reply(201, `{"Id":"`+runTestID+`","Warnings":["one","two"]}`)
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newCreateCommand(cli), "--name", "web", "--platform", "linux/aarch64", "--dns", "::1", "bb")
	assert.NilError(t, err)
	assert.Equal(t, cli.OutBuf.String(), runTestID+"\n")
	assert.Equal(t, cli.ErrBuf.String(), "WARNING: Localhost DNS (::1) may fail in containers.\nWARNING: one\nWARNING: two\n")
}

func TestCreatePullMissing(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/create").ReplyError(404, "No such image: bb:latest")
	e.Expect("POST", "/images/create").Query("fromImage", "docker.io/library/bb").Query("tag", "latest").
		Reply(200, `{"status":"Pulling from library/bb","id":"latest"}`+"\n"+`{"status":"Status: Downloaded newer image for bb:latest"}`+"\n")
	e.Expect("POST", "/containers/create").Reply(201, `{"Id":"`+runTestID+`"}`)
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newCreateCommand(cli), "bb")
	assert.NilError(t, err)
	assert.Equal(t, cli.OutBuf.String(), runTestID+"\n")
	assert.Assert(t, strings.HasPrefix(cli.ErrBuf.String(), "Unable to find image 'bb:latest' locally\n"), cli.ErrBuf.String())
}

func TestCreatePullFails(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/create").ReplyError(404, "No such image: bb:nosuch")
	e.Expect("POST", "/images/create").ReplyError(404, "pull access denied for bb")
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newCreateCommand(cli), "bb:nosuch")
	assert.Error(t, err, "Error response from daemon: pull access denied for bb")
	assert.Equal(t, commands.ExitCode(err), 1)
	assert.Assert(t, strings.HasPrefix(cli.ErrBuf.String(), "Unable to find image 'bb:nosuch' locally\n"), cli.ErrBuf.String())

	// -q silences the notice too
	e = fakeengine.New(t)
	e.Expect("POST", "/containers/create").ReplyError(404, "No such image: bb:nosuch")
	e.Expect("POST", "/images/create").ReplyError(404, "pull access denied for bb")
	cli = clitest.New(t, e.Host())
	err = clitest.Run(t, newCreateCommand(cli), "-q", "bb:nosuch")
	assert.Error(t, err, "Error response from daemon: pull access denied for bb")
	assert.Equal(t, cli.ErrBuf.String(), "")
}

func TestCreatePullNeverAndAlways(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/create").ReplyError(404, "No such image: bb:nosuch")
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newCreateCommand(cli), "--pull", "never", "bb:nosuch")
	assert.Error(t, err, "Error response from daemon: No such image: bb:nosuch")
	assert.Equal(t, commands.ExitCode(err), 1)
	assert.Equal(t, cli.ErrBuf.String(), "")

	e2 := fakeengine.New(t)
	e2.Expect("POST", "/images/create").Query("fromImage", "docker.io/library/bb").Reply(200, `{"status":"ok"}`+"\n")
	e2.Expect("POST", "/containers/create").Reply(201, `{"Id":"`+runTestID+`"}`)
	cli2 := clitest.New(t, e2.Host())
	assert.NilError(t, clitest.Run(t, newCreateCommand(cli2), "--pull", "always", "-q", "bb"))
	assert.Equal(t, cli2.OutBuf.String(), runTestID+"\n")
}

func TestCreateCidfile(t *testing.T) {
	dir := t.TempDir()
	cid := filepath.Join(dir, "cid")
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/create").BodyField("HostConfig.ContainerIDFile", cid).Reply(201, `{"Id":"`+runTestID+`"}`)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newCreateCommand(cli), "--cidfile", cid, "bb"))
	b, err := os.ReadFile(cid)
	assert.NilError(t, err)
	assert.Equal(t, string(b), runTestID)
	left, _ := filepath.Glob(filepath.Join(dir, ".*"))
	assert.Equal(t, len(left), 0, "temporary files left: %v", left)

	// An existing file is refused before anything is sent.
	cli = clitest.New(t, "unix:///nonexistent.sock")
	err = clitest.Run(t, newCreateCommand(cli), "--cidfile", cid, "bb")
	assert.Error(t, err, "container ID file found, make sure the other container isn't running or delete "+cid)
	assert.Equal(t, commands.ExitCode(err), 1)

	// A failed create leaves no file behind.
	e2 := fakeengine.New(t)
	e2.Expect("POST", "/containers/create").ReplyError(409, "Conflict. The container name is already in use")
	cli = clitest.New(t, e2.Host())
	cid2 := filepath.Join(dir, "cid2")
	err = clitest.Run(t, newCreateCommand(cli), "--cidfile", cid2, "bb")
	assert.Error(t, err, "Error response from daemon: Conflict. The container name is already in use")
	_, statErr := os.Stat(cid2)
	assert.Assert(t, os.IsNotExist(statErr))
	left, _ = filepath.Glob(filepath.Join(dir, ".*"))
	assert.Equal(t, len(left), 0, "temporary files left: %v", left)
}

func TestCreateInvalid(t *testing.T) {
	tests := []struct {
		args []string
		msg  string
		code int
	}{
		{[]string{"-p", "99999:80", "bb"}, "docker: invalid hostPort: 99999\n\nRun 'docker create --help' for more information", 125},
		{[]string{"--rm", "--restart", "always", "bb"}, "docker: conflicting options: cannot specify both --restart and --rm\n\nRun 'docker create --help' for more information", 125},
		{[]string{"--pull", "sometimes", "bb"}, `docker: invalid pull option: 'sometimes': must be one of "always", "missing" or "never"` + "\n\nRun 'docker create --help' for more information", 125},
		{[]string{"--no-healthcheck", "--health-retries", "1", "bb"}, "docker: --no-healthcheck conflicts with --health-* options\n\nRun 'docker create --help' for more information", 125},
		{[]string{"--network", "bridge", "--network-alias", "a", "bb"}, "docker: network-scoped aliases are only supported for user-defined networks\n\nRun 'docker create --help' for more information", 125},
		{[]string{"--log-driver", "none", "--log-opt", "a=b", "bb"}, "docker: invalid logging opts for driver none\n\nRun 'docker create --help' for more information", 125},
		{[]string{"--memory-swappiness", "101", "bb"}, "docker: invalid value: 101. Valid memory swappiness range is 0-100\n\nRun 'docker create --help' for more information", 125},
		{[]string{"--platform", "a/b/c/d", "bb"}, `error parsing specified platform: "a/b/c/d": cannot parse platform specifier: invalid argument`, 1},
		// the MAC address's API check needs the engine's version: docker 28 pings first
		{[]string{"--mac-address", "92:d0:c6:0a:29:33", "bb"}, `Cannot connect to the Docker daemon at unix:///nonexistent.sock. Is the docker daemon running?`, 1},
		{[]string{"-m", "notamemory", "bb"}, "invalid argument \"notamemory\" for \"-m, --memory\" flag: invalid size: 'notamemory'", 125},
		{[]string{"--mount", "type=foo", "bb"}, "invalid argument \"type=foo\" for \"--mount\" flag: target is required", 125},
	}
	for _, tc := range tests {
		cli := clitest.New(t, "unix:///nonexistent.sock")
		err := clitest.Run(t, newCreateCommand(cli), tc.args...)
		assert.Equal(t, firstLine(commands.Message(err)), firstLine(tc.msg), "%v", tc.args)
		if strings.Contains(tc.msg, "\n") {
			assert.Equal(t, commands.Message(err), tc.msg, "%v", tc.args)
		}
		assert.Equal(t, commands.ExitCode(err), tc.code, "%v", tc.args)
	}
}

func TestCreateHelpFlag(t *testing.T) {
	cli := clitest.New(t, "")
	cmd := newCreateCommand(cli)
	commands.BindAll(cmd)
	f := cmd.Flags().Lookup("hostname")
	assert.Equal(t, f.Shorthand, "h")
	assert.Assert(t, cmd.Flags().Lookup("help") != nil)
	assert.Equal(t, cmd.Flags().Lookup("help").Shorthand, "")
}

func TestCreateRunError(t *testing.T) {
	cli := clitest.New(t, "unix:///nonexistent.sock")
	cmd := newCreateCommand(cli)
	cmd.Use = "run"
	err := createRunError(cmd, createInvalid("invalid hostPort: 99999"))
	assert.Equal(t, commands.Message(err), "docker: invalid hostPort: 99999\n\nRun 'run --help' for more information")
	assert.Equal(t, commands.ExitCode(err), 125)
	assert.NilError(t, createRunError(cmd, nil))
}

func TestCreateAPISocket(t *testing.T) {
	e := fakeengine.New(t)
	sock := strings.TrimPrefix(e.Host(), "unix://")
	e.Expect("POST", "/containers/create").
		BodyField("Env", []string{"A=1", "DOCKER_CONFIG=/run/secrets/docker"}).
		BodyField("HostConfig.Mounts", []map[string]any{{"Type": "bind", "Source": sock, "Target": "/var/run/docker.sock", "BindOptions": map[string]any{}}}).
		Reply(201, `{"Id":"`+runTestID+`"}`)
	var tarBody []byte
	e.Expect("PUT", "/containers/"+runTestID+"/archive").Query("path", "/").Query("noOverwriteDirNonDir", "true").
		ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
			tarBody, _ = io.ReadAll(r.Body)
			w.WriteHeader(200)
		})
	cli := clitest.New(t, e.Host())
	assert.NilError(t, os.WriteFile(filepath.Join(os.Getenv("DOCKER_CONFIG"), "config.json"),
		[]byte(`{"auths":{"r.example":{"username":"u","password":"p"}}}`), 0o600))
	assert.NilError(t, clitest.Run(t, newCreateCommand(cli), "--use-api-socket", "-e", "A=1", "bb"))
	tr := tar.NewReader(bytes.NewReader(tarBody))
	hdr, err := tr.Next()
	assert.NilError(t, err)
	assert.Equal(t, hdr.Name, "/run/secrets/docker/config.json")
	assert.Equal(t, hdr.Mode, int64(0o600))
	content, _ := io.ReadAll(tr)
	assert.Equal(t, string(content), "{\n\t\"auths\": {\n\t\t\"r.example\": {\n\t\t\t\"auth\": \"dTpw\"\n\t\t}\n\t}\n}")

	// Only a unix socket can be handed over.
	cli = clitest.New(t, "tcp://127.0.0.1:1")
	err = clitest.Run(t, newCreateCommand(cli), "--use-api-socket", "bb")
	assert.Error(t, err, "flag --use-api-socket can only be used with unix sockets: docker endpoint tcp://127.0.0.1:1 incompatible")
}

func TestCreateCheckImageRef(t *testing.T) {
	for in, want := range map[string]string{
		"bb":                 "",
		"bb:latest":          "",
		"localhost:5000/a/b": "",
		"BB":                 "invalid reference format: repository name (library/BB) must be lowercase",
		"Foo/Bar":            "invalid reference format: repository name (Bar) must be lowercase",
		"x/BB@sha256:0000000000000000000000000000000000000000000000000000000000000000": "invalid reference format: repository name (x/BB@sha256) must be lowercase",
		"bb:":           "invalid reference format",
		"bb@sha256:abc": "invalid reference format",
		"-":             "invalid reference format",
	} {
		err := createCheckImageRef(in)
		if want == "" {
			assert.NilError(t, err, in)
			continue
		}
		assert.Error(t, err, want, in)
	}
}

// config.json's proxies become variables of the new container the user's -e and
// --env-file did not name (exactly: Ftp_proxy is another variable; a bare -e NAME
// counts), as docker 28 sets them; an entry for the daemon's own host replaces
// "default", empty settings give nothing.
func TestCreateProxyEnv(t *testing.T) {
	t.Setenv("HTTP_PROXY", "")
	os.Unsetenv("HTTP_PROXY")
	envFile := filepath.Join(t.TempDir(), "env")
	assert.NilError(t, os.WriteFile(envFile, []byte("ALL_PROXY=file\n"), 0o644))
	for _, tc := range []struct {
		name, cfg string
		args      []string
		want      []string
	}{
		{"default", `{"proxies":{"default":{"httpProxy":"http://p:1","httpsProxy":"https://s:2","noProxy":"x","ftpProxy":"f","allProxy":"a"}}}`,
			[]string{"-e", "FOO=1", "-e", "http_proxy=mine", "-e", "HTTP_PROXY", "-e", "Ftp_proxy=z", "--env-file", envFile},
			[]string{"ALL_PROXY=file", "FOO=1", "http_proxy=mine", "HTTP_PROXY", "Ftp_proxy=z",
				"HTTPS_PROXY=https://s:2", "https_proxy=https://s:2", "FTP_PROXY=f", "ftp_proxy=f", "NO_PROXY=x", "no_proxy=x", "all_proxy=a"}},
		{"host's own", `{"proxies":{"default":{"httpProxy":"h"},"HOST":{"httpsProxy":"s"}}}`, nil,
			[]string{"HTTPS_PROXY=s", "https_proxy=s"}},
		{"none", `{"proxies":{"default":{"httpProxy":""}}}`, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			var body []byte
			e.Expect("POST", "/containers/create").ReplyFunc(runCaptureBody(t, &body, 201, `{"Id":"`+runTestID+`","Warnings":[]}`))
			cli := clitest.New(t, e.Host())
			cfg := strings.ReplaceAll(tc.cfg, "HOST", e.Host())
			assert.NilError(t, os.WriteFile(filepath.Join(os.Getenv("DOCKER_CONFIG"), "config.json"), []byte(cfg), 0o600))
			assert.NilError(t, clitest.Run(t, newCreateCommand(cli), append(tc.args, "bb")...))
			var got struct{ Env []string }
			assert.NilError(t, json.Unmarshal(body, &got))
			assert.DeepEqual(t, got.Env, tc.want)
		})
	}
}
