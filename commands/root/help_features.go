package root

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
)

// Docker's help shows a flag marked as needing a newer Engine API ("version"
// annotation, see commands.RequiresAPI) only when the API version in use allows it, and
// one marked for another OS ("ostype", e.g. Windows-only resource flags) only when the
// daemon's OS is that one. When the daemon cannot be asked, it shows them all.
const (
	helpVersionKey = "version"
	helpOSTypeKey  = "ostype"
)

// helpPingTimeout bounds how long help waits for the daemon before showing every flag.
const helpPingTimeout = 3 * time.Second

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
		if sub.Annotations[helpVersionKey] != "" {
			gatedCmds = append(gatedCmds, sub)
		}
	}
	if len(gated) == 0 && len(gatedCmds) == 0 {
		return ""
	}
	version, osType := helpDaemon(cli)
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
		need := sub.Annotations[helpVersionKey]
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
	return fmt.Sprintf("%s requires API version %s, but the Docker daemon API version is %s", c.CommandPath(), need, have)
}

// commandAPICheck refuses, as docker does, to run a command the API version in use
// lacks (a "version" annotation on the command). When the daemon cannot be reached it
// says nothing: the command then reports the connection error itself.
func commandAPICheck(cli commands.Cli, c *cobra.Command) error {
	need := c.Annotations[helpVersionKey]
	if need == "" {
		return nil
	}
	cl, err := cli.Client()
	if err != nil || cl.Negotiate(c.Context()) != nil {
		return nil
	}
	if have := cl.ClientVersion(); client.VersionLess(have, need) {
		return commands.StatusError{Status: commandAPIMessage(c, need, have), StatusCode: 1}
	}
	return nil
}

// helpDaemon returns the API version requests would use ("" when unknown: no fixed
// DOCKER_API_VERSION and no daemon answering) and the daemon's OS ("" when unknown).
func helpDaemon(cli commands.Cli) (version, osType string) {
	c, err := cli.Client()
	if err != nil {
		return "", ""
	}
	ctx, cancel := context.WithTimeout(context.Background(), helpPingTimeout)
	defer cancel()
	p, err := c.Ping(ctx)
	osType = p.OSType
	if os.Getenv("DOCKER_API_VERSION") != "" {
		return c.ClientVersion(), osType
	}
	if err != nil && p.APIVersion == "" {
		return "", osType
	}
	version = strings.TrimPrefix(p.APIVersion, "v")
	if version == "" {
		version = "1.24" // a daemon too old to say
	}
	if client.VersionLess(client.MaxAPIVersion, version) {
		version = client.MaxAPIVersion
	}
	return version, osType
}
