package commands

import (
	"fmt"

	"github.com/spf13/cobra"
)

// Argument-count validators with docker 28's wording. They exit 1; flag errors exit 125.

func argsError(cmd *cobra.Command, what, hint string) error {
	return StatusError{
		Status: fmt.Sprintf("docker: '%s' %s\n\nUsage:  %s\n\n%s '%s --help' for more information",
			cmd.CommandPath(), what, cmd.UseLine(), hint, cmd.CommandPath()),
		StatusCode: 1,
	}
}

func plural(n int) string {
	if n == 1 {
		return "argument"
	}
	return "arguments"
}

// NoArgs accepts no positional arguments.
func NoArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if cmd.HasSubCommands() {
		return UnknownSubcommand(cmd, args[0])
	}
	return argsError(cmd, "accepts no arguments", "Run")
}

// UnknownSubcommand is docker's error for `docker container frob`.
func UnknownSubcommand(cmd *cobra.Command, name string) error {
	return StatusError{
		Status: fmt.Sprintf("docker: unknown command: %s %s\n\nUsage:  %s\n\nRun '%s --help' for more information",
			cmd.CommandPath(), name, cmd.UseLine(), cmd.CommandPath()),
		StatusCode: 1,
	}
}

// RequiresMinArgs accepts at least min arguments.
func RequiresMinArgs(min int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) >= min {
			return nil
		}
		return argsError(cmd, fmt.Sprintf("requires at least %d %s", min, plural(min)), "See")
	}
}

// RequiresMaxArgs accepts at most max arguments. Docker 28 prints a stray "S" before
// "Run" in this one message; scripts never match on it, but we keep the bytes the same.
func RequiresMaxArgs(max int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) <= max {
			return nil
		}
		return argsError(cmd, fmt.Sprintf("requires at most %d %s", max, plural(max)), "SRun")
	}
}

// RequiresRangeArgs accepts between min and max arguments.
func RequiresRangeArgs(min, max int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) >= min && len(args) <= max {
			return nil
		}
		return argsError(cmd, fmt.Sprintf("requires at least %d and at most %d %s", min, max, plural(max)), "Run")
	}
}

// ExactArgs accepts exactly n arguments.
func ExactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) == n {
			return nil
		}
		return argsError(cmd, fmt.Sprintf("requires %d %s", n, plural(n)), "Run")
	}
}

// FlagError turns a flag parsing error into docker's message and exit code 125.
func FlagError(cmd *cobra.Command, err error) error {
	if err == nil {
		return nil
	}
	return StatusError{
		Status: fmt.Sprintf("%s\n\nUsage:  %s\n\nRun '%s --help' for more information",
			err, cmd.UseLine(), cmd.CommandPath()),
		StatusCode: 125,
	}
}
