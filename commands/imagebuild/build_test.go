package imagebuild

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"gotest.tools/v3/assert"
	"gotest.tools/v3/golden"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
	"github.com/skiff-cli/skiff/formatter"
)

// The testdata streams: build-ok.jsonl and build-fail.jsonl are what the engine (20.10,
// classic builder) streamed for a real build; build-pull.jsonl adds a FROM pull. The
// .golden files are what docker 28 printed for them, served by a fake engine.

// contextDir is a build context: a Dockerfile and a file.
func contextDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	assert.NilError(t, os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte("FROM bb:latest\nCOPY a.txt /\n"), 0o644))
	assert.NilError(t, os.WriteFile(filepath.Join(dir, "a.txt"), []byte("hello\n"), 0o644))
	return dir
}

// request is what the fake engine saw of a build.
type request struct {
	mu       sync.Mutex
	rawQuery string
	header   http.Header
	body     []byte
}

func (r *request) get() (string, http.Header, []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.rawQuery, r.header, r.body
}

// expectBuild makes e answer one POST /build with the stream in testdata/file (or
// stream itself when it does not end in .jsonl), recording the request.
func expectBuild(t *testing.T, e *fakeengine.Engine, stream string) *request {
	t.Helper()
	if strings.HasSuffix(stream, ".jsonl") {
		b, err := os.ReadFile(filepath.Join("testdata", stream))
		assert.NilError(t, err)
		stream = string(b)
	}
	req := &request{}
	e.Expect("POST", "/build").Header("Content-Type", "application/x-tar").ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("reading the context: %v", err)
		}
		req.mu.Lock()
		req.rawQuery, req.header, req.body = r.URL.RawQuery, r.Header.Clone(), body
		req.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, stream)
	})
	return req
}

// sending is docker's line for an upload of n bytes, as it ends.
func sending(n int) string {
	return fmt.Sprintf("Sending build context to Docker daemon %8s\r\r\n", formatter.HumanSize(float64(n)))
}

func run(t *testing.T, cli *clitest.Cli, args ...string) error {
	t.Helper()
	return clitest.Run(t, NewBuildCommand(cli), args...)
}

