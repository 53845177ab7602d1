//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"testing"
)

// docker volume ls and volume inspect against the reference, on volumes this test
// creates.

func TestVolumeList(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	var names []string
	// Eleven volumes, so names end in -1 ... -11: docker orders numbers by value.
	for i := 0; i < 11; i++ {
		names = append(names, f.Volume())
	}
	web := f.Volume("--label", "app=web", "--label", "com.example.some-key=v1")
	f.Container("-v", web+":/data")
	lbl := "label=" + f.Label()

	for _, args := range [][]string{
		{"volume", "ls", "-f", lbl},
		{"volume", "list", "--filter", lbl},
		{"volume", "ls", "-f", lbl, "-q"},
		{"volume", "ls", "-f", lbl, "--quiet", "--format", "table"},
		{"volume", "ls", "-f", lbl, "-q", "--format", "{{.Driver}}"},
		{"volume", "ls", "-f", lbl, "--format", "json"},
		{"volume", "ls", "-f", lbl, "--format", "raw"},
		{"volume", "ls", "-f", lbl, "--format", "raw", "-q"},
		{"volume", "ls", "-f", lbl, "--format", "table"},
		{"volume", "ls", "-f", lbl, "--format", `table {{.Name}}\t{{.Scope}}\t{{.Mountpoint}}\t{{.Labels}}\t{{.Label "com.example.some-key"}}\t{{.Links}}\t{{.Size}}`},
		{"volume", "ls", "-f", lbl, "--format", `{{.Name}} {{.Driver}} {{.Label "app"}} {{.Group}} {{.Availability}} {{.Status}}`},
		{"volume", "ls", "-f", lbl, "-f", "label=app=web"},
		{"volume", "ls", "-f", lbl, "-f", "dangling=true"},
		{"volume", "ls", "-f", lbl, "-f", "dangling=false"},
		{"volume", "ls", "-f", lbl, "-f", "driver=local"},
		{"volume", "ls", "-f", lbl, "-f", "driver=none-such"},
		{"volume", "ls", "-f", lbl, "-f", "name=" + names[0]},
		{"volume", "ls", "-f", "name=" + names[1], "-f", "name=" + web},
	} {
		CompareWith(t, sortLabelLists, nil, "", args...)
	}

	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(`{"volumesFormat":"table {{.Name}}\t{{.Scope}}"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{"DOCKER_CONFIG=" + dir}
	CompareWith(t, sortLabelLists, env, "", "volume", "ls", "-f", lbl)
	CompareWith(t, sortLabelLists, env, "", "volume", "ls", "-f", lbl, "-q")
	CompareWith(t, sortLabelLists, env, "", "volume", "ls", "-f", lbl, "--format", "{{.Name}}")
}

func TestVolumeListErrors(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"volume", "ls", "-f", "bogus=1"},
		{"volume", "ls", "-f", "dangling=maybe"},
		{"volume", "ls", "-f", "foo"},
		{"volume", "ls", "--format", "{{.Foo}}"},
		{"volume", "ls", "--format", "{{.Name"},
		{"volume", "ls", "extra"},
		{"volume", "ls", "--bogus"},
		// The engine speaks API 1.41; cluster volumes need 1.42. docker checks the flag
		// before later bad flags and before the arguments.
		{"volume", "ls", "--cluster"},
		{"volume", "ls", "--cluster", "--bogus"},
		{"volume", "ls", "--cluster", "extra"},
		{"volume", "ls", "--bogus", "--cluster"},
		{"volume", "frob"},
	} {
		Compare(t, args...)
	}
	CompareEnv(t, []string{"DOCKER_API_VERSION=1.40"}, "", "volume", "ls", "--cluster")
}

func TestVolumeInspect(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	a := f.Volume("--label", "app=web", "--opt", "type=tmpfs", "--opt", "device=tmpfs", "--opt", "o=size=1m")
	b := f.Volume()

	for _, args := range [][]string{
		{"volume", "inspect", a},
		{"volume", "inspect", a, b},
		{"volume", "inspect", "-f", "json", a, b},
		{"volume", "inspect", "--format", `{{.Name}} {{.Driver}} {{.Mountpoint}} {{index .Labels "app"}} {{json .Options}} {{.Scope}}`, a, b},
		{"volume", "inspect", "-f", "{{json .}}", b},
		{"volume", "inspect", "-f", "{{.}}", a},
		{"volume", "inspect", "-f", "{{.CreatedAt}}", a},
	} {
		Compare(t, args...)
	}
}

func TestVolumeInspectErrors(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	a := f.Volume()
	for _, args := range [][]string{
		{"volume", "inspect", "nope-none-such"},
		{"volume", "inspect", "nope-none-such", "nope-2"},
		{"volume", "inspect", "-f", "{{.Name}}", a, "nope-none-such", a},
		{"volume", "inspect", "-f", "json", "nope-none-such", a},
		{"volume", "inspect", ""},
		{"volume", "inspect", " "},
		{"volume", "inspect", "-f", "{{.Foo}}", a},
		{"volume", "inspect", "-f", "{{.Foo", a},
		{"volume", "inspect"},
		{"volume", "inspect", "--bogus", a},
	} {
		Compare(t, args...)
	}
}
