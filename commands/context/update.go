package context

import (
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/config"
)

// updateOptions are the flags and argument of docker context update.
type updateOptions struct {
	name        string
	description string
	docker      map[string]string
}

func newUpdateCommand(cli commands.Cli) *cobra.Command {
	opts := &updateOptions{}
	cmd := &cobra.Command{
		Use:   "update [OPTIONS] CONTEXT",
		Short: "Update a context",
		Long: "Update a context\n\n" + endpointHelp + `
Example:

$ docker context update my-context --description "some description" --docker "host=tcp://myserver:2376,ca=~/ca-file,cert=~/cert-file,key=~/key-file"
`,
		Args:              commands.ExactArgs(1),
		ValidArgsFunction: completion.First(commands.ContextNames(cli, true)),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.name = args[0]
			return runUpdate(cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.StringVar(&opts.description, "description", "", "New description of the context")
		flags.StringToStringVar(&opts.docker, "docker", nil, "New Docker endpoint (KEY=VALUE,...)")
	})
	return cmd
}

// runUpdate changes the description and/or replaces the docker endpoint with its TLS
// material (gone when the new endpoint names none), as docker does.
func runUpdate(cli commands.Cli, opts *updateOptions) error {
	if err := config.CheckNewContextName(opts.name); err != nil {
		return err
	}
	s := store(cli)
	meta, err := s.Load(opts.name)
	if err != nil {
		return err
	}
	var tls config.TLSData
	replaceTLS := len(opts.docker) > 0
	if replaceTLS {
		de, err := parseDockerEndpoint(cli, opts.docker)
		if err != nil {
			return err
		}
		if meta.Endpoints == nil {
			meta.Endpoints = map[string]any{}
		}
		meta.Endpoints["docker"] = de.ep
		// the other endpoints' material stays
		if tls, err = s.ReadTLS(opts.name); err != nil {
			return err
		}
		if tls == nil {
			tls = config.TLSData{}
		}
		delete(tls, "docker")
		if de.tls != nil {
			tls["docker"] = de.tls
		}
	}
	setDescription(&meta, opts.description)
	meta.Name = opts.name
	b, err := config.MarshalMeta(meta)
	if err != nil {
		return err
	}
	if err := s.Update(opts.name, b, tls, replaceTLS); err != nil {
		return err
	}
	fmt.Fprintln(cli.Out(), opts.name)
	fmt.Fprintf(cli.Err(), "Successfully updated context %q\n", opts.name)
	return nil
}
