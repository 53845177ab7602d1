package cliplugins

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fakePlugin is the test plugin (testdata/fakeplugin), built once by TestMain.
var fakePlugin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "skiff-cliplugins-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fakePlugin = filepath.Join(dir, "fakeplugin")
	if out, err := exec.Command("go", "build", "-o", fakePlugin, "./testdata/fakeplugin").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building the test plugin: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// install puts the test plugin in dir under each name (docker-NAME).
func install(t *testing.T, dir string, names ...string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if err := os.Symlink(fakePlugin, filepath.Join(dir, NamePrefix+n)); err != nil {
			t.Fatal(err)
		}
	}
}

func TestDirsOrder(t *testing.T) {
	got := Dirs("/cfg", []string{"/x", "/y"})
	want := []string{"/x", "/y", "/cfg/cli-plugins", "/usr/local/lib/docker/cli-plugins",
		"/usr/local/libexec/docker/cli-plugins", "/usr/lib/docker/cli-plugins", "/usr/libexec/docker/cli-plugins"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Dirs = %v, want %v", got, want)
	}
}

// TestFindFirstWins: the first directory with the name gives the plugin, the others
// are shadowed in order; only that plugin is looked at.
func TestFindFirstWins(t *testing.T) {
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	install(t, a, "dup")
	install(t, b, "other")
	install(t, c, "dup", "hang") // a hanging plugin elsewhere costs Find nothing
	f := Finder{Dirs: []string{a, b, c}, Timeout: time.Minute}
	start := time.Now()
	p := f.Find(context.Background(), "dup")
	if p == nil || p.Err != nil {
		t.Fatalf("Find(dup) = %+v", p)
	}
	if time.Since(start) > 30*time.Second {
		t.Errorf("Find ran another plugin")
	}
	if p.Path != filepath.Join(a, "docker-dup") || len(p.ShadowedPaths) != 1 || p.ShadowedPaths[0] != filepath.Join(c, "docker-dup") {
		t.Errorf("Find(dup): path %s, shadowed %v", p.Path, p.ShadowedPaths)
	}
	if p.Vendor != "skiff tests" || p.ShortDescription != "Fake plugin dup" || p.SchemaVersion != "0.1.0" {
		t.Errorf("metadata %+v", p.Metadata)
	}
	if f.Find(context.Background(), "missing") != nil {
		t.Errorf("Find(missing) found one")
	}
}

