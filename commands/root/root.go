// Package root builds skiff's command tree and global flags and runs it: the one place
// that knows every noun package.
package root

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/config"
	"github.com/skiff-cli/skiff/streams"
	"github.com/skiff-cli/skiff/version"
)

// Main runs the docker command line args (without the program name) and returns the
// process exit status. It prints any error once, on stderr.
func Main(ctx context.Context, args []string, in io.ReadCloser, out, errw io.Writer) int {
	cli := commands.NewDockerCli(streams.NewIn(in), streams.NewOut(out), streams.NewOut(errw))
	err := Run(ctx, cli, args)
	if msg := commands.Message(err); msg != "" {
		fmt.Fprintln(cli.Err(), msg)
	}
	return commands.ExitCode(err)
}

// Run builds the tree for cli, binds the flags of the command args select, and runs it,
// handling SIGINT and SIGTERM as docker does for that command (see signals.go).
func Run(ctx context.Context, cli *commands.DockerCli, args []string) error {
	root := newRootCommand(cli, versionOnly(args))
	if completion.Wanted(args) {
		addCompletionCommand(root, cli)
	}
	rawArgs := args
	args, help := rootArgs(root, args)
	if err := rootEarlyChecks(root, args); err != nil {
		return err
	}
	// docker reads config.json (and warns when it is broken) before it looks at the
	// command, and refuses an alias it does not allow for any command.
	cli.Options().ConfigDir = rootPeekConfig(root, args)
	if err := checkAliases(cli.ConfigFile()); err != nil {
		return err
	}
	if n := rootGlobalCount(root, args); completion.IsRequest(args[n:]) {
		// global options may come first (`docker -H x __complete ...`), as docker reads them
		completeBind(root, cli, args[n+1:])
	} else {
		if run := candidateRunner(cli, root, args, rawArgs, help); run != nil {
			return run()
		}
		if lookupCandidate(root, args) != "" {
			// after a word that names nothing (`docker frob -h`), docker notes -h's
			// deprecation on stdout
			root.Flags().SetOutput(cli.Out())
		}
	}
	target := bindTarget(root, args)
	if underBuilder(target) {
		if err := commands.LegacyBuilder(cli); err != nil {
			return err
		}
	}
	if help != "" {
		return rootHelpFor(root, args, help)
	}
	if err := rootCheckFlags(root, args); err != nil {
		return err
	}
	root.SetArgs(args)
	if !signalsHandled(target, signal.Ignored(syscall.SIGINT)) {
		return root.ExecuteContext(ctx)
	}
	sigs, release := signalsNotify()
	defer release()
	return executeWatched(ctx, root, sigs, cli.Err(), signalsCancelFirst(target), cli.Prompting)
}

// versionOnly reports a command line that is `docker --version` (or -v) alone: scripts
// ask it to find docker, and it needs no command of the tree.
func versionOnly(args []string) bool {
	return len(args) == 1 && (args[0] == "--version" || args[0] == "-v")
}

// NewRootCommand returns the `docker` command with every command registered.
func NewRootCommand(cli *commands.DockerCli) *cobra.Command { return newRootCommand(cli, false) }