// Every flag, encoded as docker 28 encodes it (the query string captured from its
// POST /build with the same command line), and every credential of config.json in
// X-Registry-Config.
func TestBuildQuery(t *testing.T) {
	t.Setenv("FOO", "fooval")
	t.Setenv("UNSETV", "")
	os.Unsetenv("UNSETV")
	t.Setenv("DOCKER_DEFAULT_PLATFORM", "")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"defaults", nil, "dockerfile=Dockerfile&version=1"},
		{"every flag", []string{"-t", "a:1", "-t", "b", "--build-arg", "K=V", "--build-arg", "FOO", "--build-arg", "UNSETV",
			"--build-arg", "E=", "--target", "st", "--label", "l1=v1", "--label", "l2", "--no-cache", "--pull", "--network", "host",
			"--add-host", "h1:1.2.3.4", "--add-host", "h2:::1", "--platform", "linux/amd64", "--force-rm", "--cache-from", "c1",
			"--cache-from", "c2,c3", "--shm-size", "64m", "--ulimit", "nofile=1024:2048", "--ulimit", "nproc=10", "--isolation", "default",
			"--cpuset-cpus", "0-1", "--cpuset-mems", "0", "--cpu-shares", "5", "--cpu-period", "100000", "--cpu-quota", "50000",
			"-m", "100m", "--memory-swap", "200m", "--security-opt", "seccomp=unconfined", "--security-opt", "no-new-privileges",
			"--cgroup-parent", "cg"},
			"buildargs=%7B%22E%22%3A%22%22%2C%22FOO%22%3A%22fooval%22%2C%22K%22%3A%22V%22%2C%22UNSETV%22%3Anull%7D&cachefrom=%5B%22c1%22%2C%22c2%22%2C%22c3%22%5D&cgroupparent=cg&cpuperiod=100000&cpuquota=50000&cpusetcpus=0-1&cpusetmems=0&cpushares=5&dockerfile=Dockerfile&extrahosts=h1%3A1.2.3.4&extrahosts=h2%3A%3A%3A1&forcerm=1&labels=%7B%22l1%22%3A%22v1%22%2C%22l2%22%3A%22%22%7D&memory=104857600&memswap=209715200&networkmode=host&nocache=1&platform=linux%2Famd64&pull=1&securityopt=seccomp%3Dunconfined&securityopt=no-new-privileges&shmsize=67108864&t=a%3A1&t=b&target=st&ulimits=%5B%7B%22Name%22%3A%22nofile%22%2C%22Hard%22%3A2048%2C%22Soft%22%3A1024%7D%2C%7B%22Name%22%3A%22nproc%22%2C%22Hard%22%3A10%2C%22Soft%22%3A10%7D%5D&version=1"},
		{"rm=false", []string{"--rm=false"}, "dockerfile=Dockerfile&rm=0&version=1"},
		{"rm=true", []string{"--rm=true"}, "dockerfile=Dockerfile&version=1"},
		{"quiet", []string{"-q"}, "dockerfile=Dockerfile&q=1&version=1"},
		{"isolation", []string{"--isolation", "hyperv"}, "dockerfile=Dockerfile&isolation=hyperv&version=1"},
		{"network default", []string{"--network", "default"}, "dockerfile=Dockerfile&version=1"},
		{"zero sizes", []string{"--shm-size", "0", "-m", "0", "--memory-swap", "0", "--cpu-shares", "0"}, "dockerfile=Dockerfile&version=1"},
		{"unlimited swap", []string{"--memory-swap", "-1"}, "dockerfile=Dockerfile&memswap=-1&version=1"},
		{"later values win", []string{"--label", "a=1", "--label", "a=2", "--label", "b=x=y", "--build-arg", "A=1", "--build-arg", "A=2",
			"--ulimit", "nproc=10", "--ulimit", "nofile=1", "--ulimit", "nproc=5"},
			"buildargs=%7B%22A%22%3A%222%22%7D&dockerfile=Dockerfile&labels=%7B%22a%22%3A%222%22%2C%22b%22%3A%22x%3Dy%22%7D&ulimits=%5B%7B%22Name%22%3A%22nofile%22%2C%22Hard%22%3A1%2C%22Soft%22%3A1%7D%2C%7B%22Name%22%3A%22nproc%22%2C%22Hard%22%3A5%2C%22Soft%22%3A5%7D%5D&version=1"},
		{"hosts and options", []string{"--add-host", "h3=1.2.3.4", "--add-host", "h4:[::1]", "--security-opt", "a,b"},
			"dockerfile=Dockerfile&extrahosts=h3%3A1.2.3.4&extrahosts=h4%3A%3A%3A1&securityopt=a&securityopt=b&version=1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			req := expectBuild(t, e, "build-ok.jsonl")
			cli := clitest.New(t, e.Host())
			assert.NilError(t, run(t, cli, append(tc.args, contextDir(t))...))
			q, h, _ := req.get()
			assert.Equal(t, q, tc.want)
			assert.Equal(t, h.Get("X-Registry-Config"), "e30=")
		})
	}
}

// docker sends every registry's credentials it knows, in case a FROM needs them.
func TestBuildRegistryConfig(t *testing.T) {
	e := fakeengine.New(t)
	req := expectBuild(t, e, "build-ok.jsonl")
	cli := clitest.New(t, e.Host())
	cfg := `{"auths":{"https://index.docker.io/v1/":{"auth":"dXNlcjpzZWNyZXQ="},"127.0.0.1:5000":{"auth":"dTI6cDI="},` +
		`"reg.example:443":{"auth":"dTM6cDM=","identitytoken":"tok"}}}`
	assert.NilError(t, os.WriteFile(filepath.Join(os.Getenv("DOCKER_CONFIG"), "config.json"), []byte(cfg), 0o600))
	assert.NilError(t, run(t, cli, contextDir(t)))
	_, h, _ := req.get()
	got, err := base64.URLEncoding.DecodeString(h.Get("X-Registry-Config"))
	assert.NilError(t, err)
	// docker 28's header for this config.json, decoded
	assert.Equal(t, string(got), `{"127.0.0.1:5000":{"username":"u2","password":"p2","serveraddress":"127.0.0.1:5000"},`+
		`"https://index.docker.io/v1/":{"username":"user","password":"secret","serveraddress":"https://index.docker.io/v1/"},`+
		`"reg.example:443":{"username":"u3","password":"p3","serveraddress":"reg.example:443","identitytoken":"tok"}}`)
}

