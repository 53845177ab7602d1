package container

import (
	"context"
	"errors"

	"github.com/moby/moby/api/types/container"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/opts"
	"github.com/skiff-cli/skiff/completion"
)

// execOptions are the flags and arguments of docker exec.
type execOptions struct {
	detach      bool
	detachKeys  string
	env         *opts.ListOpts
	envFile     *opts.ListOpts
	interactive bool
	privileged  bool
	tty         bool
	user        string
	workdir     string
	container   string
	command     []string
}

func newExecCommand(cli commands.Cli) *cobra.Command {
	o := &execOptions{env: opts.NewListOpts(opts.ValidateEnv), envFile: opts.NewListOpts(nil)}
	cmd := &cobra.Command{
		Use:               "exec [OPTIONS] CONTAINER COMMAND [ARG...]",
		Short:             "Execute a command in a running container",
		Args:              commands.RequiresMinArgs(2),
		ValidArgsFunction: completion.ContainerNames(cli, completion.Unpaused),
		Annotations:       map[string]string{"aliases": "docker container exec, docker exec", commands.AnnotationProxiesSignals: "true"},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.container = args[0]
			o.command = args[1:]
			return runExec(cmd.Context(), cli, o)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.SetInterspersed(false)
		flags.BoolVarP(&o.detach, "detach", "d", false, "Run the command in the background")
		flags.StringVar(&o.detachKeys, "detach-keys", "", "Override the key sequence for detaching a container")
		flags.VarP(o.env, "env", "e", "Set environment variables")
		flags.Var(o.envFile, "env-file", "Read environment variables from a file")
		flags.BoolVarP(&o.interactive, "interactive", "i", false, "Keep STDIN open even if not attached")
		flags.BoolVar(&o.privileged, "privileged", false, "Give the command extended privileges")
		flags.BoolVarP(&o.tty, "tty", "t", false, "Allocate a pseudo-TTY")
		flags.StringVarP(&o.user, "user", "u", "", `Username or UID (format: "<name|uid>[:<group|gid>]")`)
		flags.StringVarP(&o.workdir, "workdir", "w", "", "Working directory inside the container")
		// engines before these API versions ignore them: docker hides and refuses them
		commands.RequiresAPI(flags, "env", "1.25")
		commands.RequiresAPI(flags, "env-file", "1.25")
		commands.RequiresAPI(flags, "workdir", "1.35")
		commands.CompleteFlag(cmd, "env", completion.EnvNames)
	})
	return cmd
}

// execEnv is the --env-file lines followed by the -e values, as docker sends them.
func execEnv(o *execOptions) ([]string, error) {
	var env []string
	for _, f := range o.envFile.GetAll() {
		vs, err := opts.ParseEnvFile(f)
		if err != nil {
			return nil, err
		}
		env = append(env, vs...)
	}
	return append(env, o.env.GetAll()...), nil
}

func runExec(ctx context.Context, cli commands.Cli, o *execOptions) error {
	// until the session counts them, SIGINT/SIGTERM cancel the requests: 128+signal
	sigs := streamWatch(ctx, true)
	defer sigs.release()
	return sigs.run(func() error { return execWatched(sigs, cli, o) })
}

func execWatched(sigs *streamSignals, cli commands.Cli, o *execOptions) error {
	ctx := sigs.ctx
	env, err := execEnv(o)
	if err != nil {
		return err
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	// like docker: the container must exist before anything else
	if _, _, err := c.ContainerInspect(ctx, o.container, false); err != nil {
		return err
	}
	attachStdin := o.interactive && !o.detach
	if err := streamCheckTTY(cli, attachStdin, o.tty); err != nil {
		return err
	}
	keys := streamDetachKeys(cli, o.detachKeys)
	req := client.ExecCreateOptions{ExecCreateRequest: container.ExecCreateRequest{
		User:         o.user,
		Privileged:   o.privileged,
		Tty:          o.tty,
		AttachStdin:  attachStdin,
		AttachStdout: !o.detach,
		AttachStderr: !o.detach,
		DetachKeys:   keys,
		Env:          env,
		WorkingDir:   o.workdir,
		Cmd:          o.command,
	}, Detach: o.detach}
	var consoleSize *[2]uint
	if o.tty && cli.Out().IsTerminal() && !client.VersionLess(c.ClientVersion(), "1.42") {
		h, w := cli.Out().GetTtySize()
		consoleSize = &[2]uint{h, w}
		req.ConsoleSize = consoleSize
	}
	execID, err := c.ExecCreate(ctx, o.container, req)
	if err != nil {
		return err
	}
	start := container.ExecStartRequest{Tty: o.tty, ConsoleSize: consoleSize}
	if o.detach {
		return c.ExecStart(ctx, execID, start)
	}
	resp, err := c.ExecAttach(ctx, execID, start)
	if err != nil {
		return err
	}
	sess, err := streamOpen(cli, streamConfig{
		resp: resp, tty: o.tty, stdin: attachStdin, stdout: cli.Out(), stderr: cli.Err(), detachKeys: keys,
		resize: func(ctx context.Context, h, w uint) error { return c.ExecResize(ctx, execID, h, w) },
		// docker 28's exec ends at the first SIGINT/SIGTERM, exit 0, the process
		// left running in the container
		signals: sigs, endOnInterrupt: true,
	})
	if err != nil {
		resp.Close()
		return err
	}
	defer sess.close()
	sess.monitorSize(ctx)
	// detaching ends exec like attach: "read escape sequence", exit 1
	if err := sess.wait(ctx); err != nil {
		if errors.Is(err, streamInterrupted) {
			return nil
		}
		return err
	}
	info, err := c.ExecInspect(ctx, execID)
	if err != nil {
		// like docker: the daemon went away with the stream; exit -1 (255), silently
		if client.IsErrConnectionFailed(err) {
			return commands.Silent(255)
		}
		return err
	}
	if info.ExitCode != nil && *info.ExitCode != 0 {
		return commands.Silent(*info.ExitCode)
	}
	return nil
}
