package stack

import (
	"context"
	"sort"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/formatter"
)

// listOptions are the flags of docker stack ls.
type listOptions struct {
	format string
}

func newListCommand(cli commands.Cli) *cobra.Command {
	opts := &listOptions{}
	cmd := &cobra.Command{
		Use:               "ls [OPTIONS]",
		Aliases:           []string{"list"},
		Short:             "List stacks",
		Args:              commands.NoArgs,
		ValidArgsFunction: completion.None,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runList(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		commands.AddFormatFlag(flags, &opts.format)
	})
	return cmd
}

// runList counts the services of each stack (a stack is its services' namespace label).
func runList(ctx context.Context, cli commands.Cli, opts *listOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	services, err := c.ServiceList(ctx, client.NewFilters([2]string{"label", namespaceLabel}), false)
	if err != nil {
		return err
	}
	counts := map[string]int{}
	for _, s := range services {
		counts[s.Spec.Labels[namespaceLabel]]++
	}
	names := make([]string, 0, len(counts))
	for n := range counts {
		names = append(names, n)
	}
	// docker sorts names as a person would ("s5" before "s22")
	sort.Slice(names, func(i, j int) bool { return formatter.NaturalLess(names[i], names[j]) })
	format := opts.format
	if format == "" || format == formatter.TableFormatKey {
		format = defaultStackTableFormat
	}
	err = formatter.Context{Output: cli.Out(), Format: formatter.Format(format)}.Write(
		map[string]string{"Name": "NAME", "Services": "SERVICES"},
		func(emit func(any) error) error {
			for _, n := range names {
				if err := emit(&stackContext{name: n, services: counts[n]}); err != nil {
					return err
				}
			}
			return nil
		})
	// docker keeps this row in its package formatter
	return formatter.NamedAs(err, "*stack.stackContext", "*formatter.stackContext")
}
