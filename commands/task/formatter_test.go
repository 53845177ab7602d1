package task

import (
	"bytes"
	"testing"
	"time"

	"github.com/moby/moby/api/types/swarm"
	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/formatter"
)

func fixedTasks() []swarm.Task {
	ts := time.Date(2026, 12, 7, 17, 0, 0, 0, time.UTC)
	t1 := swarm.Task{ID: "66xbfij0qs35br10u9q8eiog3", DesiredState: "shutdown",
		Status: swarm.TaskStatus{State: "failed", Timestamp: ts, Err: "task: non-zero exit (3)"}}
	t1.Spec.ContainerSpec = &swarm.ContainerSpec{Image: "bb:latest@sha256:0000000000000000000000000000000000000000000000000000000000000000"}
	t2 := swarm.Task{ID: "hwrhrfaruc3kxxxxxxxxxxxxx", DesiredState: "running",
		Status: swarm.TaskStatus{State: "running", Timestamp: ts.Add(-90 * time.Minute), PortStatus: swarm.PortStatus{Ports: []swarm.PortConfig{
			{Protocol: "tcp", TargetPort: 81, PublishedPort: 32768}, {Protocol: "udp", TargetPort: 80, PublishedPort: 18080}}}}}
	t2.Spec.ContainerSpec = &swarm.ContainerSpec{Image: "bb:latest"}
	return []swarm.Task{t1, t2}
}

func TestWrite(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 12, 7, 17, 0, 3, 0, time.UTC) }
	tasks := fixedTasks()
	rows := []Row{{Task: &tasks[0], Name: "web.1", Node: "m1"}, {Task: &tasks[1], Name: "web.2", Node: "w1"}}
	for _, tc := range []struct {
		format string
		trunc  bool
		want   string
	}{
		{defaultTableFormat, true, "" +
			"ID             NAME      IMAGE       NODE      DESIRED STATE   CURRENT STATE          ERROR                       PORTS\n" +
			"66xbfij0qs35   web.1     bb:latest   m1        Shutdown        Failed 3 seconds ago   \"task: non-zero exit (3)\"   \n" +
			"hwrhrfaruc3k   web.2     bb:latest   w1        Running         Running 2 hours ago                                *:32768->81/tcp,*:18080->80/udp\n"},
		{"{{.ID}} {{.Image}}", false, "" +
			"66xbfij0qs35br10u9q8eiog3 bb:latest@sha256:0000000000000000000000000000000000000000000000000000000000000000\n" +
			"hwrhrfaruc3kxxxxxxxxxxxxx bb:latest\n"},
		{"json", true, "" +
			`{"CurrentState":"Failed 3 seconds ago","DesiredState":"Shutdown","Error":"\"task: non-zero exit (3)\"","ID":"66xbfij0qs35","Image":"bb:latest","Name":"web.1","Node":"m1","Ports":""}` + "\n" +
			`{"CurrentState":"Running 2 hours ago","DesiredState":"Running","Error":"","ID":"hwrhrfaruc3k","Image":"bb:latest","Name":"web.2","Node":"w1","Ports":"*:32768-\u003e81/tcp,*:18080-\u003e80/udp"}` + "\n"},
	} {
		var b bytes.Buffer
		assert.NilError(t, Write(formatter.Context{Output: &b, Format: formatter.Format(tc.format), Trunc: tc.trunc, Now: now}, rows))
		assert.Equal(t, b.String(), tc.want, tc.format)
	}
	var b bytes.Buffer
	err := Write(formatter.Context{Output: &b, Format: "{{.Foo}}"}, rows)
	assert.Error(t, err, `template parsing error: template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type *task.taskContext`)
}

// TestCurrentState: the duration is in lower case, as docker 28 on the test swarm
// ("Running about a minute ago"), also where units spells it capitalised.
func TestCurrentState(t *testing.T) {
	ts := time.Date(2026, 12, 7, 17, 0, 0, 0, time.UTC)
	for age, want := range map[time.Duration]string{
		70 * time.Second:       "Running about a minute ago",
		100 * time.Millisecond: "Running less than a second ago",
		65 * time.Minute:       "Running about an hour ago",
		3 * time.Second:        "Running 3 seconds ago",
	} {
		task := swarm.Task{Status: swarm.TaskStatus{State: "running", Timestamp: ts}}
		c := &taskContext{r: &Row{Task: &task}, now: ts.Add(age)}
		assert.Equal(t, c.CurrentState(), want)
	}
}

// TestIndent: older tasks of a name are marked; a task listed twice keeps the mark of
// its last listing for both rows (as docker shows node ps of several nodes).
func TestIndent(t *testing.T) {
	a, b, c := &swarm.Task{ID: "a"}, &swarm.Task{ID: "b"}, &swarm.Task{ID: "c"}
	rows := []Row{{Task: a, Name: "x.1"}, {Task: a, Name: "x.1"}, {Task: b, Name: "x.1"}, {Task: c, Name: "x.2"}}
	indent(rows)
	var got []string
	for _, r := range rows {
		got = append(got, r.Name)
	}
	assert.DeepEqual(t, got, []string{` \_ x.1`, ` \_ x.1`, ` \_ x.1`, "x.2"})
}

func TestShortImage(t *testing.T) {
	for in, want := range map[string]string{
		"bb:latest@sha256:0000000000000000000000000000000000000000000000000000000000000000":                 "bb:latest",
		"docker.io/library/busybox@sha256:0000000000000000000000000000000000000000000000000000000000000000": "busybox@sha256:0000000000000000000000000000000000000000000000000000000000000000",
		"docker.io/library/bb:1": "bb:1",
		"Not A Ref":              "Not A Ref",
	} {
		assert.Equal(t, ShortImage(in), want)
	}
}
