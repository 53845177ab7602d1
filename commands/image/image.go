// Package image holds the `docker image` commands and their top-level shortcuts
// (`docker images`, `docker history`).
package image

import (
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
)

// NewCommand returns `docker image`, the management command for images.
func NewCommand(cli commands.Cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "image",
		Short: "Manage images",
		Args:  commands.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmd.Help()
		},
	}
	cmd.AddCommand(
		newHistoryCommand(cli),
		newInspectCommand(cli),
		newListCommand(cli),
	)
	return cmd
}

// Shortcuts returns the top-level forms: `docker images` and `docker history`.
func Shortcuts(cli commands.Cli) []*cobra.Command {
	images := newListCommand(cli)
	images.Use = "images [OPTIONS] [REPOSITORY[:TAG]]"
	images.Aliases = nil
	history := newHistoryCommand(cli)
	return []*cobra.Command{images, history}
}

// versionAnnotation marks a flag that needs at least the given Engine API version
// (docker hides such flags from help when the daemon is older).
const versionAnnotation = "version"

// needsAPI marks flag name of flags as needing API version v, hidden from help: the
// engines skiff mostly talks to are older (docker shows the flag only when the daemon
// is new enough, which help cannot know without asking it).
func needsAPI(flags *pflag.FlagSet, name, v string) {
	f := flags.Lookup(name)
	if f == nil {
		return
	}
	if f.Annotations == nil {
		f.Annotations = map[string][]string{}
	}
	f.Annotations[versionAnnotation] = []string{v}
	f.Hidden = true
}

// withAPICheck wraps an argument validator so that, like docker, a flag set on the
// command line that needs a newer API than the daemon speaks is reported first
// (before the argument count is checked). When the daemon cannot be reached the
// check is skipped: the command then reports the connection error itself.
func withAPICheck(cli commands.Cli, args cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, a []string) error {
		if err := checkAPIFlags(cmd, cli); err != nil {
			return err
		}
		return args(cmd, a)
	}
}

func checkAPIFlags(cmd *cobra.Command, cli commands.Cli) error {
	var gated []*pflag.Flag
	cmd.Flags().Visit(func(f *pflag.Flag) {
		if len(f.Annotations[versionAnnotation]) > 0 {
			gated = append(gated, f)
		}
	})
	if len(gated) == 0 {
		return nil
	}
	c, err := cli.Client()
	if err != nil {
		return nil
	}
	if err := c.Negotiate(cmd.Context()); err != nil {
		return nil
	}
	have := c.ClientVersion()
	for _, f := range gated {
		need := f.Annotations[versionAnnotation][0]
		if client.VersionLess(have, need) {
			return fmt.Errorf("%q requires API version %s, but the Docker daemon API version is %s", "--"+f.Name, need, have)
		}
	}
	return nil
}
