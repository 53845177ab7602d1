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

// Global options may come before __complete, as docker reads them (`docker -H x
// __complete service rm ""`): the names come from that engine.
func TestCompleteAfterGlobalOptions(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/services").NoQuery("status").Reply(200, `[{"ID":"1","Spec":{"Name":"web"}},{"ID":"2","Spec":{"Name":"db"}}]`)
	t.Setenv("DOCKER_HOST", "unix:///nonexistent.sock")
	out, _, code := run(t, "-H", e.Host(), "__complete", "service", "rm", "")
	assert.Equal(t, code, 0)
	assert.Equal(t, out, "web\ndb\n:4\n")
	out, _, _ = run(t, "--log-level=error", "__completeNoDesc", "node", "update", "--role", "")
	assert.Equal(t, out, "worker\nmanager\n:4\n")
}

// The swarm nouns' names, as docker 28 offers them: node host names then "self",
// scale's NAME= without a space after, each stack once, secrets and configs by ID; a
// refusal (a worker, no swarm) is cobra's error directive.
func TestCompleteSwarmNames(t *testing.T) {
	e := fakeengine.New(t)
	t.Setenv("DOCKER_HOST", e.Host())
	e.Expect("GET", "/nodes").Reply(200, `[{"ID":"n1","Description":{"Hostname":"w1"}},{"ID":"n2","Description":{"Hostname":"m1"}}]`)
	out, _, _ := run(t, "__complete", "node", "ps", "")
	assert.Equal(t, out, "w1\nm1\nself\n:4\n")
	e.Expect("GET", "/services").Reply(200, `[{"ID":"1","Spec":{"Name":"web"}}]`)
	out, _, _ = run(t, "__complete", "service", "scale", "")
	assert.Equal(t, out, "web=\n:6\n")
	e.Expect("GET", "/services").Query("filters", `{"label":{"com.docker.stack.namespace":true}}`).Reply(200,
		`[{"Spec":{"Name":"a_x","Labels":{"com.docker.stack.namespace":"a"}}},{"Spec":{"Name":"b_x","Labels":{"com.docker.stack.namespace":"b"}}},{"Spec":{"Name":"a_y","Labels":{"com.docker.stack.namespace":"a"}}}]`)
	out, _, _ = run(t, "__complete", "stack", "rm", "")
	assert.Equal(t, out, "a\nb\n:4\n")
	e.Expect("GET", "/secrets").Reply(200, `[{"ID":"s1id","Spec":{"Name":"s1"}}]`)
	out, _, _ = run(t, "__complete", "secret", "inspect", "")
	assert.Equal(t, out, "s1id\n:4\n")
	e.Expect("GET", "/configs").Reply(200, `[]`)
	out, _, _ = run(t, "__complete", "config", "rm", "")
	assert.Equal(t, out, ":4\n")
	e.Expect("GET", "/services").ReplyError(503, "This node is not a swarm manager.")
	out, _, code := run(t, "__complete", "service", "logs", "")
	assert.Equal(t, code, 0)
	assert.Equal(t, out, ":1\n")
}

// Completing a name binds the flags of that command only: `service rm` does not pay
// for create's and update's hundred flags.
func TestCompleteBindsTheTargetOnly(t *testing.T) {
	root := NewRootCommand(newTestCli())
	completeBind(root, newTestCli(), []string{"service", "rm", ""})
	create, _, _ := root.Find([]string{"service", "create"})
	update, _, _ := root.Find([]string{"service", "update"})
	assert.Assert(t, create.Flags().Lookup("mode") == nil)
	assert.Assert(t, update.Flags().Lookup("image") == nil)
	completeBind(root, newTestCli(), []string{"service", "create", "--mode", ""})
	assert.Assert(t, create.Flags().Lookup("mode") != nil)
	assert.Assert(t, update.Flags().Lookup("image") == nil)
}

// Flags hidden from help by the daemon's API version are offered (docker 28 completes
// them whatever the engine); service create's values are docker's, nothing where it has
// none, and join-token's role is left to the shell's files.
func TestCompleteSwarmFlags(t *testing.T) {
	out, _, _ := run(t, "__completeNoDesc", "swarm", "init", "--data-path-p")
	assert.Equal(t, out, "--data-path-port\n:4\n")
	out, _, _ = run(t, "__complete", "service", "create", "--restart-condition", "")
	assert.Equal(t, out, "none\non-failure\nany\n:4\n")
	out, _, _ = run(t, "__complete", "service", "create", "--cap-add", "")
	assert.Equal(t, out, ":4\n")
	out, _, _ = run(t, "__complete", "swarm", "join-token", "")
	assert.Equal(t, out, ":0\n")
}
