//go:build e2e

package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Managed engine plugins, built by the test: the rootfs is `docker export` of a bb:latest
// container plus testdata/skiffplugin (a socket-only log driver: the engine enables a
// plugin only when its socket answers, and nothing calls a log driver no container
// uses). Each plugin carries a file with its own name, so no two share a layer (the
// 20.10 engine refuses to create a plugin whose layer another plugin holds: "content
// sha256:...: already exists").
//
// Never give the engine a digest reference to install: the 20.10 engine panics on it
// (plugin/fetch_linux.go) and takes the shared engine down. Those cases are unit tests.
//
// The plugin tests are not parallel: plugin ls lists every plugin of the engine and
// has no filter by name, so they run one after the other, before the parallel tests.

// pluginKit is a directory holding rootfs/ (bb:latest with /bin/skiffplugin) to copy
// plugin directories from.
func pluginKit(t *testing.T) string {
	t.Helper()
	f := Fixture(t)
	dir := t.TempDir()
	rootfs := filepath.Join(dir, "rootfs")
	if err := os.Mkdir(rootfs, 0o755); err != nil {
		t.Fatal(err)
	}
	id, _ := f.Container()
	tarball := filepath.Join(dir, "rootfs.tar")
	f.cli("export", "-o", tarball, id)
	if out, err := exec.Command("tar", "-xf", tarball, "-C", rootfs).CombinedOutput(); err != nil {
		t.Fatalf("tar: %v: %s", err, out)
	}
	os.Remove(tarball)
	gobin, err := exec.LookPath("go")
	if err != nil {
		gobin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	build := exec.Command(gobin, "build", "-trimpath", "-ldflags", "-s -w", "-o", filepath.Join(rootfs, "bin", "skiffplugin"), "./testdata/skiffplugin")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build testdata/skiffplugin: %v: %s", err, out)
	}
	return dir
}

// pluginConfig is the test plugin's config.json: one settable variable, host network
// and one capability (two privileges to grant).
const pluginConfig = `{"description":"skiff e2e plugin","documentation":"https://example.invalid",` +
	`"entrypoint":["/bin/skiffplugin"],"interface":{"types":["docker.logdriver/1.0"],"socket":"skiff.sock"},` +
	`"network":{"type":"host"},"env":[{"name":"DEBUG","settable":["value"],"value":"0"}],` +
	`"linux":{"capabilities":["CAP_SYS_ADMIN"]}}`

// pluginDir copies the kit into a new plugin directory marked with id.
func pluginDir(t *testing.T, kit, id string) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("cp", "-a", filepath.Join(kit, "rootfs"), dir).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v: %s", err, out)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(pluginConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "rootfs", "skiff-id"), []byte(id+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// pluginCleanup removes the plugins named (ours only) when the test ends.
func pluginCleanup(t *testing.T, names ...string) {
	t.Cleanup(func() {
		for _, n := range names {
			if r, err := fixtureRun("plugin", "rm", "-f", n); (err != nil || r.Code != 0) && !strings.Contains(r.Stderr, "not found") {
				t.Logf("plugin cleanup: rm -f %s: %v %s", n, err, r.FirstErrLine())
			}
		}
	})
}

// pluginCreate creates the plugin name from a fresh directory with the fixture client.
func pluginCreate(t *testing.T, f *Fix, kit, name string) {
	t.Helper()
	pluginCleanup(t, name)
	f.cli("plugin", "create", name, pluginDir(t, kit, name))
}

// step is one command of a scenario both clients play on their own plugins.
type step struct {
	stdin string
	args  []string
}

// playBoth runs steps with each client, on names of its own (the placeholder <P> in an
// argument is the client's plugin, <R> its registry reference, <A> its alias), and
// compares exit code, stdout and the first stderr line step by step, with the names put
// back to placeholders and ids normalised.
func playBoth(t *testing.T, names map[string][3]string, steps []step) {
	t.Helper()
	results := map[string][]Result{}
	for _, who := range []string{"ref", "skiff"} {
		n := names[who]
		for _, s := range steps {
			args := make([]string, len(s.args))
			for i, a := range s.args {
				a = strings.ReplaceAll(a, "<P>", n[0])
				a = strings.ReplaceAll(a, "<R>", n[1])
				args[i] = strings.ReplaceAll(a, "<A>", n[2])
			}
			var r Result
			if who == "ref" {
				r = RefIn(t, s.stdin, nil, args...)
			} else {
				r = SkiffIn(t, s.stdin, nil, args...)
			}
			r.Stdout = pushSteady(unname(r.Stdout, n))
			r.Stderr = unname(r.Stderr, n)
			results[who] = append(results[who], r)
		}
	}
	for i, s := range steps {
		ref, sk := results["ref"][i], results["skiff"][i]
		what := "docker " + quoteArgs(s.args)
		if ref.Code != sk.Code {
			t.Errorf("%s: exit code: reference %d, skiff %d\nreference: %s\nskiff: %s", what, ref.Code, sk.Code, ref, sk)
		}
		if d := Diff("reference", "skiff", Normalize(ref.Stdout), Normalize(sk.Stdout)); d != "" {
			t.Errorf("%s: stdout differs:\n%s", what, d)
		}
		if a, b := ref.FirstErrLine(), sk.FirstErrLine(); Normalize(a) != Normalize(b) {
			t.Errorf("%s: first stderr line: reference %q, skiff %q", what, a, b)
		}
	}
}

