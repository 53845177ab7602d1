package container

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/formatter"
)

// listOptions are the flags of docker ps / docker container ls.
type listOptions struct {
	all     bool
	filter  *commands.FilterOpt
	format  string
	last    int
	latest  bool
	noTrunc bool
	quiet   bool
	size    bool
}

// quietFormatWarning is printed when -q makes a --format value pointless.
const quietFormatWarning = "WARNING: Ignoring custom format, because both --format and --quiet are set."

func newListCommand(cli commands.Cli) *cobra.Command {
	opts := &listOptions{filter: commands.NewFilterOpt(), last: -1}
	cmd := &cobra.Command{
		Use:               "ls [OPTIONS]",
		Aliases:           []string{"list", "ps"},
		Short:             "List containers",
		Args:              commands.NoArgs,
		ValidArgsFunction: completion.None,
		Annotations: map[string]string{
			"aliases": "docker container ls, docker container list, docker container ps, docker ps",
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runList(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVarP(&opts.all, "all", "a", false, "Show all containers (default shows just running)")
		flags.VarP(opts.filter, "filter", "f", "Filter output based on conditions provided")
		commands.AddFormatFlag(flags, &opts.format)
		flags.IntVarP(&opts.last, "last", "n", -1, "Show n last created containers (includes all states)")
		flags.BoolVarP(&opts.latest, "latest", "l", false, "Show the latest created container (includes all states)")
		flags.BoolVar(&opts.noTrunc, "no-trunc", false, "Don't truncate output")
		flags.BoolVarP(&opts.quiet, "quiet", "q", false, "Only display container IDs")
		flags.BoolVarP(&opts.size, "size", "s", false, "Display total file sizes")
	})
	return cmd
}

func runList(ctx context.Context, cli commands.Cli, opts *listOptions) error {
	format := opts.format
	if opts.quiet && format != "" {
		fmt.Fprintln(cli.Err(), quietFormatWarning)
	}
	if format == "" {
		format = cli.ConfigFile().PsFormat
	}
	// The template is checked, and asked whether it shows sizes, before listing:
	// sizes cost the engine a walk of each container's filesystem.
	wantsSize, err := containerNeedsSize(format)
	if err != nil {
		return err
	}
	limit := opts.last
	if opts.latest && limit == -1 {
		limit = 1
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	list, err := c.ContainerList(ctx, client.ContainerListOptions{
		All:     opts.all,
		Limit:   limit,
		Size:    opts.size || (wantsSize && !opts.quiet),
		Filters: opts.filter.Value(),
	})
	if err != nil {
		return err
	}
	// With -q only the IDs are shown; "raw" keeps its key: value shape.
	if opts.quiet && format != formatter.RawFormatKey {
		format = ""
	}
	return containerWrite(formatter.Context{
		Output: cli.Out(),
		Format: containerFormat(format, opts.quiet, opts.size),
		Trunc:  !opts.noTrunc,
	}, list, opts.size)
}
