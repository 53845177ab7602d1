package system

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// docker 28's warnings, by flags (observed).
const (
	sysPromptHead     = "WARNING! This will remove:\n  - all stopped containers\n  - all networks not used by at least one container\n"
	sysPromptVolumes  = "  - all anonymous volumes not used by at least one container\n"
	sysPromptDangling = "  - all dangling images\n  - unused build cache\n"
	sysPromptAll      = "  - all images without at least one container associated to them\n  - all build cache\n"
	sysPromptTail     = "\nAre you sure you want to continue? [y/N] "
)

// sysExpect sets up each kind's prune in docker's order with the filters it is sent
// (volumes only when vols is not "-").
func sysExpect(e *fakeengine.Engine, common, vols, images, build string, all bool) {
	q := func(r *fakeengine.Route, f string) *fakeengine.Route {
		if f == "" {
			return r.NoQuery("filters")
		}
		return r.Query("filters", f)
	}
	q(e.Expect("POST", "/containers/prune"), common).Reply(200, `{"ContainersDeleted":["c1","c2"],"SpaceReclaimed":1000}`)
	q(e.Expect("POST", "/networks/prune"), common).Reply(200, `{"NetworksDeleted":["n1"]}`)
	if vols != "-" {
		q(e.Expect("POST", "/volumes/prune"), vols).Reply(200, `{"VolumesDeleted":["v1","v2"],"SpaceReclaimed":2048}`)
	}
	e.Expect("POST", "/images/prune").Query("filters", images).
		Reply(200, `{"ImagesDeleted":[{"Untagged":"x:1"},{"Deleted":"sha256:abc"}],"SpaceReclaimed":3000000}`)
	b := e.Expect("POST", "/build/prune").Query("filters", build)
	if all {
		b.Query("all", "1")
	} else {
		b.NoQuery("all")
	}
	b.Reply(200, `{"CachesDeleted":["b1"],"SpaceReclaimed":500}`)
}

const sysReport = "Deleted Containers:\nc1\nc2\n\nDeleted Networks:\nn1\n\n"
const sysReportRest = "Deleted Images:\nuntagged: x:1\ndeleted: sha256:abc\n\nDeleted build cache objects:\nb1\n\n"

func TestSystemPrune(t *testing.T) {
	t.Run("confirmed", func(t *testing.T) {
		e := fakeengine.New(t)
		sysExpect(e, "", "-", `{"dangling":{"true":true}}`, "", false)
		r := run(t, e, "", clitest.Options{Stdin: "y\n"}, newPruneCommand)
		assert.NilError(t, r.runErr)
		assert.Equal(t, r.out, sysPromptHead+sysPromptDangling+sysPromptTail+sysReport+sysReportRest+"Total reclaimed space: 3.002MB\n")
	})
	t.Run("all and volumes, filtered", func(t *testing.T) {
		e := fakeengine.New(t)
		f := `{"label":{"x":true}}`
		sysExpect(e, f, f, `{"dangling":{"false":true},"label":{"x":true}}`, f, true)
		r := run(t, e, "", clitest.Options{}, newPruneCommand, "-f", "-a", "--volumes", "--filter", "label=x")
		assert.NilError(t, r.runErr)
		assert.Equal(t, r.out, sysReport+"Deleted Volumes:\nv1\nv2\n\n"+sysReportRest+"Total reclaimed space: 3.004MB\n")
	})
	t.Run("nothing removed", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("POST", "/containers/prune").Reply(200, `{}`)
		e.Expect("POST", "/networks/prune").Reply(200, `{}`)
		e.Expect("POST", "/images/prune").Reply(200, `{}`)
		e.Expect("POST", "/build/prune").Reply(200, `{}`)
		r := run(t, e, "", clitest.Options{}, newPruneCommand, "--force")
		assert.NilError(t, r.runErr)
		assert.Equal(t, r.out, "Total reclaimed space: 0B\n")
	})
}

