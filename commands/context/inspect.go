package context

import (
	"encoding/json"
	"errors"
	"strings"

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
		Use:               "inspect [OPTIONS] [CONTEXT] [CONTEXT...]",
		Short:             "Display detailed information on one or more contexts",
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: commands.ContextNames(cli, true),
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
// shows in template errors, as docker's does. The store's metadata is embedded as
// docker's is: JSON shows its fields flat, and a template's .Metadata is the whole of it
// (its own .Metadata is the description's).
type contextWithTLSListing struct {
	Metadata
	TLSMaterial map[string][]string // {} when none
	Storage     contextStorage
}

// Metadata is a context's meta.json, as docker's inspect holds it (its name, reported
// as docker's "store.Metadata" in template errors).
type Metadata struct {
	Name string `json:",omitempty"`
	// Metadata is a dockerContext, or nil when meta.json has none.
	Metadata  any            `json:",omitempty"`
	Endpoints map[string]any `json:",omitempty"`
}

// dockerContext is a context's "Metadata" object as docker types it: the description,
// and every other field aside (printed by templates as {DESCRIPTION map[...]}).
type dockerContext struct {
	Description      string
	AdditionalFields map[string]any
}

// MarshalJSON writes the object back whole, keys sorted.
func (d dockerContext) MarshalJSON() ([]byte, error) {
	m := make(map[string]any, len(d.AdditionalFields)+1)
	for k, v := range d.AdditionalFields {
		m[k] = v
	}
	if d.Description != "" {
		m["Description"] = d.Description
	}
	return json.Marshal(m)
}

// typedMetadata is the metadata object as a dockerContext (nil stays nil).
func typedMetadata(md any) any {
	m, ok := md.(map[string]any)
	if !ok {
		return md
	}
	d := dockerContext{AdditionalFields: map[string]any{}}
	for k, v := range m {
		if desc, ok := v.(string); ok && k == "Description" {
			d.Description = desc
			continue
		}
		d.AdditionalFields[k] = v
	}
	return d
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
	err := formatter.InspectTyped(cli.Out(), names, opts.format, func(name string) (any, error) {
		if name == config.DefaultContextName {
			return inspectDefault(cli)
		}
		m, err := s.Load(name)
		if err != nil {
			return nil, err
		}
		return contextWithTLSListing{Metadata: Metadata{Name: m.Name, Metadata: typedMetadata(m.Metadata), Endpoints: m.Endpoints},
			TLSMaterial: s.TLSMaterial(name),
			Storage:     contextStorage{MetadataPath: s.MetaDir(name), TLSPath: s.TLSDir(name)}}, nil
	})
	var ie *formatter.InspectError
	if errors.As(err, &ie) {
		for i, m := range ie.Messages {
			ie.Messages[i] = strings.ReplaceAll(m, "type context.Metadata", "type store.Metadata")
		}
	}
	return err
}

// inspectDefault is the default context, made from the flags and DOCKER_HOST.
func inspectDefault(cli commands.Cli) (any, error) {
	def, err := config.DefaultEndpoint(endpointOptions(cli))
	if err != nil {
		return nil, err
	}
	de := config.Endpoint{Host: defaultHost(def), SkipTLSVerify: def.TLS != nil && !def.TLS.Verify}
	return contextWithTLSListing{Metadata: Metadata{Name: config.DefaultContextName, Metadata: dockerContext{},
		Endpoints: map[string]any{"docker": de}},
		TLSMaterial: map[string][]string{},
		Storage:     contextStorage{MetadataPath: inMemory, TLSPath: inMemory}}, nil
}
