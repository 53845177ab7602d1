package service

import (
	"bytes"
	"encoding/binary"
	"os"
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// servicesJSON is GET /services?status=true in the engine's order: docker sorts by name.
const servicesJSON = `[
{"ID":"zcxyjc7dc19h731251lr0qgvp","Spec":{"Name":"job","TaskTemplate":{"ContainerSpec":{"Image":"bb:latest"}},"Mode":{"ReplicatedJob":{"MaxConcurrent":1,"TotalCompletions":3}}},"ServiceStatus":{"RunningTasks":0,"DesiredTasks":1,"CompletedTasks":3}},
{"ID":"wupuoupvtvsrazktmjuwjti56","Spec":{"Name":"gjob","TaskTemplate":{"ContainerSpec":{"Image":"bb:latest"}},"Mode":{"GlobalJob":{}}},"ServiceStatus":{"RunningTasks":0,"DesiredTasks":0,"CompletedTasks":2}},
{"ID":"mbpxj46luoexg64f1tyhzxpkc","Spec":{"Name":"web","TaskTemplate":{"ContainerSpec":{"Image":"bb:latest@sha256:0000000000000000000000000000000000000000000000000000000000000000"},"Placement":{"MaxReplicas":2}},"Mode":{"Replicated":{"Replicas":2}}},
 "Endpoint":{"Ports":[{"Protocol":"udp","TargetPort":94,"PublishedPort":8094,"PublishMode":"ingress"},{"Protocol":"tcp","TargetPort":91,"PublishedPort":8091,"PublishMode":"ingress"},{"Protocol":"tcp","TargetPort":90,"PublishedPort":8090,"PublishMode":"ingress"},{"Protocol":"tcp","TargetPort":95,"PublishedPort":8095,"PublishMode":"ingress"},{"Protocol":"tcp","TargetPort":99,"PublishedPort":9999,"PublishMode":"host"}]},
 "ServiceStatus":{"RunningTasks":1,"DesiredTasks":2}},
{"ID":"ptly6j7rlqrukl26we8a4x0x2","Spec":{"Name":"glob","TaskTemplate":{"ContainerSpec":{"Image":"docker.io/library/busybox@sha256:0000000000000000000000000000000000000000000000000000000000000000"}},"Mode":{"Global":{}}},"ServiceStatus":{"RunningTasks":2,"DesiredTasks":2}}
]`

func TestList(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		status bool // docker asks for task counts unless -q
		want   string
	}{
		{"table", nil, true, "" +
			"ID             NAME      MODE             REPLICAS               IMAGE                                                                             PORTS\n" +
			"wupuoupvtvsr   gjob      global job       0/0 (2/2 completed)    bb:latest                                                                         \n" +
			"ptly6j7rlqru   glob      global           2/2                    busybox@sha256:0000000000000000000000000000000000000000000000000000000000000000   \n" +
			"zcxyjc7dc19h   job       replicated job   0/1 (3/3 completed)    bb:latest                                                                         \n" +
			"mbpxj46luoex   web       replicated       1/2 (max 2 per node)   bb:latest                                                                         *:8090-8091->90-91/tcp, *:8095->95/tcp, *:8094->94/udp\n"},
		{"quiet", []string{"-q"}, false, "wupuoupvtvsr\nptly6j7rlqru\nzcxyjc7dc19h\nmbpxj46luoex\n"},
		{"json", []string{"--format", "json"}, true, "" +
			`{"ID":"wupuoupvtvsr","Image":"bb:latest","Mode":"global job","Name":"gjob","Ports":"","Replicas":"0/0 (2/2 completed)"}` + "\n" +
			`{"ID":"ptly6j7rlqru","Image":"busybox@sha256:0000000000000000000000000000000000000000000000000000000000000000","Mode":"global","Name":"glob","Ports":"","Replicas":"2/2"}` + "\n" +
			`{"ID":"zcxyjc7dc19h","Image":"bb:latest","Mode":"replicated job","Name":"job","Ports":"","Replicas":"0/1 (3/3 completed)"}` + "\n" +
			`{"ID":"mbpxj46luoex","Image":"bb:latest","Mode":"replicated","Name":"web","Ports":"*:8090-8091-\u003e90-91/tcp, *:8095-\u003e95/tcp, *:8094-\u003e94/udp","Replicas":"1/2 (max 2 per node)"}` + "\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			r := e.Expect("GET", "/services").NoQuery("filters")
			if tc.status {
				r.Query("status", "true")
			} else {
				r.NoQuery("status")
			}
			r.Reply(200, servicesJSON)
			cli := clitest.New(t, e.Host())
			assert.NilError(t, clitest.Run(t, newListCommand(cli), tc.args...))
			assert.Equal(t, cli.OutBuf.String(), tc.want)
		})
	}
}

