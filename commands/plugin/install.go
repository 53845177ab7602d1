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

// installOptions are the flags and arguments of docker plugin install.
type installOptions struct {
	alias     string
	disable   bool
	grantAll  bool
	untrusted bool
	remote    string
	settings  []string
}

func newInstallCommand(cli commands.Cli) *cobra.Command {
	opts := &installOptions{}
	cmd := &cobra.Command{
		Use:   "install [OPTIONS] PLUGIN [KEY=VALUE...]",
		Short: "Install a plugin",
		Args:  commands.RequiresMinArgs(1),
		Annotations: map[string]string{
			// a pull can take long: the first SIGINT/SIGTERM cancels it
			commands.AnnotationWaits: "true",
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.remote, opts.settings = args[0], args[1:]
			return runInstall(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.StringVar(&opts.alias, "alias", "", "Name the plugin locally by this name rather than its remote's")
		flags.BoolVar(&opts.disable, "disable", false, "Leave the plugin disabled once installed")
		flags.BoolVar(&opts.untrusted, "disable-content-trust", !commands.ContentTrustEnv(), "Do not verify the plugin's signature")
		flags.BoolVar(&opts.grantAll, "grant-all-permissions", false, "Grant every privilege the plugin asks for without asking")
	})
	return cmd
}

// runInstall installs as docker 28: privileges asked for (and granted), the pull drawn
// on stdout under the local name, the settings applied, the plugin enabled unless
// --disable, and "Installed plugin REMOTE" last. Every error exits 1.
func runInstall(ctx context.Context, cli commands.Cli, opts *installOptions) error {
	r, err := imageref.Parse(opts.remote)
	if err != nil {
		return err
	}
	name := ""
	if opts.alias != "" {
		a, err := imageref.Parse(opts.alias)
		if err != nil {
			return err
		}
		if a.Digest != "" {
			return errors.New("invalid name: " + opts.alias)
		}
		name = a.WithDefaultTag().Familiar()
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
	privs, err := grantPrivileges(ctx, cli, c, r.String(), opts.remote, auth, opts.grantAll)
	if err != nil {
		return err
	}
	body, err := c.PluginPull(ctx, name, r.String(), privs, auth)
	if err != nil {
		return err
	}
	if err := renderStream(cli, body); err != nil {
		return err
	}
	local := name
	if local == "" {
		local = r.WithDefaultTag().Familiar()
	}
	if len(opts.settings) > 0 {
		if err := c.PluginSet(ctx, local, opts.settings); err != nil {
			return err
		}
	}
	if !opts.disable {
		if err := c.PluginEnable(ctx, local, 0); err != nil {
			return err
		}
	}
	_, err = fmt.Fprintln(cli.Out(), "Installed plugin "+opts.remote)
	return err
}
