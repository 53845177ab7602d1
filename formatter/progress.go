package formatter

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/moby/moby/api/types/jsonstream"

	"github.com/skiff-cli/skiff/client"
)

// ProgressOptions say how RenderProgress draws a JSON-message stream.
type ProgressOptions struct {
	// Terminal draws one line per layer, updated in place with ANSI cursor movement,
	// with progress figures; otherwise each status change is one plain line and
	// messages carrying progress figures are left out, as docker does through a pipe.
	Terminal bool
	// Width is the terminal's width in columns; the progress bar is drawn only when it
	// is wider than 110 (not when it is unknown, 0), as docker does.
	Width int
	// Aux, when set, receives the messages carrying an "aux" field (image IDs, push
	// digests); they are never printed.
	Aux func(client.JSONMessage)
}

// RenderProgress reads a JSON-message stream message by message and draws it on out.
// It returns the first error the daemon reports in the stream (a
// *client.JSONMessageError) or a read/decoding error; nil at the end of the stream.
func RenderProgress(dec *client.JSONMessageDecoder, out io.Writer, opts ProgressOptions) error {
	width := opts.Width
	lines := map[string]int{} // layer id -> its line among the in-place lines
	for {
		m, err := dec.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if m.Aux != nil {
			// never drawn, callback or not (push's {"Tag","Digest","Size"}: docker
			// prints nothing for it, not even the empty line its status would be)
			if opts.Aux != nil {
				opts.Aux(m)
			}
			continue
		}
		up := 0
		inPlace := m.ID != "" && (m.Progress != nil || m.ProgressMessage != "")
		if inPlace {
			line, ok := lines[m.ID]
			if !ok {
				line = len(lines)
				lines[m.ID] = line
				if opts.Terminal {
					io.WriteString(out, "\n")
				}
			}
			up = len(lines) - line
			if opts.Terminal && up > 0 {
				fmt.Fprintf(out, "\x1b[%dA", up)
			}
		} else {
			// anything else ends the block of in-place lines
			clear(lines)
		}
		if err := progressWriteMessage(out, &m, opts.Terminal, width); err != nil {
			return err
		}
		if inPlace && opts.Terminal && up > 0 {
			fmt.Fprintf(out, "\x1b[%dB", up)
		}
	}
}

// progressWriteMessage writes one message as docker draws it.
func progressWriteMessage(out io.Writer, m *client.JSONMessage, terminal bool, width int) error {
	end := "\n"
	hasProgress := m.Progress != nil || m.ProgressMessage != ""
	bar := m.ProgressMessage
	if m.Progress != nil {
		bar = ProgressBar(m.Progress, width)
	}
	var b strings.Builder
	if terminal && m.Stream == "" && hasProgress {
		b.WriteString("\x1b[2K\r")
		end = "\r"
	} else if !terminal && hasProgress && bar != "" {
		return nil // figures only make sense when redrawn in place
	}
	if m.TimeNano != 0 {
		b.WriteString(time.Unix(0, m.TimeNano).Format(progressTimeFormat) + " ")
	} else if m.Time != 0 {
		b.WriteString(time.Unix(m.Time, 0).Format(progressTimeFormat) + " ")
	}
	if m.ID != "" {
		b.WriteString(m.ID + ": ")
	}
	if m.From != "" {
		b.WriteString("(from " + m.From + ") ")
	}
	switch {
	case terminal && m.Stream == "" && hasProgress:
		b.WriteString(m.Status + " " + bar + end)
	case m.Stream != "":
		b.WriteString(m.Stream)
	default:
		b.WriteString(m.Status + end)
	}
	_, err := io.WriteString(out, b.String())
	return err
}

const progressTimeFormat = "2006-01-02T15:04:05.000000000Z07:00"

// ProgressBar renders progress figures: "[=====>      ]  1.2MB/3.4MB" when width > 110,
// the figures alone otherwise, "" when there is nothing to show.
func ProgressBar(p *jsonstream.Progress, width int) string {
	if p.Current <= 0 && p.Total <= 0 {
		return ""
	}
	bytes := p.Units == "" || p.Units == "bytes"
	cur, total := fmt.Sprint(p.Current), fmt.Sprint(p.Total)
	if bytes {
		cur, total = HumanSize(float64(p.Current)), HumanSize(float64(p.Total))
	}
	if p.Total <= 0 {
		if bytes {
			return fmt.Sprintf("%8v", cur)
		}
		return fmt.Sprintf("%d %s", p.Current, p.Units)
	}
	var b strings.Builder
	if width > 110 {
		pct := int(float64(p.Current) / float64(p.Total) * 50)
		pct = min(max(pct, 0), 50)
		b.WriteString("[" + strings.Repeat("=", pct) + ">" + strings.Repeat(" ", 50-pct) + "] ")
	}
	if !p.HideCounts {
		switch {
		case p.Current > p.Total:
			// past the announced total: the count alone
			if bytes {
				fmt.Fprintf(&b, "%8v", cur)
			} else {
				fmt.Fprintf(&b, "%d %s", p.Current, p.Units)
			}
		case bytes:
			fmt.Fprintf(&b, "%8v/%v", cur, total)
		default:
			fmt.Fprintf(&b, "%d/%d %s", p.Current, p.Total, p.Units)
		}
	}
	return b.String()
}