// pushSteady drops a push's "Waiting" and "Preparing" lines: how many the engine sends
// depends on the registry's timing, not on the client.
func pushSteady(s string) string {
	lines := strings.SplitAfter(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		if !strings.HasSuffix(l, ": Waiting\n") && !strings.HasSuffix(l, ": Preparing\n") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "")
}

func unname(s string, n [3]string) string {
	// longest first: the registry reference contains the plugin's name
	s = strings.ReplaceAll(s, n[1], "<R>")
	s = strings.ReplaceAll(s, n[2], "<A>")
	return strings.ReplaceAll(s, n[0], "<P>")
}

// TestPluginListInspect compares the read-only commands on two plugins, one enabled.
func TestPluginListInspect(t *testing.T) {
	f := Fixture(t)
	kit := pluginKit(t)
	on, off := "skiff-e2e/"+f.Name(), "skiff-e2e/"+f.Name()+":v2"
	pluginCreate(t, f, kit, on)
	pluginCreate(t, f, kit, off)
	f.cli("plugin", "enable", on)
	f.cli("plugin", "set", off, "DEBUG=7")

	mine := func(format string) []string {
		// plugin ls has no name filter: the templates print our plugins' lines only
		return []string{"plugin", "ls", "--format", `{{if eq .Name "` + on + `:latest" "` + off + `"}}` + format + `{{end}}`}
	}
	if r := Skiff(t, mine("{{.Name}} {{.Enabled}}")...); !strings.Contains(r.Stdout, on+":latest true\n") || !strings.Contains(r.Stdout, off+" false\n") {
		t.Fatalf("plugin ls does not list the test's plugins: %s", r)
	}
	for _, args := range [][]string{
		mine("{{.ID}} {{.Name}} {{.Description}} {{.Enabled}} {{.PluginReference}}"),
		mine("{{json .}}"),
		append(mine("{{.ID}}|{{.Description}}"), "--no-trunc"),
		append(mine("{{.Name}}"), "-f", "enabled=true"),
		append(mine("{{.Name}}"), "-f", "enabled=false"),
		append(mine("{{.Name}}"), "-f", "capability=logdriver"),
		append(mine("{{.Name}}"), "-f", "capability=volumedriver"),
		{"plugin", "ls", "-f", "bogus=1"},
		{"plugin", "ls", "-f", "enabled=maybe"},
		{"plugin", "ls", "--format", "{{.Foo}}"},
		{"plugin", "ls", "x"},
		{"plugin", "inspect", on, off},
		{"plugin", "inspect", "-f", "json", on},
		{"plugin", "inspect", "-f", "{{.ID}} {{.Name}} {{.Enabled}} {{.Settings.Env}} {{.Config.Interface.Socket}}", on, off},
		{"plugin", "inspect", "-f", "{{.Id}} {{.Config.rootfs.type}}", off},
		{"plugin", "inspect", "-f", "{{.Bogus}}", off},
		{"plugin", "inspect", off, "skiff-e2e/nope-" + f.Name()},
		{"plugin", "inspect"},
	} {
		Compare(t, args...)
	}
	// the whole table and -q: our plugins' lines must be there, in the same places
	for _, args := range [][]string{{"plugin", "ls"}, {"plugin", "ls", "-q"}, {"plugin", "ls", "--format", "json"}} {
		ref, sk := Ref(t, args...), Skiff(t, args...)
		if ref.Code != 0 || sk.Code != 0 || ref.Stdout != sk.Stdout {
			t.Errorf("docker %s:\n%s", quoteArgs(args), Diff("reference", "skiff", ref.Stdout, sk.Stdout))
		}
	}
	// the engine's refusals on an enabled plugin, asked twice: they change nothing
	for _, args := range [][]string{
		{"plugin", "rm", on},
		{"plugin", "enable", on},
		{"plugin", "set", on, "DEBUG=1"},
		{"plugin", "upgrade", "--grant-all-permissions", on},
		{"plugin", "set", off, "FOO=1"},
		{"plugin", "disable", "skiff-e2e/nope-" + f.Name()},
		{"plugin", "enable", "--timeout", "-1", on},
		{"plugin", "upgrade", "--grant-all-permissions", "skiff-e2e/nope-" + f.Name()},
		{"plugin", "upgrade", off, "BAD"},
		{"plugin", "push", "Bad"},
		{"plugin", "rm"},
		{"plugin", "set", on},
		{"plugin", "inspect", " "},
		{"plugin", "rm", ""},
		{"plugin", "enable", ""},
		{"plugin", "upgrade", ""},
	} {
		Compare(t, args...)
	}
}

