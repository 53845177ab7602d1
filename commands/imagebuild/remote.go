package imagebuild

import (
	"archive/tar"
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/moby/moby/api/types/jsonstream"
	"github.com/skiff-cli/skiff/formatter"
)

// openURLContext downloads a context from an http(s) URL that is not a git
// repository: a Dockerfile (put in a tar of its own) or an archive (relayed as it
// downloads, compressed or not).
func openURLContext(ctx context.Context, opts ContextOptions) (*Context, error) {
	url := opts.Spec
	fail := func(err error) error {
		return prepareError{fmt.Errorf("unable to download remote context %s: %w", url, err)}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fail(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fail(err)
	}
	if resp.StatusCode >= 400 {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		// docker shows the body without its trailing newline
		return nil, fail(fmt.Errorf("failed to GET %s with status %s: %s", url, resp.Status, bytes.TrimRight(body, "\r\n")))
	}
	dl := &downloadProgress{r: resp.Body, c: resp.Body, out: opts.Progress, url: url, total: resp.ContentLength}
	br := bufio.NewReaderSize(dl, sniffSize)
	archive, compressed, whole, err := sniff(br)
	if err != nil {
		dl.Close()
		return nil, fail(err)
	}
	if !archive {
		content, err := io.ReadAll(br)
		dl.Close()
		switch {
		case err != nil:
			return nil, fail(err)
		case opts.Dockerfile == "-":
			return nil, prepareError{errors.New("build context is not an archive")}
		case opts.Dockerfile != "":
			return nil, prepareError{errors.New("ambiguous Dockerfile source: both stdin and flag correspond to Dockerfiles")}
		}
		return dockerfileContext(content, time.Now()), nil
	}
	if opts.Dockerfile != "-" {
		return &Context{Body: readCloser{br, dl}, Dockerfile: opts.Dockerfile, Streamed: !whole}, nil
	}
	content, err := readStdinDockerfile(opts)
	if err != nil {
		dl.Close()
		return nil, err
	}
	added := &addedFile{name: randomDockerfileName(), content: content}
	pr, pw := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer dl.Close()
		if compressed {
			// docker rewrites the stream as a plain tar and fails on a compressed
			// one, the upload cut short
			pw.CloseWithError(io.ErrUnexpectedEOF)
			return
		}
		pw.CloseWithError(rewriteArchive(pw, br, added, time.Now))
	}()
	return &Context{Body: &producedBody{PipeReader: pr, done: done}, Dockerfile: added.name}, nil
}

// rewriteArchive copies a tar, adding a Dockerfile as docker does for -f - (see
// dirTar): .dockerignore names it, and the stream ends unpadded after it.
func rewriteArchive(w io.Writer, r io.Reader, added *addedFile, now func() time.Time) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	tr := tar.NewReader(r)
	tw := tar.NewWriter(bw)
	sawIgnore := false
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if hdr.Name == ".dockerignore" && hdr.Typeflag == tar.TypeReg {
			old, err := io.ReadAll(tr)
			if err != nil {
				return err
			}
			sawIgnore = true
			if err := writeFile(tw, hdr, append(append(old, '\n'), added.name+"\n"...)); err != nil {
				return err
			}
			continue
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if _, err := io.Copy(tw, tr); err != nil {
			return err
		}
	}
	if err := appendAdded(tw, added, !sawIgnore, now); err != nil {
		return err
	}
	return bw.Flush()
}

type readCloser struct {
	io.Reader
	io.Closer
}

// downloadProgress reports a download as docker does, on one line rewritten with
// \r: "Downloading build context from remote url: URL [===>   ]  1kB/2kB". It
// prints after the first read, then at most every 100 ms, and once more at the end
// when the figure changed (docker's own count of these lines depends on timing).
type downloadProgress struct {
	r       io.Reader
	c       io.Closer
	out     io.Writer
	url     string
	total   int64
	current int64
	shown   int64 // the figure last printed; -1 before the first
	last    time.Time
	printed bool
	closed  bool
}

func (d *downloadProgress) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	d.current += int64(n)
	switch {
	case err != nil:
		d.final()
	case !d.printed || time.Since(d.last) >= 100*time.Millisecond:
		d.print()
	}
	return n, err
}

func (d *downloadProgress) Close() error {
	if d.closed {
		return nil
	}
	d.closed = true
	d.final()
	return d.c.Close()
}

func (d *downloadProgress) final() {
	if !d.printed || d.shown != d.current {
		d.print()
	}
}

func (d *downloadProgress) print() {
	d.printed, d.shown, d.last = true, d.current, time.Now()
	if d.out == nil {
		return
	}
	total := d.total
	if total < 0 {
		total = 0
	}
	bar := formatter.ProgressBar(&jsonstream.Progress{Current: d.current, Total: total}, 111)
	fmt.Fprintf(d.out, "Downloading build context from remote url: %s %s\r", d.url, bar)
}
