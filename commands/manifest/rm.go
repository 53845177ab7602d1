package manifest

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
)

// rmOptions are the arguments of docker manifest rm.
type rmOptions struct {
	lists []string
}

func newRmCommand(cli commands.Cli) *cobra.Command {
	opts := &rmOptions{}
	return &cobra.Command{
		Use:         "rm MANIFEST_LIST [MANIFEST_LIST...]",
		Short:       "Delete one or more manifest lists from local storage",
		Args:        commands.RequiresMinArgs(1),
		Annotations: map[string]string{commands.ExperimentalAnnotation: "true"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.lists = args
			return runRm(cli, opts)
		},
	}
}

// runRm removes each list from the local store; like docker it goes on past a list it
// cannot remove and reports them all (one line each), exit status 1.
func runRm(cli commands.Cli, opts *rmOptions) error {
	st := newStore(cli)
	var errs []error
	for _, name := range opts.lists {
		list, err := parseRmName(name)
		if err == nil {
			err = st.remove(list)
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
