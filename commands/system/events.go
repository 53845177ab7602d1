package system

import (
	"bytes"
	"context"
	"errors"
	"io"
	"sort"
	"strings"
	"text/template"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	flagopts "github.com/skiff-cli/skiff/commands/opts"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/formatter"
)

// eventsOptions are the flags of docker events / docker system events.
type eventsOptions struct {
	since  string
	until  string
	filter *commands.FilterOpt
	format string
}

func newEventsCommand(cli commands.Cli) *cobra.Command {
	opts := &eventsOptions{filter: commands.NewFilterOpt()}
	cmd := &cobra.Command{
		Use:               "events [OPTIONS]",
		Short:             "Get real time events from the server",
		Args:              commands.NoArgs,
		ValidArgsFunction: completion.None,
		Annotations:       map[string]string{"aliases": "docker system events, docker events", commands.AnnotationWaits: "true"},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runEvents(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.StringVar(&opts.since, "since", "", "Show the events since this time (timestamp, date or duration)")
		flags.StringVar(&opts.until, "until", "", "Stop at this time (timestamp, date or duration)")
		flags.VarP(opts.filter, "filter", "f", "Only show the events that match these conditions")
		flags.StringVar(&opts.format, "format", "", "Format output using a custom template:\n"+
			"'json':             Print in JSON format\n"+
			"'TEMPLATE':         Print output using the given Go template.\n"+
			"Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates")
		commands.CompleteFlag(cmd, "filter", completion.EventFilters())
	})
	return cmd
}

// eventsRFC3339Nano is RFC 3339 with always nine fraction digits, as docker prints
// event times.
const eventsRFC3339Nano = "2006-01-02T15:04:05.000000000Z07:00"

func runEvents(ctx context.Context, cli commands.Cli, opts *eventsOptions) error {
	tmpl, err := eventsTemplate(opts.format)
	if err != nil {
		return err
	}
	now := time.Now()
	var eo client.EventsOptions
	if opts.since != "" {
		if eo.Since, err = flagopts.ParseTimestamp(opts.since, now); err != nil {
			return err
		}
	}
	if opts.until != "" {
		if eo.Until, err = flagopts.ParseTimestamp(opts.until, now); err != nil {
			return err
		}
	}
	eo.Filters = opts.filter.Value()

	c, err := cli.Client()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := c.Events(ctx, eo)
	if err != nil {
		return err
	}
	defer stream.Close()

	out := cli.Out()
	var b bytes.Buffer
	for {
		ev, err := stream.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		b.Reset()
		if tmpl != nil {
			err := tmpl.Execute(&b, &ev)
			b.WriteByte('\n')
			if err != nil {
				// docker prints what the template wrote before failing, and its newline
				_, _ = out.Write(b.Bytes())
				return renameEventType(err)
			}
		} else {
			writeEvent(&b, &ev)
		}
		// One write per event, as it arrives: nothing is held back.
		if _, err := out.Write(b.Bytes()); err != nil {
			return err
		}
	}
}

// eventsTemplate parses --format and tries it on an empty event, so that a template
// that cannot work fails before any event is read (exit status 64, like docker).
func eventsTemplate(format string) (*template.Template, error) {
	if format == "" {
		return nil, nil
	}
	if format == formatter.JSONFormatKey {
		format = formatter.JSONFormat
	}
	tmpl, err := formatter.Parse(format)
	if err == nil {
		err = tmpl.Execute(io.Discard, &client.Event{})
	}
	if err != nil {
		return nil, commands.StatusError{Status: "Error parsing format: " + renameEventType(err).Error(), StatusCode: 64}
	}
	return tmpl, nil
}

// renameEventType names our event type as docker names its own in template errors.
func renameEventType(err error) error {
	msg := err.Error()
	if !strings.Contains(msg, "client.Event") {
		return err
	}
	return errors.New(strings.ReplaceAll(msg, "client.Event", "events.Message"))
}

// writeEvent is the default line: time, type, action, actor and its attributes
// ("2006-01-02T15:04:05.000000000Z container create 1a2b... (image=bb, name=x)").
func writeEvent(b *bytes.Buffer, ev *client.Event) {
	switch {
	case ev.TimeNano != 0:
		b.WriteString(time.Unix(0, ev.TimeNano).Format(eventsRFC3339Nano))
		b.WriteByte(' ')
	case ev.Time != 0:
		b.WriteString(time.Unix(ev.Time, 0).Format(eventsRFC3339Nano))
		b.WriteByte(' ')
	}
	b.WriteString(string(ev.Type))
	b.WriteByte(' ')
	b.WriteString(string(ev.Action))
	b.WriteByte(' ')
	b.WriteString(ev.Actor.ID)
	if len(ev.Actor.Attributes) > 0 {
		keys := make([]string, 0, len(ev.Actor.Attributes))
		for k := range ev.Actor.Attributes {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteString(" (")
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(k)
			b.WriteByte('=')
			b.WriteString(ev.Actor.Attributes[k])
		}
		b.WriteByte(')')
	}
	b.WriteByte('\n')
}
