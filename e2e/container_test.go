//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// containerSet is three fixture containers, oldest first: a running one with labels and
// ports, one that exited with status 3, and one only created.
type containerSet struct {
	f                   *Fix
	label               string // "label=<fixture label>", a ps filter
	running, exited, cr string // names
}

func newContainerSet(t *testing.T) containerSet {
	t.Helper()
	f := Fixture(t)
	_, running := f.Container("--label", "tier=web", "-p", "127.0.0.1::80", "--expose", "5000-5001", Image, "sleep", "300")
	f.Start(running)
	_, exited := f.Container("--label", "tier=batch", Image, "sh", "-c", "exit 3")
	f.Start(exited)
	if r := Ref(t, "wait", exited); r.Code != 0 || strings.TrimSpace(r.Stdout) != "3" {
		t.Fatalf("wait %s: %s", exited, r)
	}
	_, created := f.Container(Image, "true")
	return containerSet{f: f, label: "label=" + f.Label(), running: running, exited: exited, cr: created}
}

// compareStable is Compare for tables with CREATED or STATUS columns: their widths
// change when "9 seconds ago" becomes "10 seconds ago" between the two runs, so it
// retries a few times before reporting a difference (a loaded machine can straddle a
// boundary twice in a row).
func compareStable(t *testing.T, args ...string) {
	t.Helper()
	compareStableEnv(t, nil, args...)
}

func compareStableEnv(t *testing.T, env []string, args ...string) {
	t.Helper()
	for i := 0; i < 4; i++ {
		ref := RefIn(t, "", env, args...)
		sk := SkiffIn(t, "", env, args...)
		if ref.Code == sk.Code && Normalize(ref.Stdout) == Normalize(sk.Stdout) &&
			Normalize(ref.FirstErrLine()) == Normalize(sk.FirstErrLine()) {
			return
		}
	}
	CompareEnv(t, env, "", args...)
}

func TestContainerList(t *testing.T) {
	t.Parallel()
	s := newContainerSet(t)
	L := s.label

	for _, args := range [][]string{
		{"ps", "-a", "--filter", L},
		{"ps", "--filter", L},
		{"container", "ls", "--all", "-f", L},
		{"container", "list", "-a", "-f", L},
		{"container", "ps", "-a", "-f", L},
		{"ps", "-a", "--no-trunc", "--filter", L},
		{"ps", "-a", "-s", "--filter", L},
		{"ps", "-n", "2", "--filter", L},
		{"ps", "--last", "0", "--filter", L},
		{"ps", "-l", "--filter", L},
		{"ps", "-l", "-n", "2", "--filter", L},
		{"ps", "-a", "--filter", L, "--filter", "status=exited"},
		{"ps", "-a", "--filter", L, "--filter", "status=created", "--filter", "status=running"},
		{"ps", "-a", "--filter", L, "--filter", "exited=3"},
		{"ps", "-a", "--filter", L, "--filter", "name=" + s.exited},
		{"ps", "-a", "--filter", L, "--filter", "ancestor=bb"},
		{"ps", "-a", "--filter", L, "--filter", "label=tier=web"},
		{"ps", "-a", "--filter", L, "--filter", "label=tier"},
		{"ps", "-a", "--filter", L, "--filter", "before=" + s.cr},
		{"ps", "-a", "--filter", L, "--filter", "since=" + s.running},
		{"ps", "-a", "--filter", L, "--filter", "expose=5000"},
		{"ps", "-a", "--filter", L, "--filter", "publish=80"},
		{"ps", "-a", "--filter", L, "--filter", "network=bridge"},
		{"ps", "-a", "--filter", L, "--filter", "health=none"},
		{"ps", "-a", "--filter", L, "--filter", "is-task=false"},
		{"ps", "-a", "--filter", L, "--filter", "isolation=default"},
		{"ps", "-a", "--filter", L, "--format", "table"},
		{"ps", "-a", "--filter", L, "--format", "table", "-s"},
		{"ps", "-a", "--filter", L, "--format", "raw"},
		{"ps", "-a", "--filter", L, "--format", "raw", "--size"},
	} {
		compareStable(t, args...)
	}

	// Templates and JSON: no padding, exact comparison.
	for _, args := range [][]string{
		{"ps", "-a", "-q", "--filter", L},
		{"ps", "-aq", "--no-trunc", "--filter", L},
		{"ps", "-a", "--filter", L, "--format", "json"},
		{"ps", "-a", "--filter", L, "--format", "{{json .}}", "-s"},
		{"ps", "-a", "--filter", L, "--format", `table {{.Names}}\t{{.Label "tier"}}\t{{.State}}\t{{.Networks}}`},
		{"ps", "-a", "--filter", L, "--format", `table {{.ID}}\t{{.Names}}\t{{.Size}}`},
		{"ps", "-a", "--filter", L, "--format", "{{.Names}} {{.Image}} {{.Command}} {{.Ports}} {{.Labels}} {{.Mounts}} {{.LocalVolumes}}"},
		{"ps", "-a", "--filter", L, "--no-trunc", "--format", "{{.ID}} {{.Command}}"},
		{"ps", "-a", "--filter", L, "-q", "--format", "{{.Names}}"},
		{"ps", "-a", "--filter", L, "-q", "--format", "raw"},
		{"ps", "-a", "--filter", L, "-q", "--format", "table"},
		{"ps", "-a", "--filter", L, "--format", `{{.Names}}\t{{.Label "tier"}}`},
		{"ps", "-a", "--filter", "label=skiff.e2e=no-such-fixture", "--format", "{{.Names}}"},
		{"ps", "-a", "--filter", "label=skiff.e2e=no-such-fixture"},
		{"ps", "-a", "--filter", "label=skiff.e2e=no-such-fixture", "-s"},
		{"ps", "-a", "--filter", "label=skiff.e2e=no-such-fixture", "--format", "json"},
		{"ps", "-a", "--filter", "label=skiff.e2e=no-such-fixture", "--format", "table {{.Names}}"},
	} {
		Compare(t, args...)
	}
}

