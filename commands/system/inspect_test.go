package system

import (
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands/clitest"
)

const (
	volumeJSON    = `{"CreatedAt":"2026-11-23T19:15:09Z","Driver":"local","Labels":null,"Mountpoint":"/var/lib/docker/volumes/vol/_data","Name":"vol","Options":null,"Scope":"local"}`
	networkJSON   = `{"Name":"net","Id":"85d408f98924f929db168654a65e6d7467677b298fcf194361d89117a92e0681","Created":"2026-11-23T19:15:09.177920357Z","Scope":"local","Driver":"bridge","EnableIPv6":false,"IPAM":{"Driver":"default","Options":{},"Config":[{"Subnet":"192.168.192.0/20","Gateway":"192.168.192.1"}]},"Internal":false,"Attachable":false,"Ingress":false,"ConfigFrom":{"Network":""},"ConfigOnly":false,"Containers":{},"Options":{},"Labels":{}}`
	imageJSON     = `{"Id":"sha256:0520ffc24218ff28e02ad63f40067c276a55535b1a9a12e34d90b2a6214758fe","RepoTags":["bb:latest"],"RepoDigests":[],"Parent":"","Comment":"Imported from -","Created":"2026-11-23T19:01:14.770442618Z","Os":"linux","Architecture":"amd64","Size":1984241,"VirtualSize":1984241,"Config":{"Env":["PATH=/bin"],"Cmd":["sh"]}}`
	containerJSON = `{"Id":"4f3c2b1a09874f3c2b1a09874f3c2b1a09874f3c2b1a09874f3c2b1a09874f3c","Created":"2026-11-23T19:08:55.551790597Z","Path":"true","Args":[],"State":{"Status":"created"},"Image":"sha256:0520ffc24218","Name":"/box","Config":{"Image":"bb:latest"},"HostConfig":{},"NetworkSettings":{}}`
	serviceJSON   = `{"ID":"svc1","Version":{"Index":3},"Spec":{"Name":"web"}}`
	notManager    = `This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.`
)

// expectMisses declares the not-found answers of the kinds docker tries before and
// after the swarm check, for an object that is none of them.
func expectMisses(e *fakeengine.Engine, ref string, kinds ...string) {
	for _, k := range kinds {
		switch k {
		case "container":
			e.Expect("GET", "/containers/"+ref+"/json").ReplyError(404, "No such container: "+ref)
		case "image":
			e.Expect("GET", "/images/"+ref+"/json").ReplyError(404, "no such image: "+ref+": No such image: "+ref+":latest")
		case "network":
			e.Expect("GET", "/networks/"+ref).ReplyError(404, "network "+ref+" not found")
		case "volume":
			e.Expect("GET", "/volumes/"+ref).ReplyError(404, "get "+ref+": no such volume")
		case "plugin":
			e.Expect("GET", "/plugins/"+ref+"/json").ReplyError(404, `plugin "`+ref+`" not found`)
		case "info":
			e.Expect("GET", "/info").Reply(200, `{"Swarm":{"LocalNodeState":"inactive","ControlAvailable":false}}`)
		}
	}
}

