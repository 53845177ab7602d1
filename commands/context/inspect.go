package context

import (
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/config"
	"github.com/skiff-cli/skiff/formatter"
)

// inspectOptions are the flags and arguments of docker context inspect.
type inspectOptions struct {
	format string
	names  []string
}

func newInspectCommand(cli commands.Cli) *cobra.Command {
	opts := &inspectOptions{}
	cmd := &cobra.Command{
		Use:   "inspect [OPTIONS] [CONTEXT] [CONTEXT...]",
		Short: "Display detailed information on one or more contexts",
		Args:  cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.names = args
			return runInspect(cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		commands.AddInspectFormatFlag(flags, &opts.format)
	})
	return cmd
}

// contextWithTLSListing is a context as docker's inspect prints it; the type's name
// shows in template errors, as docker's does.
type contextWithTLSListing struct {
	Name        string              `json:",omitempty"`
	Metadata    any                 `json:",omitempty"`
	Endpoints   map[string]any      `json:",omitempty"`
	TLSMaterial map[string][]string // {} when none
	Storage     contextStorage
}

type contextStorage struct {
	MetadataPath string
	TLSPath      string
}

// inMemory is where docker says the default context is kept.
const inMemory = "<IN MEMORY>"

// runInspect inspects the contexts named, or the current one.
func runInspect(cli commands.Cli, opts *inspectOptions) error {
	names := opts.names
	if len(names) == 0 {
		name, err := currentName(cli)
		if err != nil {
			return err
		}
		names = []string{name}
	}
	s := store(cli)
	return formatter.InspectTyped(cli.Out(), names, opts.format, func(name string) (any, error) {
		if name == config.DefaultContextName {
			return inspectDefault(cli)
		}
		m, err := s.Load(name)
		if err != nil {
			return nil, err
		}
		return contextWithTLSListing{Name: m.Name, Metadata: m.Metadata, Endpoints: m.Endpoints,
			TLSMaterial: s.TLSMaterial(name),
			Storage:     contextStorage{MetadataPath: s.MetaDir(name), TLSPath: s.TLSDir(name)}}, nil
	})
}

// inspectDefault is the default context, made from the flags and DOCKER_HOST.
func inspectDefault(cli commands.Cli) (any, error) {
	def, err := config.DefaultEndpoint(endpointOptions(cli))
	if err != nil {
		return nil, err
	}
	de := config.Endpoint{Host: defaultHost(def), SkipTLSVerify: def.TLS != nil && !def.TLS.Verify}
	return contextWithTLSListing{Name: config.DefaultContextName, Metadata: map[string]any{},
		Endpoints:   map[string]any{"docker": de},
		TLSMaterial: map[string][]string{},
		Storage:     contextStorage{MetadataPath: inMemory, TLSPath: inMemory}}, nil
}
