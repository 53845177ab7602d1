package root

import (
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

// completeBind readies a completion request (`docker __complete ARGS`): the flags of the
// command being completed are bound, with their completions, and no other command's;
// the global flags get theirs.
func completeBind(root *cobra.Command, cli commands.Cli, args []string) {
	expandPath(root, args)
	if target, _, err := root.Find(args); err == nil && target != nil {
		commands.BindFlags(target)
		completeGatedFlags(target)
	} else {
		commands.BindAll(root)
	}
	commands.CompleteFlag(root, "context", commands.ContextNames(cli, false))
	commands.CompleteFlag(root, "log-level", completion.LogLevels())
}

// addCompletionCommand adds `docker completion`, set up as every other command; made
// only when the line names it, as it costs start-up time (cobra's help texts).
func addCompletionCommand(root *cobra.Command, cli *commands.DockerCli) {
	shells := completion.AddCommand(root)
	walk(shells, func(c *cobra.Command) {
		inUse := c.DisableFlagsInUseLine // cobra's: "docker completion zsh [flags]", as docker shows
		setupCommand(cli, c)
		c.DisableFlagsInUseLine = inUse
		commands.MarkReady(c)
	})
	shells.RunE = nil // alone or with an unknown shell: its help on stdout, status 0, as docker
}

// completeGatedFlags shows the flags of cmd that only help hides by the daemon's API
// version or OS (helpShowSupported): docker 28 offers them all as completions, whatever
// the engine (`swarm init --data-path-port`, `volume create --availability` at API 1.41).
func completeGatedFlags(cmd *cobra.Command) {
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if len(f.Annotations[helpVersionKey]) > 0 || len(f.Annotations[helpOSTypeKey]) > 0 {
			f.Hidden = false
		}
	})
}
