package context

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/config"
)

// createOptions are the flags and argument of docker context create.
type createOptions struct {
	name        string
	description string
	docker      map[string]string
	from        string
}

func newCreateCommand(cli commands.Cli) *cobra.Command {
	opts := &createOptions{}
	cmd := &cobra.Command{
		Use:   "create [OPTIONS] CONTEXT",
		Short: "Create a context",
		Long: "Create a context\n\n" + endpointHelp + `
Example:

$ docker context create my-context --description "some description" --docker "host=tcp://myserver:2376,ca=~/ca-file,cert=~/cert-file,key=~/key-file"
`,
		Args:              commands.ExactArgs(1),
		ValidArgsFunction: completion.None,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.name = args[0]
			return runCreate(cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.StringVar(&opts.description, "description", "", "A description of the context")
		// pflag's key=value list: CSV, "k=v,k2=v2", repeated flags merged (docker's syntax)
		flags.StringToStringVar(&opts.docker, "docker", nil, "Docker endpoint (KEY=VALUE,...)")
		flags.StringVar(&opts.from, "from", "", "Copy the named context (its endpoint, description and TLS material)")
	})
	return cmd
}

func runCreate(cli commands.Cli, opts *createOptions) error {
	if err := config.CheckNewContextName(opts.name); err != nil {
		return err
	}
	s := store(cli)
	if s.Exists(opts.name) {
		return fmt.Errorf("context %q already exists", opts.name)
	}
	var meta config.ContextMeta
	var tls config.TLSData
	switch {
	case opts.from != "" && len(opts.docker) > 0:
		return errors.New("cannot use --docker flag when --from is set")
	case len(opts.docker) > 0:
		de, err := parseDockerEndpoint(cli, opts.docker)
		if err != nil {
			return err
		}
		meta = config.ContextMeta{Metadata: map[string]any{}, Endpoints: map[string]any{"docker": de.ep}}
		if de.tls != nil {
			tls = config.TLSData{"docker": de.tls}
		}
	default:
		// a copy of --from, or of the context in use
		from := opts.from
		if from == "" {
			name, err := currentName(cli)
			if err != nil {
				return err
			}
			from = name
		}
		var err error
		if meta, tls, err = copyContext(cli, from); err != nil {
			return err
		}
	}
	meta.Name = opts.name
	setDescription(&meta, opts.description)
	b, err := config.MarshalMeta(meta)
	if err != nil {
		return err
	}
	if err := s.Create(opts.name, b, tls); err != nil {
		return err
	}
	fmt.Fprintln(cli.Out(), opts.name)
	fmt.Fprintf(cli.Err(), "Successfully created context %q\n", opts.name)
	return nil
}

// copyContext is a context as --from copies it: everything of a context of the store;
// default's endpoint, description and TLS files.
func copyContext(cli commands.Cli, name string) (config.ContextMeta, config.TLSData, error) {
	if name == config.DefaultContextName {
		ep, files, err := endpointOfContext(cli, name, true)
		if err != nil {
			return config.ContextMeta{}, nil, err
		}
		meta := config.ContextMeta{Metadata: map[string]any{"Description": defaultDescription},
			Endpoints: map[string]any{"docker": ep}}
		var tls config.TLSData
		if len(files) > 0 {
			tls = config.TLSData{"docker": files}
		}
		return meta, tls, nil
	}
	s := store(cli)
	meta, err := s.Load(name)
	if err != nil {
		return meta, nil, err
	}
	tls, err := s.ReadTLS(name)
	return meta, tls, err
}

// setDescription sets the metadata's description; an empty one leaves it as it is.
func setDescription(meta *config.ContextMeta, d string) {
	if d == "" {
		return
	}
	md, ok := meta.Metadata.(map[string]any)
	if !ok {
		md = map[string]any{}
	}
	md["Description"] = d
	meta.Metadata = md
}
