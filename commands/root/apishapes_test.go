package root

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/client/fakeengine"
)

// The answers of engines of each API version, in the shape that version gives them
// (testdata/apishapes/VERSION/*.json: the v1.18 examples of the Remote API docs, the
// fields each later version added or dropped, a 20.10 engine's own answers at 1.41),
// and what each command prints from them (testdata/apishapes/VERSION/CASE.golden).
// Where docker 28 reads the shape, the golden file is docker's output: regenerate
// them with APISHAPES_REFERENCE=/usr/local/bin/docker go test -run TestAPIShapes
// ./commands/root/ (the reference runs against the same fake engine), and review the
// diff. Where docker fails (the first engines' /info, its events' missing exit codes)
// they are skiff's, reviewed.
var apiShapeCases = []struct {
	name     string
	min, max string // the versions the case runs at ("" = any)
	args     []string
	// beyond: below this version docker 28 cannot read the shape (or prints it empty)
	// and the golden file is skiff's own, reviewed (APISHAPES_UPDATE=1 rewrites those)
	beyond string
}{
	{"ps", "", "", []string{"ps", "-a", "--no-trunc", "--format",
		"{{.ID}}|{{.Image}}|{{.Command}}|{{.Ports}}|{{.State}}|{{.Status}}|{{.Names}}|{{.Labels}}|{{.Mounts}}|{{.Networks}}|{{.LocalVolumes}}"}, ""},
	{"ps_size", "", "", []string{"ps", "-a", "-s", "--format", "{{.Names}} {{.Size}}"}, ""},
	{"images", "", "", []string{"images", "-a", "--digests", "--no-trunc", "--format",
		"{{.Repository}}|{{.Tag}}|{{.Digest}}|{{.ID}}|{{.Size}}|{{.Containers}}|{{.SharedSize}}|{{.UniqueSize}}|{{.VirtualSize}}"}, ""},
	{"inspect", "", "", []string{"inspect", "x"}, ""},
	{"inspect_format", "", "", []string{"inspect", "-f", "{{.State.Status}}|{{.State.ExitCode}}|{{.Config.Image}}|{{.Image}}|{{json .NetworkSettings.Networks}}", "x"}, ""},
	{"info", "", "", []string{"info"}, "1.24"},
	{"info_format", "", "", []string{"info", "--format", "{{json .ServerVersion}} {{.Containers}} {{.ContainersRunning}} {{.Debug}} {{.Swarm.LocalNodeState}} {{.Driver}} {{json .DriverStatus}}"}, "1.24"},
	{"version", "", "", []string{"version"}, ""},
	{"version_format", "", "", []string{"version", "--format", "{{json .Server}}"}, ""},
	{"events", "", "", []string{"events", "--since", "1374067924", "--until", "1374067930"}, "1.22"},
	{"events_json", "", "", []string{"events", "--since", "1374067924", "--until", "1374067930", "--format", "{{json .}}"}, "1.22"},
	{"network_ls", "1.21", "", []string{"network", "ls", "--no-trunc"}, ""},
	{"network_format", "1.21", "", []string{"network", "ls", "--format", "{{.ID}}|{{.Name}}|{{.Driver}}|{{.Scope}}|{{.IPv6}}|{{.Internal}}|{{.Labels}}|{{.CreatedAt}}"}, ""},
	{"volume_ls", "1.21", "", []string{"volume", "ls"}, ""},
	{"volume_format", "1.21", "", []string{"volume", "ls", "--format", "{{.Name}}|{{.Driver}}|{{.Scope}}|{{.Mountpoint}}|{{.Labels}}|{{.Links}}|{{.Size}}"}, ""},
	{"system_df", "1.24", "", []string{"system", "df"}, ""},
	{"system_df_json", "1.24", "", []string{"system", "df", "--format", "{{json .}}"}, ""},
}

