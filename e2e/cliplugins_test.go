//go:build e2e

package e2e

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// CLI plugins: both clients see the same plugins through one DOCKER_CONFIG (or
// --config) holding the test plugin (../cliplugins/testdata/fakeplugin) under several
// names; its name picks its metadata (good, badjson, metafail, novendor, badschema,
// hang), and run it prints its arguments and DOCKER_* environment and exits with
// $FAKEPLUGIN_EXIT.

var (
	fakePluginOnce sync.Once
	fakePluginPath string
	fakePluginErr  error
)

// fakePlugin builds the test plugin once per run.
func fakePlugin(t *testing.T) string {
	t.Helper()
	fakePluginOnce.Do(func() {
		dir, err := os.MkdirTemp("", "skiff-e2e-plugin-")
		if err != nil {
			fakePluginErr = err
			return
		}
		fakePluginPath = filepath.Join(dir, "fakeplugin")
		out, err := exec.Command("go", "build", "-o", fakePluginPath, "../cliplugins/testdata/fakeplugin").CombinedOutput()
		if err != nil {
			fakePluginErr = err
			t.Logf("%s", out)
		}
	})
	if fakePluginErr != nil {
		t.Fatalf("building the test plugin: %v", fakePluginErr)
	}
	return fakePluginPath
}

// cliPluginConfig makes a config directory whose cli-plugins holds the test plugin under
// each name (a copy: docker runs it under its own name).
func cliPluginConfig(t *testing.T, names ...string) string {
	t.Helper()
	bin := fakePlugin(t)
	cfg := t.TempDir()
	dir := filepath.Join(cfg, "cli-plugins")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if err := os.Symlink(bin, filepath.Join(dir, "docker-"+n)); err != nil {
			t.Fatal(err)
		}
	}
	return cfg
}

// pluginNorm hides what differs by client: its own path (argv[0]) and the socket's
// random name.
func pluginNorm(s string) string {
	s = regexp.MustCompile(`DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND=.*`).ReplaceAllString(s, "DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND=<CLI>")
	return regexp.MustCompile(`@docker_cli_[0-9a-f]+`).ReplaceAllString(s, "@docker_cli_<ID>")
}

