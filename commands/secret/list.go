package secret

import (
	"context"
	"sort"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/formatter"
)

// listOptions are the flags of docker secret ls.
type listOptions struct {
	filter *commands.FilterOpt
	format string
	quiet  bool
}

func newListCommand(cli commands.Cli) *cobra.Command {
	opts := &listOptions{filter: commands.NewFilterOpt()}
	cmd := &cobra.Command{
		Use:     "ls [OPTIONS]",
		Aliases: []string{"list"},
		Short:   "List secrets",
		Args:    commands.NoArgs,
		// docker 28 offers the secrets' IDs here too, though ls takes no argument
		ValidArgsFunction: completion.SecretIDs(cli),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runList(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.VarP(opts.filter, "filter", "f", "Filter output based on conditions provided")
		commands.AddFormatFlag(flags, &opts.format)
		flags.BoolVarP(&opts.quiet, "quiet", "q", false, "Only display IDs")
	})
	return cmd
}

// runList lists the secrets sorted by name, as docker does (the engine's order is its
// own).
func runList(ctx context.Context, cli commands.Cli, opts *listOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	secrets, err := c.SecretList(ctx, opts.filter.Value())
	if err != nil {
		return err
	}
	sort.SliceStable(secrets, func(i, j int) bool {
		return formatter.NaturalLess(secrets[i].Spec.Name, secrets[j].Spec.Name)
	})
	format := commands.ListFormat(opts.format, cli.ConfigFile().SecretFormat, opts.quiet)
	return secretWrite(formatter.Context{
		Output: cli.Out(),
		Format: secretFormat(format, opts.quiet),
	}, secrets)
}
