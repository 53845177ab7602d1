package plugin

import (
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// pushStream is a plugin push as the 20.10 engine streams it (no digest line).
const pushStream = `{"status":"The push refers to repository [127.0.0.1:5000/skifftest/pp]"}
{"status":"Preparing","progressDetail":{},"id":"e2a43b70ae24"}
{"status":"Preparing","progressDetail":{},"id":"fef7659fd116"}
{"status":"Upload complete","progressDetail":{},"id":"e2a43b70ae24"}
{"status":"Upload complete","progressDetail":{},"id":"fef7659fd116"}
`

func TestPush(t *testing.T) {
	t.Run("pipe", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("POST", "/plugins/127.0.0.1:5000/skifftest/pp:latest/push").Header("X-Registry-Auth", noAuth).Reply(200, pushStream)
		cli := clitest.New(t, e.Host())
		assert.NilError(t, clitest.Run(t, newPushCommand(cli), "127.0.0.1:5000/skifftest/pp"))
		assert.Equal(t, cli.OutBuf.String(), `The push refers to repository [127.0.0.1:5000/skifftest/pp]
e2a43b70ae24: Preparing
fef7659fd116: Preparing
e2a43b70ae24: Upload complete
fef7659fd116: Upload complete
`)
	})
	t.Run("registry credentials", func(t *testing.T) {
		e := fakeengine.New(t)
		cli := clitest.New(t, e.Host())
		writeConfigJSON(t, `{"auths":{"127.0.0.1:5000":{"auth":"c2tpZmY6c2VjcmV0"}}}`)
		want := `{"username":"skiff","password":"secret","serveraddress":"127.0.0.1:5000"}`
		e.Expect("POST", "/plugins/127.0.0.1:5000/skifftest/pp:v1/push").Header("X-Registry-Auth", base64URL(want)).Reply(200, pushStream)
		assert.NilError(t, clitest.Run(t, newPushCommand(cli), remote))
	})
	t.Run("short name", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("POST", "/plugins/nope:latest/push").ReplyError(404, `plugin "nope:latest" not found`)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newPushCommand(cli), "nope")
		assert.Error(t, err, `Error response from daemon: plugin "nope:latest" not found`)
		assert.Equal(t, commands.ExitCode(err), 1)
	})
	t.Run("error in the stream", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("POST", "/plugins/skifftest/p3:latest/push").Reply(200, `{"status":"The push refers to repository [skifftest/p3]"}
{"errorDetail":{"message":"error pushing plugin: no such host"},"error":"error pushing plugin: no such host"}
`)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newPushCommand(cli), "skifftest/p3")
		assert.Error(t, err, "error pushing plugin: no such host")
		assert.Equal(t, commands.ExitCode(err), 1)
		assert.Equal(t, cli.OutBuf.String(), "The push refers to repository [skifftest/p3]\n")
	})
	t.Run("bad name", func(t *testing.T) {
		e := fakeengine.New(t)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newPushCommand(cli), "Bad")
		assert.Error(t, err, "invalid reference format: repository name (library/Bad) must be lowercase")
	})
}
