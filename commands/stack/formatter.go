package stack

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/moby/moby/api/types/swarm"

	"github.com/skiff-cli/skiff/formatter"
)

// Columns of stack ls, and (STACK-TEMP, marked) of stack services and stack ps: the
// service and task columns are being written in their own packages in parallel
// (commands/service/formatter.go, commands/task); fold these onto them after the merge.

// renameTypeError makes a template error name docker's row type: ours live in package
// stack, docker's in formatter, service and task.
func renameTypeError(err error, ours, theirs string) error {
	var te *formatter.TemplateError
	if errors.As(err, &te) && strings.Contains(err.Error(), ours) {
		return renamedError{msg: strings.ReplaceAll(err.Error(), ours, theirs), err: err}
	}
	return err
}

type renamedError struct {
	msg string
	err error
}

func (e renamedError) Error() string { return e.msg }
func (e renamedError) Unwrap() error { return e.err }

// ---- stack ls

const defaultStackTableFormat = "table {{.Name}}\t{{.Services}}"

// stackContext is one row of stack ls.
type stackContext struct {
	formatter.RowHeader
	name     string
	services int
}

func (c *stackContext) Field(name string) (string, bool) {
	switch name {
	case "Name":
		return c.Name(), true
	case "Services":
		return c.Services(), true
	}
	return "", false
}

// Name is the stack's name.
func (c *stackContext) Name() string { return c.name }

// Services is how many services it has.
func (c *stackContext) Services() string { return fmt.Sprint(c.services) }

// MarshalJSON is a row of --format json.
func (c *stackContext) MarshalJSON() ([]byte, error) {
	return formatter.MarshalFields(c, []string{"Name", "Services"}, nil)
}

// ---- stack services (STACK-TEMP: fold onto commands/service's columns)

const defaultServiceTableFormat = "table {{.ID}}\t{{.Name}}\t{{.Mode}}\t{{.Replicas}}\t{{.Image}}\t{{.Ports}}"

type serviceContext struct {
	formatter.RowHeader
	s swarm.Service
}

var serviceFields = []string{"ID", "Name", "Mode", "Replicas", "Image", "Ports"}

func (c *serviceContext) Field(name string) (string, bool) {
	switch name {
	case "ID":
		return c.ID(), true
	case "Name":
		return c.Name(), true
	case "Mode":
		return c.Mode(), true
	case "Replicas":
		return c.Replicas(), true
	case "Image":
		return c.Image(), true
	case "Ports":
		return c.Ports(), true
	}
	return "", false
}

func (c *serviceContext) MarshalJSON() ([]byte, error) {
	return formatter.MarshalFields(c, serviceFields, nil)
}

func (c *serviceContext) ID() string   { return formatter.TruncateID(c.s.ID) }
func (c *serviceContext) Name() string { return c.s.Spec.Name }

func (c *serviceContext) Mode() string {
	m := c.s.Spec.Mode
	switch {
	case m.Global != nil:
		return "global"
	case m.Replicated != nil:
		return "replicated"
	case m.ReplicatedJob != nil:
		return "replicated job"
	case m.GlobalJob != nil:
		return "global job"
	}
	return ""
}

func (c *serviceContext) Replicas() string {
	st := c.s.ServiceStatus
	if st == nil {
		return ""
	}
	m := c.s.Spec.Mode
	switch {
	case m.Replicated != nil && m.Replicated.Replicas != nil:
		return fmt.Sprintf("%d/%d", st.RunningTasks, *m.Replicated.Replicas)
	case m.ReplicatedJob != nil || m.GlobalJob != nil:
		done := uint64(0)
		if c.s.JobStatus != nil {
			done = c.s.JobStatus.JobIteration.Index
		}
		_ = done
		return fmt.Sprintf("%d/%d", st.RunningTasks, st.DesiredTasks)
	}
	return fmt.Sprintf("%d/%d", st.RunningTasks, st.DesiredTasks)
}

func (c *serviceContext) Image() string {
	if c.s.Spec.TaskTemplate.ContainerSpec == nil {
		return ""
	}
	img := c.s.Spec.TaskTemplate.ContainerSpec.Image
	if i := strings.Index(img, "@"); i >= 0 {
		img = img[:i]
	}
	return img
}

