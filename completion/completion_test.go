package completion

import (
	"testing"

	"github.com/spf13/cobra"
	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/client/fakeengine"
)

type testCli struct{ host string }

func (c testCli) Client() (*client.Client, error) {
	return client.New(client.Options{Host: c.host, APIVersion: "1.41"})
}

const containers = `[
 {"Names":["/paused"],"State":"paused"},
 {"Names":["/run2","/other/alias"],"State":"running"},
 {"Names":["/made"],"State":"created"},
 {"Names":["/gone"],"State":"exited"},
 {"Names":["/restarting"],"State":"restarting"},
 {"Names":[],"State":"running"}
]`

// Each selection asks the engine once, all containers only for the stopped and all
// selections, and keeps the engine's order and each container's first name.
func TestContainerNames(t *testing.T) {
	for _, tc := range []struct {
		which Containers
		all   bool
		want  []string
	}{
		{Listed, false, []string{"paused", "run2", "made", "gone", "restarting"}},
		{Unpaused, false, []string{"run2", "made", "gone", "restarting"}},
		{Paused, false, []string{"paused"}},
		{Stopped, true, []string{"made", "gone"}},
		{All, true, []string{"paused", "run2", "made", "gone", "restarting"}},
	} {
		e := fakeengine.New(t)
		r := e.Expect("GET", "/containers/json").Reply(200, containers)
		if tc.all {
			r.Query("all", "1")
		} else {
			r.NoQuery("all")
		}
		got, d := ContainerNames(testCli{e.Host()}, tc.which)(&cobra.Command{}, nil, "")
		assert.DeepEqual(t, got, tc.want)
		assert.Equal(t, d, cobra.ShellCompDirectiveNoFileComp)
	}
}

// rm offers stopped containers, every one with --force (-f), as docker 28.
func TestRemoveNames(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/containers/json").Query("all", "1").Times(2).Reply(200, containers)
	cmd := &cobra.Command{}
	cmd.Flags().BoolP("force", "f", false, "")
	got, _ := RemoveNames(testCli{e.Host()})(cmd, nil, "")
	assert.DeepEqual(t, got, []string{"made", "gone"})
	assert.NilError(t, cmd.Flags().Set("force", "true"))
	got, _ = RemoveNames(testCli{e.Host()})(cmd, nil, "")
	assert.DeepEqual(t, got, []string{"paused", "run2", "made", "gone", "restarting"})
}

// --link's candidates end in ":" and leave no space after them.
func TestContainerNamesWithSuffix(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/containers/json").Query("all", "1").Reply(200, `[{"Names":["/a"],"State":"running"},{"Names":["/b"],"State":"exited"}]`)
	got, d := ContainerNamesWithSuffix(testCli{e.Host()}, All, ":")(&cobra.Command{}, nil, "")
	assert.DeepEqual(t, got, []string{"a:", "b:"})
	assert.Equal(t, d, cobra.ShellCompDirectiveNoSpace)
}

// Images are every tag of every image in the engine's order, "<none>:<none>" as the
// engine gives it (docker 28 offers it too).
func TestImageNames(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/images/json").Reply(200, `[{"RepoTags":["a:1","b:latest"]},{"RepoTags":["<none>:<none>"]},{"RepoTags":null}]`)
	got, d := ImageNames(testCli{e.Host()})(&cobra.Command{}, nil, "")
	assert.DeepEqual(t, got, []string{"a:1", "b:latest", "<none>:<none>"})
	assert.Equal(t, d, cobra.ShellCompDirectiveNoFileComp)
}

// An engine that fails gives no candidates and cobra's error directive, as docker 28's.
func TestNamesEngineError(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/networks").ReplyError(500, "boom")
	got, d := NetworkNames(testCli{e.Host()})(&cobra.Command{}, nil, "")
	assert.Equal(t, len(got), 0)
	assert.Equal(t, d, cobra.ShellCompDirectiveError)
}

// Positions: First and UpTo stop completing after their arguments, Then switches.
func TestPositions(t *testing.T) {
	one := Fixed("x")
	cmd := &cobra.Command{}
	got, _ := First(one)(cmd, nil, "")
	assert.DeepEqual(t, got, []string{"x"})
	got, d := First(one)(cmd, []string{"a"}, "")
	assert.Equal(t, len(got), 0)
	assert.Equal(t, d, cobra.ShellCompDirectiveNoFileComp)
	got, _ = UpTo(2, one)(cmd, []string{"a"}, "")
	assert.DeepEqual(t, got, []string{"x"})
	got, _ = Then(one, Fixed("y"))(cmd, []string{"a", "b"}, "")
	assert.DeepEqual(t, got, []string{"y"})
}

// Signals: docker 28's 65 names (its order is a map's), each once.
func TestSignals(t *testing.T) {
	got, _ := Signals()(&cobra.Command{}, nil, "")
	seen := map[string]bool{}
	for _, s := range got {
		assert.Assert(t, !seen[s], s)
		seen[s] = true
	}
	assert.Equal(t, len(got), 65)
	assert.Assert(t, seen["KILL"] && seen["RTMIN+15"] && seen["RTMAX-14"] && seen["CLD"] && seen["POLL"])
}

func TestWanted(t *testing.T) {
	assert.Assert(t, Wanted([]string{"__complete", "ps", ""}))
	assert.Assert(t, Wanted([]string{"__completeNoDesc", "ps", ""}))
	assert.Assert(t, Wanted([]string{"help", "completion"}))
	assert.Assert(t, !Wanted([]string{"--version"}))
	assert.Assert(t, !Wanted([]string{"ps", "-a"}))
}