// pluginHelpNorm keeps what help says of plugins: the NAME* lines and the Invalid
// Plugins section (the built-in lists differ where skiff lacks commands, elsewhere).
func pluginHelpNorm(s string) string {
	var out []string
	invalid := false
	for _, l := range strings.Split(s, "\n") {
		switch {
		case l == "Invalid Plugins:":
			invalid = true
		case invalid && !strings.HasPrefix(l, "  "):
			invalid = false
		}
		if invalid || regexp.MustCompile(`^  [a-z0-9]+\* `).MatchString(l) || strings.HasPrefix(l, "Flag shorthand") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func TestCLIPluginHelp(t *testing.T) {
	t.Parallel()
	cfg := cliPluginConfig(t, "dump", "compose", "badjson", "metafail", "novendor", "badschema", "Bad_Name", "ps",
		"trust", "checkpoint", "completion", "help", "container")
	dir := filepath.Join(cfg, "cli-plugins")
	if err := os.Symlink(filepath.Join(dir, "nowhere"), filepath.Join(dir, "docker-dangling")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "docker-noexec"), []byte("#!/bin/sh\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := []string{"DOCKER_CONFIG=" + cfg}
	for _, args := range [][]string{{"--help"}, {}, {"frob", "--help"}, {"frob", "-h"}, {"badjson", "-h"}, {"noexec", "--help"}} {
		CompareWith(t, pluginHelpNorm, env, "", args...)
	}
	r := SkiffIn(t, "", env, "--help")
	for _, w := range []string{"  compose*    Fake plugin compose\n", "\nInvalid Plugins:\n  Bad_Name    plugin candidate",
		"  noexec      failed to fetch metadata: fork/exec " + dir + "/docker-noexec: permission denied\n"} {
		if !strings.Contains(r.Stdout, w) {
			t.Errorf("--help lacks %q:\n%s", w, r.Stdout)
		}
	}
}

func TestCLIPluginRun(t *testing.T) {
	t.Parallel()
	cfg := cliPluginConfig(t, "dump", "compose", "badjson", "metafail")
	env := []string{"DOCKER_CONFIG=" + cfg, "FAKEPLUGIN_EXIT=7"}
	for _, args := range [][]string{
		{"dump", "a", "-b", "--c"}, {"compose", "up", "-d"}, {"-D", "-l", "info", "dump", "x"},
		{"-H", "unix:///nowhere.sock", "dump"}, {"-c", "default", "dump"}, {"--tls", "dump"},
		{"help", "dump"}, {"-h", "dump"}, {"--help", "dump"}, {"dump", "--help"}, {"dump", "-h"}, {"-v", "dump"},
		{"--bogus", "dump"}, {"--tls=x", "dump"}, {"-l", "bad", "dump"}, {"-H", "tcp://127.0.0.1:1", "-c", "default", "dump"},
		{"-c", "nosuch", "dump"}, {"--", "dump", "x"}, {"-Dl", "debug", "dump"},
		{"badjson"}, {"help", "badjson"}, {"metafail", "x"}, {"frob"}, {"help", "frob"},
	} {
		CompareWith(t, pluginNorm, env, "", args...)
	}
	CompareWith(t, pluginNorm, []string{"DOCKER_CONFIG=" + cfg, "FAKEPLUGIN_EXIT=0"}, "", "dump")
	CompareWith(t, pluginNorm, nil, "", "--config", cfg, "dump")
	CompareWith(t, pluginNorm, nil, "", "--config="+cfg, "-D", "dump")
	// the environment as docker gives it: its argv[0], the socket (not for help)
	r := SkiffIn(t, "", env, "dump")
	if !strings.Contains(r.Stdout, "env:DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND="+skiffBin+"\n") ||
		!regexp.MustCompile(`env:DOCKER_CLI_PLUGIN_SOCKET=@docker_cli_[0-9a-f]{32}\n`).MatchString(r.Stdout) {
		t.Errorf("plugin environment:\n%s", r.Stdout)
	}
}

// TestCLIPluginDirs: config.json's cliPluginsExtraDirs come first, then the config
// directory's; docker info shows the shadowed ones.
func TestCLIPluginDirs(t *testing.T) {
	t.Parallel()
	bin := fakePlugin(t)
	cfg := cliPluginConfig(t, "dup")
	extra1, extra2 := t.TempDir(), t.TempDir()
	for _, p := range []string{filepath.Join(extra1, "docker-dup"), filepath.Join(extra2, "docker-dup"), filepath.Join(extra2, "docker-extra")} {
		if err := os.Symlink(bin, p); err != nil {
			t.Fatal(err)
		}
	}
	conf := `{"cliPluginsExtraDirs": ["` + extra2 + `", "` + extra1 + `", "/nonexistent/dir"]}`
	if err := os.WriteFile(filepath.Join(cfg, "config.json"), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{"DOCKER_CONFIG=" + cfg}
	CompareWith(t, pluginNorm, env, "", "dup")
	CompareWith(t, pluginNorm, env, "", "info", "--format", "{{json .ClientInfo.Plugins}}")
	CompareWith(t, pluginNorm, env, "", "info", "--format", "{{.ClientInfo.Plugins}}")
}

func TestCLIPluginInfo(t *testing.T) {
	t.Parallel()
	cfg := cliPluginConfig(t, "dump", "badjson", "novendor", "ps")
	env := []string{"DOCKER_CONFIG=" + cfg}
	for _, f := range []string{"{{json .ClientInfo.Plugins}}", "{{.ClientInfo.Plugins}}", "{{range .ClientInfo.Plugins}}{{.Name}} {{.Err}};{{end}}"} {
		CompareWith(t, nil, env, "", "info", "--format", f)
	}
	// the client's section and the warnings for the plugins that are not valid
	clientPart := func(s string) string { before, _, _ := strings.Cut(s, "\nServer:"); return before }
	CompareWith(t, clientPart, env, "", "info")
	r := SkiffIn(t, "", env, "info")
	if !strings.Contains(r.Stdout, " Plugins:\n  dump: Fake plugin dump (skiff tests)\n    Version:  v1.2.3\n    Path:     "+cfg+"/cli-plugins/docker-dump\n") ||
		!strings.HasPrefix(r.Stderr, `WARNING: Plugin "`+cfg+`/cli-plugins/docker-badjson" is not valid: invalid metadata: unexpected end of JSON input`) {
		t.Errorf("info:\n%s\nstderr:\n%s", r.Stdout, r.Stderr)
	}
}

// TestCLIPluginBuildx: build, image build and builder go to a buildx plugin when
// BuildKit is wanted; config.json may alias builder to another plugin, and nothing else.
func TestCLIPluginBuildx(t *testing.T) {
	t.Parallel()
	cfg := cliPluginConfig(t, "buildx", "dump")
	env := []string{"DOCKER_CONFIG=" + cfg}
	for _, args := range [][]string{{"build", "-t", "x", "."}, {"image", "build", "."}, {"builder", "ls"}, {"builder", "prune", "-f"},
		{"builder"}, {"-D", "build", "."}, {"--bogus", "build", "."}, {"build", "--help"}, {"builder", "--help"}, {"buildx", "version"}} {
		CompareWith(t, pluginNorm, env, "", args...)
		CompareWith(t, pluginNorm, append(env, "DOCKER_BUILDKIT=1"), "", args...)
	}
	CompareWith(t, pluginNorm, append(env, "DOCKER_BUILDKIT=0"), "", "builder", "ls", "--format", "x")
	CompareWith(t, pluginNorm, append(env, "DOCKER_BUILDKIT=0"), "", "build", "--bogus")
	// no buildx: the legacy builder's notice, or docker's error when BuildKit is asked for
	none := []string{"DOCKER_CONFIG=" + cliPluginConfig(t, "dump")}
	CompareWith(t, pluginNorm, none, "", "build", "--bogus")
	CompareWith(t, pluginNorm, append(none, "DOCKER_BUILDKIT=1"), "", "build", ".")
	for _, conf := range []string{`{"aliases": {"builder": "buildx"}}`, `{"aliases": {"builder": "dump"}}`,
		`{"aliases": {"builder": "nowhere"}}`, `{"aliases": {"foo": "dump"}}`, `{"aliases": {"ps": "dump"}}`} {
		if err := os.WriteFile(filepath.Join(cfg, "config.json"), []byte(conf), 0o600); err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{{"builder", "ls"}, {"build", "."}, {"foo", "x"}, {"context", "ls", "-q"}, {"--version"}} {
			CompareWith(t, func(s string) string {
				return regexp.MustCompile(`build [0-9a-f]{7}.*`).ReplaceAllString(pluginNorm(s), "build <COMMIT>")
			}, env, "", args...)
		}
	}
}

// TestCLIPluginProbesOnlyTheOneRun: --version and built-in commands ask no plugin for
// its metadata; docker NAME asks NAME alone.
func TestCLIPluginProbesOnlyTheOneRun(t *testing.T) {
	t.Parallel()
	cfg := cliPluginConfig(t, "dump", "one", "two", "hang")
	log := filepath.Join(t.TempDir(), "probes")
	env := []string{"DOCKER_CONFIG=" + cfg, "FAKEPLUGIN_PROBE_LOG=" + log}
	for _, args := range [][]string{{"--version"}, {"-v"}, {"context", "ls"}, {"version", "--format", "{{.Client.Version}}"}, {"help", "ps"}, {"frob"}, {"ps", "--help"}} {
		SkiffIn(t, "", env, args...)
	}
	if b, err := os.ReadFile(log); err == nil {
		t.Errorf("plugins were asked for their metadata: %q", b)
	}
	SkiffIn(t, "", env, "dump")
	if b, _ := os.ReadFile(log); string(b) != "dump\n" {
		t.Errorf("docker dump asked %q", b)
	}
}

// TestCLIPluginHangs: docker 28 waits for ever for a plugin that never gives its
// metadata (--help, info); skiff kills it after its time limit and calls it invalid.
func TestCLIPluginHangs(t *testing.T) {
	t.Parallel()
	cfg := cliPluginConfig(t, "dump", "hang")
	env := []string{"DOCKER_CONFIG=" + cfg}
	start := time.Now()
	r := SkiffIn(t, "", env, "--help")
	if r.Code != 0 || !strings.Contains(r.Stdout, "\nInvalid Plugins:\n  hang        failed to fetch metadata: signal: killed\n") ||
		!strings.Contains(r.Stdout, "  dump*       Fake plugin dump\n") {
		t.Errorf("--help: %s", r)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("--help took %s", d)
	}
	if r := SkiffIn(t, "", env, "hang"); r.Code != 1 || r.FirstErrLine() != "docker: unknown command: docker hang" {
		t.Errorf("docker hang: %s", r)
	}
}

// TestCLIPluginSignals: docker closes the plugin socket at the first SIGINT/SIGTERM
// (and sends the plugin nothing), and ends at the third with its message and 1.
func TestCLIPluginSignals(t *testing.T) {
	t.Parallel()
	cfg := cliPluginConfig(t, "dump")
	env := []string{"DOCKER_CONFIG=" + cfg}
	type outcome struct {
		code    int
		stdout  string
		errLine string
	}
	run := func(who string) outcome {
		bin, home := clientOf(t, who)
		cmd := exec.Command(bin, "dump", "socket")
		cmd.Env = cleanEnv(home, env)
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // the test signals the CLI alone
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var errb strings.Builder
		cmd.Stderr = &errb
		cmd.WaitDelay = time.Second // the plugin, left running, holds stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		defer syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // the plugin sleeps on
		lines := bufio.NewScanner(stdout)
		var seen []string
		next := func() string {
			if !lines.Scan() {
				t.Fatalf("%s: the plugin's output ended after %q", who, seen)
			}
			seen = append(seen, lines.Text())
			return lines.Text()
		}
		if l := next(); l != "connected" {
			t.Fatalf("%s: %q", who, l)
		}
		_ = cmd.Process.Signal(syscall.SIGINT)
		// "closed: EOF", or a reset when the CLI's close finds data unread: the plugin
		// saw the socket close either way
		if l := next(); strings.HasPrefix(l, "closed: ") {
			seen[len(seen)-1] = "closed"
		}
		// Nothing shows that the CLI has counted the second signal; docker 28 dies of
		// the third when it comes at once (observed), so they are spaced.
		_ = cmd.Process.Signal(syscall.SIGTERM)
		time.Sleep(300 * time.Millisecond)
		_ = cmd.Process.Signal(syscall.SIGINT)
		go io.Copy(io.Discard, stdout)
		err = cmd.Wait()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		first, _, _ := strings.Cut(strings.TrimLeft(errb.String(), "\n"), "\n")
		return outcome{code, strings.Join(seen, "\n"), first}
	}
	want := outcome{1, "connected\nclosed", "got 3 SIGTERM/SIGINTs, forcefully exiting"}
	// docker 28 itself sometimes misses one of the signals (its own race: it then ends
	// with the plugin, 0): up to three tries for it to show its usual answer
	ref := run("ref")
	for try := 1; try < 3 && ref != want; try++ {
		t.Logf("reference, try %d: %+v", try, ref)
		ref = run("ref")
	}
	sk := run("skiff")
	if ref != sk {
		t.Errorf("reference %+v, skiff %+v", ref, sk)
	}
	if sk != want {
		t.Errorf("skiff: %+v", sk)
	}
}

// TestConfigReadBeforeCommand: docker 28 reads config.json (warning when it is broken)
// before it looks at the command, so the warning comes before a flag error or an
// unknown command; an alias other than builder is refused for every command.
func TestConfigReadBeforeCommand(t *testing.T) {
	t.Parallel()
	cfg := t.TempDir()
	if err := os.WriteFile(filepath.Join(cfg, "config.json"), []byte("{bad"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{"DOCKER_CONFIG=" + cfg}
	for _, args := range [][]string{{"ps", "--bogus"}, {"frob"}, {"--bogus", "ps"}, {"-l", "bad", "ps"}, {"context", "ls", "-q"}} {
		CompareWith(t, nil, env, "", args...)
	}
}
