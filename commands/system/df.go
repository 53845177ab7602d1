package system

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/formatter"
)

// diskUsageOptions are the flags of docker system df.
type diskUsageOptions struct {
	verbose bool
	format  string
}

func newDiskUsageCommand(cli commands.Cli) *cobra.Command {
	opts := &diskUsageOptions{}
	cmd := &cobra.Command{
		Use:   "df [OPTIONS]",
		Short: "Show docker disk usage",
		// Engine API 1.25 brought it: older, docker hides and refuses it (commands/root).
		Annotations:       map[string]string{"version": "1.25"},
		Args:              commands.NoArgs,
		ValidArgsFunction: completion.None,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDiskUsage(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVarP(&opts.verbose, "verbose", "v", false, "List every image, container, volume and build cache record")
		commands.AddFormatFlag(flags, &opts.format)
	})
	return cmd
}

func runDiskUsage(ctx context.Context, cli commands.Cli, opts *diskUsageOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	du, err := c.DiskUsage(ctx, client.DiskUsageOptions{Verbose: opts.verbose})
	var de *client.DecodeError
	if errors.As(err, &de) { // as docker words an answer that does not decode
		return fmt.Errorf("Error retrieving disk usage: %w", err)
	}
	if err != nil {
		return err
	}
	return diskUsageWrite(formatter.Context{
		Output: cli.Out(),
		Format: formatter.Format(opts.format),
		Trunc:  true,
	}, du, opts.verbose)
}
