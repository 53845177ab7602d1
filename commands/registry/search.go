package registry

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/config"
	"github.com/skiff-cli/skiff/formatter"
	"github.com/skiff-cli/skiff/imageref"
)

// searchOptions are the flags of docker search.
type searchOptions struct {
	term    string
	filter  *commands.FilterOpt
	format  string
	limit   int
	noTrunc bool
}

func newSearchCommand(cli commands.Cli) *cobra.Command {
	opts := &searchOptions{filter: commands.NewFilterOpt()}
	cmd := &cobra.Command{
		Use:   "search [OPTIONS] TERM",
		Short: "Search Docker Hub for images",
		Args:  commands.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.term = args[0]
			return runSearch(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.VarP(opts.filter, "filter", "f", "Filter the results (stars=N, is-official=BOOL)")
		flags.StringVar(&opts.format, "format", "", "Print the results through a Go template")
		// Not checked here: docker 28 leaves the range (1..100) to the engine.
		flags.IntVar(&opts.limit, "limit", 0, "Show at most this many results")
		flags.BoolVar(&opts.noTrunc, "no-trunc", false, "Don't truncate output")
	})
	return cmd
}

// runSearch asks the engine to search the index of the term's registry (Docker Hub
// unless the term starts with a registry host), with that registry's credentials.
func runSearch(ctx context.Context, cli commands.Cli, opts *searchOptions) error {
	domain, _ := imageref.SplitDomain(opts.term)
	auth, err := commands.RegistryAuth(ctx, cli, domain)
	if err != nil {
		return err
	}
	if auth.ServerAddress == "" {
		auth.ServerAddress = indexAddress(domain)
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	results, err := c.ImageSearch(ctx, opts.term, opts.limit, opts.filter.Value(), auth)
	if err != nil {
		return err
	}
	return searchWrite(formatter.Context{
		Output: cli.Out(),
		Format: formatter.Format(opts.format),
		Trunc:  !opts.noTrunc,
	}, results)
}

// indexAddress is the server address docker 28 sends for a registry it has no
// credentials for: Docker Hub's index URL, any other registry's host.
func indexAddress(domain string) string {
	if domain == imageref.DefaultDomain {
		return config.IndexServer
	}
	return domain
}
