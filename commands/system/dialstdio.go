package system

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
)

// newDialStdioCommand is `docker system dial-stdio`: the remote end of an ssh
// transport (docker's, or skiff's where stream-local forwarding is refused). Hidden
// from help, as in docker.
func newDialStdioCommand(cli commands.Cli) *cobra.Command {
	return &cobra.Command{
		Use:    "dial-stdio",
		Short:  "Relay standard input and output to a new connection to the engine; for ssh transports, not for people",
		Args:   commands.NoArgs,
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDialStdio(cmd.Context(), cli)
		},
	}
}

// runDialStdio opens one raw connection to the engine (no version negotiation: the
// other end speaks HTTP itself) and relays it: stdin's EOF half-closes the connection
// so the engine finishes its answers, and the engine closing it ends the command at
// once, whether stdin is done or not, as docker's does.
func runDialStdio(ctx context.Context, cli commands.Cli) error {
	cl, err := cli.Client()
	if err != nil {
		return err
	}
	conn, err := cl.DialRaw(ctx)
	if err != nil {
		return fmt.Errorf("failed to open the raw stream connection: %w", err)
	}
	defer conn.Close()
	go func() {
		_, _ = io.Copy(conn, cli.In())
		if cw, ok := conn.(interface{ CloseWrite() error }); ok {
			_ = cw.CloseWrite()
		} else {
			conn.Close()
		}
	}()
	_, _ = io.Copy(cli.Out(), conn)
	return nil
}
