package context

import (
	"fmt"
	"os"
	"sort"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/config"
	"github.com/skiff-cli/skiff/formatter"
)

// listOptions are the flags of docker context ls.
type listOptions struct {
	format string
	quiet  bool
}

func newListCommand(cli commands.Cli) *cobra.Command {
	opts := &listOptions{}
	cmd := &cobra.Command{
		Use:               "ls [OPTIONS]",
		Aliases:           []string{"list"},
		Short:             "List contexts",
		Args:              commands.NoArgs,
		ValidArgsFunction: completion.None,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runList(cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		commands.AddFormatFlag(flags, &opts.format)
		flags.BoolVarP(&opts.quiet, "quiet", "q", false, "Print context names only")
	})
	return cmd
}

// defaultDescription is what docker's listing says of the default context.
const defaultDescription = "Current DOCKER_HOST based configuration"

// hostOverrideWarning is docker's word whenever DOCKER_HOST is set, whichever context
// is current.
const hostOverrideWarning = "Warning: DOCKER_HOST environment variable overrides the active context. " +
	"To use a context, either set the global --context flag, or unset DOCKER_HOST environment variable."

func runList(cli commands.Cli, opts *listOptions) error {
	current, err := currentName(cli)
	if err != nil {
		return err
	}
	s := store(cli)
	metas, err := s.List()
	if err != nil {
		return err
	}
	def, err := config.DefaultEndpoint(endpointOptions(cli))
	if err != nil {
		return err
	}
	rows := []contextRow{{Name: config.DefaultContextName, Description: defaultDescription,
		DockerEndpoint: defaultHost(def), Current: current == config.DefaultContextName}}
	listed := current == config.DefaultContextName
	for _, m := range metas {
		row := contextRow{Name: m.Name, Description: m.Description(), Current: m.Name == current}
		if de, ok := m.DockerEndpoint(); ok {
			row.DockerEndpoint = de.Host
		} else {
			row.Error = "cannot find docker endpoint in context"
		}
		listed = listed || row.Current
		rows = append(rows, row)
	}
	if !listed {
		// the current context is not in the store: docker lists it, with the reason
		row := contextRow{Name: current, Current: true}
		if _, err := s.Load(current); err != nil {
			row.Error = err.Error()
		}
		rows = append(rows, row)
	}
	sort.SliceStable(rows, func(i, j int) bool { return formatter.NaturalLess(rows[i].Name, rows[j].Name) })
	err = contextWrite(formatter.Context{Output: cli.Out(), Format: contextFormat(opts.format, opts.quiet)}, rows)
	if err != nil {
		return err
	}
	if os.Getenv("DOCKER_HOST") != "" {
		fmt.Fprintln(cli.Err(), hostOverrideWarning)
	}
	return nil
}
