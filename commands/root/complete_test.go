package root

import (
	"strings"
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
)

// A completion request binds the flags of the command it completes, with their
// completions: fixed values need no engine, and the directive closes the answer.
func TestCompleteFlagValues(t *testing.T) {
	out, errs, code := run(t, "__complete", "run", "--restart", "")
	assert.Equal(t, code, 0)
	assert.Equal(t, out, "no\nalways\non-failure\nunless-stopped\n:4\n")
	assert.Equal(t, errs, "Completion ended with directive: ShellCompDirectiveNoFileComp\n")
	out, _, _ = run(t, "__completeNoDesc", "--log-level", "")
	assert.Equal(t, out, "debug\ninfo\nwarn\nerror\nfatal\npanic\n:4\n")
	out, _, _ = run(t, "__complete", "run", "--env-file", "")
	assert.Equal(t, out, ":0\n")
}

// Names come from the engine named on the line (-H), after cobra read the global flags.
func TestCompleteNamesFromFlagHost(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/containers/json").NoQuery("all").Reply(200, `[{"Names":["/web"],"State":"running"}]`)
	t.Setenv("DOCKER_HOST", "unix:///nonexistent.sock")
	out, _, code := run(t, "__complete", "-H", e.Host(), "stop", "")
	assert.Equal(t, code, 0)
	assert.Equal(t, out, "web\n:4\n")
}

// The completion command exists only for lines that name it: every other start pays
// nothing for it, and the flags of other commands stay unbound.
func TestCompletionCommandOnDemand(t *testing.T) {
	root := NewRootCommand(newTestCli())
	for _, c := range root.Commands() {
		assert.Assert(t, c.Name() != "completion")
	}
	out, _, code := run(t, "completion", "bash")
	assert.Equal(t, code, 0)
	assert.Assert(t, strings.HasPrefix(out, "# bash completion V2 for docker"), out[:40])

	root = NewRootCommand(newTestCli())
	completeBind(root, newTestCli(), []string{"stop", ""})
	stop, _, _ := root.Find([]string{"stop"})
	rm, _, _ := root.Find([]string{"rm"})
	assert.Assert(t, stop.Flags().Lookup("signal") != nil)
	assert.Assert(t, rm.Flags().Lookup("force") == nil)
}
