package system

import (
	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
)

func newEventsCommand(cli commands.Cli) *cobra.Command {
	return &cobra.Command{Use: "events [OPTIONS]", Short: "Get real time events from the server", Args: commands.NoArgs, RunE: func(*cobra.Command, []string) error { return nil }}
}
