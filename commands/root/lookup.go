package root

import (
	"context"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

// Command lookup, in one place: which built-in command a command line selects, and,
// when it names none, the word that could name a CLI plugin (a "candidate"). The root
// resolves a candidate through candidateRunner before the tree reports the unknown
// command; help asks helpExtras for what it lists beside the built-in commands.

// lookupCommand returns the built-in command args select (nil when none) and the
// arguments left after its name.
func lookupCommand(root *cobra.Command, args []string) (*cobra.Command, []string) {
	expandPath(root, args)
	target, rest, err := root.Find(args)
	if err != nil || target == nil {
		return nil, nil
	}
	return target, rest
}

// expandPath adds the subcommands of the management commands args name (after the
// global options), so that cobra's lookup finds the verb: each management command
// adds its own only when a command line reaches it (commands.LazySubcommands).
func expandPath(root *cobra.Command, args []string) {
	c := root
	for _, a := range args[rootGlobalCount(root, args):] {
		if strings.HasPrefix(a, "-") { // a management command has no options of its own
			continue
		}
		next := childNamed(c, a)
		if next == nil {
			return
		}
		commands.Expand(next)
		c = next
	}
}

// childNamed is c's subcommand with name or alias name, nil when none.
func childNamed(c *cobra.Command, name string) *cobra.Command {
	for _, sub := range c.Commands() {
		if sub.Name() == name || sub.HasAlias(name) {
			return sub
		}
	}
	return nil
}

// lookupCandidate returns the first word after the global options of args (rootArgs'
// result) when no built-in command has that name, else "".
func lookupCandidate(root *cobra.Command, args []string) string {
	n := rootGlobalCount(root, args)
	if n >= len(args) {
		return ""
	}
	name := args[n]
	if target, _ := lookupCommand(root, args[n:n+1]); target != nil && target != root {
		return ""
	}
	return name
}

// lookupHelpTopic is the command `docker help ARGS` is about (nil when none), and the
// topic docker names when there is none.
func lookupHelpTopic(root *cobra.Command, args []string) (*cobra.Command, string) {
	expandPath(root, args)
	target, rest, err := root.Find(args)
	if err != nil || target == nil || len(rest) > 0 {
		topic := strings.Join(args, " ")
		if len(rest) > 0 {
			topic = strings.Join(rest, " ")
		}
		return nil, topic
	}
	return target, ""
}

// candidateRunner returns what runs the command line when a CLI plugin takes it
// (rawArgs: as the user gave it; args and help: rootArgs' result), or nil when none
// does and the built-in tree goes on: a word no built-in command has that names a
// valid plugin (`docker NAME`, `docker help NAME`), or build and builder handed over
// to buildx (pluginBuilder).
func candidateRunner(cli *commands.DockerCli, root *cobra.Command, args, rawArgs []string, help string) func() error {
	n := rootGlobalCount(root, args)
	name, noSocket := lookupCandidate(root, args), false
	if name == "" && n+1 < len(args) && args[n] == "help" && !builtinName(root, args[n+1]) {
		name, noSocket = args[n+1], true // docker runs `docker-NAME help NAME`, without the socket
	}
	if name != "" {
		p := pluginFinder(cli, root).Find(context.Background(), name)
		if p == nil || p.Err != nil {
			return nil
		}
		return func() error {
			if err := rootCheckFlags(root, args); err != nil { // docker parses them first
				return err
			}
			if strings.HasPrefix(help, "-h") { // a global -h: docker's note, then the plugin
				io.WriteString(cli.Err(), "Flag shorthand -h has been deprecated, use --help\n")
			}
			return runPlugin(cli, p, rawArgs, noSocket)
		}
	}
	return pluginBuilder(cli, root, args, rawArgs)
}

// bindTarget binds the flags of the command that args select; for `help X` and shell
// completion, of X (completion of flags needs them too). It returns the command args
// select (nil when none, or for completion).
func bindTarget(root *cobra.Command, args []string) *cobra.Command {
	if completion.IsRequest(args[rootGlobalCount(root, args):]) { // bound by completeBind
		return nil
	}
	target, rest := lookupCommand(root, args)
	if target == nil {
		return nil
	}
	commands.BindFlags(target)
	if target.Name() == "help" {
		if len(rest) > 0 && rest[0] == "--" { // `docker help -- ps`
			rest = rest[1:]
		}
		if t, _ := lookupCommand(root, rest); t != nil {
			commands.BindFlags(t)
		}
	}
	return target
}