// newRootCommand returns the `docker` command, with its commands unless bare.
func newRootCommand(cli *commands.DockerCli, bare bool) *cobra.Command {
	opts := cli.Options()
	var showVersion bool
	root := &cobra.Command{
		Use:              "docker [OPTIONS] COMMAND [ARG...]",
		Short:            "A self-sufficient runtime for containers",
		SilenceErrors:    true,
		SilenceUsage:     true,
		TraverseChildren: true,
		Args: func(cmd *cobra.Command, args []string) error {
			// `docker --version foo` prints the version: docker looks no further
			if len(args) == 0 || showVersion {
				return nil
			}
			return commands.StatusError{
				Status:     fmt.Sprintf("docker: unknown command: docker %s\n\nRun 'docker --help' for more information", args[0]),
				StatusCode: 1,
			}
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if showVersion {
				fmt.Fprintf(cli.Out(), "Docker version %s, build %s\n", version.DockerVersion, version.GitCommit)
				return nil
			}
			// docker alone prints its usage on stderr (docker --help on stdout).
			cmd.SetOut(cmd.ErrOrStderr())
			return cmd.Help()
		},
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Name() == cobra.ShellCompRequestCmd {
				// the endpoint is resolved when a name is completed, after cobra has
				// read the global flags of the line (`docker -H x stop <TAB>`)
				return nil
			}
			markTLSVerifySet(cmd, opts)
			if err := checkLogLevel(opts.LogLevel); err != nil {
				return err
			}
			if showVersion && !cmd.HasParent() {
				rootInitQuiet(cli) // docker loads the config (and warns) for --version too
				return nil
			}
			if !cmd.HasParent() || rootIsHelp(cmd) {
				// docker alone and `docker help` need no daemon: a bad endpoint does not
				// stop them (docker still loads the config and logs at debug level)
				rootInitQuiet(cli)
				return nil
			}
			if !commands.NeedsEndpoint(cmd) {
				return cli.InitializeConfig()
			}
			if err := cli.Initialize(); err != nil {
				rootDebugEndpoint(cli.Err(), opts, err)
				return err
			}
			return commandAPICheck(cli, cmd)
		},
		// added by addCompletionCommand when the line names it
		CompletionOptions: cobra.CompletionOptions{DisableDefaultCmd: true},
	}
	root.SetIn(cli.In())
	root.SetOut(cli.Out())
	root.SetErr(cli.Err())
	// A version-gated flag the engine lacks is reported before any other flag error.
	root.SetFlagErrorFunc(commands.APIFlagError(cli))

	flags := root.Flags()
	flags.BoolVarP(&showVersion, "version", "v", false, "Print version information and quit")
	// Global options belong to the root alone and come before the command, as in docker:
	// `docker ps -l` is ps's --latest, not --log-level.
	addGlobalFlags(flags, opts)

	if !bare {
		addCommands(root, cli)
		help := newHelpCommand(root)
		root.AddCommand(help)
		root.SetHelpCommand(help)
		setHelp(root, cli)
		setPluginLister(cli, root)
	}
	// the root is always reached (its flags are parsed first); the others when a line does
	setupCommand(cli, root)
	commands.MarkReady(root)
	commands.LazySetup(root, func(c *cobra.Command) { setupCommand(cli, c) })
	return root
}

// setupCommand gives c what every command of the tree has in docker: -h deprecated,
// errors left to Main, the API check, a management command's bare usage.
func setupCommand(cli *commands.DockerCli, c *cobra.Command) {
	c.DisableFlagsInUseLine = true
	// docker still accepts -h but warns that --help is the spelling: on stderr for
	// the root, on stdout for every other command.
	c.Flags().BoolP("help", "h", false, "Print usage")
	_ = c.Flags().MarkHidden("help")
	_ = c.Flags().MarkShorthandDeprecated("help", "use --help")
	if c.HasParent() {
		c.Flags().SetOutput(cli.Out())
	} else {
		c.Flags().SetOutput(cli.Err())
	}
	c.SilenceErrors = true
	c.SilenceUsage = true
	// A version-gated flag the engine is too old for is refused before the
	// arguments are checked, as docker does, for every command.
	commands.WrapAPICheck(cli, c)
	if c.HasSubCommands() && c.HasParent() {
		// A management command alone shows its commands; with an unknown word it fails
		// in docker's wording.
		c.Args = commands.NoArgs
		c.RunE = func(cmd *cobra.Command, args []string) error {
			// docker prints a bare management command's usage on stderr.
			cmd.SetOut(cmd.ErrOrStderr())
			if cmd.Annotations[commands.AnnotationBareHelpBlankLine] != "" {
				fmt.Fprintln(cmd.ErrOrStderr())
			}
			return cmd.Help()
		}
	}
}

func walk(c *cobra.Command, f func(*cobra.Command)) {
	f(c)
	for _, sub := range c.Commands() {
		walk(sub, f)
	}
}

