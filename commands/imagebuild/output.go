package imagebuild

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/formatter"
)

// buildOutput is where a build's output goes: stdout, or with -q two buffers (the
// upload's progress, the engine's stream) that only a failure shows, on stderr. The
// upload's progress is written by the HTTP transport's goroutine, the stream by the
// command's: one lock keeps their lines whole.
type buildOutput struct {
	cli      commands.Cli
	quiet    bool
	terminal bool
	width    int

	mu               sync.Mutex
	progBuf, strmBuf bytes.Buffer
}

func newBuildOutput(cli commands.Cli, quiet bool) *buildOutput {
	b := &buildOutput{cli: cli, quiet: quiet}
	if !quiet {
		b.terminal = cli.Out().IsTerminal()
		_, w := cli.Out().GetTtySize()
		b.width = int(w)
	}
	return b
}

// lockedWriter writes to w under the output's lock.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// progress is where the upload's (and a remote context's) progress is written.
func (b *buildOutput) progress() io.Writer {
	if b.quiet {
		return lockedWriter{&b.mu, &b.progBuf}
	}
	return lockedWriter{&b.mu, b.cli.Out()}
}

// streamWriter is where the engine's stream is drawn.
func (b *buildOutput) streamWriter() io.Writer {
	if b.quiet {
		return lockedWriter{&b.mu, &b.strmBuf}
	}
	return lockedWriter{&b.mu, b.cli.Out()}
}

// fail returns err after, with -q, showing on stderr what was kept aside, as docker
// does: the upload's line, then the stream.
func (b *buildOutput) fail(err error) error {
	if b.quiet {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.cli.Err().Write(b.progBuf.Bytes())
		b.cli.Err().Write(b.strmBuf.Bytes())
	}
	return err
}

// quietResult prints, with -q, what the engine streamed (its quiet stream is the image
// ID) and returns it: docker writes that to --iidfile too.
func (b *buildOutput) quietResult() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.cli.Out().Write(b.strmBuf.Bytes())
	return b.strmBuf.String()
}

// auxID is the image ID of a build's aux message ({"ID": "sha256:..."}), "" if none.
func auxID(m client.JSONMessage) string {
	var a struct{ ID string }
	if m.Aux == nil || json.Unmarshal(*m.Aux, &a) != nil {
		return ""
	}
	return a.ID
}

// uploadProgress counts the context's bytes as the engine reads them and draws docker's
// "Sending build context to Docker daemon  SIZE" line: on a terminal redrawn (\r) every
// 512 KiB at most every 100 ms; at the end, through a pipe too, the total, then "\r\n".
func (b *buildOutput) uploadProgress(r io.Reader) io.Reader {
	return &uploadCounter{r: r, w: b.progress(), terminal: b.terminal}
}

type uploadCounter struct {
	r        io.Reader
	w        io.Writer
	terminal bool
	n, drawn int64
	last     time.Time
	done     bool
}

func (u *uploadCounter) Read(p []byte) (int, error) {
	n, err := u.r.Read(p)
	u.n += int64(n)
	if u.terminal && u.n-u.drawn >= 512<<10 && time.Since(u.last) >= 100*time.Millisecond {
		u.draw()
	}
	if err == io.EOF && !u.done {
		u.done = true
		u.draw()
		io.WriteString(u.w, "\r\n")
	}
	return n, err
}

func (u *uploadCounter) draw() {
	u.drawn, u.last = u.n, time.Now()
	fmt.Fprintf(u.w, "Sending build context to Docker daemon %8s\r", formatter.HumanSize(float64(u.n)))
}

// gzipStream compresses r as it is read (--compress); an error reading r reaches the
// reader of the result. Closing the result stops the compressor.
func gzipStream(r io.Reader) io.ReadCloser {
	pr, pw := io.Pipe()
	go func() {
		zw := gzip.NewWriter(pw)
		_, err := io.Copy(zw, r)
		if cerr := zw.Close(); err == nil {
			err = cerr
		}
		pw.CloseWithError(err)
	}()
	return pr
}