func TestContainerListErrors(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"ps", "--filter", "bogus=1"},
		{"ps", "--filter", "status=bogus"},
		{"ps", "--filter", "label!=a=b"},
		{"ps", "-f", "nonsense"},
		{"ps", "--format", "{{.Foo}}"},
		{"ps", "--format", "{{.ID"},
		{"ps", "-q", "--format", "{{.Foo}}"},
		{"ps", "-n", "abc"},
		{"ps", "--bogus"},
		{"ps", "foo"},
		{"container", "ls", "foo"},
		{"container", "list", "foo"},
	} {
		Compare(t, args...)
	}
}

// psFormat from config.json is used when --format is absent; -q and --format win.
func TestContainerListConfigFormat(t *testing.T) {
	t.Parallel()
	s := newContainerSet(t)
	L := s.label
	write := func(content string) string {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	sized := write(`{"psFormat": "table {{.Names}}\t{{.State}}\t{{.Size}}"}`)
	env := []string{"DOCKER_CONFIG=" + sized}
	CompareEnv(t, env, "", "ps", "-a", "--filter", L)
	CompareEnv(t, env, "", "ps", "-a", "-q", "--filter", L)
	compareStableEnv(t, env, "ps", "-a", "--filter", L, "--format", "table")
	CompareEnv(t, env, "", "ps", "-a", "--filter", L, "--format", "{{.Names}}")
	Compare(t, "--config", sized, "ps", "-a", "--filter", L)

	raw := write(`{"psFormat": "raw"}`)
	CompareEnv(t, []string{"DOCKER_CONFIG=" + raw}, "", "ps", "-a", "-q", "--filter", L)
	CompareEnv(t, []string{"DOCKER_CONFIG=" + raw}, "", "ps", "-a", "--filter", L)

	bad := write(`{"psFormat": "{{.Foo}}"}`)
	CompareEnv(t, []string{"DOCKER_CONFIG=" + bad}, "", "ps", "-a", "--filter", L)
	CompareEnv(t, []string{"DOCKER_CONFIG=" + bad}, "", "ps", "-a", "-q", "--filter", L)
}

func TestContainerInspect(t *testing.T) {
	t.Parallel()
	s := newContainerSet(t)
	for _, args := range [][]string{
		{"container", "inspect", s.running, s.exited, s.cr},
		{"container", "inspect", "-s", s.exited},
		{"container", "inspect", "--size", "--format", "{{.SizeRw}} {{.SizeRootFs}}", s.exited},
		{"container", "inspect", "-f", "json", s.running, s.exited},
		{"container", "inspect", "-f", "{{.Name}} {{.State.Status}} {{.State.ExitCode}} {{.Config.Labels}} {{.Id}}", s.running, s.exited, s.cr},
		{"container", "inspect", "-f", "{{json .}}", s.running, s.exited, s.cr},
		{"container", "inspect", "-f", "{{json .NetworkSettings}}|{{json .Config}}|{{json .HostConfig}}|{{json .State}}", s.running, s.exited, s.cr},
		{"container", "inspect", "-f", `{{.NetworkSettings.Ports}} {{.HostConfig.PortBindings}} {{.Config.ExposedPorts}}`, s.running, s.cr},
		{"container", "inspect", "-f", `{{index .NetworkSettings.Ports "80/tcp"}}`, s.running, s.cr},
		{"container", "inspect", "-f", `{{range $p, $b := .NetworkSettings.Ports}}{{$p}} {{end}}`, s.running},
		{"container", "inspect", "-f", `{{range .NetworkSettings.Networks}}[{{.IPAddress}}] [{{.Gateway}}] {{end}}{{.NetworkSettings.IPAddress}}`, s.running, s.exited},
		{"container", "inspect", "-f", `{{.HostConfig.RestartPolicy}} {{.HostConfig.LogConfig}} {{.GraphDriver.Name}} {{.Mounts}} {{.Config.Cmd}} {{join .Config.Env ","}}`, s.running},
		{"container", "inspect", "-f", "{{.State.Running}}", s.running},
	} {
		Compare(t, args...)
	}
}

func TestContainerInspectErrors(t *testing.T) {
	t.Parallel()
	s := newContainerSet(t)
	nope := s.f.Name() // never created
	for _, args := range [][]string{
		{"container", "inspect", nope},
		{"container", "inspect", "-f", "{{.Name}}", s.running, nope, s.cr},
		{"container", "inspect", s.running, nope},
		{"container", "inspect", "-f", "{{.Foo}}", s.running},
		{"container", "inspect", "-f", "{{.ID", s.running},
		{"container", "inspect", "-f", "{{.State.Health.Status}}", s.running},
		{"container", "inspect"},
		{"container", "inspect", "--bogus", s.running},
	} {
		Compare(t, args...)
	}
	// Every failure is reported, one line each, after what could be printed.
	args := []string{"container", "inspect", nope, s.running, nope + "x"}
	ref, sk := Ref(t, args...), Skiff(t, args...)
	if ref.Stderr != sk.Stderr {
		t.Errorf("stderr differs:\n%s", Diff("reference", "skiff", ref.Stderr, sk.Stderr))
	}
}