func addGlobalFlags(flags *pflag.FlagSet, opts *commands.GlobalOptions) {
	flags.StringVar(&opts.ConfigDir, "config", "", "Location of client config files")
	// docker shows the resolved default path; resolve it only when help is rendered.
	cfg := config.Dir("")
	flags.Lookup("config").DefValue = cfg
	flags.StringVarP(&opts.Context, "context", "c", "",
		`Name of the context to use to connect to the daemon (overrides DOCKER_HOST env var and default context set with "docker context use")`)
	flags.BoolVarP(&opts.Debug, "debug", "D", false, "Enable debug mode")
	flags.VarP(&opts.Hosts, "host", "H", "Daemon socket to connect to")
	flags.StringVarP(&opts.LogLevel, "log-level", "l", "info", `Set the logging level ("debug", "info", "warn", "error", "fatal")`)
	// As docker: DOCKER_TLS and DOCKER_TLS_VERIFY, when set to anything, turn these on.
	flags.BoolVar(&opts.TLS, "tls", os.Getenv("DOCKER_TLS") != "", "Use TLS; implied by --tlsverify")
	// The files' defaults are docker's paths (config.TLSDefaultPath), so that a value
	// given empty (--tlscacert '') means no file, as in docker.
	flags.StringVar(&opts.TLSCACert, "tlscacert", config.TLSDefaultPath("ca.pem"), "Trust certs signed only by this CA")
	flags.StringVar(&opts.TLSCert, "tlscert", config.TLSDefaultPath("cert.pem"), "Path to TLS certificate file")
	flags.StringVar(&opts.TLSKey, "tlskey", config.TLSDefaultPath("key.pem"), "Path to TLS key file")
	flags.BoolVar(&opts.TLSVerify, "tlsverify", os.Getenv("DOCKER_TLS_VERIFY") != "", "Use TLS and verify the remote")
	// As docker shows them: with TLS on, no client certificate or key default when the
	// file is absent.
	if opts.TLS || opts.TLSVerify {
		for _, flag := range []string{"tlscert", "tlskey"} {
			if f := flags.Lookup(flag); f != nil {
				if _, err := os.Stat(f.DefValue); err != nil {
					f.DefValue = ""
				}
			}
		}
	}
}

// markTLSVerifySet records whether --tlsverify was given, once the flags are parsed:
// docker 28 takes --tlsverify=false as asking for TLS (without verification).
func markTLSVerifySet(cmd *cobra.Command, opts *commands.GlobalOptions) {
	opts.TLSVerifySet = cmd.Root().Flags().Changed("tlsverify")
}

// rootIsHelp reports whether cmd is the `help` command.
func rootIsHelp(cmd *cobra.Command) bool {
	return cmd.Name() == "help" && cmd.HasParent() && !cmd.Parent().HasParent()
}

// rootInitQuiet loads what docker loads before any command, config.json (warning when it
// is broken) and the endpoint, without failing: for help, which needs no daemon. At
// debug level a bad endpoint is logged as docker logs it.
func rootInitQuiet(cli *commands.DockerCli) {
	if cli.Initialized() {
		return
	}
	if err := cli.Initialize(); err != nil {
		rootDebugEndpoint(cli.Err(), cli.Options(), err)
	}
}

// rootDebugEndpoint prints, at debug level, the two lines docker's tracing set-up logs
// when the endpoint cannot be resolved (an unknown context, two -H, a bad tcp address),
// so that `docker -D` shows the same first line of stderr.
func rootDebugEndpoint(w io.Writer, opts *commands.GlobalOptions, err error) {
	level := strings.ToLower(opts.LogLevel)
	var ee *client.EndpointError
	if !(opts.Debug || level == "debug" || level == "trace") || !errors.As(err, &ee) {
		return
	}
	line := commands.DebugLine(time.Now(), "otel error", "error", ee.Err.Error())
	io.WriteString(w, line+line)
}

func checkLogLevel(l string) error {
	switch strings.ToLower(l) {
	case "", "debug", "info", "warn", "warning", "error", "fatal", "panic", "trace": // "": the default, as docker
		return nil
	}
	return commands.StatusError{Status: "Unable to parse logging level: " + l, StatusCode: 1}
}

// newHelpCommand is `docker help [COMMAND]`.
func newHelpCommand(root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:    "help [command]",
		Short:  "Help about the command",
		Hidden: true,
		RunE: func(c *cobra.Command, args []string) error {
			target, topic := lookupHelpTopic(root, args)
			if target == nil {
				return commands.StatusError{Status: "unknown help topic: " + topic, StatusCode: 1}
			}
			return target.Help()
		},
	}
}

// underBuilder reports whether cmd is `docker builder` or one of its commands, or build
// (marked commands.AnnotationLegacyBuilder): docker 28 (without buildx) speaks of the
// legacy builder before any of them, help included.
func underBuilder(cmd *cobra.Command) bool {
	if cmd != nil && cmd.Annotations[commands.AnnotationLegacyBuilder] != "" {
		return true
	}
	for ; cmd != nil && cmd.HasParent(); cmd = cmd.Parent() {
		if cmd.Name() == "builder" && !cmd.Parent().HasParent() {
			return true
		}
	}
	return false
}
