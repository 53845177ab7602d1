package plugin

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/imageref"
)

// pushOptions are the flags and argument of docker plugin push.
type pushOptions struct {
	untrusted bool
	name      string
}

func newPushCommand(cli commands.Cli) *cobra.Command {
	opts := &pushOptions{}
	cmd := &cobra.Command{
		Use:   "push [OPTIONS] PLUGIN[:TAG]",
		Short: "Push a plugin to a registry",
		Args:  commands.ExactArgs(1),
		Annotations: map[string]string{
			commands.AnnotationWaits: "true",
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.name = args[0]
			return runPush(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVar(&opts.untrusted, "disable-content-trust", !commands.ContentTrustEnv(), "Do not sign the plugin")
	})
	return cmd
}

// runPush pushes the plugin named (its default tag added) to its registry with the
// registry's credentials; the engine's stream is drawn on stdout.
func runPush(ctx context.Context, cli commands.Cli, opts *pushOptions) error {
	r, err := imageref.Parse(opts.name)
	if err != nil {
		return err
	}
	if err := commands.CheckContentTrust(opts.untrusted); err != nil {
		return err
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	auth, err := commands.RegistryAuth(ctx, cli, r.Domain)
	if err != nil {
		return err
	}
	name := r.Familiar()
	if r.Digest == "" {
		name = r.WithDefaultTag().Familiar()
	}
	body, err := c.PluginPush(ctx, name, auth)
	if err != nil {
		return err
	}
	return renderStream(cli, body)
}
