package system

import (
	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
)

func newEventsCommand(cli commands.Cli) *cobra.Command {
	return &cobra.Command{Use: "events [OPTIONS]", Short: "Get real time events from the server", Args: commands.NoArgs, RunE: func(*cobra.Command, []string) error { return nil }}
}
func newInspectCommand(cli commands.Cli) *cobra.Command {
	return &cobra.Command{Use: "inspect [OPTIONS] NAME|ID [NAME|ID...]", Short: "Return low-level information on Docker objects", Args: commands.RequiresMinArgs(1), RunE: func(*cobra.Command, []string) error { return nil }}
}
func newDiskUsageCommand(cli commands.Cli) *cobra.Command {
	return &cobra.Command{Use: "df [OPTIONS]", Short: "Show docker disk usage", Args: commands.NoArgs, RunE: func(*cobra.Command, []string) error { return nil }}
}