// A credential store that fails to list leaves X-Registry-Config empty ({}), the build
// going on without a word, as docker 28's.
func TestBuildBrokenCredsStore(t *testing.T) {
	e := fakeengine.New(t)
	req := expectBuild(t, e, "build-ok.jsonl")
	cli := clitest.New(t, e.Host())
	assert.NilError(t, os.WriteFile(filepath.Join(os.Getenv("DOCKER_CONFIG"), "config.json"), []byte(`{"credsStore":"nosuch"}`), 0o600))
	assert.NilError(t, run(t, cli, contextDir(t)))
	_, h, _ := req.get()
	assert.Equal(t, h.Get("X-Registry-Config"), "e30=")
	assert.Equal(t, cli.ErrBuf.String(), "")
}

// The stream as docker draws it, after the upload's line; stderr stays empty.
func TestBuildOutput(t *testing.T) {
	for _, name := range []string{"build-ok", "build-pull"} {
		t.Run(name, func(t *testing.T) {
			e := fakeengine.New(t)
			req := expectBuild(t, e, name+".jsonl")
			cli := clitest.New(t, e.Host())
			assert.NilError(t, run(t, cli, contextDir(t)))
			_, _, body := req.get()
			first, rest, _ := strings.Cut(cli.OutBuf.String(), "\n")
			assert.Equal(t, first+"\n", sending(len(body)))
			golden.Assert(t, rest, name+".golden")
			assert.Equal(t, cli.ErrBuf.String(), "")
		})
	}
}

// A failing RUN: the output up to it on stdout, the engine's message as the error with
// the engine's code as exit status.
func TestBuildFails(t *testing.T) {
	e := fakeengine.New(t)
	expectBuild(t, e, "build-fail.jsonl")
	cli := clitest.New(t, e.Host())
	err := run(t, cli, contextDir(t))
	assert.Equal(t, commands.ExitCode(err), 3)
	assert.Equal(t, err.Error(), "The command '/bin/sh -c echo out; echo err >&2; exit 3' returned a non-zero code: 3")
	_, rest, _ := strings.Cut(cli.OutBuf.String(), "\n")
	golden.Assert(t, rest, "build-fail.golden")
}

// Errors of the stream and of the engine, with docker 28's exit status (observed
// against a fake engine streaming the same).
func TestBuildStreamErrors(t *testing.T) {
	tests := []struct {
		name   string
		stream string
		status int
		msg    string
		code   int
	}{
		{"no code", `{"stream":"a\n"}` + "\n" + `{"errorDetail":{"message":"detail only"}}`, 200, "detail only", 1},
		{"code 0", `{"errorDetail":{"code":0,"message":"zero"},"error":"zero"}`, 200, "zero", 1},
		{"code 125", `{"errorDetail":{"code":125,"message":"big"},"error":"big"}`, 200, "big", 125},
		{"malformed", "{\"stream\":\"a\n\"}", 200, `invalid character '\n' in string literal`, 1},
		{"daemon", "", 400, "Error response from daemon: dockerfile parse error line 2: unknown instruction: FOO", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			if tc.status != 200 {
				e.Expect("POST", "/build").ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
					io.Copy(io.Discard, r.Body)
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(tc.status)
					io.WriteString(w, `{"message":"dockerfile parse error line 2: unknown instruction: FOO"}`)
				})
			} else {
				expectBuild(t, e, tc.stream)
			}
			cli := clitest.New(t, e.Host())
			err := run(t, cli, contextDir(t))
			assert.Equal(t, commands.Message(err), tc.msg)
			assert.Equal(t, commands.ExitCode(err), tc.code)
		})
	}
}

