package plugin

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/imageref"
)

// upgradeOptions are the flags and arguments of docker plugin upgrade.
type upgradeOptions struct {
	grantAll        bool
	skipRemoteCheck bool
	untrusted       bool
	name            string
	remote          string
}

func newUpgradeCommand(cli commands.Cli) *cobra.Command {
	opts := &upgradeOptions{}
	cmd := &cobra.Command{
		Use:   "upgrade [OPTIONS] PLUGIN [REMOTE]",
		Short: "Upgrade an existing plugin",
		Args:  commands.RequiresRangeArgs(1, 2),
		Annotations: map[string]string{
			commands.AnnotationWaits: "true",
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.name = args[0]
			if len(args) == 2 {
				opts.remote = args[1]
			}
			return runUpgrade(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVar(&opts.untrusted, "disable-content-trust", !commands.ContentTrustEnv(), "Do not verify the plugin's signature")
		flags.BoolVar(&opts.grantAll, "grant-all-permissions", false, "Grant every privilege the plugin asks for without asking")
		flags.BoolVar(&opts.skipRemoteCheck, "skip-remote-check", false, "Upgrade from another repository or tag without asking")
	})
	return cmd
}

// runUpgrade upgrades a disabled plugin as docker 28: from REMOTE, or from where it
// came from; a remote other than its own is confirmed first (declining exits 0).
func runUpgrade(ctx context.Context, cli commands.Cli, opts *upgradeOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	p, _, err := c.PluginInspect(ctx, opts.name)
	if err != nil {
		return fmt.Errorf("error reading plugin data: %w", err)
	}
	if p.Enabled {
		return errors.New("the plugin must be disabled before upgrading")
	}
	remote := opts.remote
	if remote == "" {
		remote = p.PluginReference
	}
	r, err := imageref.Parse(remote)
	if err != nil {
		return fmt.Errorf("error parsing remote upgrade image reference: %w", err)
	}
	target := r.WithDefaultTag().Familiar()
	fmt.Fprintf(cli.Out(), "Upgrading plugin %s from %s to %s\n", p.Name, p.PluginReference, target)
	if !opts.skipRemoteCheck && !sameRemote(p.PluginReference, target) {
		if !commands.Confirm(cli, "Plugin images do not match, are you sure? [y/N] ") {
			return nil
		}
	}
	if err := commands.CheckContentTrust(opts.untrusted); err != nil {
		return err
	}
	auth, err := commands.RegistryAuth(ctx, cli, r.Domain)
	if err != nil {
		return err
	}
	privs, err := grantPrivileges(ctx, cli, c, r.String(), remote, auth, opts.grantAll)
	if err != nil {
		return err
	}
	body, err := c.PluginUpgrade(ctx, p.Name, r.String(), privs, auth)
	if err != nil {
		return err
	}
	if err := renderStream(cli, body); err != nil {
		return err
	}
	_, err = fmt.Fprintf(cli.Out(), "Upgraded plugin %s to %s\n", p.Name, target)
	return err
}

// sameRemote reports whether the plugin's own reference names target (both with
// their default tag, in their short form).
func sameRemote(old, target string) bool {
	r, err := imageref.Parse(old)
	return err == nil && r.WithDefaultTag().Familiar() == target
}
