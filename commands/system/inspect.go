package system

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/moby/moby/api/types/plugin"
	"github.com/moby/moby/api/types/swarm"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	containercmd "github.com/skiff-cli/skiff/commands/container"
	imagecmd "github.com/skiff-cli/skiff/commands/image"
	"github.com/skiff-cli/skiff/commands/network"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/formatter"
)

// inspectOptions are the flags and arguments of the generic docker inspect.
type inspectOptions struct {
	format     string
	objectType string
	size       bool
	refs       []string
}

func newInspectCommand(cli commands.Cli) *cobra.Command {
	opts := &inspectOptions{}
	cmd := &cobra.Command{
		Use:               "inspect [OPTIONS] NAME|ID [NAME|ID...]",
		Short:             "Return low-level information on Docker objects",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: completion.None,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.refs = args
			return runInspect(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		commands.AddInspectFormatFlag(flags, &opts.format)
		flags.BoolVarP(&opts.size, "size", "s", false, "Show the total file sizes of a container")
		flags.StringVar(&opts.objectType, "type", "", "Look only among objects of this type")
		commands.CompleteFlag(cmd, "format", completion.None)
		commands.CompleteFlag(cmd, "type", completion.Fixed(objectTypes...))
	})
	return cmd
}

// objectTypes are the kinds docker inspect knows, in the order of its message.
var objectTypes = []string{"config", "container", "image", "network", "node", "plugin", "secret", "service", "task", "volume"}

// inspector fetches one kind of object: the value templates see first, and the
// engine's JSON.
type inspector func(ctx context.Context, c *client.Client, ref string, size bool) (any, []byte, error)

func inspectorFor(kind string) inspector {
	switch kind {
	case "container":
		return func(ctx context.Context, c *client.Client, ref string, size bool) (any, []byte, error) {
			_, raw, err := c.ContainerInspect(ctx, ref, size)
			if err != nil {
				return nil, nil, err
			}
			v, err := containercmd.InspectValue(raw)
			return v, raw, err
		}
	case "image":
		return func(ctx context.Context, c *client.Client, ref string, _ bool) (any, []byte, error) {
			_, raw, err := c.ImageInspect(ctx, ref)
			if err != nil {
				return nil, nil, err
			}
			v, err := imagecmd.InspectValue(raw)
			return v, raw, err
		}
	case "network":
		return func(ctx context.Context, c *client.Client, ref string, _ bool) (any, []byte, error) {
			_, raw, err := c.NetworkInspect(ctx, ref, false, "")
			if err != nil {
				return nil, nil, err
			}
			v, err := network.InspectValue(raw)
			return v, raw, err
		}
	case "volume":
		return func(ctx context.Context, c *client.Client, ref string, _ bool) (any, []byte, error) {
			v, raw, err := c.VolumeInspect(ctx, ref)
			return v, raw, err
		}
	case "plugin":
		return objectInspector(kind, func() any { return &plugin.Plugin{} })
	case "service":
		return objectInspector(kind, func() any { return &swarm.Service{} })
	case "task":
		return objectInspector(kind, func() any { return &swarm.Task{} })
	case "node":
		return objectInspector(kind, func() any { return &swarm.Node{} })
	case "secret":
		return objectInspector(kind, func() any { return &swarm.Secret{} })
	case "config":
		return objectInspector(kind, func() any { return &swarm.Config{} })
	}
	return nil
}

func objectInspector(kind string, newValue func() any) inspector {
	return func(ctx context.Context, c *client.Client, ref string, _ bool) (any, []byte, error) {
		v := newValue()
		raw, err := c.ObjectInspect(ctx, kind, ref, v)
		if err != nil {
			return nil, nil, err
		}
		return v, raw, nil
	}
}

func runInspect(ctx context.Context, cli commands.Cli, opts *inspectOptions) error {
	var only inspector
	if opts.objectType != "" {
		only = inspectorFor(opts.objectType)
		if only == nil {
			return fmt.Errorf("unknown type: %q: must be one of %s", opts.objectType, quotedList(objectTypes))
		}
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	return formatter.Inspect(cli.Out(), opts.refs, opts.format, func(ref string) (any, []byte, error) {
		kind := opts.objectType
		var v any
		var raw []byte
		var err error
		if only != nil {
			v, raw, err = only(ctx, c, ref, opts.size)
		} else {
			v, raw, kind, err = inspectAny(ctx, cli, c, ref, opts.size)
		}
		// Like docker: each object found that has no size gets its own warning.
		if err == nil && opts.size && kind != "container" {
			fmt.Fprintf(cli.Err(), "WARNING: --size ignored for %s\n", kind)
		}
		return v, raw, err
	})
}

// inspectAny tries each kind in docker's order; the swarm kinds only on a swarm
// manager. The first kind that has the object wins; an error other than "not
// found" (or "invalid reference format") ends the search.
func inspectAny(ctx context.Context, cli commands.Cli, c *client.Client, ref string, size bool) (v any, raw []byte, kind string, err error) {
	try := func(kind string) (any, []byte, bool, error) {
		v, raw, err := inspectorFor(kind)(ctx, c, ref, size)
		if err == nil {
			return v, raw, true, nil
		}
		// docker also goes on past a name that is not a valid image reference
		if client.IsNotFound(err) || client.IsNotImplemented(err) || strings.Contains(err.Error(), "invalid reference format") {
			return nil, nil, false, nil
		}
		return nil, nil, false, err
	}
	for _, kind := range []string{"container", "image", "network", "volume"} {
		if v, raw, ok, err := try(kind); ok || err != nil {
			return v, raw, kind, err
		}
	}
	manager := isSwarmManager(ctx, cli, c)
	var kinds []string
	if manager {
		kinds = append(kinds, "service", "task", "node")
	}
	kinds = append(kinds, "plugin")
	if manager {
		kinds = append(kinds, "secret", "config")
	}
	for _, kind := range kinds {
		if v, raw, ok, err := try(kind); ok || err != nil {
			return v, raw, kind, err
		}
	}
	return nil, nil, "", fmt.Errorf("Error: No such object: %s", ref)
}

// isSwarmManager asks /info; like docker, a failure is reported on stderr and the
// swarm kinds are skipped.
func isSwarmManager(ctx context.Context, cli commands.Cli, c *client.Client) bool {
	var info struct {
		Swarm swarm.Info
	}
	if err := c.DoJSON(ctx, http.MethodGet, "/info", nil, nil, &info); err != nil {
		fmt.Fprintln(cli.Err(), err)
		return false
	}
	return info.Swarm.ControlAvailable
}

func quotedList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
