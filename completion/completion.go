// Package completion is docker's shell completion: the `completion` command that writes
// each shell's script, and the functions that complete arguments and flag values, with
// live names from the engine, as docker 28 offers them. Nothing here runs at start-up:
// commands hand these functions to cobra only when their flags are bound for a
// completion request.
package completion

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/client"
)

// Clienter gives the Engine client, made on first use (commands.Cli).
type Clienter interface {
	Client() (*client.Client, error)
}

// AddCommand adds `docker completion bash|zsh|fish|powershell` to root: cobra's own
// command, whose scripts and help are the ones docker 28 prints (it uses the same).
// Hidden, as docker hides it from help and from the completion of commands. It returns
// the command: alone or with an unknown shell it shows its help, with status 0.
func AddCommand(root *cobra.Command) *cobra.Command {
	root.CompletionOptions.DisableDefaultCmd = false
	root.CompletionOptions.HiddenDefaultCmd = true
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			return c
		}
	}
	return nil
}

// Wanted reports whether args may need the completion command: they name it (`docker
// completion bash`, `docker help completion`) or ask for completions, maybe after global
// options (`docker -H x __complete ...`).
func Wanted(args []string) bool {
	for _, a := range args {
		if a == "completion" || a == cobra.ShellCompRequestCmd || a == cobra.ShellCompNoDescRequestCmd {
			return true
		}
	}
	return false
}

// IsRequest reports whether args (without the program name) are a completion request
// from a shell script: `docker __complete ...` or `docker __completeNoDesc ...`.
func IsRequest(args []string) bool {
	return len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd)
}

// None completes nothing, not even files: docker's answer for commands without
// arguments to complete (ps, info, version...).
func None(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveNoFileComp
}

// Files leaves the completion to the shell's file names (cp, import...).
func Files(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveDefault
}

// Dirs completes directories only (build's context).
func Dirs(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveFilterDirs
}

// First completes the first argument with f and nothing after it (run IMAGE [COMMAND]).
func First(f cobra.CompletionFunc) cobra.CompletionFunc { return UpTo(1, f) }

// UpTo completes the first n arguments with f and nothing after them.
func UpTo(n int, f cobra.CompletionFunc) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) >= n {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return f(cmd, args, toComplete)
	}
}

// Then completes the first argument with first and every later one with rest (network
// connect NETWORK CONTAINER).
func Then(first, rest cobra.CompletionFunc) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) == 0 {
			return first(cmd, args, toComplete)
		}
		return rest(cmd, args, toComplete)
	}
}

// ctx is the command's context, for the engine's requests.
func ctx(cmd *cobra.Command) context.Context {
	if c := cmd.Context(); c != nil {
		return c
	}
	return context.Background()
}

// names lists what list returns, as candidates without descriptions; an engine that
// cannot be reached gives no candidates and cobra's error directive, as docker's.
func names(cli Clienter, list func(context.Context, *client.Client) ([]string, error)) cobra.CompletionFunc {
	return func(cmd *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
		c, err := cli.Client()
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		out, err := list(ctx(cmd), c)
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}
