package service

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	flagopts "github.com/skiff-cli/skiff/commands/opts"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/formatter"
)

// logsOptions are the flags and argument of docker service logs.
type logsOptions struct {
	follow, raw, noTaskIDs, noTrunc, noResolve, timestamps, details bool
	since, tail                                                     string
	target                                                          string
}

func newLogsCommand(cli commands.Cli) *cobra.Command {
	opts := &logsOptions{}
	cmd := &cobra.Command{
		Use:   "logs [OPTIONS] SERVICE|TASK",
		Short: "Fetch the logs of a service or task",
		// the swarm's logs came with Engine API 1.29
		Annotations:       map[string]string{"version": "1.29"},
		Args:              commands.ExactArgs(1),
		ValidArgsFunction: completion.ServiceNames(cli),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.target = args[0]
			return runLogs(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVar(&opts.details, "details", false, "Show extra details provided to logs")
		flags.BoolVarP(&opts.follow, "follow", "f", false, "Follow log output")
		flags.BoolVar(&opts.noResolve, "no-resolve", false, "Do not map IDs to Names in output")
		flags.BoolVar(&opts.noTaskIDs, "no-task-ids", false, "Do not include task IDs in output")
		flags.BoolVar(&opts.noTrunc, "no-trunc", false, "Do not truncate output")
		flags.BoolVar(&opts.raw, "raw", false, "Do not neatly format logs")
		flags.StringVar(&opts.since, "since", "", "Show logs since timestamp (e.g.\n\"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\"\nfor 42 minutes)")
		flags.StringVarP(&opts.tail, "tail", "n", "all", "Number of lines to show from the end of the logs")
		flags.BoolVarP(&opts.timestamps, "timestamps", "t", false, "Show timestamps")
		commands.CompleteFlags(cmd, completion.None, "since", "tail")
	})
	return cmd
}

// runLogs prints the logs of a service, or of a task when no service has that name or
// ID. Each line is prefixed with the task it comes from (the engine names it in the
// line's details, which are always asked for).
func runLogs(ctx context.Context, cli commands.Cli, opts *logsOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	since, err := flagopts.ParseTimestamp(opts.since, time.Now())
	if err != nil {
		return fmt.Errorf("invalid value for \"since\": %w", err)
	}
	lo := client.LogsOptions{ShowStdout: true, ShowStderr: true, Since: since, Timestamps: opts.timestamps,
		Follow: opts.follow, Tail: opts.tail, Details: true}
	var (
		tty  bool
		open func() (io.ReadCloser, error)
	)
	svc, _, err := c.ServiceInspect(ctx, opts.target, false)
	switch {
	case err == nil:
		if cs := svc.Spec.TaskTemplate.ContainerSpec; cs != nil {
			tty = cs.TTY
		}
		open = func() (io.ReadCloser, error) { return c.ServiceLogs(ctx, opts.target, lo) }
	case client.IsNotFound(err):
		t, _, terr := c.TaskInspect(ctx, opts.target)
		if terr != nil {
			if client.IsNotFound(terr) {
				return fmt.Errorf("no such task or service: %s", opts.target)
			}
			return terr
		}
		if cs := t.Spec.ContainerSpec; cs != nil {
			tty = cs.TTY
		}
		open = func() (io.ReadCloser, error) { return c.TaskLogs(ctx, opts.target, lo) }
	default:
		return err
	}
	if tty && !opts.raw {
		return errors.New("tty service logs only supported with --raw")
	}
	body, err := open()
	if err != nil {
		return err
	}
	defer body.Close()
	p := &logPrefixer{ctx: ctx, c: c, opts: opts, names: map[string]string{}}
	stdout := &logLines{w: cli.Out(), p: p}
	stderr := &logLines{w: cli.Err(), p: p}
	if tty {
		// one stream, not multiplexed, its lines still carry the engine's details
		_, err = io.Copy(stdout, body)
	} else {
		_, err = client.Demux(stdout, stderr, body)
	}
	stdout.flush()
	stderr.flush()
	return err
}

// logLines formats the log stream line by line as it comes (frames may cut lines).
type logLines struct {
	w   io.Writer
	p   *logPrefixer
	buf []byte
}