// TestPluginLifecycle: create, enable, set, disable, rm, each client on a plugin of its
// own made from the same directory.
func TestPluginLifecycle(t *testing.T) {
	f := Fixture(t)
	kit := pluginKit(t)
	names := map[string][3]string{}
	for _, who := range []string{"ref", "skiff"} {
		n := "skiff-e2e/" + f.Name()
		names[who] = [3]string{n, n + "-r", n + "-a"}
		pluginCleanup(t, n, n+":v3")
	}
	// one directory per client, the same content but for the name file
	dirs := map[string]string{}
	for who, n := range names {
		dirs[who] = pluginDir(t, kit, n[0])
	}
	results := map[string]Result{}
	for _, who := range []string{"ref", "skiff"} {
		args := []string{"plugin", "create", names[who][0], dirs[who]}
		if who == "ref" {
			results[who] = Ref(t, args...)
		} else {
			results[who] = Skiff(t, args...)
		}
		results[who] = Result{Stdout: unname(results[who].Stdout, names[who]), Code: results[who].Code, Stderr: results[who].Stderr}
	}
	if results["ref"] != results["skiff"] || results["ref"].Code != 0 {
		t.Fatalf("plugin create:\nreference: %s\nskiff: %s", results["ref"], results["skiff"])
	}
	playBoth(t, names, []step{
		{args: []string{"plugin", "inspect", "-f", "{{.Name}} {{.Enabled}} {{.Settings.Env}} {{len .Config.Rootfs.DiffIds}}", "<P>"}},
		{args: []string{"plugin", "set", "<P>", "DEBUG=1"}},
		{args: []string{"plugin", "set", "<P>", "DEBUG"}},
		{args: []string{"plugin", "set", "<P>", "FOO=1"}},
		{args: []string{"plugin", "enable", "--timeout", "20", "<P>"}},
		{args: []string{"plugin", "inspect", "-f", "{{.Enabled}} {{.Settings.Env}}", "<P>"}},
		{args: []string{"plugin", "rm", "<P>"}},
		{args: []string{"plugin", "disable", "<P>"}},
		{args: []string{"plugin", "disable", "<P>"}},
		{args: []string{"plugin", "enable", "<P>:latest"}},
		{args: []string{"plugin", "disable", "-f", "<P>:latest"}},
		{args: []string{"plugin", "enable", "<P>"}},
		{args: []string{"plugin", "rm", "-f", "<P>", "skiff-e2e/nope", "<P>:v3"}},
		{args: []string{"plugin", "inspect", "<P>"}},
	})
}

// TestPluginCreateErrors: what docker checks before it sends anything, and the engine's
// refusals of a directory (both clients fail: nothing is created).
func TestPluginCreateErrors(t *testing.T) {
	f := Fixture(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad")
	norootfs := filepath.Join(dir, "norootfs")
	empty := filepath.Join(dir, "empty")
	for _, d := range []string{bad, norootfs, empty} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(bad, "config.json"), []byte("{bad"), 0o644)
	os.WriteFile(filepath.Join(norootfs, "config.json"), []byte(pluginConfig), 0o644)
	name := "skiff-e2e/" + f.Name()
	pluginCleanup(t, name)
	for _, args := range [][]string{
		{"plugin", "create", name, filepath.Join(dir, "nodir")},
		{"plugin", "create", name, filepath.Join(bad, "config.json")},
		{"plugin", "create", name, empty},
		{"plugin", "create", name, bad},
		{"plugin", "create", name, norootfs},
		// the 20.10 engine does not read a gzipped plugin: "failed to read from tar"
		{"plugin", "create", "--compress", name, norootfs},
		{"plugin", "create", "Bad", "/nonexistent"},
		{"plugin", "create", name + "@sha256:aaaa", norootfs},
		{"plugin", "create", name},
	} {
		Compare(t, args...)
	}
}

