package container

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/formatter"
)

// statsOptions are the flags and arguments of docker stats.
type statsOptions struct {
	all        bool
	noStream   bool
	noTrunc    bool
	format     string
	containers []string
}

// Timing of the live table, as docker's: redrawn every half second, the first frame
// drawn once every container has sent a sample or after statsFirstWait.
const (
	statsRedraw    = 500 * time.Millisecond
	statsFirstWait = 2 * time.Second
)

func newStatsCommand(cli commands.Cli) *cobra.Command {
	opts := &statsOptions{}
	cmd := &cobra.Command{
		Use:               "stats [OPTIONS] [CONTAINER...]",
		Short:             "Display a live stream of container(s) resource usage statistics",
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: completion.ContainerNames(cli, completion.Listed),
		Annotations:       map[string]string{"aliases": "docker container stats, docker stats", commands.AnnotationWaits: commands.WaitsForThirdSignal},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.containers = args
			return runStats(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVarP(&opts.all, "all", "a", false, "Show all containers (default shows just running)")
		commands.AddFormatFlag(flags, &opts.format)
		flags.BoolVar(&opts.noStream, "no-stream", false, "Show one sample per container, then exit")
		flags.BoolVar(&opts.noTrunc, "no-trunc", false, "Do not truncate output")
	})
	return cmd
}

// statsRow is one container being watched: its latest entry, updated by its collector.
type statsRow struct {
	name   string // as given, never changes
	mu     sync.Mutex
	entry  statsEntry
	err    error
	failed error // the stream could not be opened
	cancel context.CancelFunc
	first  func() // reports the first sample (or failure) once
}

func (r *statsRow) set(e statsEntry) {
	r.mu.Lock()
	e.Container = r.entry.Container
	r.entry, r.err = e, nil
	r.mu.Unlock()
}

// fail keeps the container's name and ID and blanks its values ("--").
func (r *statsRow) fail(err error) {
	r.mu.Lock()
	r.entry = statsEntry{Container: r.entry.Container, Name: r.entry.Name, ID: r.entry.ID, IsInvalid: true}
	r.err = err
	r.mu.Unlock()
}

func (r *statsRow) snapshot() (statsEntry, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.entry, r.err
}

// statsWatch is the set of containers shown, in the order they were added.
type statsWatch struct {
	ctx    context.Context
	c      *client.Client
	stream bool

	mu    sync.Mutex
	rows  []*statsRow
	first *sync.WaitGroup // nil once the first frame is drawn
}

// add starts collecting name's samples unless it is already watched.
func (w *statsWatch) add(name string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, r := range w.rows {
		if r.name == name {
			return
		}
	}
	ctx, cancel := context.WithCancel(w.ctx)
	r := &statsRow{name: name, entry: statsEntry{Container: name}, cancel: cancel, first: func() {}}
	if w.first != nil {
		wg := w.first
		wg.Add(1)
		r.first = sync.OnceFunc(wg.Done)
	}
	w.rows = append(w.rows, r)
	go w.collect(ctx, r, name)
}

// remove stops watching name (a container that died while all running ones are shown).
func (w *statsWatch) remove(name string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for i, r := range w.rows {
		if r.name == name {
			r.cancel()
			w.rows = append(w.rows[:i], w.rows[i+1:]...)
			return
		}
	}
}

// collect reads the container's samples one JSON object at a time, never more.
func (w *statsWatch) collect(ctx context.Context, r *statsRow, name string) {
	defer r.first()
	body, err := w.c.ContainerStats(ctx, name, w.stream, false)
	if err != nil {
		r.fail(err)
		r.mu.Lock()
		r.failed = err
		r.mu.Unlock()
		return
	}
	defer body.Close()
	dec := json.NewDecoder(body)
	for {
		var s container.StatsResponse
		if err := dec.Decode(&s); err != nil {
			r.fail(err)
			return
		}
		r.set(newStatsEntry(name, &s))
		r.first()
		if !w.stream {
			return
		}
	}
}

