package context

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/config"
)

func newImportCommand(cli commands.Cli) *cobra.Command {
	return &cobra.Command{
		Use:   "import CONTEXT FILE|-",
		Short: "Import a context from a tar or zip file",
		Args:  commands.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runImport(cli, args[0], args[1])
		},
	}
}

// runImport reads the archive whole, with docker's checks and errors, before anything is
// written, then adds the context to the store at once: unlike docker, a bad archive
// leaves no half-imported context behind.
func runImport(cli commands.Cli, name, src string) error {
	if err := config.CheckNewContextName(name); err != nil {
		return err
	}
	s := store(cli)
	if s.Exists(name) {
		return fmt.Errorf("context %q already exists", name)
	}
	var r io.Reader = cli.In()
	if src != "-" {
		f, err := os.Open(src)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	c, err := config.ReadContextArchive(r, s.TLSDir(name))
	if err != nil {
		return err
	}
	meta, err := c.Meta(name)
	if err != nil {
		return err
	}
	if err := s.Create(name, meta, c.TLS); err != nil {
		return err
	}
	fmt.Fprintln(cli.Out(), name)
	fmt.Fprintf(cli.Err(), "Successfully imported context %q\n", name)
	return nil
}