// TestPluginPushInstall: each client creates a plugin named in the local registry,
// pushes it, installs it back under an alias (the privileges prompt declined, then
// granted; --grant-all-permissions with settings and --disable), and upgrades it.
func TestPluginPushInstall(t *testing.T) {
	pullNeedRegistry(t)
	f := Fixture(t)
	kit := pluginKit(t)
	names := map[string][3]string{}
	for _, who := range []string{"ref", "skiff"} {
		n := f.Name()
		r := "127.0.0.1:5000/skiff-e2e/" + n
		a := "skiff-e2e/" + n + "-alias"
		names[who] = [3]string{"skiff-e2e/" + n, r, a}
		pluginCreate(t, f, kit, r+":v1")
		pluginCleanup(t, a, a+":v2", r+":v1", r+":latest")
	}
	playBoth(t, names, []step{
		{args: []string{"plugin", "push", "<R>:v1"}},
		{args: []string{"plugin", "push", "<R>:nosuch"}},
		{args: []string{"plugin", "install", "<R>:v1"}},
		{args: []string{"plugin", "install", "--alias", "<A>", "<R>:v1"}},
		{stdin: "n\n", args: []string{"plugin", "install", "--alias", "<A>", "<R>:v1"}},
		{stdin: "y\n", args: []string{"plugin", "install", "--disable", "--alias", "<A>", "<R>:v1"}},
		{args: []string{"plugin", "install", "--grant-all-permissions", "--alias", "<A>", "<R>:v1"}},
		{args: []string{"plugin", "install", "--grant-all-permissions", "--alias", "<A>:v2", "<R>:v1", "DEBUG=5"}},
		{args: []string{"plugin", "inspect", "-f", "{{.Name}} {{.PluginReference}} {{.Enabled}} {{.Settings.Env}}", "<A>", "<A>:v2"}},
		{args: []string{"plugin", "upgrade", "<A>:v2"}},
		{args: []string{"plugin", "disable", "<A>:v2"}},
		{args: []string{"plugin", "upgrade", "<A>:v2"}},
		{stdin: "y\n", args: []string{"plugin", "upgrade", "<A>:v2"}},
		{args: []string{"plugin", "upgrade", "--grant-all-permissions", "<A>:v2", "<R>:nosuch"}},
		{args: []string{"plugin", "upgrade", "--grant-all-permissions", "--skip-remote-check", "<A>", "<R>:v1"}},
		{args: []string{"plugin", "install", "--grant-all-permissions", "--alias", "<A>", "<R>:v1"}},
		{args: []string{"plugin", "install", "--grant-all-permissions", "--alias", "<A>@sha256:e2a43b70ae247aec3e11b0eded25a77529af505c9a787124b5c2a6b7d87aab2e", "<R>:v1"}},
		{args: []string{"plugin", "install", "--grant-all-permissions", "127.0.0.1:5000/skiff-e2e/nope-" + f.Name() + ":v1"}},
		{args: []string{"plugin", "rm", "-f", "<A>", "<A>:v2"}},
	})
}

// TestPluginInstallRequests: both clients send the same requests for an install with
// every flag (privileges, pull with its name and body, set, no enable with --disable).
func TestPluginInstallRequests(t *testing.T) {
	pullNeedRegistry(t)
	f := Fixture(t)
	kit := pluginKit(t)
	r := "127.0.0.1:5000/skiff-e2e/" + f.Name()
	pluginCreate(t, f, kit, r+":v1")
	f.cli("plugin", "push", r+":v1")
	var got [2][]string
	for i, who := range []string{"ref", "skiff"} {
		alias := "skiff-e2e/" + f.Name()
		pluginCleanup(t, alias)
		res, reqs := Trace(t, who, "y\n", nil, "plugin", "install", "--disable", "--alias", alias, r+":v1", "DEBUG=3")
		if res.Code != 0 {
			t.Fatalf("%s: %s", who, res)
		}
		f.cli("plugin", "rm", alias) // the next client installs it again
		for _, q := range reqs {
			if q.Path == "/_ping" {
				continue
			}
			line := strings.ReplaceAll(q.String(), strings.ReplaceAll(alias, "/", "%2F"), "<A>")
			line = strings.ReplaceAll(line, alias, "<A>")
			if q.Header.Get("Content-Type") == "application/json" {
				b, _ := json.Marshal(q.JSON())
				line += " " + string(b)
			}
			got[i] = append(got[i], line)
		}
	}
	if d := Diff("reference", "skiff", strings.Join(got[0], "\n"), strings.Join(got[1], "\n")); d != "" {
		t.Errorf("requests differ:\n%s", d)
	}
}
