package swarm

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/moby/moby/api/types/swarm"
	"github.com/moby/term"
	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/streams"
)

func newUnlockCommand(cli commands.Cli) *cobra.Command {
	return &cobra.Command{
		Use:               "unlock",
		Short:             "Unlock swarm",
		Args:              commands.NoArgs,
		ValidArgsFunction: completion.None,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runUnlock(cmd.Context(), cli)
		},
	}
}

// runUnlock checks that the node is locked (docker's "Error: ..." words otherwise), then
// sends the key: typed at a prompt without echo on a terminal, else stdin's first line;
// spaces around it are dropped.
func runUnlock(ctx context.Context, cli commands.Cli) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	info, err := c.Info(ctx)
	if err != nil {
		return err
	}
	switch info.Swarm.LocalNodeState {
	case swarm.LocalNodeStateInactive:
		return errors.New("Error: This node is not part of a swarm")
	case swarm.LocalNodeStateLocked:
	default:
		return errors.New("Error: swarm is not locked")
	}
	var key string
	if in := cli.In(); in.IsTerminal() {
		fmt.Fprint(cli.Out(), "Enter unlock key: ")
		key, err = readSecretLine(in)
		fmt.Fprintln(cli.Out())
	} else {
		key, err = bufio.NewReader(in).ReadString('\n')
		if errors.Is(err, io.EOF) {
			err = nil
		}
	}
	if err != nil {
		return err
	}
	return c.SwarmUnlock(ctx, strings.TrimSpace(key))
}

// readSecretLine reads a line from the terminal with its echo off, restoring it after.
func readSecretLine(in *streams.In) (string, error) {
	st, err := term.SaveState(in.FD())
	if err != nil {
		return "", err
	}
	if err := term.DisableEcho(in.FD(), st); err != nil {
		return "", err
	}
	defer term.RestoreTerminal(in.FD(), st) //nolint:errcheck // nothing better to do
	line, err := bufio.NewReader(in).ReadString('\n')
	if errors.Is(err, io.EOF) {
		err = nil
	}
	return line, err
}
