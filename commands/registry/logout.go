package registry

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/config"
)

type logoutOptions struct {
	server string
}

func newLogoutCommand(cli commands.Cli) *cobra.Command {
	opts := &logoutOptions{}
	return &cobra.Command{
		Use:   "logout [SERVER]",
		Short: "Log out from a registry",
		Long:  "Log out from a registry.\nIf no server is specified, the default is defined by the daemon.",
		Args:  commands.RequiresMaxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				opts.server = args[0]
			}
			return runLogout(cmd.Context(), cli, opts)
		},
	}
}

// logoutKeys are the config keys a logout forgets: Docker Hub's one (no server, or the
// index address; unlike login, "docker.io" is not it), or for any other registry the
// name as given and the forms older clients stored it under.
func logoutKeys(server string) (shown string, keys []string) {
	if server == "" || server == config.IndexServer {
		return config.IndexServer, []string{config.IndexServer}
	}
	key := hostname(server)
	keys = []string{server}
	for _, k := range []string{key, "http://" + key, "https://" + key} {
		if k != server {
			keys = append(keys, k)
		}
	}
	return key, keys
}

// runLogout forgets a registry's credentials. As docker 28, it says so whether or not
// there were any, and a credential helper that cannot erase them is not an error.
func runLogout(ctx context.Context, cli commands.Cli, opts *logoutOptions) error {
	cf := cli.ConfigFile()
	cf.DetectCredsStore()
	shown, keys := logoutKeys(opts.server)
	fmt.Fprintf(cli.Out(), "Removing login credentials for %s\n", shown)
	changed := false
	for _, k := range keys {
		c, _ := cf.EraseAuth(ctx, k, cli.Err()) // docker 28 says nothing either
		changed = changed || c
	}
	if !changed {
		return nil
	}
	return cf.Save()
}
