package image

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	flagopts "github.com/skiff-cli/skiff/commands/opts"
	"github.com/skiff-cli/skiff/completion"
)

// removeOptions are the flags and arguments of docker rmi / docker image rm.
type removeOptions struct {
	force     bool
	noPrune   bool
	platforms []string
	images    []string
}

func newRemoveCommand(cli commands.Cli) *cobra.Command {
	opts := &removeOptions{}
	cmd := &cobra.Command{
		Use:               "rm [OPTIONS] IMAGE [IMAGE...]",
		Aliases:           []string{"remove"},
		Short:             "Remove one or more images",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: completion.ImageNames(cli),
		Annotations:       map[string]string{"aliases": "docker image rm, docker image remove, docker rmi"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.images = args
			return runRemove(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVarP(&opts.force, "force", "f", false, "Remove the image even if containers use it or it has several tags")
		flags.BoolVar(&opts.noPrune, "no-prune", false, "Keep the untagged parent images")
		flags.StringSliceVar(&opts.platforms, "platform", nil,
			`Remove only these platform variants, as "os[/arch[/variant]]" (e.g., "linux/amd64")`)
		commands.RequiresAPI(flags, "platform", "1.50")
		commands.CompleteFlag(cmd, "platform", completion.Platforms())
	})
	return cmd
}

// runRemove removes the images one after the other, printing what each removal
// untagged and deleted as it goes; the errors are printed together at the end, one per
// line, and the exit status is then 1, as docker does.
func runRemove(ctx context.Context, cli commands.Cli, opts *removeOptions) error {
	ro := client.ImageRemoveOptions{Force: opts.force, NoPrune: opts.noPrune}
	for _, s := range opts.platforms {
		p, err := flagopts.ParsePlatform(s)
		if err != nil {
			return err
		}
		ro.Platforms = append(ro.Platforms, p)
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	var errs []string
	for _, name := range opts.images {
		items, err := c.ImageRemove(ctx, name, ro)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		for _, it := range items {
			if it.Untagged != "" {
				fmt.Fprintln(cli.Out(), "Untagged:", it.Untagged)
			} else if it.Deleted != "" {
				fmt.Fprintln(cli.Out(), "Deleted:", it.Deleted)
			}
		}
	}
	if len(errs) > 0 {
		return commands.StatusError{Status: strings.Join(errs, "\n"), StatusCode: 1}
	}
	return nil
}
