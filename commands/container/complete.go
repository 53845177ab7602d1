package container

import (
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

// completeCreateFlags gives run's and create's flags their completions as docker 28's:
// fixed sets and live names where it has them, file names for --env-file, and nothing
// (not even files) for every other flag.
func completeCreateFlags(cli commands.Cli, cmd *cobra.Command) {
	all := completion.ContainerNames(cli, completion.All)
	commands.CompleteFlag(cmd, "attach", completion.Fixed("stderr", "stdin", "stdout"))
	commands.CompleteFlags(cmd, completion.Capabilities(), "cap-add", "cap-drop")
	commands.CompleteFlag(cmd, "cgroupns", completion.Fixed("host", "private"))
	commands.CompleteFlag(cmd, "detach-keys", completion.DetachKeys())
	commands.CompleteFlag(cmd, "env", completion.EnvNames)
	commands.CompleteFlag(cmd, "env-file", completion.Files)
	commands.CompleteFlag(cmd, "ipc", completion.Fixed("container:", "host", "none", "private", "shareable"))
	commands.CompleteFlag(cmd, "link", completion.ContainerNamesWithSuffix(cli, completion.All, ":"))
	commands.CompleteFlag(cmd, "log-driver", completion.LogDrivers())
	commands.CompleteFlag(cmd, "log-opt", completion.LogOptions())
	commands.CompleteFlag(cmd, "network", completion.NetworkNames(cli))
	commands.CompleteFlag(cmd, "pid", completion.Fixed("container:", "host"))
	commands.CompleteFlag(cmd, "platform", completion.Platforms())
	commands.CompleteFlag(cmd, "pull", completion.PullPolicies())
	commands.CompleteFlag(cmd, "restart", completion.RestartPolicies())
	commands.CompleteFlag(cmd, "security-opt", completion.SecurityOptions())
	commands.CompleteFlag(cmd, "stop-signal", completion.Signals())
	commands.CompleteFlag(cmd, "storage-opt", completion.Prefixes("size="))
	commands.CompleteFlag(cmd, "ulimit", completion.Ulimits())
	commands.CompleteFlags(cmd, completion.Fixed("host"), "userns", "uts")
	commands.CompleteFlag(cmd, "volume-driver", completion.VolumeDrivers(cli))
	commands.CompleteFlag(cmd, "volumes-from", all)
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		commands.CompleteFlag(cmd, f.Name, completion.None) // refused where one is set
	})
}
