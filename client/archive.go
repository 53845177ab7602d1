package client

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/moby/moby/api/types/container"
)

// pathStatHeader carries a path's stat on the archive endpoints.
const pathStatHeader = "X-Docker-Container-Path-Stat"

// ContainerStatPath stats a path in a container (HEAD /containers/{id}/archive).
func (c *Client) ContainerStatPath(ctx context.Context, id, path string) (container.PathStat, error) {
	id, err := TrimContainerID(id)
	if err != nil {
		return container.PathStat{}, err
	}
	q := url.Values{"path": {path}}
	resp, err := c.Do(ctx, http.MethodHead, "/containers/"+url.PathEscape(id)+"/archive", q, nil, nil)
	if err != nil {
		return container.PathStat{}, err
	}
	resp.Body.Close()
	return decodePathStat(resp)
}

// CopyFromContainer opens a tar stream of path in a container
// (GET /containers/{id}/archive) with the path's stat; the caller closes the stream.
func (c *Client) CopyFromContainer(ctx context.Context, id, path string) (io.ReadCloser, container.PathStat, error) {
	id, err := TrimContainerID(id)
	if err != nil {
		return nil, container.PathStat{}, err
	}
	q := url.Values{"path": {path}}
	resp, err := c.Do(ctx, http.MethodGet, "/containers/"+url.PathEscape(id)+"/archive", q, nil, nil)
	if err != nil {
		return nil, container.PathStat{}, err
	}
	st, err := decodePathStat(resp)
	if err != nil {
		resp.Body.Close()
		return nil, container.PathStat{}, fmt.Errorf("unable to get resource stat from response: %w", err)
	}
	return resp.Body, st, nil
}

// CopyToContainerOptions are the flags of PUT /containers/{id}/archive.
type CopyToContainerOptions struct {
	// AllowOverwriteDirWithFile lets a non-directory replace a directory and the
	// reverse; docker cp never sets it (noOverwriteDirNonDir=true).
	AllowOverwriteDirWithFile bool
	// CopyUIDGID keeps the archive's owners (docker cp -a).
	CopyUIDGID bool
}

// CopyToContainer extracts the tar stream content into the directory dstDir of a
// container (PUT /containers/{id}/archive). content is streamed, never buffered.
func (c *Client) CopyToContainer(ctx context.Context, id, dstDir string, content io.Reader, opts CopyToContainerOptions) error {
	id, err := TrimContainerID(id)
	if err != nil {
		return err
	}
	q := url.Values{"path": {dstDir}}
	if !opts.AllowOverwriteDirWithFile {
		q.Set("noOverwriteDirNonDir", "true")
	}
	if opts.CopyUIDGID {
		q.Set("copyUIDGID", "true")
	}
	resp, err := c.Do(ctx, http.MethodPut, "/containers/"+url.PathEscape(id)+"/archive", q, content,
		http.Header{"Content-Type": {"application/x-tar"}})
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	return resp.Body.Close()
}

// decodePathStat decodes the X-Docker-Container-Path-Stat header (base64 JSON).
func decodePathStat(resp *http.Response) (container.PathStat, error) {
	var st container.PathStat
	h := resp.Header.Get(pathStatHeader)
	if h == "" { // not an engine's answer: docker's words for decoding nothing
		return st, errors.New("unable to decode container path stat header: EOF")
	}
	raw, err := base64.StdEncoding.DecodeString(h)
	if err != nil {
		raw, err = base64.URLEncoding.DecodeString(h)
	}
	if err == nil {
		err = json.Unmarshal(raw, &st)
	}
	if err != nil {
		return st, &DecodeError{Method: resp.Request.Method, URL: resp.Request.URL.Path,
			Err: fmt.Errorf("unable to decode container path stat header: %w", err)}
	}
	return st, nil
}
