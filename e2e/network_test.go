//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// docker network ls and network inspect against the reference, on networks this test
// creates (few: the engine's address pools are shared and small).

func TestNetworkList(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	plain := f.Network()
	f.Network("--internal", "--label", "app=web", "--label", "com.example.some-key=v1")
	id := strings.TrimSpace(Ref(t, "network", "inspect", "-f", "{{.Id}}", plain).Stdout)
	lbl := "label=" + f.Label()

	for _, args := range [][]string{
		{"network", "ls", "-f", lbl},
		{"network", "list", "--filter", lbl},
		{"network", "ls", "-f", lbl, "--no-trunc"},
		{"network", "ls", "-f", lbl, "-q"},
		{"network", "ls", "-f", lbl, "-q", "--no-trunc"},
		{"network", "ls", "-f", lbl, "-q", "--format", "table"},
		{"network", "ls", "-f", lbl, "-q", "--format", "{{.Name}}"},
		{"network", "ls", "-f", lbl, "--format", "json"},
		{"network", "ls", "-f", lbl, "--format", "raw"},
		{"network", "ls", "-f", lbl, "--format", "raw", "-q"},
		{"network", "ls", "-f", lbl, "--format", "table"},
		{"network", "ls", "-f", lbl, "--format", `table {{.Name}}\t{{.Internal}}\t{{.IPv4}}\t{{.IPv6}}\t{{.Labels}}\t{{.Label "com.example.some-key"}}\t{{.CreatedAt}}`},
		{"network", "ls", "-f", lbl, "--format", `{{.ID}} {{.Name}} {{.Driver}} {{.Scope}} {{.Label "app"}}`, "--no-trunc"},
		{"network", "ls", "-f", lbl, "-f", "label=app=web"},
		{"network", "ls", "-f", lbl, "-f", "driver=bridge", "-f", "scope=local", "-f", "type=custom"},
		{"network", "ls", "-f", lbl, "-f", "dangling=true"},
		{"network", "ls", "-f", lbl, "-f", "name=" + plain},
		{"network", "ls", "-f", lbl, "-f", "id=" + id[:12]},
		{"network", "ls", "-f", lbl, "-f", "driver=none-such"},
		{"network", "ls", "-f", "name=" + plain, "-f", "type=builtin"},
	} {
		CompareWith(t, sortLabelLists, nil, "", args...)
	}

	// config.json's networksFormat, ignored with -q.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(`{"networksFormat":"{{.Name}}--{{.Driver}}--{{.Internal}}"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{"DOCKER_CONFIG=" + dir}
	CompareWith(t, sortLabelLists, env, "", "network", "ls", "-f", lbl)
	CompareWith(t, sortLabelLists, env, "", "network", "ls", "-f", lbl, "-q")
	CompareWith(t, sortLabelLists, env, "", "network", "ls", "-f", lbl, "--format", "table {{.Name}}")
}

func TestNetworkListErrors(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"network", "ls", "-f", "bogus=1"},
		{"network", "ls", "-f", "dangling=maybe"},
		{"network", "ls", "-f", "type=foo"},
		{"network", "ls", "-f", "foo"},
		{"network", "ls", "--format", "{{.Foo}}"},
		{"network", "ls", "--format", "{{.Name"},
		{"network", "ls", "extra"},
		{"network", "ls", "--bogus"},
		{"network", "frob"},
	} {
		Compare(t, args...)
	}
}

func TestNetworkInspect(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	a := f.Network("--label", "app=web", "--opt", "com.docker.network.bridge.enable_icc=false")
	b := f.Network("--internal")
	// A running container on a: its endpoint shows under Containers.
	_, c := f.Container("--network", a, Image, "sleep", "100000")
	f.Start(c)

	for _, args := range [][]string{
		{"network", "inspect", a},
		{"network", "inspect", a, b},
		{"network", "inspect", "-f", "json", a, b},
		{"network", "inspect", "--format", "{{.Name}} {{.Driver}} {{.Internal}} {{index .Labels \"app\"}} {{json .Options}}", a, b},
		{"network", "inspect", "-f", "{{range .IPAM.Config}}{{.Subnet}}{{end}} {{.Scope}}", a},
		{"network", "inspect", "-f", "{{json .}}", b},
		{"network", "inspect", "-f", "{{json .}}", a},
		{"network", "inspect", "-f", "{{.}}", a},
		{"network", "inspect", "-f", "{{.Created}} {{.IPAM}} {{.ConfigFrom}}", a},
		{"network", "inspect", "-f", "{{range .Containers}}[{{.Name}}] [{{.IPv4Address}}] [{{.IPv6Address}}] [{{.MacAddress}}]{{end}}", a},
		{"network", "inspect", "-v", a},
		{"network", "inspect", "--verbose", "-f", "{{.Name}}", b},
		// Not the whole of bridge: other tests' containers join and leave it meanwhile.
		{"network", "inspect", "-f", "{{.Name}} {{.Driver}} {{.Scope}} {{.IPAM.Driver}} {{json .Options}}", "bridge"},
	} {
		Compare(t, args...)
	}
}

func TestNetworkInspectErrors(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	a := f.Network()
	for _, args := range [][]string{
		{"network", "inspect", "nope-" + f.Label()[len("skiff.e2e="):]},
		{"network", "inspect", "-f", "{{.Name}}", a, "nope-none-such", a},
		{"network", "inspect", "-f", "json", "nope-none-such", a},
		{"network", "inspect", " "},
		{"network", "inspect", ""},
		{"network", "inspect", "-f", "{{.Foo}}", a},
		{"network", "inspect", "-f", "{{.Foo", a},
		{"network", "inspect"},
		{"network", "inspect", "--bogus", a},
	} {
		Compare(t, args...)
	}
}

// labelList is a comma-joined "k=v,k=v" list as ls prints {{.Labels}}.
var labelList = regexp.MustCompile(`[A-Za-z0-9_.-]+=[^,\s"]*(,[A-Za-z0-9_.-]+=[^,\s"]*)+`)

// sortLabelLists sorts the entries of every label list: the reference joins a network's
// or volume's labels in Go's random map order (run it twice, see two orders); skiff sorts
// them by key.
func sortLabelLists(s string) string {
	return labelList.ReplaceAllStringFunc(s, func(l string) string {
		parts := strings.Split(l, ",")
		sort.Strings(parts)
		return strings.Join(parts, ",")
	})
}