// -q: stdout is only what the engine streams (its quiet stream is the image ID); on
// failure everything kept aside goes to stderr, the upload's line first.
func TestBuildQuiet(t *testing.T) {
	t.Run("success", func(t *testing.T) {
		e := fakeengine.New(t)
		id := "sha256:e4bfbf2cf6ad40911b84f8cfa15e70b62b6e2ba347b33c4545122b290be88d1a"
		expectBuild(t, e, `{"stream":"`+id+`\n"}`)
		cli := clitest.New(t, e.Host())
		assert.NilError(t, run(t, cli, "-q", contextDir(t)))
		assert.Equal(t, cli.OutBuf.String(), id+"\n")
		assert.Equal(t, cli.ErrBuf.String(), "")
	})
	t.Run("engine ignoring q", func(t *testing.T) {
		e := fakeengine.New(t)
		expectBuild(t, e, "build-ok.jsonl")
		cli := clitest.New(t, e.Host(), clitest.Options{Terminal: true})
		assert.NilError(t, run(t, cli, "-q", contextDir(t)))
		golden.Assert(t, cli.OutBuf.String(), "build-ok-quiet.golden")
		assert.Equal(t, cli.ErrBuf.String(), "")
	})
	t.Run("failure", func(t *testing.T) {
		e := fakeengine.New(t)
		req := expectBuild(t, e, "build-fail.jsonl")
		cli := clitest.New(t, e.Host())
		err := run(t, cli, "-q", contextDir(t))
		assert.Equal(t, commands.ExitCode(err), 3)
		assert.Equal(t, cli.OutBuf.String(), "")
		_, _, body := req.get()
		first, rest, _ := strings.Cut(cli.ErrBuf.String()+err.Error()+"\n", "\n")
		assert.Equal(t, first+"\n", sending(len(body)))
		golden.Assert(t, rest, "build-fail-quiet-stderr.golden")
	})
}

// --iidfile: the aux ID, without newline, written whole; with -q what the engine
// streamed (docker writes its newline too); an earlier file is gone before the build,
// so a failed build leaves none.
func TestBuildIIDFile(t *testing.T) {
	const id = "sha256:e4bfbf2cf6ad40911b84f8cfa15e70b62b6e2ba347b33c4545122b290be88d1a"
	tests := []struct {
		name   string
		args   []string
		stream string
		want   string // the file's content; "" = absent
		err    string
	}{
		{"aux", nil, "build-ok.jsonl", id, ""},
		{"quiet", []string{"-q"}, `{"stream":"` + id + `\n"}`, id + "\n", ""},
		{"failure", nil, "build-fail.jsonl", "", "The command '/bin/sh -c echo out; echo err >&2; exit 3' returned a non-zero code: 3"},
		{"no ID", nil, `{"stream":"Successfully built e4bfbf2cf6ad\n"}`, "", "Server did not provide an image ID. Cannot write "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			expectBuild(t, e, tc.stream)
			cli := clitest.New(t, e.Host())
			dir := t.TempDir()
			path := filepath.Join(dir, "iid")
			assert.NilError(t, os.WriteFile(path, []byte("stale"), 0o644))
			err := run(t, cli, append(tc.args, "--iidfile", path, contextDir(t))...)
			if tc.err == "" {
				assert.NilError(t, err)
			} else {
				assert.ErrorContains(t, err, tc.err)
				assert.Equal(t, commands.ExitCode(err), map[bool]int{true: 3, false: 1}[tc.name == "failure"])
			}
			got, rerr := os.ReadFile(path)
			if tc.want == "" {
				assert.Assert(t, errors.Is(rerr, fs.ErrNotExist), "iidfile left: %q", got)
			} else {
				assert.NilError(t, rerr)
				assert.Equal(t, string(got), tc.want)
			}
			entries, _ := os.ReadDir(dir)
			assert.Assert(t, len(entries) <= 1, "temporary files left: %v", entries)
		})
	}
}

// --iidfile errors in docker's words: a directory with something in it cannot be removed
// (nothing is sent); a file in a missing directory fails after the build.
func TestBuildIIDFileErrors(t *testing.T) {
	e := fakeengine.New(t)
	cli := clitest.New(t, e.Host())
	dir := t.TempDir()
	assert.NilError(t, os.MkdirAll(filepath.Join(dir, "full", "x"), 0o755))
	err := run(t, cli, "--iidfile", filepath.Join(dir, "full"), contextDir(t))
	assert.Equal(t, commands.Message(err), "Removing image ID file: remove "+filepath.Join(dir, "full")+": directory not empty")
	assert.Equal(t, commands.ExitCode(err), 1)

	e2 := fakeengine.New(t)
	expectBuild(t, e2, "build-ok.jsonl")
	cli = clitest.New(t, e2.Host())
	missing := filepath.Join(dir, "nonexist", "iid")
	err = run(t, cli, "--iidfile", missing, contextDir(t))
	assert.Equal(t, commands.Message(err), "open "+missing+": no such file or directory")
	assert.Equal(t, commands.ExitCode(err), 1)
}

