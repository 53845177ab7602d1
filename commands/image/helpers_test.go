package image

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"gotest.tools/v3/assert"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// TestMain fixes the local time zone: CREATED AT columns print local times.
func TestMain(m *testing.M) {
	time.Local = time.UTC
	os.Exit(m.Run())
}

const (
	idBB    = "sha256:0520ffc24218ff28e02ad63f40067c276a55535b1a9a12e34d90b2a6214758fe"
	idChild = "sha256:65bbd90d6935cd73bbd32311460e77671e3f25a7540ac1d821e045631be80300"
	idNone  = "sha256:6c9d10ded433b10a88ed4a82b7fabb24a077278f10760c14697151702c99b42e"
	idDgst  = "sha256:9a9bec495472aabbccddeeff00112233445566778899aabbccddeeff00112233"
	digest  = "sha256:1111111111111111111111111111111111111111111111111111111111111111"
)

// imagesJSON is what the engine answers for GET /images/json: a child image with two
// tags, an untagged (dangling) image, an image known only by digest, and bb with a tag
// in a registry repository. Creation times are relative to now so CREATED is stable.
func imagesJSON() string {
	now := time.Now()
	return fmt.Sprintf(`[
{"Containers":-1,"Created":%d,"Id":%q,"Labels":{"skfimg":"1"},"ParentId":%q,"RepoDigests":null,
 "RepoTags":["skfimg-child:1","skfimg-child:latest"],"SharedSize":-1,"Size":1984241,"VirtualSize":1984241},
{"Containers":-1,"Created":%d,"Id":%q,"Labels":null,"ParentId":%q,"RepoDigests":["<none>@<none>"],
 "RepoTags":["<none>:<none>"],"SharedSize":-1,"Size":1984200,"VirtualSize":1984200},
{"Containers":-1,"Created":%d,"Id":%q,"Labels":null,"ParentId":"","RepoDigests":["localhost:5000/dg@%s"],
 "RepoTags":[],"SharedSize":-1,"Size":123456789,"VirtualSize":123456789},
{"Containers":2,"Created":%d,"Id":%q,"Labels":null,"ParentId":"","RepoDigests":[],
 "RepoTags":["bb:latest","localhost:5000/skf/bb:3"],"SharedSize":0,"Size":1984241,"VirtualSize":1984241}
]`,
		now.Add(-2*time.Minute).Unix(), idChild, idBB,
		now.Add(-3*time.Hour).Unix(), idNone, idBB,
		now.Add(-49*time.Hour).Unix(), idDgst, digest,
		now.Add(-30*24*time.Hour).Unix(), idBB)
}

// historyJSON is GET /images/{name}/history for skfimg-child:1, with times relative
// to now so CREATED is stable.
func historyJSON() string {
	now := time.Now()
	return fmt.Sprintf(`[
{"Comment":"a comment here","Created":%d,"CreatedBy":"sh -c echo hi > /x && echo a very long command that goes on","Id":%q,"Size":0,"Tags":["skfimg-child:1"]},
{"Comment":"","Created":%d,"CreatedBy":"/bin/sh -c #(nop)\tCMD [\"sh\"]","Id":"<missing>","Size":1234,"Tags":null},
{"Comment":"Imported from -","Created":%d,"CreatedBy":"","Id":%q,"Size":1984241,"Tags":["bb:latest"]}
]`,
		now.Add(-90*time.Second).Unix(), idChild, now.Add(-5*time.Hour).Unix(), now.Add(-50*24*time.Hour).Unix(), idBB)
}

// inspectJSON is GET /images/{name}/json for skfimg-child:1 as an API 1.41 engine sends it.
const inspectJSON = `{"Id":"` + idChild + `","RepoTags":["skfimg-child:1"],"RepoDigests":[],"Parent":"` + idBB + `","Comment":"a comment here","Created":"2026-11-23T19:10:29.123456789Z","Container":"d8c155c2152aa45d4b2619bde95d56a7d20d7c7a0cf90f9390d723e1154f7d48","ContainerConfig":{"Hostname":"d8c155c2152a","Domainname":"","User":"","AttachStdin":false,"AttachStdout":true,"AttachStderr":true,"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":["PATH=/bin"],"Cmd":["sh","-c","echo hi > /x"],"Image":"bb:latest","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":{"skfimg":"1"}},"DockerVersion":"20.10.24+dfsg1","Author":"","Config":{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":["PATH=/bin"],"Cmd":["sh","-c","echo a long command"],"Image":"","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":{"skfimg":"1"}},"Architecture":"amd64","Os":"linux","Size":1984241,"VirtualSize":1984241,"GraphDriver":{"Data":{"MergedDir":"/var/lib/docker/overlay2/x/merged"},"Name":"overlay2"},"RootFS":{"Type":"layers","Layers":["sha256:3929750b0dfc99d22286eb343f84dd5d7956b5a2d8a457acc93108ab1d60953f"]},"Metadata":{"LastTagTime":"2026-11-23T19:10:29.5Z"}}`

// apiCalls are the requests the engine saw, without pings and the version prefix, with
// the query unescaped and sorted.
func apiCalls(t *testing.T, e *fakeengine.Engine) []string {
	t.Helper()
	var out []string
	for _, r := range e.Requests() {
		if strings.Contains(r, "/_ping") {
			continue
		}
		r = regexp.MustCompile(`/v[0-9.]+/`).ReplaceAllString(r, "/")
		path, q, ok := strings.Cut(r, "?")
		if ok {
			vals, err := url.ParseQuery(q)
			assert.NilError(t, err)
			var keys []string
			for k := range vals {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			var parts []string
			for _, k := range keys {
				for _, v := range vals[k] {
					parts = append(parts, k+"="+v)
				}
			}
			r = path + "?" + strings.Join(parts, "&")
		}
		out = append(out, r)
	}
	return out
}

func writeConfig(t *testing.T, content string) {
	t.Helper()
	dir := os.Getenv("DOCKER_CONFIG")
	assert.Assert(t, dir != "")
	assert.NilError(t, os.WriteFile(filepath.Join(dir, "config.json"), []byte(content), 0o600))
}

// errText is what the root would print for err, and its exit code.
func errText(err error) (string, int) {
	return commands.Message(err), commands.ExitCode(err)
}

// firstLine is what scripts match on.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// run is clitest.Run with a non-nil argument list: cobra reads os.Args when given nil.
func run(t *testing.T, cmd *cobra.Command, args ...string) error {
	t.Helper()
	return clitest.Run(t, cmd, append([]string{}, args...)...)
}