func (w *statsWatch) entries() []statsEntry {
	w.mu.Lock()
	rows := append([]*statsRow(nil), w.rows...)
	w.mu.Unlock()
	out := make([]statsEntry, 0, len(rows))
	for _, r := range rows {
		e, _ := r.snapshot()
		out = append(out, e)
	}
	return out
}

// errs are the containers whose stats could not be asked for (no such container...),
// in order.
func (w *statsWatch) errs() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var msgs []string
	for _, r := range w.rows {
		r.mu.Lock()
		if r.failed != nil {
			msgs = append(msgs, r.failed.Error())
		}
		r.mu.Unlock()
	}
	return msgs
}

// waitFirst waits until every container added so far has sent its first sample (or
// failed), at most statsFirstWait.
func (w *statsWatch) waitFirst(ctx context.Context) {
	w.mu.Lock()
	wg := w.first
	w.first = nil
	w.mu.Unlock()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	t := time.NewTimer(statsFirstWait)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
	case <-ctx.Done():
	}
}

func runStats(ctx context.Context, cli commands.Cli, opts *statsOptions) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	format := opts.format
	if format == "" {
		format = cli.ConfigFile().StatsFormat
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	w := &statsWatch{ctx: ctx, c: c, stream: !opts.noStream, first: &sync.WaitGroup{}}
	named := len(opts.containers) > 0
	if named {
		for _, name := range opts.containers {
			w.add(name)
		}
	} else if err := statsWatchAll(ctx, c, w, opts.all); err != nil {
		return err
	}
	w.waitFirst(ctx)
	if named {
		// A container that cannot be watched fails the command before anything is shown.
		if msgs := w.errs(); len(msgs) > 0 {
			return errors.New(strings.Join(msgs, "\n"))
		}
	}

	fctx := formatter.Context{Format: statsFormat(format), Trunc: !opts.noTrunc}
	var table, frame bytes.Buffer
	fctx.Output = &table
	if opts.noStream {
		if err := statsWrite(fctx, w.entries()); err != nil {
			return err
		}
		_, err := cli.Out().Write(table.Bytes())
		return err
	}
	tick := time.NewTicker(statsRedraw)
	defer tick.Stop()
	for {
		table.Reset()
		if err := statsWrite(fctx, w.entries()); err != nil {
			return err
		}
		frame.Reset()
		statsFrame(&frame, table.Bytes())
		if _, err := cli.Out().Write(frame.Bytes()); err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// statsFrame is one redraw of the live table, byte for byte docker 28's (terminal or
// not): cursor home and the table; cursor home again and the table with each line
// (and one blank line) ending in " " and erase-to-end-of-line; then erase below.
func statsFrame(b *bytes.Buffer, table []byte) {
	b.WriteString("\x1b[H")
	b.Write(table)
	b.WriteString("\x1b[H")
	for _, line := range strings.Split(string(table), "\n") {
		b.WriteString(line)
		b.WriteString(" \x1b[K\n")
	}
	b.WriteString("\x1b[J")
}

// statsWatchAll watches every running container (every container with all), and
// follows the engine's events: containers that start are added; ones that die are
// dropped unless all is set, with which created ones are added too. The events are
// opened first so no container slips between the listing and the stream.
func statsWatchAll(ctx context.Context, c *client.Client, w *statsWatch, all bool) error {
	events, err := c.Events(ctx, client.EventsOptions{Filters: client.Filters{"type": {"container"}}})
	if err != nil {
		return err
	}
	list, err := c.ContainerList(ctx, client.ContainerListOptions{All: all})
	if err != nil {
		events.Close()
		return err
	}
	for _, ct := range list {
		w.add(formatter.TruncateID(ct.ID))
	}
	go func() {
		defer events.Close()
		for {
			ev, err := events.Next()
			if err != nil {
				return
			}
			id := formatter.TruncateID(ev.Actor.ID)
			if id == "" {
				id = formatter.TruncateID(ev.ID)
			}
			action := string(ev.Action)
			if action == "" {
				action = ev.Status
			}
			switch {
			case action == "start", action == "create" && all:
				w.add(id)
			case action == "die" && !all:
				w.remove(id)
			}
		}
	}()
	return nil
}
