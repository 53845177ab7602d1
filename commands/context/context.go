// Package context holds the `docker context` commands. They work on the configuration
// directory alone (config's contexts store and endpoint resolution, shared with the
// client): the root resolves no endpoint before them, as docker does not.
package context

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/config"
)

// NewCommand returns the `docker context` management command.
func NewCommand(cli commands.Cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:         "context",
		Short:       "Manage contexts",
		Args:        commands.NoArgs,
		Annotations: map[string]string{commands.AnnotationNoEndpoint: "true"},
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmd.Help()
		},
	}
	// added when a command line reaches them (commands.Expand)
	commands.LazySubcommands(cmd, func() []*cobra.Command {
		return []*cobra.Command{
			newCreateCommand(cli),
			newExportCommand(cli),
			newImportCommand(cli),
			newInspectCommand(cli),
			newListCommand(cli),
			newRmCommand(cli),
			newShowCommand(cli),
			newUpdateCommand(cli),
			newUseCommand(cli),
		}
	})
	return cmd
}

// endpointOptions are the global flags as config resolves them for these commands: a
// host the client refuses is reported by the reason alone ("invalid bind address
// format: foo://x"), as docker's context commands report it.
func endpointOptions(cli commands.Cli) config.EndpointOptions {
	o := cli.Options().EndpointOptions()
	o.CheckHost = func(h string) error {
		_, _, err := client.ParseHost(h)
		var ee *client.EndpointError
		if errors.As(err, &ee) {
			return ee.Err
		}
		return err
	}
	return o
}

// defaultHost is the default context's host as docker shows it: normalised by the
// client's parser ("" is the local socket, "h:1" is tcp://h:1).
func defaultHost(ep config.ResolvedEndpoint) string {
	proto, addr, err := client.ParseHost(ep.Host)
	if err != nil {
		return ep.Host
	}
	return proto + "://" + addr
}

func store(cli commands.Cli) config.ContextStore {
	return config.NewContextStore(config.Dir(cli.Options().ConfigDir))
}

// currentName is the context in use, as the root picked it.
func currentName(cli commands.Cli) (string, error) {
	return config.ContextName(endpointOptions(cli), cli.ConfigFile())
}