// TestListTemplateError: a field service ls rows lack is named in docker's type.
func TestListTemplateError(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/services").Query("filters", `{"label":{"a=1":true}}`).Reply(200, servicesJSON)
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newListCommand(cli), "-f", "label=a=1", "--format", "{{.Labels}}")
	assert.Error(t, err, `template parsing error: template: :1:2: executing "" at <.Labels>: can't evaluate field Labels in type *service.serviceContext`)
	assert.Equal(t, cli.OutBuf.String(), "")
}

// psTasks: two tasks of slot 1 (the newer first, the older marked), a global task named
// by its node, one failed with a long error.
const psTasks = `[
{"ID":"mjcivcy5psddhhvkgjh407rw5","CreatedAt":"2026-12-07T17:28:02Z","ServiceID":"S1","Slot":1,"NodeID":"N1","Spec":{"ContainerSpec":{"Image":"bb:latest"}},"Status":{"State":"shutdown","Timestamp":"2026-12-07T17:29:00Z"},"DesiredState":"shutdown"},
{"ID":"g7imd4wb8ize1w4mw7s4i8sut","CreatedAt":"2026-12-07T17:29:02Z","ServiceID":"S1","Slot":1,"NodeID":"N1","Spec":{"ContainerSpec":{"Image":"bb:latest"}},"Status":{"State":"running","Timestamp":"2026-12-07T17:29:03Z","PortStatus":{"Ports":[{"Protocol":"tcp","TargetPort":80,"PublishedPort":18080,"PublishMode":"host"},{"Protocol":"tcp","TargetPort":80,"PublishedPort":18080,"PublishMode":"host"}]}},"DesiredState":"running"},
{"ID":"2ux18moz4e6fxxxxxxxxxxxxx","CreatedAt":"2026-12-07T17:28:02Z","ServiceID":"S1","Slot":10,"NodeID":"N2","Spec":{"ContainerSpec":{"Image":"nosuchimage-of-a-very-long-name-here:latest"}},"Status":{"State":"rejected","Timestamp":"2026-12-07T17:29:00Z","Err":"No such image: nosuchimage-of-a-very-long-name-here:latest"},"DesiredState":"shutdown"},
{"ID":"inbrqsby05spjm6pq84cixl0d","CreatedAt":"2026-12-07T17:28:02Z","ServiceID":"S1","Slot":2,"NodeID":"N2","Spec":{"ContainerSpec":{"Image":"bb:latest"}},"Status":{"State":"running","Timestamp":"2026-12-07T17:29:00Z"},"DesiredState":"running"}
]`

func expectPsLookups(e *fakeengine.Engine) {
	e.Expect("GET", "/services").Query("filters", `{"id":{"web":true}}`).Reply(200, `[]`)
	e.Expect("GET", "/services").Query("filters", `{"name":{"web":true}}`).Reply(200, `[{"ID":"S1","Spec":{"Name":"web"}},{"ID":"S9","Spec":{"Name":"web2"}}]`)
}

func TestPs(t *testing.T) {
	e := fakeengine.New(t)
	expectPsLookups(e)
	e.Expect("GET", "/tasks").Query("filters", `{"desired-state":{"running":true},"service":{"S1":true}}`).Reply(200, psTasks)
	e.Expect("GET", "/services/S1").Query("insertDefaults", "false").Reply(200, `{"ID":"S1","Spec":{"Name":"web"}}`)
	e.Expect("GET", "/nodes/N1").Reply(200, `{"ID":"N1","Description":{"Hostname":"m1"}}`)
	e.Expect("GET", "/nodes/N2").Reply(200, `{"ID":"N2","Description":{"Hostname":"w1"}}`)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newPsCommand(cli), "-f", "desired-state=running", "--format",
		"table {{.ID}}\t{{.Name}}\t{{.Image}}\t{{.Node}}\t{{.DesiredState}}\t{{.Error}}\t{{.Ports}}", "web"))
	assert.Equal(t, cli.OutBuf.String(), ""+
		"ID             NAME        IMAGE                                         NODE      DESIRED STATE   ERROR                              PORTS\n"+
		"g7imd4wb8ize   web.1       bb:latest                                     m1        Running                                            *:18080->80/tcp,*:18080->80/tcp\n"+
		"mjcivcy5psdd    \\_ web.1   bb:latest                                     m1        Shutdown                                           \n"+
		"inbrqsby05sp   web.2       bb:latest                                     w1        Running                                            \n"+
		"2ux18moz4e6f   web.10      nosuchimage-of-a-very-long-name-here:latest   w1        Shutdown        \"No such image: nosuchimage-of…\"   \n")
}

