//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// configDir writes content as config.json in a directory of its own and returns it.
func configDir(t *testing.T, content string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestConfigDetachKeys: config.json's detachKeys replace ctrl-p,ctrl-q for run -it,
// exec -it and attach, and --detach-keys beats them, in both clients on a real terminal:
// ctrl-p ctrl-q reach the shell, the configured keys detach (run: status 0 and the
// container goes on; exec and attach: "read escape sequence", status 1).
func TestConfigDetachKeys(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	env := []string{"DOCKER_CONFIG=" + configDir(t, `{"detachKeys":"ctrl-a,x"}`)}
	for _, who := range []string{"ref", "skiff"} {
		bin, home := clientOf(t, who)
		name := f.Name()
		s := ptyStartEnv(t, bin, home, env, "run", "-it", "--name", name, "--label", f.Label(), Image, "sh")
		s.expect("/ # ")
		s.send("\x10\x11")
		s.send("echo still-$((6*7))\r")
		s.expect("still-42")
		s.send("\x01x")
		if code := s.wait(); code != 0 {
			t.Errorf("%s: run detach with config.json's keys: exit %d, want 0", who, code)
		}
		s.modeRestored()
		if r := Ref(t, "inspect", "-f", "{{.State.Running}}", name); strings.TrimSpace(r.Stdout) != "true" {
			t.Fatalf("%s: container not running after detach: %s", who, r)
		}
		for _, args := range [][]string{{"exec", "-it", name, "sh"}, {"attach", name}} {
			a := ptyStartEnv(t, bin, home, env, args...)
			a.send("\r")
			a.expect("/ # ")
			a.send("\x01x")
			a.expect("read escape sequence")
			if code := a.wait(); code != 1 {
				t.Errorf("%s %s: detach with config.json's keys: exit %d, want 1", who, args[0], code)
			}
			a.modeRestored()
		}
		// the flag wins over the file
		a := ptyStartEnv(t, bin, home, env, "attach", "--detach-keys", "ctrl-b", name)
		a.send("\r")
		a.expect("/ # ")
		a.send("\x01x\r")
		a.expect("/ # ")
		a.send("\x02")
		a.expect("read escape sequence")
		if code := a.wait(); code != 1 {
			t.Errorf("%s attach --detach-keys over config.json: exit %d, want 1", who, code)
		}
		a.modeRestored()
	}
}

// TestConfigFormats: psFormat, imagesFormat and statsFormat are the default formats;
// --format and -q win (more cases in TestContainerListConfigFormat and TestImageList).
func TestConfigFormats(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	_, running := f.Container(Image, "sleep", "300")
	f.Start(running)
	f.Container()
	L := "label=" + f.Label()
	env := []string{"DOCKER_CONFIG=" + configDir(t, `{"psFormat":"table {{.Names}}\t{{.Status}}\t{{.Labels}}",`+
		`"imagesFormat":"{{.Repository}}:{{.Tag}}","statsFormat":"table {{.Name}}\t{{.PIDs}}"}`)}
	for _, args := range [][]string{
		{"ps", "-a", "--filter", L},
		{"container", "ls", "--filter", L, "--format", "{{.Names}}"},
		{"images", Image},
		{"image", "ls", "-q", Image},
		{"stats", "--no-stream", running},
		{"stats", "--no-stream", "--format", "{{.Name}}", running},
	} {
		CompareEnv(t, env, "", args...)
	}
}

// TestConfigProxies: config.json's proxies, as docker 28 passes them: a new container's
// environment (run and create; the user's -e of the same exact name wins, empty
// settings give nothing, the engine's own entry replaces "default") and a build's
// arguments. docker adds them in a map's order: the lists are compared sorted.
func TestConfigProxies(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	sorted := func(s string) string {
		lines := strings.Split(strings.TrimSpace(s), "\n")
		sort.Strings(lines)
		return strings.Join(lines, "\n")
	}
	envOf := func(id string) string {
		r, err := fixtureRun("inspect", "-f", `{{join .Config.Env "\n"}}`, id)
		if err != nil {
			t.Fatalf("inspect %s: %v %s", id, err, r)
		}
		return sorted(r.Stdout)
	}
	def := configDir(t, `{"proxies":{"default":{"httpProxy":"http://p:1","httpsProxy":"https://s:2",`+
		`"noProxy":"x","ftpProxy":"ftp://f:3","allProxy":"all:4"}}}`)
	own := configDir(t, `{"proxies":{"default":{"httpProxy":"http://p:1"},"`+engineHost()+`":{"httpsProxy":"https://own:9"}}}`)
	empty := configDir(t, `{"proxies":{"default":{"httpProxy":""}}}`)
	for _, tc := range []struct {
		name, dir string
		flags     []string
	}{
		{"default", def, []string{"-e", "FOO=1", "-e", "http_proxy=mine", "-e", "Ftp_proxy=z", "-e", "NO_PROXY="}},
		{"default, bare -e", def, []string{"-e", "HTTPS_PROXY"}},
		{"engine's own entry", own, nil},
		{"empty", empty, nil},
	} {
		env := []string{"DOCKER_CONFIG=" + tc.dir, "HTTPS_PROXY="}
		got := map[string]string{}
		for _, who := range []string{"ref", "skiff"} {
			args := append(append([]string{"create", "--label", f.Label()}, tc.flags...), Image, "true")
			var r Result
			if who == "ref" {
				r = RefIn(t, "", env, args...)
			} else {
				r = SkiffIn(t, "", env, args...)
			}
			if r.Code != 0 {
				t.Fatalf("%s %s: %s", tc.name, who, r)
			}
			got[who] = envOf(strings.TrimSpace(r.Stdout))
		}
		if got["ref"] != got["skiff"] {
			t.Errorf("%s: the container's environment differs:\n%s", tc.name, Diff("reference", "skiff", got["ref"], got["skiff"]))
		}
	}
	// run: the process sees them
	env := []string{"DOCKER_CONFIG=" + def}
	CompareWith(t, sorted, env, "", "run", "--rm", "--label", f.Label(), "-e", "no_proxy=mine", Image, "env")

	// build: build arguments, which RUN sees (proxy variables need no ARG)
	ctx := t.TempDir()
	if err := os.WriteFile(filepath.Join(ctx, "Dockerfile"),
		[]byte("FROM "+Image+"\nRUN env | grep -i proxy | sort > /proxies\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, who := range []string{"ref", "skiff"} {
		tag := f.Name() + ":" + who
		t.Cleanup(func() { fixtureRun("rmi", "-f", tag) })
		args := []string{"build", "-q", "--label", f.Label(), "-t", tag, "--build-arg", "no_proxy=mine", ctx}
		var r Result
		if who == "ref" {
			r = RefIn(t, "", env, args...)
		} else {
			r = SkiffIn(t, "", env, args...)
		}
		if r.Code != 0 {
			t.Fatalf("build %s: %s", who, r)
		}
		out, err := fixtureRun("run", "--rm", "--label", f.Label(), tag, "cat", "/proxies")
		if err != nil {
			t.Fatalf("run %s: %v %s", tag, err, out)
		}
		got[who] = out.Stdout
	}
	if got["ref"] != got["skiff"] {
		t.Errorf("the build's proxy variables differ:\n%s", Diff("reference", "skiff", got["ref"], got["skiff"]))
	}
	if !strings.Contains(got["skiff"], "HTTP_PROXY=http://p:1\n") || !strings.Contains(got["skiff"], "no_proxy=mine\n") {
		t.Errorf("the build did not see the proxies: %q", got["skiff"])
	}
}

// TestConfigCurrentContext: config.json's currentContext picks the endpoint (a context
// made by the reference pointing at the engine) and its proxies entry; a context that
// does not exist is docker's error.
func TestConfigCurrentContext(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	f.Container()
	dir := t.TempDir()
	env := []string{"DOCKER_CONFIG=" + dir, "DOCKER_HOST=", "DOCKER_CONTEXT="}
	if r := RefIn(t, "", env, "context", "create", "eng", "--docker", "host="+engineHost()); r.Code != 0 {
		t.Fatalf("context create: %s", r)
	}
	write := func(content string) {
		if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(`{"currentContext":"eng","proxies":{"default":{"httpProxy":"d"},"` + engineHost() + `":{"httpProxy":"own"}}}`)
	for _, args := range [][]string{
		{"context", "show"},
		{"context", "ls", "--format", "{{.Name}} {{.Current}} {{.DockerEndpoint}}"},
		{"ps", "-a", "--filter", "label=" + f.Label(), "--format", "{{.Names}} {{.Image}}"},
		{"run", "--rm", "--label", f.Label(), Image, "sh", "-c", "echo $HTTP_PROXY $http_proxy"},
	} {
		CompareEnv(t, env, "", args...)
	}
	write(`{"currentContext":"gone"}`)
	for _, args := range [][]string{{"ps"}, {"context", "show"}, {"version", "--format", "{{.Client.Version}}"}} {
		CompareEnv(t, env, "", args...)
	}
}
