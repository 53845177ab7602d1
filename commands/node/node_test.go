package node

import (
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// nodesJSON is GET /nodes in the engine's order: docker sorts by hostname.
const nodesJSON = `[
{"ID":"82cpi1if5hqovj2593jff71xv","Spec":{"Role":"worker","Availability":"drain"},"Description":{"Hostname":"w1","Engine":{"EngineVersion":"28.0.1"},"TLSInfo":{"TrustRoot":"OLD"}},"Status":{"State":"down","Addr":"10.0.0.2"}},
{"ID":"wsr0d0agzru2y6g23v2ukk0an","Spec":{"Role":"manager","Availability":"active"},"Description":{"Hostname":"m1","Engine":{"EngineVersion":"28.0.1"},"TLSInfo":{"TrustRoot":"ROOT"}},"Status":{"State":"ready","Addr":"10.0.0.1"},"ManagerStatus":{"Leader":true,"Reachability":"reachable","Addr":"10.0.0.1:2377"}}
]`

const infoJSON = `{"Swarm":{"NodeID":"wsr0d0agzru2y6g23v2ukk0an","Cluster":{"TLSInfo":{"TrustRoot":"ROOT"}}}}`

func TestList(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		info bool // whether docker asks /info (not for -q)
		want string
	}{
		{"default", nil, true, "" +
			"ID                            HOSTNAME   STATUS    AVAILABILITY   MANAGER STATUS   ENGINE VERSION\n" +
			"wsr0d0agzru2y6g23v2ukk0an *   m1         Ready     Active         Leader           28.0.1\n" +
			"82cpi1if5hqovj2593jff71xv     w1         Down      Drain                           28.0.1\n"},
		{"quiet", []string{"-q"}, false, "wsr0d0agzru2y6g23v2ukk0an\n82cpi1if5hqovj2593jff71xv\n"},
		{"template", []string{"--format", "{{.Hostname}} {{.Self}} {{.TLSStatus}} [{{.ManagerStatus}}]"}, true,
			"m1 true Ready [Leader]\nw1 false Needs Rotation []\n"},
		// -q leaves the engine's info unasked: no self, an unknown TLS status
		{"quiet template", []string{"-q", "--format", "{{.Hostname}} {{.Self}} {{.TLSStatus}}"}, false,
			"m1 false Unknown\nw1 false Unknown\n"},
		{"json", []string{"--format", "json"}, true, "" +
			`{"Availability":"Active","EngineVersion":"28.0.1","Hostname":"m1","ID":"wsr0d0agzru2y6g23v2ukk0an","ManagerStatus":"Leader","Self":true,"Status":"Ready","TLSStatus":"Ready"}` + "\n" +
			`{"Availability":"Drain","EngineVersion":"28.0.1","Hostname":"w1","ID":"82cpi1if5hqovj2593jff71xv","ManagerStatus":"","Self":false,"Status":"Down","TLSStatus":"Needs Rotation"}` + "\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			e.Expect("GET", "/nodes").NoQuery("filters").Reply(200, nodesJSON)
			if tc.info {
				e.Expect("GET", "/info").Reply(200, infoJSON)
			}
			cli := clitest.New(t, e.Host())
			assert.NilError(t, clitest.Run(t, newListCommand(cli), append([]string{}, tc.args...)...))
			assert.Equal(t, cli.OutBuf.String(), tc.want)
		})
	}
}

func TestListFilter(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/nodes").Query("filters", `{"role":{"manager":true}}`).Reply(200, `[]`)
	// asked beside the list, needed only when it has nodes
	e.Expect("GET", "/info").AnyTimes().Reply(200, infoJSON)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newListCommand(cli), "-f", "role=manager"))
	assert.Equal(t, cli.OutBuf.String(), "ID        HOSTNAME   STATUS    AVAILABILITY   MANAGER STATUS   ENGINE VERSION\n")
}

func TestInspectSelf(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/info").Reply(200, infoJSON)
	e.Expect("GET", "/nodes/wsr0d0agzru2y6g23v2ukk0an").Reply(200, `{"ID":"wsr0d0agzru2y6g23v2ukk0an"}`)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newInspectCommand(cli), "-f", "{{.ID}}", "self"))
	assert.Equal(t, cli.OutBuf.String(), "wsr0d0agzru2y6g23v2ukk0an\n")
}

func TestInspectPretty(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/nodes/n1").Reply(200, `{"ID":"n1","CreatedAt":"2026-12-07T16:16:39.00595392Z",
"Spec":{"Labels":{"b":"","a":"1"},"Availability":"pause"},
"Description":{"Hostname":"h1","Platform":{"OS":"linux","Architecture":"x86_64"},"Resources":{"NanoCPUs":2000000000,"MemoryBytes":25276182528},
"Engine":{"EngineVersion":"28.0.1","Plugins":[{"Type":"Network","Name":"host"},{"Type":"Log","Name":"local"},{"Type":"Network","Name":"bridge"}]},
"TLSInfo":{"TrustRoot":"PEM\n","CertIssuerSubject":"AQI=","CertIssuerPublicKey":"AwQ="}},
"Status":{"State":"ready","Addr":"10.0.0.1"},"ManagerStatus":{"Reachability":"reachable","Addr":"10.0.0.1:2377"}}`)
	cli := clitest.New(t, e.Host())
	// --pretty ignores --format, as docker
	assert.NilError(t, clitest.Run(t, newInspectCommand(cli), "--pretty", "-f", "{{.ID}}", "n1"))
	assert.Equal(t, cli.OutBuf.String(), "ID:\t\t\tn1\nLabels:\n - a=1\n - b\n"+
		"Hostname:              \th1\nJoined at:             \t2026-12-07 16:16:39.00595392 +0000 utc\n"+
		"Status:\n State:\t\t\tReady\n Availability:         \tPause\n Address:\t\t10.0.0.1\n"+
		"Manager Status:\n Address:\t\t10.0.0.1:2377\n Raft Status:\t\tReachable\n Leader:\t\tNo\n"+
		"Platform:\n Operating System:\tlinux\n Architecture:\t\tx86_64\n"+
		"Resources:\n CPUs:\t\t\t2\n Memory:\t\t23.54GiB\n"+
		"Plugins:\n Log:\t\tlocal\n Network:\t\tbridge, host\n"+
		"Engine Version:\t\t28.0.1\n"+
		"TLS Info:\n TrustRoot:\nPEM\n\n Issuer Subject:\tAQI=\n Issuer Public Key:\tAwQ=\n")
}

// TestInspectPrettyMissing: one node not found prints nothing, as docker.
func TestInspectPrettyMissing(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/nodes/n1").Reply(200, `{"ID":"n1"}`)
	e.Expect("GET", "/nodes/nosuch").ReplyError(404, "node nosuch not found")
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newInspectCommand(cli), "--pretty", "n1", "nosuch")
	assert.Error(t, err, "Error response from daemon: node nosuch not found")
	assert.Equal(t, cli.OutBuf.String(), "")
}