func TestInspect(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		engine     func(e *fakeengine.Engine)
		golden     string
		wantErr    string
		wantStderr string
		code       int
	}{
		{name: "one of each", args: []string{"box", "bb", "net", "vol"},
			engine: func(e *fakeengine.Engine) {
				e.Expect("GET", "/containers/box/json").NoQuery("size").Reply(200, containerJSON)
				expectMisses(e, "bb", "container")
				e.Expect("GET", "/images/bb/json").Reply(200, imageJSON)
				expectMisses(e, "net", "container", "image")
				e.Expect("GET", "/networks/net").NoQuery("verbose").Reply(200, networkJSON)
				expectMisses(e, "vol", "container", "image", "network")
				e.Expect("GET", "/volumes/vol").Reply(200, volumeJSON)
			},
			golden: "inspect-each.golden"},
		{name: "json", args: []string{"-f", "json", "vol", "box"},
			engine: func(e *fakeengine.Engine) {
				expectMisses(e, "vol", "container", "image", "network")
				e.Expect("GET", "/volumes/vol").Reply(200, volumeJSON)
				e.Expect("GET", "/containers/box/json").Reply(200, containerJSON)
			},
			golden: "inspect-json.golden"},
		{name: "template", args: []string{"-f", "{{.Name}} {{.Size}}", "bb"},
			engine: func(e *fakeengine.Engine) {
				expectMisses(e, "bb", "container")
				e.Expect("GET", "/images/bb/json").Reply(200, imageJSON)
			},
			golden: "inspect-template.golden", code: 1,
			wantErr: `template parsing error: template: :1:2: executing "" at <.Name>: map has no entry for key "Name"`},
		{name: "size", args: []string{"-s", "-f", "{{.Name}}", "box"},
			engine: func(e *fakeengine.Engine) {
				e.Expect("GET", "/containers/box/json").Query("size", "1").Reply(200, containerJSON)
			},
			golden: "inspect-size.golden"},
		{name: "not found", args: []string{"nope"},
			engine: func(e *fakeengine.Engine) {
				expectMisses(e, "nope", "container", "image", "network", "volume", "info", "plugin")
			},
			golden: "inspect-empty.golden", code: 1, wantErr: "Error: No such object: nope"},
		{name: "error ends the search", args: []string{"x", "vol"},
			engine: func(e *fakeengine.Engine) {
				e.Expect("GET", "/containers/x/json").ReplyError(500, "boom")
				expectMisses(e, "vol", "container", "image", "network")
				e.Expect("GET", "/volumes/vol").Reply(200, volumeJSON)
			},
			golden: "inspect-vol.golden", code: 1, wantErr: "Error response from daemon: boom"},
		{name: "info fails", args: []string{"nope"},
			engine: func(e *fakeengine.Engine) {
				expectMisses(e, "nope", "container", "image", "network", "volume", "plugin")
				e.Expect("GET", "/info").ReplyError(500, "no info")
			},
			golden: "inspect-empty.golden", code: 1, wantErr: "Error: No such object: nope",
			wantStderr: "Error response from daemon: no info\n"},
		{name: "swarm manager", args: []string{"web"},
			engine: func(e *fakeengine.Engine) {
				expectMisses(e, "web", "container", "image", "network", "volume")
				e.Expect("GET", "/info").Reply(200, `{"Swarm":{"LocalNodeState":"active","ControlAvailable":true}}`)
				e.Expect("GET", "/services/web").Query("insertDefaults", "true").Reply(200, serviceJSON)
			},
			golden: "inspect-service.golden"},
		{name: "swarm manager, not found", args: []string{"x"},
			engine: func(e *fakeengine.Engine) {
				expectMisses(e, "x", "container", "image", "network", "volume", "plugin")
				e.Expect("GET", "/info").Reply(200, `{"Swarm":{"LocalNodeState":"active","ControlAvailable":true}}`)
				for _, p := range []string{"/services/x", "/tasks/x", "/nodes/x", "/secrets/x", "/configs/x"} {
					e.Expect("GET", p).ReplyError(404, "not found")
				}
			},
			golden: "inspect-empty.golden", code: 1, wantErr: "Error: No such object: x"},
		{name: "type volume", args: []string{"--type", "volume", "box"},
			engine: func(e *fakeengine.Engine) {
				e.Expect("GET", "/volumes/box").ReplyError(404, "get box: no such volume")
			},
			golden: "inspect-empty.golden", code: 1, wantErr: "Error response from daemon: get box: no such volume"},
		{name: "type service", args: []string{"--type", "service", "web"},
			engine: func(e *fakeengine.Engine) {
				e.Expect("GET", "/services/web").ReplyError(503, notManager)
			},
			golden: "inspect-empty.golden", code: 1, wantErr: "Error response from daemon: " + notManager},
		{name: "type container size", args: []string{"--type", "container", "--size", "-f", "{{.Name}}", "box"},
			engine: func(e *fakeengine.Engine) {
				e.Expect("GET", "/containers/box/json").Query("size", "1").Reply(200, containerJSON)
			},
			golden: "inspect-size.golden"},
		// docker warns once per object found that has no size; not for misses.
		{name: "size ignored, by type", args: []string{"-s", "--type", "volume", "vol", "nope", "vol"},
			engine: func(e *fakeengine.Engine) {
				e.Expect("GET", "/volumes/vol").Reply(200, volumeJSON).Times(2)
				e.Expect("GET", "/volumes/nope").ReplyError(404, "get nope: no such volume")
			},
			golden: "inspect-vol2.golden", code: 1, wantErr: "Error response from daemon: get nope: no such volume",
			wantStderr: "WARNING: --size ignored for volume\nWARNING: --size ignored for volume\n"},
		{name: "size ignored, found kinds", args: []string{"-s", "-f", "{{.Name}}", "net", "box"},
			engine: func(e *fakeengine.Engine) {
				expectMisses(e, "net", "container", "image")
				e.Expect("GET", "/networks/net").Reply(200, networkJSON)
				e.Expect("GET", "/containers/box/json").Query("size", "1").Reply(200, containerJSON)
			},
			golden: "inspect-size-mixed.golden", wantStderr: "WARNING: --size ignored for network\n"},
		{name: "unknown type", args: []string{"--type", "bogus", "x"}, golden: "empty.golden", code: 1,
			wantErr: `unknown type: "bogus": must be one of "config", "container", "image", "network", "node", "plugin", "secret", "service", "task", "volume"`},
		{name: "bad template", args: []string{"-f", "{{", "x"}, golden: "empty.golden", code: 64,
			wantErr: "template parsing error: template: :1: unclosed action"},
		{name: "no arguments", golden: "empty.golden", code: 1, wantErr: "docker: 'inspect' requires at least 1 argument"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			if tc.engine != nil {
				tc.engine(e)
			}
			r := run(t, e, "", clitest.Options{}, newInspectCommand, tc.args...)
			assert.Equal(t, r.code(), tc.code)
			if tc.wantErr != "" {
				assert.Equal(t, firstLine(r.msg()), tc.wantErr)
			} else {
				assert.NilError(t, r.runErr)
			}
			assertGolden(t, r.out, tc.golden)
			assert.Equal(t, r.err, tc.wantStderr)
		})
	}
}