// Ports are the ingress-published ports, consecutive ones joined in ranges.
func (c *serviceContext) Ports() string {
	var ports []swarm.PortConfig
	for _, p := range c.s.Endpoint.Ports {
		if p.PublishMode == swarm.PortConfigPublishModeIngress && p.PublishedPort != 0 {
			ports = append(ports, p)
		}
	}
	return portRanges(ports)
}

func portRanges(ports []swarm.PortConfig) string {
	sort.SliceStable(ports, func(i, j int) bool {
		if ports[i].Protocol != ports[j].Protocol {
			return ports[i].Protocol < ports[j].Protocol
		}
		return ports[i].PublishedPort < ports[j].PublishedPort
	})
	var out []string
	for i := 0; i < len(ports); {
		j := i
		for j+1 < len(ports) && ports[j+1].Protocol == ports[i].Protocol &&
			ports[j+1].PublishedPort == ports[j].PublishedPort+1 && ports[j+1].TargetPort == ports[j].TargetPort+1 {
			j++
		}
		p, q := ports[i], ports[j]
		if i == j {
			out = append(out, fmt.Sprintf("*:%d->%d/%s", p.PublishedPort, p.TargetPort, p.Protocol))
		} else {
			out = append(out, fmt.Sprintf("*:%d-%d->%d-%d/%s", p.PublishedPort, q.PublishedPort, p.TargetPort, q.TargetPort, p.Protocol))
		}
		i = j + 1
	}
	return strings.Join(out, ", ")
}

// ---- stack ps (STACK-TEMP: fold onto commands/task's listing)

const defaultTaskTableFormat = "table {{.ID}}\t{{.Name}}\t{{.Image}}\t{{.Node}}\t{{.DesiredState}}\t{{.CurrentState}}\t{{.Error}}\t{{.Ports}}"

type taskContext struct {
	formatter.RowHeader
	t       swarm.Task
	name    string
	node    string
	noTrunc bool
	now     time.Time
}

var taskFields = []string{"ID", "Name", "Image", "Node", "DesiredState", "CurrentState", "Error", "Ports"}

func (c *taskContext) Field(name string) (string, bool) {
	switch name {
	case "ID":
		return c.ID(), true
	case "Name":
		return c.Name(), true
	case "Image":
		return c.Image(), true
	case "Node":
		return c.Node(), true
	case "DesiredState":
		return c.DesiredState(), true
	case "CurrentState":
		return c.CurrentState(), true
	case "Error":
		return c.Error(), true
	case "Ports":
		return c.Ports(), true
	}
	return "", false
}

func (c *taskContext) MarshalJSON() ([]byte, error) {
	return formatter.MarshalFields(c, taskFields, nil)
}

func (c *taskContext) ID() string {
	if c.noTrunc {
		return c.t.ID
	}
	return formatter.TruncateID(c.t.ID)
}

func (c *taskContext) Name() string { return c.name }
func (c *taskContext) Node() string { return c.node }

func (c *taskContext) Image() string {
	if c.t.Spec.ContainerSpec == nil {
		return ""
	}
	img := c.t.Spec.ContainerSpec.Image
	if !c.noTrunc {
		if i := strings.Index(img, "@"); i >= 0 {
			img = img[:i]
		}
	}
	return img
}

func (c *taskContext) DesiredState() string { return titleState(string(c.t.DesiredState)) }

func (c *taskContext) CurrentState() string {
	return titleState(string(c.t.Status.State)) + " " + strings.ToLower(formatter.HumanAgo(c.now, c.t.Status.Timestamp)[:1]) + formatter.HumanAgo(c.now, c.t.Status.Timestamp)[1:]
}

func (c *taskContext) Error() string {
	e := c.t.Status.Err
	if !c.noTrunc {
		e = formatter.Ellipsis(e, 30)
	}
	return e
}

func (c *taskContext) Ports() string {
	var out []string
	for _, p := range c.t.Status.PortStatus.Ports {
		out = append(out, fmt.Sprintf("*:%d->%d/%s", p.PublishedPort, p.TargetPort, p.Protocol))
	}
	return strings.Join(out, ",")
}

func titleState(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
