package root

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
)

// sweepEngineVersions are the engines the sweep runs every gated flag and command
// against: each advertises its version in /_ping.
var sweepEngineVersions = []string{"1.18", "1.24", "1.30", "1.41", "1.44", "1.52"}

// gatedItem is one flag or command that needs at least API version need.
type gatedItem struct {
	path    []string // command path below the root
	flag    string   // "" for a gated command
	need    string
	cmdNeed string // a gated flag's command's own need ("" if none): docker checks it first
}

// gatedItems walks the whole tree for flags with a "version" annotation and
// commands with one of their own or of a parent's.
func gatedItems(t *testing.T) []gatedItem {
	root := NewRootCommand(newTestCli())
	commands.BindAll(root)
	var items []gatedItem
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		path := strings.Fields(c.CommandPath())[1:]
		if need := commands.APINeed(c); need != "" && c.Runnable() && !c.HasSubCommands() {
			items = append(items, gatedItem{path: path, need: need})
		}
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if v := f.Annotations["version"]; len(v) > 0 {
				items = append(items, gatedItem{path: path, flag: f.Name, need: v[0], cmdNeed: commands.APINeed(c)})
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	sort.Slice(items, func(i, j int) bool {
		a, b := strings.Join(items[i].path, " ")+" "+items[i].flag, strings.Join(items[j].path, " ")+" "+items[j].flag
		return a < b
	})
	if len(items) < 20 {
		t.Fatalf("only %d gated flags and commands found", len(items))
	}
	return items
}

// sweepFlagValue is a valid value for each gated flag that takes one ("" for a
// boolean flag). A gated flag missing here fails the sweep: add it.
func sweepFlagValue(t *testing.T, dir string, path []string, name string, f *pflag.Flag) ([]string, bool) {
	if f.Value.Type() == "bool" {
		return []string{"--" + name}, true
	}
	// the same name with values of another kind
	if v, ok := map[string]string{
		"network create scope": "local", "volume create scope": "single",
	}[strings.Join(path, " ")+" "+name]; ok {
		return []string{"--" + name + "=" + v}, true
	}
	v, ok := map[string]string{
		"config-from": "x", "availability": "active", "group": "g", "limit-bytes": "1", "required-bytes": "1",
		"sharing": "none", "secret": "a=b", "topology-preferred": "a=b", "topology-required": "a=b", "type": "mount",
		"platform": "linux/amd64", "until": "1s", "env": "A=1", "env-file": filepath.Join(dir, "env"),
		"workdir": "/", "network": "host", "annotation": "a=b", "health-start-interval": "1s",
		"cpu-rt-period": "1", "cpu-rt-runtime": "1", "cpus": "1", "stop-timeout": "1",
		"health-start-period": "1s", "gpus": "all", "cgroupns": "host", "pids-limit": "1",
		"driver": "x", "template-driver": "golang",
		"max-snapshots": "1", "snapshot-interval": "1", "data-path-addr": "10.0.0.1", "data-path-port": "5000",
		"default-addr-pool": "10.0.0.0/8", "default-addr-pool-mask-length": "24", "oom-score-adj": "1",
	}[name]
	return []string{"--" + name + "=" + v}, ok
}

// sweepArgs are the arguments a command is run with besides the gated flag.
func sweepArgs(dir string, path []string, flag string) []string {
	switch strings.Join(path, " ") {
	case "secret create":
		if flag == "driver" { // a secret from a driver has no content
			return []string{"x"}
		}
		return []string{"x", filepath.Join(dir, "env")}
	case "service create":
		return []string{"bb"}
	case "service update", "service rollback":
		return []string{"x"}
	case "service scale":
		return []string{"x=1"}
	case "config create":
		return []string{"x", filepath.Join(dir, "env")}
	case "secret inspect", "secret rm", "config inspect", "config rm", "service inspect", "service rm", "service ps",
		"service logs":
		return []string{"x"}
	case "run", "container run", "create", "container create", "push", "image push", "pull", "image pull",
		"image inspect", "rmi", "image rm", "history", "image history", "save", "image save":
		return []string{"bb"}
	case "exec", "container exec":
		return []string{"x", "true"}
	case "logs", "container logs", "update", "container update", "network inspect", "volume inspect", "node inspect":
		return []string{"x"}
	case "import", "image import":
		return []string{filepath.Join(dir, "rootfs.tar")}
	case "load", "image load":
		return []string{"-i", filepath.Join(dir, "rootfs.tar")}
	case "build", "image build", "builder build":
		return []string{dir}
	case "image prune", "container prune", "builder prune", "network prune", "volume prune", "system prune":
		return []string{"-f"}
	case "network create", "network rm", "volume rm", "plugin disable", "plugin enable", "plugin inspect",
		"plugin push", "plugin rm", "plugin install", "plugin upgrade":
		return []string{"x"}
	case "stack deploy":
		return []string{"-c", filepath.Join(dir, "stack.yml"), "x"}
	case "stack config":
		return []string{"-c", filepath.Join(dir, "stack.yml")}
	case "stack ps", "stack services", "stack rm":
		return []string{"x"}
	case "network connect", "network disconnect":
		return []string{"n", "c"}
	case "plugin set":
		return []string{"x", "A=1"}
	case "swarm join":
		return []string{"10.0.0.1:2377"}
	case "swarm join-token":
		return []string{"worker"}
	case "swarm update":
		if flag == "" { // without a flag, update shows its help
			return []string{"--autolock"}
		}
	case "volume update", "node update", "node rm", "node promote", "node demote":
		return []string{"x"}
	case "plugin create":
		return []string{"x", filepath.Join(dir, "plugin")}
	}
	return nil
}

// TestAPIVersionSweep runs every gated flag and gated command against engines at
// 1.18, 1.24, 1.30, 1.41, 1.44 and 1.52: below the version it needs it fails with docker's
// words and exit 1 before any request but the ping; at or above it the command
// sends its request (the engine refuses it: only reaching it matters).
func TestAPIVersionSweep(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "plugin", "rootfs"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{"env": "A=1\n", "Dockerfile": "FROM bb\n", "rootfs.tar": "", "plugin/config.json": "{}",
		"stack.yml": "services:\n  web:\n    image: bb\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	root := NewRootCommand(newTestCli())
	commands.BindAll(root)
	for _, it := range gatedItems(t) {
		args := append([]string(nil), it.path...)
		what := "docker " + strings.Join(it.path, " ")
		if it.flag != "" {
			c, _, err := root.Find(it.path)
			if err != nil {
				t.Fatal(err)
			}
			fa, ok := sweepFlagValue(t, dir, it.path, it.flag, c.Flags().Lookup(it.flag))
			if !ok {
				t.Errorf("%s --%s: no sample value in sweepFlagValue", what, it.flag)
				continue
			}
			args = append(args, fa...)
			what = `"--` + it.flag + `"`
		}
		args = append(args, sweepArgs(dir, it.path, it.flag)...)
		for _, v := range sweepEngineVersions {
			t.Run(strings.ReplaceAll(strings.Join(args, "_"), dir, "DIR")+"@"+v, func(t *testing.T) {
				e := fakeengine.New(t)
				e.APIVersion = v
				e.ExpectAny().ReplyError(500, "fake engine")
				t.Setenv("DOCKER_HOST", e.Host())
				t.Setenv("DOCKER_API_VERSION", "")
				t.Setenv("DOCKER_BUILDKIT", "0")
				_, errOut, code := run(t, args...)
				used := v
				if client.VersionLess(client.MaxAPIVersion, used) {
					used = client.MaxAPIVersion
				}
				var sent []string
				for _, r := range e.Requests() {
					if !strings.Contains(r, "/_ping") {
						sent = append(sent, r)
					}
				}
				// the build commands print the legacy builder's notice first
				lines := strings.Split(strings.TrimSpace(errOut), "\n")
				last := lines[len(lines)-1]
				what, need := what, it.need
				if it.cmdNeed != "" && client.VersionLess(used, it.cmdNeed) {
					what, need = "docker "+strings.Join(it.path, " "), it.cmdNeed
				}
				if client.VersionLess(used, need) {
					want := what + " requires API version " + need + ", but the Docker daemon API version is " + used
					if code != 1 || last != want || len(sent) > 0 {
						t.Errorf("exit %d, stderr %q, requests %q; want exit 1, %q, none", code, errOut, sent, want)
					}
					if it.flag != "" {
						return
					}
					// a gated command is refused before its arguments are counted and
					// before an unknown flag, as docker
					for _, extra := range [][]string{{"x1", "x2", "x3"}, {"--bogus"}} {
						_, errOut, code = run(t, append(args, extra...)...)
						lines = strings.Split(strings.TrimSpace(errOut), "\n")
						if last = lines[len(lines)-1]; code != 1 || last != want {
							t.Errorf("with %q: exit %d, stderr %q, want %q", extra, code, errOut, want)
						}
					}
					return
				}
				// stack config checks the version, then works on files alone
				offline := strings.Join(it.path, " ") == "stack config"
				if (len(sent) == 0 && !offline) || strings.Contains(errOut, "requires API version") {
					t.Errorf("no request sent (exit %d, stderr %q)", code, errOut)
				}
				for _, r := range sent {
					if !strings.Contains(r, " /v"+used+"/") {
						t.Errorf("request %q without the /v%s/ prefix", r, used)
					}
				}
			})
		}
	}
}

// TestParentAPIGate: the network and volume commands need API 1.21 (docker's
// annotation is on the parent): below it each subcommand names itself, in help too,
// and the parent's own help is refused.
func TestParentAPIGate(t *testing.T) {
	e := fakeengine.New(t) // no routes: any request but the ping fails the test
	e.APIVersion = "1.41"
	t.Setenv("DOCKER_HOST", e.Host())
	t.Setenv("DOCKER_API_VERSION", "1.18")
	for _, tc := range []struct {
		args     []string
		out, err string
		code     int
	}{
		{[]string{"network", "ls", "--help"}, "docker network ls requires API version 1.21, but the Docker daemon API version is 1.18\n", "", 0},
		{[]string{"volume", "ls"}, "", "docker volume ls requires API version 1.21, but the Docker daemon API version is 1.18\n", 1},
		{[]string{"network"}, "", "docker network requires API version 1.21, but the Docker daemon API version is 1.18\n", 1},
	} {
		out, errOut, code := run(t, tc.args...)
		if out != tc.out || errOut != tc.err || code != tc.code {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", strings.Join(tc.args, " "), code, out, errOut)
		}
	}
	if out, _, _ := run(t, "--help"); strings.Contains(out, "\n  network ") || strings.Contains(out, "\n  volume ") {
		t.Errorf("network or volume listed in help at 1.18:\n%s", out)
	}
}

// TestDockerAPIVersionEnv: DOCKER_API_VERSION overrides the negotiation against every
// engine (its prefix on the request, "v" dropped), and an engine that cannot speak it
// refuses in its own words, exit 1, as docker 28 reports it.
func TestDockerAPIVersionEnv(t *testing.T) {
	for _, tc := range []struct {
		engine, min, env, err string
	}{
		{"1.24", "", "1.24", ""},
		{"1.30", "", "v1.41", "Error response from daemon: client version 1.41 is too new. Maximum supported API version is 1.30"},
		{"1.41", "1.12", "1.30", ""},
		{"1.44", "1.24", "1.44", ""},
		{"1.52", "1.44", "1.41", "Error response from daemon: client version 1.41 is too old. Minimum supported API version is 1.44, please upgrade your client to a newer version"},
		{"1.52", "1.44", "1.52", ""},
	} {
		t.Run(tc.engine+"_"+tc.env, func(t *testing.T) {
			e := fakeengine.New(t)
			e.APIVersion, e.MinAPIVersion = tc.engine, tc.min
			want := strings.TrimPrefix(tc.env, "v")
			if tc.err == "" {
				e.Expect("GET", "/containers/json").Version(want).Reply(200, `[{"Id":"4f3c2b1a0987"}]`)
			}
			t.Setenv("DOCKER_HOST", e.Host())
			t.Setenv("DOCKER_API_VERSION", tc.env)
			out, errOut, code := run(t, "ps", "-q")
			if tc.err != "" {
				if code != 1 || errOut != tc.err+"\n" {
					t.Errorf("exit %d, stderr %q, want 1, %q", code, errOut, tc.err)
				}
				return
			}
			if code != 0 || out != "4f3c2b1a0987\n" {
				t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
			}
		})
	}
}
