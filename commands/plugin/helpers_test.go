package plugin

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skiff-cli/skiff/client"
)

// firstLine is what scripts match on.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// noAuth is X-Registry-Auth without credentials in config.json.
var noAuth = client.RegistryAuth{}.Header()

// sampleJSON is GET /plugins/skifftest/p3/json as the 20.10 engine answered it (keys in
// its order).
const sampleJSON = `{"Config":{"Args":{"Description":"","Name":"","Settable":null,"Value":null},"Description":"skiff test plugin","DockerVersion":"20.10.24+dfsg1","Documentation":"https://example.invalid","Entrypoint":["/bin/skiffplugin"],"Env":[{"Description":"","Name":"DEBUG","Settable":["value"],"Value":"0"}],"Interface":{"Socket":"skiff.sock","Types":["docker.volumedriver/1.0"]},"IpcHost":false,"Linux":{"AllowAllDevices":false,"Capabilities":["CAP_SYS_ADMIN"],"Devices":null},"Mounts":null,"Network":{"Type":"host"},"PidHost":false,"PropagatedMount":"","User":{},"WorkDir":"","rootfs":{"diff_ids":["sha256:181ba50e99c076732ad7b3739ee65d60e652be8ac2033901af84d18b1036ebaf"],"type":"layers"}},"Enabled":false,"Id":"233e95df4e4ea3091a991e3d0161817f9a47aecec06040bad57aa7f4ac549597","Name":"skifftest/p3:latest","PluginReference":"skifftest/p3:latest","Settings":{"Args":[],"Devices":[],"Env":["DEBUG=0"],"Mounts":[]}}`

// listJSON is GET /plugins with three plugins in the engine's (unsorted) order.
const listJSON = `[
{"Config":{"Description":"a very long description of a plugin that goes on and on past the column"},"Enabled":false,"Id":"78bc1719bb43886ca30cce7b8b4528daa4a6181754985e267cc9e16ac5d25d33","Name":"skifftest/long:latest","PluginReference":"skifftest/long:latest"},
` + sampleJSON + `,
{"Config":{"Description":"skiff test plugin"},"Enabled":true,"Id":"f69fc28e976191bb7db2e04b6faf2d55732cc61a276ff1e431aed8fe365b25fa","Name":"127.0.0.1:5000/skifftest/pp:v1","PluginReference":""}
]`

// privilegesJSON is what the engine asks a user to grant for the test plugin.
const privilegesJSON = `[{"Name":"network","Description":"permissions to access a network","Value":["host"]},{"Name":"capabilities","Description":"list of additional capabilities required","Value":["CAP_SYS_ADMIN"]}]`

// privilegesPrompt is docker 28's question for privilegesJSON (on stdout, no newline).
const privilegesPrompt = `Plugin "127.0.0.1:5000/skifftest/pp:v1" is requesting the following privileges:
 - network: [host]
 - capabilities: [CAP_SYS_ADMIN]
Do you grant the above permissions? [y/N] `

// pullStream is an install's stream as the engine sent it.
const pullStream = `{"status":"v1: Pulling from 127.0.0.1:5000/skifftest/pp"}
{"status":"Digest: sha256:e2a43b70ae247aec3e11b0eded25a77529af505c9a787124b5c2a6b7d87aab2e"}
{"status":"Already exists","progressDetail":{},"id":"fef7659fd116"}
{"status":"Complete","progressDetail":{},"id":"fef7659fd116"}
`

// pulled is pullStream as docker 28 draws it through a pipe.
const pulled = `v1: Pulling from 127.0.0.1:5000/skifftest/pp
Digest: sha256:e2a43b70ae247aec3e11b0eded25a77529af505c9a787124b5c2a6b7d87aab2e
fef7659fd116: Already exists
fef7659fd116: Complete
`

// rawJSON decodes a JSON text for JSONBody.
func rawJSON(s string) any {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		panic(err)
	}
	return v
}

// base64URL is an X-Registry-Auth value of a JSON text.
func base64URL(s string) string { return base64.URLEncoding.EncodeToString([]byte(s)) }

// writeConfigJSON writes the test's config.json (after clitest.New).
func writeConfigJSON(t *testing.T, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(os.Getenv("DOCKER_CONFIG"), "config.json"), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
