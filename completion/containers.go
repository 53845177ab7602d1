package completion

import (
	"context"
	"strings"

	"github.com/moby/moby/api/types/container"
	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/client"
)

// Containers selects which containers a command completes; docker 28 offers every
// candidate of the selection at each argument, in the engine's order.
type Containers int

const (
	// Listed is the engine's default list, running and paused (stop, kill, wait...).
	Listed Containers = iota
	// Unpaused is running and not paused (attach, exec, pause).
	Unpaused
	// Paused is paused only (unpause).
	Paused
	// Stopped is every container that is not running (start, rm).
	Stopped
	// All is every container (restart, logs, rm -f...).
	All
)

// ContainerNames completes the names of the containers which selects.
func ContainerNames(cli Clienter, which Containers) cobra.CompletionFunc {
	return names(cli, func(ctx context.Context, c *client.Client) ([]string, error) {
		return containerNames(ctx, c, which, "")
	})
}

// ContainerNamesWithSuffix completes which containers' names followed by suffix, with no
// space after (--link NAME:ALIAS).
func ContainerNamesWithSuffix(cli Clienter, which Containers, suffix string) cobra.CompletionFunc {
	f := names(cli, func(ctx context.Context, c *client.Client) ([]string, error) {
		return containerNames(ctx, c, which, suffix)
	})
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		out, d := f(cmd, args, toComplete)
		if d == cobra.ShellCompDirectiveNoFileComp {
			d = cobra.ShellCompDirectiveNoSpace
		}
		return out, d
	}
}

// RemoveNames completes rm's arguments: stopped containers, every one with --force.
func RemoveNames(cli Clienter) cobra.CompletionFunc {
	stopped, all := ContainerNames(cli, Stopped), ContainerNames(cli, All)
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if force, _ := cmd.Flags().GetBool("force"); force {
			return all(cmd, args, toComplete)
		}
		return stopped(cmd, args, toComplete)
	}
}

func containerNames(ctx context.Context, c *client.Client, which Containers, suffix string) ([]string, error) {
	list, err := c.ContainerList(ctx, client.ContainerListOptions{All: which == Stopped || which == All})
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(list))
	for _, ctr := range list {
		if !which.keeps(ctr.State) || len(ctr.Names) == 0 {
			continue
		}
		out = append(out, strings.TrimPrefix(ctr.Names[0], "/")+suffix)
	}
	return out, nil
}

func (w Containers) keeps(state container.ContainerState) bool {
	switch w {
	case Unpaused:
		return state != container.StatePaused
	case Paused:
		return state == container.StatePaused
	case Stopped:
		return state != container.StateRunning && state != container.StatePaused && state != container.StateRestarting
	}
	return true
}
