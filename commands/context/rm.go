package context

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/config"
)

// rmOptions are the flags and arguments of docker context rm.
type rmOptions struct {
	force bool
	names []string
}

func newRmCommand(cli commands.Cli) *cobra.Command {
	opts := &rmOptions{}
	cmd := &cobra.Command{
		Use:               "rm CONTEXT [CONTEXT...]",
		Aliases:           []string{"remove"},
		Short:             "Remove one or more contexts",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: commands.ContextNames(cli, true),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.names = args
			return runRm(cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVarP(&opts.force, "force", "f", false, "Remove the context even when it is the one in use")
	})
	return cmd
}

// runRm removes each context in turn, printing the names removed and going on after a
// failure, as docker does; the errors are reported together, one a line. The context in
// use is kept without -f; with -f, config.json's currentContext is cleared (whichever way
// it was chosen, as docker clears it). A context that does not exist is no error with -f.
func runRm(cli commands.Cli, opts *rmOptions) error {
	current, err := currentName(cli)
	if err != nil {
		return err
	}
	s := store(cli)
	var errs []string
	for _, name := range opts.names {
		if name == config.DefaultContextName {
			errs = append(errs, fmt.Sprintf("context %q cannot be removed", name))
			continue
		}
		if name == current {
			if !opts.force {
				errs = append(errs, fmt.Sprintf("context %q is in use, set -f flag to force remove", name))
				continue
			}
			if err := resetCurrent(cli); err != nil {
				errs = append(errs, err.Error())
				continue
			}
		}
		if err := s.Remove(name); err != nil && !(opts.force && errors.Is(err, config.ErrNoSuchContext)) {
			errs = append(errs, err.Error())
			continue
		}
		fmt.Fprintln(cli.Out(), name)
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "\n"))
	}
	return nil
}

// resetCurrent clears config.json's currentContext (the file's other keys kept).
func resetCurrent(cli commands.Cli) error {
	cf := cli.ConfigFile()
	cf.CurrentContext = ""
	cf.DetectCredsStore() // as docker, which picks its store on reading
	return cf.Save()
}
