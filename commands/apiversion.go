package commands

import (
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
)

// versionAnnotation marks a flag that needs at least the given Engine API version; the
// key is the one docker uses.
const versionAnnotation = "version"

// RequiresAPI marks flag name as needing Engine API version v. It is hidden from help:
// docker shows such flags only when the daemon is new enough, which help cannot know
// without asking it, and the engines skiff is tested on are older.
func RequiresAPI(flags *pflag.FlagSet, name, v string) {
	f := flags.Lookup(name)
	if f == nil {
		return
	}
	if f.Annotations == nil {
		f.Annotations = map[string][]string{}
	}
	f.Annotations[versionAnnotation] = []string{v}
	f.Hidden = true
}

// CheckAPIFlags fails when a flag set on cmd's command line needs a newer API than the
// daemon speaks. When the daemon cannot be reached it says nothing: the command then
// reports the connection error itself.
func CheckAPIFlags(cmd *cobra.Command, cli Cli) error {
	var gated []*pflag.Flag
	cmd.Flags().Visit(func(f *pflag.Flag) {
		if len(f.Annotations[versionAnnotation]) > 0 {
			gated = append(gated, f)
		}
	})
	if len(gated) == 0 {
		return nil
	}
	c, err := cli.Client()
	if err != nil || c.Negotiate(cmd.Context()) != nil {
		return nil
	}
	have := c.ClientVersion()
	for _, f := range gated {
		if need := f.Annotations[versionAnnotation][0]; client.VersionLess(have, need) {
			return fmt.Errorf("%q requires API version %s, but the Docker daemon API version is %s", "--"+f.Name, need, have)
		}
	}
	return nil
}

// CheckAPICommand refuses, as docker does, to run a command the API version in use
// lacks (a "version" annotation on the command): "docker system df requires API
// version 1.25, but the Docker daemon API version is 1.24", exit 1. When the daemon
// cannot be reached it says nothing: the command then reports the connection error.
func CheckAPICommand(cmd *cobra.Command, cli Cli) error {
	need := APINeed(cmd)
	if need == "" {
		return nil
	}
	c, err := cli.Client()
	if err != nil || c.Negotiate(cmd.Context()) != nil {
		return nil
	}
	if have := c.ClientVersion(); client.VersionLess(have, need) {
		return StatusError{Status: CommandAPIMessage(cmd, need, have), StatusCode: 1}
	}
	return nil
}

// APINeed is the API version cmd needs: the newest of its own "version" annotation and
// its parents' (docker annotates the network and volume commands with 1.21, so that
// `network ls` at 1.18 names itself; builder prune needs 1.39 under builder's 1.31).
func APINeed(cmd *cobra.Command) string {
	need := ""
	for c := cmd; c != nil; c = c.Parent() {
		if v := c.Annotations[versionAnnotation]; v != "" && (need == "" || client.VersionLess(need, v)) {
			need = v
		}
	}
	return need
}

// CommandAPIMessage is docker's sentence for a command the API version in use lacks.
func CommandAPIMessage(cmd *cobra.Command, need, have string) string {
	return fmt.Sprintf("%s requires API version %s, but the Docker daemon API version is %s", cmd.CommandPath(), need, have)
}

// WithAPICheck wraps an argument validator so that, as in docker, a command the daemon
// is too old for, then a version-gated flag it is too old for, is reported before the
// argument count is checked (`builder build --network host` at 1.24 names the command).
func WithAPICheck(cli Cli, args cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, a []string) error {
		if err := CheckAPICommand(cmd, cli); err != nil {
			return err
		}
		if err := CheckAPIFlags(cmd, cli); err != nil {
			return err
		}
		return args(cmd, a)
	}
}

// APIFlagError is a flag error function that, as docker does, first reports a command
// the daemon is too old for (`image prune --bogus` at 1.24 names the command), then a
// version-gated flag already parsed: `volume ls --cluster --bogus` on an old daemon
// fails on --cluster.
func APIFlagError(cli Cli) func(*cobra.Command, error) error {
	return func(cmd *cobra.Command, err error) error {
		if verr := CheckAPICommand(cmd, cli); verr != nil {
			return verr
		}
		if verr := CheckAPIFlags(cmd, cli); verr != nil {
			return verr
		}
		return FlagError(cmd, err)
	}
}

// WrapAPICheck makes cmd, when it is a leaf command with an argument validator, refuse a
// version-gated flag the daemon is too old for before checking its arguments (see
// WithAPICheck). The root applies it to every command of the tree once; clitest.Run to
// every command below the one a unit test runs (once per command).
func WrapAPICheck(cli Cli, cmd *cobra.Command) {
	if cmd.HasSubCommands() || cmd.Args == nil {
		return
	}
	cmd.Args = WithAPICheck(cli, cmd.Args)
}
