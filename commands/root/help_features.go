package root

import (
	"context"
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

// helpShowSupported un-hides the gated flags of c that the daemon supports (or all of
// them when it cannot tell), and hides the others. It asks the daemon only when c has
// such flags.
func helpShowSupported(cli commands.Cli, c *cobra.Command) {
	var gated []*pflag.Flag
	c.LocalFlags().VisitAll(func(f *pflag.Flag) {
		if len(f.Annotations[helpVersionKey]) > 0 || len(f.Annotations[helpOSTypeKey]) > 0 {
			gated = append(gated, f)
		}
	})
	if len(gated) == 0 {
		return
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
