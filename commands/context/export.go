package context

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/config"
)

func newExportCommand(cli commands.Cli) *cobra.Command {
	return &cobra.Command{
		Use:               "export [OPTIONS] CONTEXT [FILE|-]",
		Short:             "Export a context to a tar archive FILE or a tar stream on STDOUT.",
		Args:              commands.RequiresRangeArgs(1, 2),
		ValidArgsFunction: completion.Then(commands.ContextNames(cli, true), completion.Files),
		RunE: func(cmd *cobra.Command, args []string) error {
			dest := ""
			if len(args) == 2 {
				dest = args[1]
			}
			return runExport(cli, args[0], dest)
		},
	}
}

// runExport writes the context as docker's archive to FILE (default CONTEXT.dockercontext,
// never over an existing file) or to stdout with "-", which must not be a terminal.
// Unlike docker, a context that cannot be read leaves no empty file behind.
func runExport(cli commands.Cli, name, dest string) error {
	if err := config.ValidateContextName(name); err != nil {
		return err
	}
	if dest == "" {
		dest = name + ".dockercontext"
	}
	if dest == "-" && cli.Out().IsTerminal() {
		return errors.New("cowardly refusing to export to a terminal, specify a file path")
	}
	if dest != "-" {
		// docker creates the file first: an existing one is its first error
		if err := config.CheckNewFile(dest); err != nil {
			return err
		}
	}
	meta, tls, err := exportedContext(cli, name)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := config.WriteContextArchive(&b, meta, tls); err != nil {
		return err
	}
	if dest == "-" {
		_, err := cli.Out().Write(b.Bytes())
		return err
	}
	if err := config.WriteNewFile(dest, b.Bytes(), 0o600); err != nil {
		return err
	}
	fmt.Fprintf(cli.Err(), "Written file %q\n", dest)
	return nil
}

// exportedContext is a context's meta.json and TLS material as export writes them;
// default is made from the flags and DOCKER_HOST, with no description.
func exportedContext(cli commands.Cli, name string) ([]byte, config.TLSData, error) {
	var meta config.ContextMeta
	var tls config.TLSData
	if name == config.DefaultContextName {
		ep, files, err := endpointOfContext(cli, name, true)
		if err != nil {
			return nil, nil, err
		}
		meta = config.ContextMeta{Name: name, Metadata: map[string]any{}, Endpoints: map[string]any{"docker": ep}}
		if len(files) > 0 {
			tls = config.TLSData{"docker": files}
		}
	} else {
		s := store(cli)
		var err error
		if meta, err = s.Load(name); err != nil {
			return nil, nil, err
		}
		if tls, err = s.ReadTLS(name); err != nil {
			return nil, nil, err
		}
	}
	b, err := config.MarshalMeta(meta)
	return b, tls, err
}
