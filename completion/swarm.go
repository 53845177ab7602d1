package completion

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/client"
)

// stackLabel is the label naming the stack a service belongs to.
const stackLabel = "com.docker.stack.namespace"

// ServiceNames completes service names in the engine's order (on a worker or outside a
// swarm the engine refuses: cobra's error directive, as docker 28).
func ServiceNames(cli Clienter) cobra.CompletionFunc {
	return names(cli, serviceNames(""))
}

// ServiceNamesWithSuffix completes service names followed by suffix, with no space after
// (scale's NAME=REPLICAS).
func ServiceNamesWithSuffix(cli Clienter, suffix string) cobra.CompletionFunc {
	f := names(cli, serviceNames(suffix))
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		out, d := f(cmd, args, toComplete)
		if d != cobra.ShellCompDirectiveError {
			d |= cobra.ShellCompDirectiveNoSpace
		}
		return out, d
	}
}

func serviceNames(suffix string) func(context.Context, *client.Client) ([]string, error) {
	return func(ctx context.Context, c *client.Client) ([]string, error) {
		list, err := c.ServiceList(ctx, nil, false)
		if err != nil {
			return nil, err
		}
		out := make([]string, 0, len(list))
		for _, s := range list {
			out = append(out, s.Spec.Name+suffix)
		}
		return out, nil
	}
}

// NodeNames completes node host names in the engine's order, then "self" (the node the
// client talks to), as docker 28 offers them.
func NodeNames(cli Clienter) cobra.CompletionFunc {
	return names(cli, func(ctx context.Context, c *client.Client) ([]string, error) {
		list, err := c.NodeList(ctx, nil)
		if err != nil {
			return nil, err
		}
		out := make([]string, 0, len(list)+1)
		for _, n := range list {
			out = append(out, n.Description.Hostname)
		}
		return append(out, "self"), nil
	})
}

// StackNames completes the names of the stacks: the namespaces of the services that
// have one, each once, in the order first met.
func StackNames(cli Clienter) cobra.CompletionFunc {
	return names(cli, func(ctx context.Context, c *client.Client) ([]string, error) {
		list, err := c.ServiceList(ctx, client.NewFilters([2]string{"label", stackLabel}), false)
		if err != nil {
			return nil, err
		}
		var out []string
		seen := map[string]bool{}
		for _, s := range list {
			if ns := s.Spec.Labels[stackLabel]; !seen[ns] {
				seen[ns] = true
				out = append(out, ns)
			}
		}
		return out, nil
	})
}

// SecretIDs completes swarm secrets by ID: docker 28 offers their IDs, not their names.
func SecretIDs(cli Clienter) cobra.CompletionFunc {
	return names(cli, func(ctx context.Context, c *client.Client) ([]string, error) {
		list, err := c.SecretList(ctx, nil)
		if err != nil {
			return nil, err
		}
		out := make([]string, 0, len(list))
		for _, s := range list {
			out = append(out, s.ID)
		}
		return out, nil
	})
}

// ConfigIDs completes swarm configs by ID, as docker 28 does.
func ConfigIDs(cli Clienter) cobra.CompletionFunc {
	return names(cli, func(ctx context.Context, c *client.Client) ([]string, error) {
		list, err := c.ConfigList(ctx, nil)
		if err != nil {
			return nil, err
		}
		out := make([]string, 0, len(list))
		for _, s := range list {
			out = append(out, s.ID)
		}
		return out, nil
	})
}
