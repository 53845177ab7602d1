package service

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/moby/moby/api/types/swarm"

	"github.com/skiff-cli/skiff/commands/task"
	"github.com/skiff-cli/skiff/formatter"
)

// service ls formats.
const (
	defaultListFormat = "table {{.ID}}\\t{{.Name}}\\t{{.Mode}}\\t{{.Replicas}}\\t{{.Image}}\\t{{.Ports}}"
	quietListFormat   = "{{.ID}}"
)

func listHeaders() map[string]string {
	return map[string]string{
		"ID":       "ID",
		"Name":     "NAME",
		"Mode":     "MODE",
		"Replicas": "REPLICAS",
		"Image":    "IMAGE",
		"Ports":    "PORTS",
	}
}

// writeList renders services (docker service ls) in the order given.
func writeList(ctx formatter.Context, services []swarm.Service) error {
	return ctx.Write(listHeaders(), func(emit func(any) error) error {
		for i := range services {
			if err := emit(&serviceContext{s: &services[i]}); err != nil {
				return err
			}
		}
		return nil
	})
}

// serviceContext is one row of docker service ls (named as docker's in template errors).
type serviceContext struct {
	formatter.RowHeader
	s *swarm.Service
}

var listJSONFields = []string{"ID", "Name", "Mode", "Replicas", "Image", "Ports"}

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

// MarshalJSON is a row of --format json.
func (c *serviceContext) MarshalJSON() ([]byte, error) {
	return formatter.MarshalFields(c, listJSONFields, nil)
}

// ID is the service's ID, 12 characters.
func (c *serviceContext) ID() string { return formatter.TruncateID(c.s.ID) }

// Name is the service's name.
func (c *serviceContext) Name() string { return c.s.Spec.Name }

// Mode is "replicated", "global", "replicated job" or "global job".
func (c *serviceContext) Mode() string {
	m := c.s.Spec.Mode
	switch {
	case m.Global != nil:
		return "global"
	case m.ReplicatedJob != nil:
		return "replicated job"
	case m.GlobalJob != nil:
		return "global job"
	}
	return "replicated"
}

// Replicas is "running/desired" as the engine counts them; jobs add how many tasks
// completed of how many, and a per-node cap of a replicated service is shown.
func (c *serviceContext) Replicas() string {
	st := c.s.ServiceStatus
	if st == nil {
		return ""
	}
	m := c.s.Spec.Mode
	counts := fmt.Sprintf("%d/%d", st.RunningTasks, st.DesiredTasks)
	switch {
	case m.ReplicatedJob != nil:
		var total uint64
		if m.ReplicatedJob.TotalCompletions != nil {
			total = *m.ReplicatedJob.TotalCompletions
		}
		return fmt.Sprintf("%s (%d/%d completed)", counts, st.CompletedTasks, total)
	case m.GlobalJob != nil:
		// a global job has no total of its own: what is done and what still runs
		return fmt.Sprintf("%s (%d/%d completed)", counts, st.CompletedTasks, st.CompletedTasks+st.DesiredTasks)
	case m.Replicated != nil:
		if p := c.s.Spec.TaskTemplate.Placement; p != nil && p.MaxReplicas > 0 {
			return fmt.Sprintf("%s (max %d per node)", counts, p.MaxReplicas)
		}
	}
	return counts
}

// Image is the service's image, familiar and without the digest of a tagged reference.
func (c *serviceContext) Image() string {
	if cs := c.s.Spec.TaskTemplate.ContainerSpec; cs != nil {
		return task.ShortImage(cs.Image)
	}
	return ""
}

// Ports are the ports published through the routing mesh, by protocol, consecutive
// ports merged into ranges ("*:8080-8081->80-81/tcp").
func (c *serviceContext) Ports() string { return ingressPorts(c.s.Endpoint.Ports) }

func ingressPorts(ports []swarm.PortConfig) string {
	var ps []swarm.PortConfig
	for _, p := range ports {
		if p.PublishMode == swarm.PortConfigPublishModeIngress || p.PublishMode == "" {
			ps = append(ps, p)
		}
	}
	if len(ps) == 0 {
		return ""
	}
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Protocol != ps[j].Protocol {
			return ps[i].Protocol < ps[j].Protocol
		}
		return ps[i].PublishedPort < ps[j].PublishedPort
	})
	var out []string
	for i := 0; i < len(ps); {
		j := i
		for j+1 < len(ps) && ps[j+1].Protocol == ps[i].Protocol &&
			ps[j+1].PublishedPort == ps[j].PublishedPort+1 && ps[j+1].TargetPort == ps[j].TargetPort+1 {
			j++
		}
		out = append(out, "*:"+portRange(ps[i].PublishedPort, ps[j].PublishedPort)+"->"+
			portRange(ps[i].TargetPort, ps[j].TargetPort)+"/"+string(ps[i].Protocol))
		i = j + 1
	}
	return strings.Join(out, ", ")
}

func portRange(from, to uint32) string {
	if from == to {
		return strconv.FormatUint(uint64(from), 10)
	}
	return strconv.FormatUint(uint64(from), 10) + "-" + strconv.FormatUint(uint64(to), 10)
}