// --squash needs an experimental daemon: docker's refusal (exit 1) before anything is
// sent, squash=1 otherwise.
func TestBuildSquash(t *testing.T) {
	e := fakeengine.New(t)
	cli := clitest.New(t, e.Host())
	err := run(t, cli, "--squash", contextDir(t))
	assert.Equal(t, commands.Message(err), `"--squash" is only supported on a Docker daemon with experimental features enabled`)
	assert.Equal(t, commands.ExitCode(err), 1)

	e = fakeengine.New(t)
	e.Experimental = true
	req := expectBuild(t, e, "build-ok.jsonl")
	cli = clitest.New(t, e.Host())
	assert.NilError(t, run(t, cli, "--squash", contextDir(t)))
	q, _, _ := req.get()
	assert.Equal(t, q, "dockerfile=Dockerfile&squash=1&version=1")
}

// --platform needs API 1.38 (the flag's check); DOCKER_DEFAULT_PLATFORM, which is no
// flag set, meets the request's own check for 1.32; both exit 1, nothing sent.
func TestBuildPlatformAPI(t *testing.T) {
	e := fakeengine.New(t)
	e.APIVersion = "1.31"
	cli := clitest.New(t, e.Host())
	err := run(t, cli, "--platform", "linux", contextDir(t))
	assert.Equal(t, commands.Message(err), `"--platform" requires API version 1.38, but the Docker daemon API version is 1.31`)

	t.Setenv("DOCKER_DEFAULT_PLATFORM", "linux/arm64")
	cli = clitest.New(t, e.Host())
	err = run(t, cli, contextDir(t))
	assert.Equal(t, commands.Message(err), `"platform" requires API version 1.32, but the Docker daemon API version is 1.31`)
	assert.Equal(t, commands.ExitCode(err), 1)
	assert.Equal(t, cli.OutBuf.String(), "")

	e = fakeengine.New(t)
	e.APIVersion = "1.32"
	req := expectBuild(t, e, "build-ok.jsonl")
	cli = clitest.New(t, e.Host())
	assert.NilError(t, run(t, cli, contextDir(t)))
	q, _, _ := req.get()
	assert.Equal(t, q, "dockerfile=Dockerfile&platform=linux%2Farm64&version=1")
}

// Flag values docker refuses, in its words (exit 125).
func TestBuildFlagErrors(t *testing.T) {
	tests := []struct{ args, msg string }{
		{"-t Bad:x", `invalid argument "Bad:x" for "-t, --tag" flag: invalid reference format: repository name (library/Bad) must be lowercase`},
		{"-t a:b:c", `invalid argument "a:b:c" for "-t, --tag" flag: invalid reference format`},
		{"--shm-size abc", `invalid argument "abc" for "--shm-size" flag: invalid size: 'abc'`},
		{"--ulimit nofile", `invalid argument "nofile" for "--ulimit" flag: invalid ulimit argument: nofile`},
		{"-m 1x", `invalid argument "1x" for "-m, --memory" flag: invalid suffix: 'x'`},
		{"--add-host foo:bar", `invalid argument "foo:bar" for "--add-host" flag: invalid IP address in add-host: "bar"`},
		{"--label =x", `invalid argument "=x" for "--label" flag: invalid label '=x': empty name`},
		{"--build-arg =x", `invalid argument "=x" for "--build-arg" flag: invalid environment variable: =x`},
		{"--cpu-shares x", `invalid argument "x" for "-c, --cpu-shares" flag: strconv.ParseInt: parsing "x": invalid syntax`},
	}
	for _, tc := range tests {
		t.Run(tc.args, func(t *testing.T) {
			cli := clitest.New(t, "")
			err := run(t, cli, append(strings.Fields(tc.args), ".")...)
			first, _, _ := strings.Cut(commands.Message(err), "\n")
			assert.Equal(t, first, tc.msg)
			assert.Equal(t, commands.ExitCode(err), 125)
		})
	}
	cli := clitest.New(t, "")
	err := run(t, cli)
	first, _, _ := strings.Cut(commands.Message(err), "\n")
	// without the root above it the path is "build" (e2e checks "docker build")
	assert.Equal(t, first, "docker: 'build' requires 1 argument")
	assert.Equal(t, commands.ExitCode(err), 1)
}