// apiShapeRoutes maps the fake engine's routes to the files of their answers.
var apiShapeRoutes = [][3]string{
	{"GET", "/containers/json", "containers.json"}, {"GET", "/images/json", "images.json"},
	{"GET", "/containers/x/json", "inspect.json"}, {"GET", "/info", "info.json"}, {"GET", "/version", "version.json"},
	{"GET", "/events", "events.jsonl"}, {"GET", "/networks", "networks.json"}, {"GET", "/volumes", "volumes.json"},
	{"GET", "/system/df", "df.json"},
}

// TestAPIShapes: every command reads every version's shape as docker 28 does.
func TestAPIShapes(t *testing.T) {
	ref := os.Getenv("APISHAPES_REFERENCE")
	dirs, err := filepath.Glob(filepath.Join("testdata", "apishapes", "1.*"))
	if err != nil || len(dirs) < 8 {
		t.Fatalf("testdata/apishapes: %v %v", dirs, err)
	}
	for _, dir := range dirs {
		v := filepath.Base(dir)
		for _, tc := range apiShapeCases {
			if (tc.min != "" && client.VersionLess(v, tc.min)) || (tc.max != "" && client.VersionLess(tc.max, v)) {
				continue
			}
			ours := tc.beyond != "" && client.VersionLess(v, tc.beyond)
			if ref != "" && ours {
				continue
			}
			t.Run(v+"/"+tc.name, func(t *testing.T) {
				e := fakeengine.New(t)
				e.APIVersion = v
				for _, r := range apiShapeRoutes {
					body, err := os.ReadFile(filepath.Join(dir, r[2]))
					if err != nil {
						t.Fatal(err)
					}
					e.Expect(r[0], r[1]).AnyTimes().Reply(200, body)
				}
				t.Setenv("DOCKER_HOST", e.Host())
				t.Setenv("DOCKER_API_VERSION", "")
				t.Setenv("TZ", "UTC")
				var out, errOut string
				var code int
				if ref != "" {
					out, errOut, code = runReference(t, ref, tc.args)
				} else {
					out, errOut, code = run(t, tc.args...)
				}
				got := apiShapeResult(tc.args[0], out, errOut, code)
				path := filepath.Join(dir, tc.name+".golden")
				if ref != "" || (ours && os.Getenv("APISHAPES_UPDATE") != "") {
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if got != string(want) {
					t.Errorf("%s\n%s", strings.Join(tc.args, " "), apiShapeDiff("docker 28 ("+path+")", "skiff", string(want), got))
				}
			})
		}
	}
}

// apiShapeResult is what a golden file holds: the exit code, the first line of stderr
// and stdout; for info and version, stdout from the server's part on (the client's
// part is the client's build).
func apiShapeResult(cmd, out, errOut string, code int) string {
	if (cmd == "info" || cmd == "version") && strings.HasPrefix(out, "Client:") {
		if i := strings.Index(out, "\nServer:"); i >= 0 {
			out = out[i+1:]
		}
	}
	// docker lists the runtimes in map order
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if rest, ok := strings.CutPrefix(l, " Runtimes: "); ok {
			f := strings.Fields(rest)
			sort.Strings(f)
			lines[i] = " Runtimes: " + strings.Join(f, " ")
		}
	}
	out = strings.Join(lines, "\n")
	first, _, _ := strings.Cut(errOut, "\n")
	return "exit " + strconv.Itoa(code) + "\nstderr: " + first + "\n" + out
}

func runReference(t *testing.T, bin string, args []string) (string, string, int) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "DOCKER_CONFIG="+t.TempDir())
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// Diff is a line diff of two texts: the lines that differ, marked.
func apiShapeDiff(nameA, nameB, a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	var s strings.Builder
	s.WriteString("--- " + nameA + "\n+++ " + nameB + "\n")
	for i := 0; i < len(la) || i < len(lb); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			s.WriteString("-" + x + "\n+" + y + "\n")
		}
	}
	return s.String()
}
