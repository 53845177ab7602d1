package container

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	flagopts "github.com/skiff-cli/skiff/commands/opts"
	"github.com/skiff-cli/skiff/completion"
)

// logsOptions are the flags and argument of docker logs.
type logsOptions struct {
	follow     bool
	since      string
	until      string
	timestamps bool
	details    bool
	tail       string
	container  string
}

func newLogsCommand(cli commands.Cli) *cobra.Command {
	opts := &logsOptions{}
	cmd := &cobra.Command{
		Use:               "logs [OPTIONS] CONTAINER",
		Short:             "Fetch the logs of a container",
		Args:              commands.ExactArgs(1),
		ValidArgsFunction: completion.ContainerNames(cli, completion.All),
		Annotations:       map[string]string{"aliases": "docker container logs, docker logs", commands.AnnotationWaits: "true"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.container = args[0]
			return runLogs(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVarP(&opts.follow, "follow", "f", false, "Keep streaming new output until the container stops")
		flags.StringVar(&opts.since, "since", "", "Only logs after a time: a timestamp (e.g.\n\"2013-01-02T13:23:37Z\") or a duration before now (e.g. \"42m\")")
		flags.StringVar(&opts.until, "until", "", "Only logs before a time: a timestamp (e.g.\n\"2013-01-02T13:23:37Z\") or a duration before now (e.g. \"42m\")")
		commands.RequiresAPI(flags, "until", "1.35")
		flags.BoolVarP(&opts.timestamps, "timestamps", "t", false, "Prefix each line with its timestamp")
		flags.BoolVar(&opts.details, "details", false, "Include the extra attributes given to the log driver")
		flags.StringVarP(&opts.tail, "tail", "n", "all", "Only show this many lines from the end of the logs")
	})
	return cmd
}

// runLogs streams the logs: raw for a container with a TTY, otherwise split back into
// stdout and stderr. With --follow the engine ends the stream when the container stops.
func runLogs(ctx context.Context, cli commands.Cli, opts *logsOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	id, err := client.TrimContainerID(opts.container)
	if err != nil {
		return err
	}
	ctr, _, err := c.ContainerInspect(ctx, id, false)
	if err != nil {
		return err
	}
	now := time.Now()
	since, err := flagopts.ParseTimestamp(opts.since, now)
	if err != nil {
		return fmt.Errorf("invalid value for \"since\": %w", err)
	}
	until, err := flagopts.ParseTimestamp(opts.until, now)
	if err != nil {
		return fmt.Errorf("invalid value for \"until\": %w", err)
	}
	body, err := c.ContainerLogs(ctx, ctr.ID, client.LogsOptions{
		ShowStdout: true,
		ShowStderr: true,
		Since:      since,
		Until:      until,
		Timestamps: opts.timestamps,
		Follow:     opts.follow,
		Tail:       opts.tail,
		Details:    opts.details,
	})
	if err != nil {
		return err
	}
	defer body.Close()
	if ctr.Config != nil && ctr.Config.Tty {
		_, err = io.Copy(cli.Out(), body)
	} else {
		_, err = client.Demux(cli.Out(), cli.Err(), body)
	}
	return err
}
