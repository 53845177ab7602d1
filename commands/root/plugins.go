package root

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/cliplugins"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/config"
)

// CLI plugins in the root: running one that the command line names, handing build
// and builder to buildx, listing them in help and docker info (cliplugins does the
// finding and running).

// pluginFinder finds plugins where docker 28 does for cli's configuration.
func pluginFinder(cli *commands.DockerCli, root *cobra.Command) cliplugins.Finder {
	return cliplugins.Finder{
		Dirs:    cliplugins.Dirs(cli.ConfigDir(), cli.ConfigFile().CLIPluginsExtraDirs),
		Builtin: func(name string) bool { return builtinName(root, name) },
		Cache:   cliplugins.NewMetadataCache(cliplugins.DefaultCachePath()),
	}
}

// setPluginLister lets docker info list the plugins (only when it asks).
func setPluginLister(cli *commands.DockerCli, root *cobra.Command) {
	cli.SetCLIPlugins(func(ctx context.Context) []cliplugins.Plugin {
		return pluginFinder(cli, root).List(ctx)
	})
}

// runPlugin runs p with the command line as the user gave it, passes its exit status
// on and, as docker 28, tells it of SIGINT/SIGTERM through the plugin socket and ends at
// the third.
func runPlugin(cli *commands.DockerCli, p *cliplugins.Plugin, rawArgs []string, noSocket bool) error {
	sigs := make(chan os.Signal, 3)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sigs)
	inv := cliplugins.Invocation{
		Plugin: p, Args: rawArgs, NoSocket: noSocket,
		// docker passes on its own argv[0], as the user typed it
		Argv0: os.Args[0],
		Stdin: cli.In().Reader(), Stdout: cli.Out().Writer(), Stderr: cli.Err().Writer(),
		Signals: sigs,
	}
	code, err := inv.Run(context.Background())
	switch {
	case cliplugins.IsForced(err):
		fmt.Fprintln(cli.Err(), err)
		return commands.Silent(1)
	case cliplugins.IsExit(err) && noSocket:
		// `docker help NAME`: docker reports the plugin's failure ("exit status 3"), 1
		return commands.StatusError{Status: err.Error(), StatusCode: 1}
	case cliplugins.IsExit(err):
	case err != nil:
		return commands.StatusError{Status: err.Error(), StatusCode: 1}
	case code == 0:
		return nil
	}
	return commands.Silent(code)
}

// pluginBuilder hands build, image build and builder to the buildx plugin (or the one
// config.json aliases builder to), as docker 28 does when BuildKit is wanted:
// `docker build .` runs `docker-buildx buildx build .`, `docker builder ls`
// `docker-buildx buildx ls`, the global options before them kept. nil: the built-in
// command runs (the legacy builder), or its error when BuildKit is required.
func pluginBuilder(cli *commands.DockerCli, root *cobra.Command, args, rawArgs []string) func() error {
	n := rootGlobalCount(root, args)
	tail := args[n:]
	var words []string // the command's words in the plugin's command line
	switch {
	case len(tail) > 0 && tail[0] == "build":
		words = []string{"build"}
		tail = tail[1:]
	case len(tail) > 1 && tail[0] == "image" && tail[1] == "build":
		words = []string{"build"}
		tail = tail[2:]
	case len(tail) > 0 && tail[0] == "builder":
		tail = tail[1:]
	default:
		return nil
	}
	if v, set := os.LookupEnv("DOCKER_BUILDKIT"); set {
		if on, err := strconv.ParseBool(v); err != nil || !on {
			return nil // the built-in command says why (commands.LegacyBuilder)
		}
	}
	name, aliased := cli.ConfigFile().Aliases["builder"]
	if !aliased {
		name = "buildx"
	}
	p := pluginFinder(cli, root).Find(context.Background(), name)
	if p == nil || p.Err != nil {
		if aliased {
			return func() error { return commands.BuildkitMissing() }
		}
		return nil
	}
	globals := len(rawArgs) - len(args) + n // rootArgs leaves what follows them as it is
	if globals < 0 {
		return nil
	}
	line := append(append(append(append([]string{}, rawArgs[:globals]...), name), words...), tail...)
	return func() error {
		if err := rootCheckFlags(root, args); err != nil {
			return err
		}
		return runPlugin(cli, p, line, false)
	}
}

// checkAliases refuses config.json aliases docker 28 does not allow (only builder
// may be aliased), for every command.
func checkAliases(cf *config.ConfigFile) error {
	keys := make([]string, 0, len(cf.Aliases))
	for k := range cf.Aliases {
		if k != "builder" {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	sort.Strings(keys)
	return commands.StatusError{
		Status:     fmt.Sprintf("not allowed to alias %q (allowed: map[string]struct {}{\"builder\":struct {}{}})", keys[0]),
		StatusCode: 1,
	}
}

// rootPeekConfig is the --config among the global options of args (rootArgs' result),
// "" when none, read before the command line is parsed (what does not parse is
// reported later).
func rootPeekConfig(root *cobra.Command, args []string) string {
	var dir string
	fs := pflag.NewFlagSet("docker", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.ParseErrorsWhitelist.UnknownFlags = true
	root.Flags().VisitAll(func(f *pflag.Flag) {
		cp := *f
		cp.Value = rootRecordValue{typ: f.Value.Type()}
		if f.Name == "config" {
			cp.Value = rootRecordValue{typ: f.Value.Type(), set: func(s string) { dir = s }}
		}
		fs.AddFlag(&cp)
	})
	_ = fs.Parse(args[:rootGlobalCount(root, args)])
	return dir
}

// builtinName reports a name or alias of a top-level built-in command, or of one of
// docker 28's that skiff's tree lacks (a plugin may not take those names either).
func builtinName(root *cobra.Command, name string) bool {
	switch name {
	case "checkpoint", "completion", "config", "node", "plugin", "secret", "service", "stack", "swarm", "trust":
		return true
	}
	for _, c := range root.Commands() {
		if c.Name() == name || c.HasAlias(name) {
			return true
		}
	}
	return false
}
