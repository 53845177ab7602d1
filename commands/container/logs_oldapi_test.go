package container

import (
	"testing"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// TestLogsOldEngines: engines of API 1.18-1.23 answer logs as today's do: the
// multiplexed stream for a container without a TTY, the raw one with it; the request
// carries their version's prefix and the same query (v1.18 documents stdout, stderr,
// timestamps, follow and tail; since came with 1.19).
func TestLogsOldEngines(t *testing.T) {
	for _, v := range []string{"1.18", "1.19", "1.21", "1.23"} {
		t.Run(v, func(t *testing.T) {
			e := fakeengine.New(t)
			e.APIVersion = v
			e.Expect("GET", "/containers/c/json").Version(v).Reply(200, `{"Id":"cid","Name":"/c","Config":{"Tty":false},"State":{"Running":false,"ExitCode":0}}`)
			e.Expect("GET", "/containers/cid/logs").Version(v).Query("stdout", "1").Query("stderr", "1").Query("tail", "2").
				Query("timestamps", "1").Reply(200, lcMuxed(1, "2015-01-01T00:00:00Z out\n", 2, "2015-01-01T00:00:01Z err\n"))
			r := lcExec(t, e, clitest.Options{}, newLogsCommand, "-t", "-n", "2", "c")
			lcCheck(t, r, "2015-01-01T00:00:00Z out\n", "2015-01-01T00:00:01Z err\n", 0, "")

			e2 := fakeengine.New(t)
			e2.APIVersion = v
			e2.Expect("GET", "/containers/c/json").Version(v).Reply(200, `{"Id":"cid","Name":"/c","Config":{"Tty":true}}`)
			e2.Expect("GET", "/containers/cid/logs").Version(v).Reply(200, "tty out\r\n")
			r = lcExec(t, e2, clitest.Options{}, newLogsCommand, "c")
			lcCheck(t, r, "tty out\r\n", "", 0, "")
		})
	}
}