func (l *logLines) Write(b []byte) (int, error) {
	l.buf = append(l.buf, b...)
	for {
		i := bytes.IndexByte(l.buf, '\n')
		if i < 0 {
			break
		}
		if _, err := l.w.Write(l.p.format(l.buf[:i+1])); err != nil {
			return 0, err
		}
		l.buf = l.buf[i+1:]
	}
	if len(l.buf) == 0 {
		l.buf = nil
	}
	return len(b), nil
}

// flush writes a last line that had no newline.
func (l *logLines) flush() {
	if len(l.buf) > 0 {
		_, _ = l.w.Write(l.p.format(l.buf))
		l.buf = nil
	}
}

// logPrefixer turns the engine's "[TS ]DETAILS MESSAGE" lines into docker's
// "[TS ]service.slot.task@node    | MESSAGE", resolving each ID once.
type logPrefixer struct {
	ctx   context.Context
	c     *client.Client
	opts  *logsOptions
	names map[string]string // "kind/id" → what the prefix shows
}

// swarm's own details, which make the prefix rather than being shown
const (
	detailNode    = "com.docker.swarm.node.id"
	detailService = "com.docker.swarm.service.id"
	detailTask    = "com.docker.swarm.task.id"
)

func (p *logPrefixer) format(line []byte) []byte {
	var out bytes.Buffer
	rest := line
	if p.opts.timestamps {
		ts, after, _ := bytes.Cut(rest, []byte(" "))
		out.Write(ts)
		out.WriteByte(' ')
		rest = after
	}
	details, msg, _ := bytes.Cut(rest, []byte(" "))
	if p.opts.raw {
		if p.opts.details {
			out.Write(details)
			out.WriteByte(' ')
		}
		out.Write(msg)
		return out.Bytes()
	}
	var nodeID, serviceID, taskID string
	var extra []string
	if len(details) > 0 {
		for _, kv := range strings.Split(string(details), ",") {
			k, v, _ := strings.Cut(kv, "=")
			if uv, err := url.QueryUnescape(v); err == nil {
				v = uv
			}
			switch k {
			case detailNode:
				nodeID = v
			case detailService:
				serviceID = v
			case detailTask:
				taskID = v
			default:
				extra = append(extra, k+"="+v)
			}
		}
	}
	out.WriteString(p.prefix(nodeID, serviceID, taskID))
	out.WriteString("    | ")
	if p.opts.details {
		out.WriteString(strings.Join(extra, ","))
		out.WriteByte(' ')
	}
	out.Write(msg)
	return out.Bytes()
}

// prefix is "service.slot.task@node" (no task ID with --no-task-ids, IDs with
// --no-resolve, the task ID whole with --no-trunc).
func (p *logPrefixer) prefix(nodeID, serviceID, taskID string) string {
	node := p.lookup("node", nodeID)
	service := p.lookup("service", serviceID)
	slot := p.lookup("task", taskID)
	name := service + "." + slot
	if !p.opts.noTaskIDs {
		id := taskID
		if !p.opts.noTrunc {
			id = formatter.TruncateID(id)
		}
		name += "." + id
	}
	return name + "@" + node
}

// lookup resolves a node's hostname, a service's name or a task's slot, once per ID;
// what cannot be resolved shows as its ID (a slot as 0).
func (p *logPrefixer) lookup(kind, id string) string {
	key := kind + "/" + id
	if v, ok := p.names[key]; ok {
		return v
	}
	v := id
	switch kind {
	case "node":
		if !p.opts.noResolve && id != "" {
			if n, _, err := p.c.NodeInspect(p.ctx, id); err == nil {
				v = n.Description.Hostname
			}
		}
	case "service":
		if !p.opts.noResolve && id != "" {
			if s, _, err := p.c.ServiceInspect(p.ctx, id, false); err == nil {
				v = s.Spec.Name
			}
		}
	case "task":
		v = "0"
		if id != "" {
			if t, _, err := p.c.TaskInspect(p.ctx, id); err == nil {
				v = strconv.Itoa(t.Slot)
			}
		}
	}
	p.names[key] = v
	return v
}
