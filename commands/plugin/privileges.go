package plugin

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/moby/moby/api/types/plugin"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/formatter"
)

// grantPrivileges asks the engine what the plugin at remote will be allowed to do and,
// unless grantAll, asks the user on stdout as docker 28 does (stdin read whether it is
// a terminal or not); a refusal is docker's "permission denied" for shown.
func grantPrivileges(ctx context.Context, cli commands.Cli, c *client.Client, remote, shown string, auth client.RegistryAuth, grantAll bool) (plugin.Privileges, error) {
	privs, err := c.PluginPrivileges(ctx, remote, auth)
	if err != nil {
		return nil, err
	}
	if grantAll || len(privs) == 0 {
		return privs, nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Plugin %q is requesting the following privileges:\n", shown)
	for _, p := range privs {
		fmt.Fprintf(&b, " - %s: %v\n", p.Name, p.Value)
	}
	b.WriteString("Do you grant the above permissions? [y/N] ")
	if !commands.Confirm(cli, b.String()) {
		return nil, fmt.Errorf("permission denied while installing plugin %s", shown)
	}
	return privs, nil
}

// renderStream draws a pull, upgrade or push stream on stdout, as docker does; an error
// message in the stream is the command's error.
func renderStream(cli commands.Cli, body io.ReadCloser) error {
	defer body.Close()
	_, width := cli.Out().GetTtySize()
	return formatter.RenderProgress(client.NewJSONMessageDecoder(body), cli.Out(), formatter.ProgressOptions{
		Terminal: cli.Out().IsTerminal(),
		Width:    int(width),
	})
}
