package task

import (
	"fmt"
	"strings"
	"time"

	"github.com/moby/moby/api/types/swarm"

	"github.com/skiff-cli/skiff/formatter"
)

// Task listing formats (service ps, node ps, stack ps).
const (
	defaultTableFormat = "table {{.ID}}\\t{{.Name}}\\t{{.Image}}\\t{{.Node}}\\t{{.DesiredState}}\\t{{.CurrentState}}\\t{{.Error}}\\t{{.Ports}}"
	quietFormat        = "{{.ID}}"
	// maxErrLength is how much of a task's error the ERROR column keeps, quotes aside.
	maxErrLength = 30
)

func headers() map[string]string {
	return map[string]string{
		"ID":           "ID",
		"Name":         "NAME",
		"Image":        "IMAGE",
		"Node":         "NODE",
		"DesiredState": "DESIRED STATE",
		"CurrentState": "CURRENT STATE",
		"Error":        "ERROR",
		"Ports":        "PORTS",
	}
}

// Row is one task as listed: the task with its display name and node, resolved by
// the caller.
type Row struct {
	Task *swarm.Task
	// Name is "service.slot" (or "service.nodeID" for a task without a slot), with
	// the " \_ " of an older task of the same slot in tables.
	Name string
	Node string
}

// Write renders rows in the order given. ctx.Trunc shortens IDs, errors and images.
func Write(ctx formatter.Context, rows []Row) error {
	now := time.Now()
	if ctx.Now != nil {
		now = ctx.Now()
	}
	return ctx.Write(headers(), func(emit func(any) error) error {
		for i := range rows {
			if err := emit(&taskContext{r: &rows[i], trunc: ctx.Trunc, now: now}); err != nil {
				return err
			}
		}
		return nil
	})
}

// taskContext is one row of a task listing (named as docker's in template errors).
type taskContext struct {
	formatter.RowHeader
	r     *Row
	trunc bool
	now   time.Time
}

var jsonFields = []string{"ID", "Name", "Image", "Node", "DesiredState", "CurrentState", "Error", "Ports"}

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

// MarshalJSON is a row of --format json.
func (c *taskContext) MarshalJSON() ([]byte, error) {
	return formatter.MarshalFields(c, jsonFields, nil)
}

// ID is the task's ID, 12 characters unless --no-trunc.
func (c *taskContext) ID() string {
	if c.trunc {
		return formatter.TruncateID(c.r.Task.ID)
	}
	return c.r.Task.ID
}

// Name is the task's name as resolved ("web.1").
func (c *taskContext) Name() string { return c.r.Name }

// Image is the task's image; shortened, a tagged reference loses its digest.
func (c *taskContext) Image() string {
	var image string
	if cs := c.r.Task.Spec.ContainerSpec; cs != nil {
		image = cs.Image
	}
	if c.trunc {
		return ShortImage(image)
	}
	return image
}

// Node is the name (or ID) of the node the task was given to.
func (c *taskContext) Node() string { return c.r.Node }

// DesiredState is what the orchestrator wants of the task ("Running", "Shutdown").
func (c *taskContext) DesiredState() string { return capitalize(string(c.r.Task.DesiredState)) }

// CurrentState is the task's state and how long ago it got there, the duration in
// lower case as docker 28 ("Running about a minute ago", "Running less than a second ago").
func (c *taskContext) CurrentState() string {
	s := c.r.Task.Status
	return capitalize(string(s.State)) + " " + strings.ToLower(formatter.HumanAgo(c.now, s.Timestamp))
}

// Error is the task's error in quotes, cut to 30 characters unless --no-trunc.
func (c *taskContext) Error() string {
	e := c.r.Task.Status.Err
	if e == "" {
		return ""
	}
	if c.trunc {
		e = formatter.Ellipsis(e, maxErrLength)
	}
	return `"` + e + `"`
}

// Ports are the ports the task publishes on its node (host mode), as the engine
// lists them.
func (c *taskContext) Ports() string {
	ps := c.r.Task.Status.PortStatus
	if len(ps.Ports) == 0 {
		return ""
	}
	out := make([]string, 0, len(ps.Ports))
	for _, p := range ps.Ports {
		out = append(out, fmt.Sprintf("*:%d->%d/%s", p.PublishedPort, p.TargetPort, p.Protocol))
	}
	return strings.Join(out, ",")
}

// capitalize upper-cases the first letter of the engine's lower-case states.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