// TestSystemPruneWarning: the items follow -a and --volumes; the label, label! and
// until filters (only those) are listed, each key=value in natural order.
func TestSystemPruneWarning(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"default", nil, sysPromptHead + sysPromptDangling + sysPromptTail},
		{"all", []string{"-a"}, sysPromptHead + sysPromptAll + sysPromptTail},
		{"volumes", []string{"--volumes"}, sysPromptHead + sysPromptVolumes + sysPromptDangling + sysPromptTail},
		{"all volumes", []string{"-a", "--volumes"}, sysPromptHead + sysPromptVolumes + sysPromptAll + sysPromptTail},
		{"unlisted filters", []string{"--filter", "foo=bar", "--filter", "until!=1h", "--filter", "dangling=true"}, sysPromptHead + sysPromptDangling + sysPromptTail},
		{
			"filters",
			[]string{"--filter", "until=10m", "--filter", "until=9m", "--filter", "until=100s", "--filter", "label=a10", "--filter", "label=a9",
				"--filter", "Label=A", "--filter", "label=_", "--filter", "label=a-1", "--filter", "label!=y=z", "--filter", "foo=bar"},
			sysPromptHead + sysPromptDangling + "\n  Items to be pruned will be filtered with:\n" +
				"  - label!=y=z\n  - label=A\n  - label=_\n  - label=a9\n  - label=a10\n  - label=a-1\n  - until=9m\n  - until=10m\n  - until=100s\n" + sysPromptTail,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t) // declined: nothing is pruned
			r := run(t, e, "", clitest.Options{Stdin: "n\n"}, newPruneCommand, append([]string{}, tc.args...)...)
			assert.NilError(t, r.runErr)
			assert.Equal(t, r.out, tc.want)
		})
	}
}

// TestSystemPruneConfigFilters: config.json's pruneFilters are added for the warning
// and again before each kind, as docker 28 adds them to the filters its prunes share
// ("label=pf" becomes possible only after "label!=nf" was added).
func TestSystemPruneConfigFilters(t *testing.T) {
	t.Run("warning", func(t *testing.T) {
		e := fakeengine.New(t)
		cli := clitest.New(t, e.Host(), clitest.Options{Stdin: "n\n"})
		writeCfg(t, `{"pruneFilters":["label=pf","until=24h","label!=nf"]}`)
		assert.NilError(t, clitest.Run(t, newPruneCommand(cli), "--filter", "until=2h", "--filter", "label=b", "--filter", "label=a"))
		assert.Equal(t, cli.OutBuf.String(), sysPromptHead+sysPromptDangling+"\n  Items to be pruned will be filtered with:\n"+
			"  - label!=nf\n  - label=a\n  - label=b\n  - until=2h\n  - until=24h\n"+sysPromptTail)
	})
	t.Run("prunes after the warning", func(t *testing.T) {
		e := fakeengine.New(t)
		later := `{"label":{"a":true,"pf":true},"label!":{"nf":true},"until":{"24h":true}}`
		for _, p := range []string{"/containers/prune", "/networks/prune", "/build/prune"} {
			e.Expect("POST", p).Query("filters", later).Reply(200, `{}`)
		}
		e.Expect("POST", "/images/prune").Reply(200, `{}`)
		cli := clitest.New(t, e.Host(), clitest.Options{Stdin: "y\n"})
		writeCfg(t, `{"pruneFilters":["label=pf","until=24h","label!=nf"]}`)
		assert.NilError(t, clitest.Run(t, newPruneCommand(cli), "--filter", "label=a"))
	})
	t.Run("prunes", func(t *testing.T) {
		e := fakeengine.New(t)
		first := `{"label":{"a":true},"label!":{"nf":true},"until":{"24h":true}}`
		later := `{"label":{"a":true,"pf":true},"label!":{"nf":true},"until":{"24h":true}}`
		e.Expect("POST", "/containers/prune").Query("filters", first).Reply(200, `{}`)
		e.Expect("POST", "/networks/prune").Query("filters", later).Reply(200, `{}`)
		e.Expect("POST", "/volumes/prune").Query("filters", later).Reply(200, `{}`)
		e.Expect("POST", "/images/prune").Query("filters", `{"dangling":{"true":true},"label":{"a":true,"pf":true},"label!":{"nf":true},"until":{"24h":true}}`).Reply(200, `{}`)
		e.Expect("POST", "/build/prune").Query("filters", later).Reply(200, `{}`)
		cli := clitest.New(t, e.Host())
		writeCfg(t, `{"pruneFilters":["label=pf","until=24h","label!=nf"]}`)
		assert.NilError(t, clitest.Run(t, newPruneCommand(cli), "-f", "--volumes", "--filter", "label=a"))
	})
	t.Run("until from the config with volumes", func(t *testing.T) {
		e := fakeengine.New(t)
		cli := clitest.New(t, e.Host(), clitest.Options{Stdin: "n\n"})
		writeCfg(t, `{"pruneFilters":["until=24h"]}`)
		assert.NilError(t, clitest.Run(t, newPruneCommand(cli), "--volumes"))
		assert.Equal(t, cli.OutBuf.String(), sysPromptHead+sysPromptVolumes+sysPromptDangling+
			"\n  Items to be pruned will be filtered with:\n  - until=24h\n"+sysPromptTail)
	})
}