// --compress sends the context gzip-compressed; the upload's line counts what is sent.
func TestBuildCompress(t *testing.T) {
	e := fakeengine.New(t)
	req := expectBuild(t, e, "build-ok.jsonl")
	cli := clitest.New(t, e.Host())
	assert.NilError(t, run(t, cli, "--compress", contextDir(t)))
	_, _, body := req.get()
	zr, err := gzip.NewReader(bytes.NewReader(body))
	assert.NilError(t, err)
	var names []string
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		assert.NilError(t, err)
		names = append(names, h.Name)
	}
	assert.DeepEqual(t, names, []string{"Dockerfile", "a.txt"})
	first, _, _ := strings.Cut(cli.OutBuf.String(), "\n")
	assert.Equal(t, first+"\n", sending(len(body)))
}

// On a terminal the upload's line is redrawn in place: first once 512 KiB are read, then
// at the end with the total, followed by docker's "\r\n".
func TestUploadProgressTerminal(t *testing.T) {
	e := fakeengine.New(t)
	cli := clitest.New(t, e.Host(), clitest.Options{Terminal: true})
	b := newBuildOutput(cli, false)
	n, err := io.Copy(io.Discard, b.uploadProgress(io.LimitReader(zeros{}, 1<<20)))
	assert.NilError(t, err)
	assert.Equal(t, n, int64(1<<20))
	out := cli.OutBuf.String()
	assert.Assert(t, strings.HasPrefix(out, "Sending build context to Docker daemon  524.3kB\r"), "%q", out)
	assert.Assert(t, strings.HasSuffix(out, "Sending build context to Docker daemon  1.049MB\r\r\n"), "%q", out)
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	n := min(len(p), 32<<10)
	clear(p[:n])
	return n, nil
}

// config.json's proxies become build arguments the --build-arg flags did not set (one
// given bare and unset in the environment still wins: null), as docker 28 sends them;
// an entry for the daemon's own host replaces "default".
func TestBuildProxies(t *testing.T) {
	t.Setenv("HTTP_PROXY", "")
	os.Unsetenv("HTTP_PROXY")
	for _, tc := range []struct {
		name, cfg string
		args      []string
		want      string
	}{
		{"default", `{"proxies":{"default":{"httpProxy":"http://p:1","noProxy":"x","ftpProxy":"f"}}}`,
			[]string{"--build-arg", "FOO=1", "--build-arg", "no_proxy=mine", "--build-arg", "HTTP_PROXY"},
			`{"FOO":"1","FTP_PROXY":"f","HTTP_PROXY":null,"NO_PROXY":"x","ftp_proxy":"f","http_proxy":"http://p:1","no_proxy":"mine"}`},
		{"host's own", `{"proxies":{"default":{"httpProxy":"h"},"HOST":{"httpsProxy":"s"}}}`, nil,
			`{"HTTPS_PROXY":"s","https_proxy":"s"}`},
		{"none", `{"proxies":{"default":{"httpProxy":""}}}`, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			req := expectBuild(t, e, "build-ok.jsonl")
			cli := clitest.New(t, e.Host())
			cfg := strings.ReplaceAll(tc.cfg, "HOST", e.Host())
			assert.NilError(t, os.WriteFile(filepath.Join(os.Getenv("DOCKER_CONFIG"), "config.json"), []byte(cfg), 0o600))
			assert.NilError(t, run(t, cli, append(tc.args, contextDir(t))...))
			q, _, _ := req.get()
			v, err := url.ParseQuery(q)
			assert.NilError(t, err)
			assert.Equal(t, v.Get("buildargs"), tc.want)
		})
	}
}