// TestListChecks: every kind of plugin that is not valid, with docker 28's reason.
func TestListChecks(t *testing.T) {
	dir := t.TempDir()
	install(t, dir, "good", "badjson", "metafail", "novendor", "badschema", "hang", "Bad_Name", "ps")
	if err := os.Symlink(filepath.Join(dir, "nowhere"), filepath.Join(dir, "docker-dangling")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "docker-noexec"), []byte("#!/bin/sh\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, skip := range []string{"docker-adir", "README", "docker-"} {
		if err := os.Mkdir(filepath.Join(dir, skip), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	f := Finder{Dirs: []string{dir, filepath.Join(dir, "missing")}, Builtin: func(n string) bool { return n == "ps" },
		Timeout: 300 * time.Millisecond}
	got := map[string]string{}
	var order []string
	for _, p := range f.List(context.Background()) {
		order = append(order, p.Name)
		got[p.Name] = "<nil>"
		if p.Err != nil {
			got[p.Name] = p.Err.Error()
		}
	}
	want := map[string]string{
		"good":      "<nil>",
		"Bad_Name":  `plugin candidate "Bad_Name" did not match "^[a-z][a-z0-9]*$"`,
		"badjson":   "invalid metadata: unexpected end of JSON input",
		"metafail":  "failed to fetch metadata: exit status 1",
		"novendor":  "plugin metadata does not define a vendor",
		"badschema": `plugin SchemaVersion "2.0.0" is not valid, must be 0.1.0`,
		"hang":      "failed to fetch metadata: signal: killed",
		"ps":        `plugin "ps" duplicates builtin command`,
		"dangling":  "failed to fetch metadata: fork/exec " + filepath.Join(dir, "docker-dangling") + ": no such file or directory",
		"noexec":    "failed to fetch metadata: fork/exec " + filepath.Join(dir, "docker-noexec") + ": permission denied",
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s: %q, want %q", name, got[name], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("listed %v", order)
	}
	if strings.Join(order, " ") != "Bad_Name badjson badschema dangling good hang metafail noexec novendor ps" {
		t.Errorf("order %v", order)
	}
}

// TestPluginJSON: the JSON and template shapes docker 28 shows in docker info.
func TestPluginJSON(t *testing.T) {
	p := Plugin{Name: "x", Path: "/p/docker-x", Err: errorf("bad")}
	b, _ := json.Marshal(p)
	if string(b) != `{"Name":"x","Path":"/p/docker-x","Err":"bad"}` {
		t.Errorf("json %s", b)
	}
	if s := fmt.Sprint(p); s != "{{    } x /p/docker-x bad []}" {
		t.Errorf("print %s", s)
	}
	if _, err := parseMetadata([]byte("[1]")); err == nil ||
		err.Error() != "invalid metadata: json: cannot unmarshal array into Go value of type metadata.Metadata" {
		t.Errorf("array: %v", err)
	}
}

// runDump runs the test plugin as `docker dump ARGS` and returns its output.
func runDump(t *testing.T, env string, args ...string) (string, int) {
	t.Helper()
	dir := t.TempDir()
	install(t, dir, "dump")
	p := Finder{Dirs: []string{dir}}.Find(context.Background(), "dump")
	var out strings.Builder
	t.Setenv("FAKEPLUGIN_EXIT", env)
	code, err := Invocation{Plugin: p, Argv0: "/bin/docker", Args: args, Stdout: &out, Stderr: io.Discard}.Run(context.Background())
	if err != nil && !IsExit(err) {
		t.Fatal(err)
	}
	return out.String(), code
}

func TestRunPassesArgsEnvAndStatus(t *testing.T) {
	out, code := runDump(t, "7", "-D", "dump", "a", "--b")
	if code != 7 {
		t.Errorf("exit %d, want 7", code)
	}
	for _, w := range []string{"arg:-D\narg:dump\narg:a\narg:--b\n", "env:DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND=/bin/docker\n", "env:DOCKER_CLI_PLUGIN_SOCKET=@docker_cli_"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	if _, code := runDump(t, "0", "dump"); code != 0 {
		t.Errorf("exit %d, want 0", code)
	}
}

// TestRunSignals: the first signal closes the plugin socket (the plugin reads EOF),
// the third ends the run with errForced while the plugin still runs.
func TestRunSignals(t *testing.T) {
	dir := t.TempDir()
	install(t, dir, "sock")
	p := Finder{Dirs: []string{dir}}.Find(context.Background(), "sock")
	pr, pw := io.Pipe()
	sigs := make(chan os.Signal, 3)
	type result struct {
		code int
		err  error
	}
	done := make(chan result, 1)
	go func() {
		code, err := Invocation{Plugin: p, Argv0: "docker", Args: []string{"sock", "socket"}, Stdout: pw, Stderr: io.Discard, Signals: sigs}.Run(context.Background())
		done <- result{code, err}
	}()
	lines := bufio.NewScanner(pr)
	next := func() string {
		if !lines.Scan() {
			t.Fatal("plugin output ended")
		}
		return lines.Text()
	}
	if l := next(); l != "connected" {
		t.Fatalf("plugin: %q", l)
	}
	sigs <- syscall.SIGINT
	if l := next(); l != "closed: EOF" {
		t.Fatalf("after a signal the plugin says %q", l)
	}
	sigs <- syscall.SIGTERM
	sigs <- syscall.SIGINT
	r := <-done
	if !IsForced(r.err) || r.code != 1 {
		t.Errorf("third signal: %d %v", r.code, r.err)
	}
	go io.Copy(io.Discard, pr) // the plugin sleeps on; its output is not waited for
}

func TestRunNoSocketForHelp(t *testing.T) {
	dir := t.TempDir()
	install(t, dir, "dump")
	p := Finder{Dirs: []string{dir}}.Find(context.Background(), "dump")
	var out strings.Builder
	if _, err := (Invocation{Plugin: p, Args: []string{"help", "dump"}, NoSocket: true, Stdout: &out}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), EnvSocket) {
		t.Errorf("socket given to help:\n%s", out.String())
	}
}