func TestSystemPruneErrors(t *testing.T) {
	t.Run("until with volumes", func(t *testing.T) {
		e := fakeengine.New(t)
		for _, f := range []string{"until=1h", "Until=1h"} {
			r := run(t, e, "", clitest.Options{Stdin: "y\n"}, newPruneCommand, "--volumes", "--filter", f)
			assert.Error(t, r.runErr, `ERROR: The "until" filter is not supported with "--volumes"`)
			assert.Equal(t, r.code(), 1)
			assert.Equal(t, r.out, "") // before the question
		}
	})
	// docker stops at the first kind that fails, after the reports of those before it.
	t.Run("stops at the first error", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("POST", "/containers/prune").Reply(200, `{"ContainersDeleted":["c1","c2"],"SpaceReclaimed":1000}`)
		e.Expect("POST", "/networks/prune").ReplyError(500, "boom networks")
		r := run(t, e, "", clitest.Options{}, newPruneCommand, "-f", "--volumes")
		assert.Error(t, r.runErr, "Error response from daemon: boom networks")
		assert.Equal(t, r.code(), 1)
		assert.Equal(t, r.out, "Deleted Containers:\nc1\nc2\n\n")
	})
	t.Run("unreachable", func(t *testing.T) {
		r := run(t, nil, deadHost(t), clitest.Options{Stdin: "n\n"}, newPruneCommand)
		assert.NilError(t, r.runErr)
		assert.Equal(t, r.out, sysPromptHead+sysPromptDangling+sysPromptTail)
		r = run(t, nil, deadHost(t), clitest.Options{}, newPruneCommand, "-f")
		assert.Equal(t, r.code(), 1)
		assert.Assert(t, r.runErr != nil)
	})
	t.Run("arguments", func(t *testing.T) {
		r := run(t, nil, "", clitest.Options{}, newPruneCommand, "x")
		first, _, _ := strings.Cut(r.msg(), "\n")
		assert.Equal(t, first, "docker: 'prune' accepts no arguments")
		assert.Equal(t, r.code(), 1)
	})
}

// writeCfg writes config.json into the test Cli's config directory.
func writeCfg(t *testing.T, content string) {
	t.Helper()
	err := os.WriteFile(filepath.Join(os.Getenv("DOCKER_CONFIG"), "config.json"), []byte(content), 0o600)
	assert.NilError(t, err)
}
