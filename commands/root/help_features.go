package root

import (
	"os"
	"runtime"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
)

// Help shows a flag marked as needing a newer Engine API ("version" annotation, see
// commands.RequiresAPI) only when the API version in use allows it, and one marked for
// another OS ("ostype", e.g. Windows-only resource flags) only for that OS; see
// helpDaemon for how both are known without the network.
const (
	helpVersionKey = "version"
	helpOSTypeKey  = "ostype"
)

// helpShowSupported un-hides the gated flags and subcommands of c that the daemon
// supports (or all of them when it cannot tell), and hides the others. It asks the
// daemon only when c has such flags or subcommands, or is gated itself. It returns the
// message docker prints instead of the help of a command the API version in use lacks.
func helpShowSupported(cli commands.Cli, c *cobra.Command) (unsupported string) {
	var gated []*pflag.Flag
	c.LocalFlags().VisitAll(func(f *pflag.Flag) {
		if len(f.Annotations[helpVersionKey]) > 0 || len(f.Annotations[helpOSTypeKey]) > 0 {
			gated = append(gated, f)
		}
	})
	var gatedCmds []*cobra.Command
	for _, sub := range append([]*cobra.Command{c}, c.Commands()...) {
		if commands.APINeed(sub) != "" {
			gatedCmds = append(gatedCmds, sub)
		}
	}
	if len(gated) == 0 && len(gatedCmds) == 0 {
		return ""
	}
	version, osType := helpDaemon()
	for _, f := range gated {
		show := true
		if v := f.Annotations[helpVersionKey]; len(v) > 0 && version != "" && client.VersionLess(version, v[0]) {
			show = false
		}
		if o := f.Annotations[helpOSTypeKey]; len(o) > 0 && osType != "" && o[0] != osType {
			show = false
		}
		f.Hidden = !show
	}
	for _, sub := range gatedCmds {
		need := commands.APINeed(sub)
		if version == "" || !client.VersionLess(version, need) {
			continue
		}
		if sub == c {
			return commandAPIMessage(c, need, version)
		}
		sub.Hidden = true
	}
	return ""
}

func commandAPIMessage(c *cobra.Command, need, have string) string {
	return commands.CommandAPIMessage(c, need, have)
}

// commandAPICheck refuses to run a command the API version in use lacks, for the
// commands whose argument validator did not already (see commands.WithAPICheck).
func commandAPICheck(cli commands.Cli, c *cobra.Command) error {
	return commands.CheckAPICommand(c, cli)
}

// helpDaemon returns the API version and daemon OS that help shows flags for, without
// asking the daemon: --help never touches the network (a slow or unreachable host must
// not delay it). The version is DOCKER_API_VERSION's when set, else "" (unknown: every
// version-gated flag is shown, as docker shows them for any current engine); the OS is
// assumed to be the client's own, so Windows-only flags appear only on Windows. Docker
// itself pings the daemon here; this is the one place skiff's help may list a flag
// docker's hides (talking to an engine older than the flag).
func helpDaemon() (version, osType string) {
	osType = runtime.GOOS
	v := strings.TrimPrefix(os.Getenv("DOCKER_API_VERSION"), "v")
	if v == "" {
		return "", osType
	}
	if client.VersionLess(client.MaxAPIVersion, v) {
		v = client.MaxAPIVersion
	}
	return v, osType
}