// TestPsQuietMissing: -q prints whole IDs (no names asked), and a service not found is
// told after the others are listed.
func TestPsQuietMissing(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/services").Query("filters", `{"id":{"nosuch":true,"web":true}}`).Reply(200, `[]`)
	e.Expect("GET", "/services").Query("filters", `{"name":{"nosuch":true,"web":true}}`).Reply(200, `[{"ID":"S1","Spec":{"Name":"web"}}]`)
	e.Expect("GET", "/tasks").Query("filters", `{"service":{"S1":true}}`).Reply(200, psTasks)
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newPsCommand(cli), "-q", "--no-resolve", "nosuch", "web")
	assert.Error(t, err, "no such service: nosuch")
	assert.Equal(t, cli.OutBuf.String(), "g7imd4wb8ize1w4mw7s4i8sut\nmjcivcy5psddhhvkgjh407rw5\ninbrqsby05spjm6pq84cixl0d\n2ux18moz4e6fxxxxxxxxxxxxx\n")
}

func TestPsNoneFound(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/services").Reply(200, `[]`).Times(2)
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newPsCommand(cli), "a", "b")
	assert.Error(t, err, "no such service: a\nno such service: b")
	assert.Equal(t, cli.OutBuf.String(), "")
}

// TestInspectPretty compares with what docker 28 printed for the same services
// (testdata: the engine's answer and docker's output).
func TestInspectPretty(t *testing.T) {
	e := fakeengine.New(t)
	nets := map[string]string{"9jgvrev6cby550nkyzk925lnc": "sr-net", "58by0p8fdfm4zrpj0g5gb3c4i": "sr-net2"}
	var want bytes.Buffer
	var args []string
	for _, name := range []string{"rich", "p3", "n2"} {
		body, err := os.ReadFile("testdata/" + name + ".json")
		assert.NilError(t, err)
		out, err := os.ReadFile("testdata/" + name + ".pretty")
		assert.NilError(t, err)
		want.Write(out)
		e.Expect("GET", "/services/"+name).Query("insertDefaults", "true").Reply(200, body)
		args = append(args, name)
	}
	for id, n := range nets {
		times := 1
		if n == "sr-net" {
			times = 2
		}
		e.Expect("GET", "/networks/"+id).Query("scope", "swarm").Reply(200, `{"Name":"`+n+`"}`).Times(times)
	}
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newInspectCommand(cli), append([]string{"--pretty"}, args...)...))
	assert.Equal(t, cli.OutBuf.String(), want.String())
}

func TestInspectErrors(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/services/nosuch").ReplyError(404, "service nosuch not found").Times(2)
	cli := clitest.New(t, e.Host())
	assert.Error(t, clitest.Run(t, newInspectCommand(cli), "--pretty", "nosuch"), "Error: no such service: nosuch")
	assert.Error(t, clitest.Run(t, newInspectCommand(cli), "nosuch"), "Error: no such service: nosuch")
	assert.Equal(t, cli.OutBuf.String(), "[]\n")
	assert.Error(t, clitest.Run(t, newInspectCommand(cli), "--pretty", "-f", "x", "a"), "--format is incompatible with human friendly format")
}

// frame is one multiplexed log frame.
func frame(stream byte, s string) []byte {
	h := make([]byte, 8)
	h[0] = stream
	binary.BigEndian.PutUint32(h[4:], uint32(len(s)))
	return append(h, s...)
}

const logDetails = "com.docker.swarm.node.id=N2,com.docker.swarm.service.id=S1,com.docker.swarm.task.id=jxg4dhza2xo9hb3cxv8qu5wbd"

