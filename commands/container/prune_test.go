package container

import (
	"testing"

	"github.com/moby/moby/api/types/container"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands/clitest"
)

const lcPrompt = "WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] "

func TestPruneConfirmed(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/prune").Query("filters", `{"label":{"a=b":true},"until":{"1h":true}}`).
		Reply(200, container.PruneReport{ContainersDeleted: []string{"id1", "id2"}, SpaceReclaimed: 2048})
	r := lcExec(t, e, clitest.Options{Stdin: " Y \nmore"}, newPruneCommand, "--filter", "label=a=b", "--filter", "until=1h")
	lcCheck(t, r, lcPrompt+"Deleted Containers:\nid1\nid2\n\nTotal reclaimed space: 2.048kB\n", "", 0, "")
}

func TestPruneDeclined(t *testing.T) {
	e := fakeengine.New(t) // nothing is pruned
	for _, in := range []string{"", "n\n", "yes\n", "\n", "yy"} {
		r := lcExec(t, e, clitest.Options{Stdin: in}, newPruneCommand)
		lcCheck(t, r, lcPrompt, "", 0, "")
	}
}

func TestPruneForce(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/prune").NoQuery("filters").Reply(200, `{"ContainersDeleted":null,"SpaceReclaimed":0}`)
	e.Expect("POST", "/containers/prune").Query("filters", `{"bogus":{"1":true}}`).ReplyError(400, "Invalid filter 'bogus'")
	r := lcExec(t, e, clitest.Options{}, newPruneCommand, "-f")
	lcCheck(t, r, "Total reclaimed space: 0B\n", "", 0, "")
	r = lcExec(t, e, clitest.Options{}, newPruneCommand, "--force", "--filter", "bogus=1")
	lcCheck(t, r, "", "", 1, "Error response from daemon: Invalid filter 'bogus'")
	r = lcExec(t, e, clitest.Options{}, newPruneCommand, "-f", "--filter", "bogus")
	if r.code != 125 || firstLine(r.msg) != `invalid argument "bogus" for "--filter" flag: bad format of filter (expected name=value)` {
		t.Errorf("%+v", r)
	}
}

// TestPruneConfigFilters: config.json's pruneFilters join the command line's, as docker
// 28 adds them to container prune ("label" only beside a "label!" that lacks it, and
// the other way round).
func TestPruneConfigFilters(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/prune").Query("filters", `{"until":{"24h":true}}`).Reply(200, `{}`)
	e.Expect("POST", "/containers/prune").Query("filters", `{"label":{"a":true},"label!":{"nf":true},"until":{"24h":true}}`).Reply(200, `{}`)
	cli := clitest.New(t, e.Host())
	writeConfig(t, `{"pruneFilters":["label=pf","until=24h","label!=nf"]}`)
	if err := clitest.Run(t, newPruneCommand(cli), "-f"); err != nil {
		t.Fatal(err)
	}
	if err := clitest.Run(t, newPruneCommand(cli), "-f", "--filter", "label=a"); err != nil {
		t.Fatal(err)
	}
}
