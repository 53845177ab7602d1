package stack

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/service"
	"github.com/skiff-cli/skiff/completion"
)

// servicesOptions are the flags of docker stack services.
type servicesOptions struct {
	filter *commands.FilterOpt
	format string
	quiet  bool
	stack  string
}

func newServicesCommand(cli commands.Cli) *cobra.Command {
	opts := &servicesOptions{filter: commands.NewFilterOpt()}
	cmd := &cobra.Command{
		Use:               "services [OPTIONS] STACK",
		Short:             "List the services in the stack",
		Args:              commands.ExactArgs(1),
		ValidArgsFunction: completion.StackNames(cli),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.stack = args[0]
			return runServices(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.VarP(opts.filter, "filter", "f", "Filter output based on conditions provided")
		commands.AddFormatFlag(flags, &opts.format)
		flags.BoolVarP(&opts.quiet, "quiet", "q", false, "Only display IDs")
	})
	return cmd
}

// withStack adds the stack's namespace label to the user's filters.
func withStack(f client.Filters, stack string) client.Filters {
	out := f.Clone()
	out.Add("label", namespaceLabel+"="+stack)
	return out
}

// runServices lists the stack's services as service ls does; an empty listing is a note
// on stderr (exit 0), as docker 28 does.
func runServices(ctx context.Context, cli commands.Cli, opts *servicesOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	services, err := c.ServiceList(ctx, withStack(opts.filter.Value(), opts.stack), true)
	if err != nil {
		return err
	}
	if len(services) == 0 {
		fmt.Fprintf(cli.Err(), "Nothing found in stack: %s\n", opts.stack)
		return nil
	}
	return service.List(cli, services, opts.format, opts.quiet)
}