func TestLogs(t *testing.T) {
	var body []byte
	body = append(body, frame(1, "2026-12-07T17:28:04.1Z "+logDetails+" line1\n")...)
	body = append(body, frame(2, "2026-12-07T17:28:04.2Z "+logDetails+",extra=a%20b err")...)
	body = append(body, frame(2, "or\n")...) // a line cut across frames
	for _, tc := range []struct {
		args           []string
		stdout, stderr string
	}{
		{nil,
			"2026-12-07T17:28:04.1Z web.1.jxg4dhza2xo9@w1    | line1\n",
			"2026-12-07T17:28:04.2Z web.1.jxg4dhza2xo9@w1    | error\n"},
		{[]string{"--no-task-ids", "--details"},
			"2026-12-07T17:28:04.1Z web.1@w1    |  line1\n",
			"2026-12-07T17:28:04.2Z web.1@w1    | extra=a b error\n"},
		{[]string{"--raw"}, "2026-12-07T17:28:04.1Z line1\n", "2026-12-07T17:28:04.2Z error\n"},
	} {
		t.Run(tc.stdout, func(t *testing.T) {
			e := fakeengine.New(t)
			e.Expect("GET", "/services/web").Query("insertDefaults", "false").Reply(200, `{"ID":"S1","Spec":{"Name":"web"}}`)
			e.Expect("GET", "/services/web/logs").Query("details", "1").Query("timestamps", "1").Query("tail", "2").Query("follow", "1").
				Query("stdout", "1").Query("stderr", "1").Reply(200, body).ReplyHeader("Content-Type", "application/vnd.docker.multiplexed-stream")
			if tc.args == nil || tc.args[0] != "--raw" {
				e.Expect("GET", "/nodes/N2").Reply(200, `{"ID":"N2","Description":{"Hostname":"w1"}}`)
				e.Expect("GET", "/services/S1").Query("insertDefaults", "false").Reply(200, `{"ID":"S1","Spec":{"Name":"web"}}`)
				e.Expect("GET", "/tasks/jxg4dhza2xo9hb3cxv8qu5wbd").Reply(200, `{"ID":"jxg4dhza2xo9hb3cxv8qu5wbd","Slot":1}`)
			}
			cli := clitest.New(t, e.Host())
			assert.NilError(t, clitest.Run(t, newLogsCommand(cli), append([]string{"-t", "-f", "--tail", "2", "web"}, tc.args...)...))
			assert.Equal(t, cli.OutBuf.String(), tc.stdout)
			assert.Equal(t, cli.ErrBuf.String(), tc.stderr)
		})
	}
}

// TestLogsTask: a name no service has is a task's ID; a TTY task needs --raw.
func TestLogsTask(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/services/t1").ReplyError(404, "service t1 not found").Times(2)
	e.Expect("GET", "/tasks/t1").Reply(200, `{"ID":"t1","Spec":{"ContainerSpec":{"TTY":true}}}`).Times(2)
	e.Expect("GET", "/tasks/t1/logs").Reply(200, logDetails+" tty line\r\n")
	cli := clitest.New(t, e.Host())
	assert.Error(t, clitest.Run(t, newLogsCommand(cli), "t1"), "tty service logs only supported with --raw")
	assert.NilError(t, clitest.Run(t, newLogsCommand(cli), "--raw", "t1"))
	assert.Equal(t, cli.OutBuf.String(), "tty line\r\n")
}

func TestLogsMissing(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/services/nosuch").ReplyError(404, "service nosuch not found")
	e.Expect("GET", "/tasks/nosuch").ReplyError(404, "task nosuch not found")
	cli := clitest.New(t, e.Host())
	assert.Error(t, clitest.Run(t, newLogsCommand(cli), "nosuch"), "no such task or service: nosuch")
	assert.Error(t, clitest.Run(t, newLogsCommand(cli), "--since", "xyz", "nosuch"), `invalid value for "since": failed to parse value as time or duration: "xyz"`)
}

func TestRemove(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("DELETE", "/services/a").Reply(200, nil)
	e.Expect("DELETE", "/services/nosuch").ReplyError(404, "service nosuch not found")
	e.Expect("DELETE", "/services/b").Reply(200, nil)
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newRemoveCommand(cli), "a", "nosuch", "b")
	assert.Error(t, err, "Error response from daemon: service nosuch not found")
	assert.Equal(t, cli.OutBuf.String(), "a\nb\n")
}
