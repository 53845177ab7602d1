package client

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/moby/moby/api/types/container"
)

// EmptyIDError is docker's client refusing, before any request, a container (or
// other object) name or ID that is empty once trimmed of spaces.
type EmptyIDError struct{ Kind string }

func (e *EmptyIDError) Error() string { return "invalid " + e.Kind + " name or ID: value is empty" }

// InvalidParameter marks the error as the client's (IsInvalidParameter).
func (e *EmptyIDError) InvalidParameter() {}

// TrimContainerID trims the spaces around a container name or ID, as docker's client
// does before using it (" web " is "web"), and refuses one left empty.
func TrimContainerID(id string) (string, error) {
	id = strings.TrimSpace(id)
	if id == "" {
		return "", &EmptyIDError{Kind: "container"}
	}
	return id, nil
}

// StopOptions are the parameters of POST /containers/{id}/stop and /restart.
type StopOptions struct {
	// Signal is sent instead of the container's stop signal (API >= 1.42
	// only; older engines never see it, as with the reference client).
	Signal string
	// Timeout is the seconds to wait before killing; nil = the container's
	// own (StopTimeout) or the daemon's default; -1 waits forever.
	Timeout *int
}

func (o StopOptions) query(version string) url.Values {
	q := url.Values{}
	if o.Timeout != nil {
		q.Set("t", strconv.Itoa(*o.Timeout))
	}
	if o.Signal != "" && !versionLess(version, "1.42") {
		q.Set("signal", o.Signal)
	}
	return q
}

// ContainerStop sends POST /containers/{id}/stop. A container already
// stopped (304) is not an error.
func (c *Client) ContainerStop(ctx context.Context, id string, opts StopOptions) error {
	id, err := TrimContainerID(id)
	if err != nil {
		return err
	}
	if err := c.lazyNegotiate(ctx); err != nil {
		return err
	}
	return c.DoJSON(ctx, http.MethodPost, "/containers/"+pathEscape(id)+"/stop", opts.query(c.ClientVersion()), nil, nil)
}

// ContainerRestart sends POST /containers/{id}/restart.
func (c *Client) ContainerRestart(ctx context.Context, id string, opts StopOptions) error {
	id, err := TrimContainerID(id)
	if err != nil {
		return err
	}
	if err := c.lazyNegotiate(ctx); err != nil {
		return err
	}
	return c.DoJSON(ctx, http.MethodPost, "/containers/"+pathEscape(id)+"/restart", opts.query(c.ClientVersion()), nil, nil)
}

// ContainerKill sends POST /containers/{id}/kill; signal "" = the daemon's
// default (SIGKILL).
func (c *Client) ContainerKill(ctx context.Context, id, signal string) error {
	id, err := TrimContainerID(id)
	if err != nil {
		return err
	}
	q := url.Values{}
	if signal != "" {
		q.Set("signal", signal)
	}
	return c.DoJSON(ctx, http.MethodPost, "/containers/"+pathEscape(id)+"/kill", q, nil, nil)
}

// RemoveOptions are the parameters of DELETE /containers/{id}.
type RemoveOptions struct {
	Force         bool // kill a running container first
	RemoveVolumes bool // remove its anonymous volumes (v=1)
	RemoveLinks   bool // remove the link named id instead of a container (link=1)
}

// ContainerRemove sends DELETE /containers/{id}.
func (c *Client) ContainerRemove(ctx context.Context, id string, opts RemoveOptions) error {
	id, err := TrimContainerID(id)
	if err != nil {
		return err
	}
	q := url.Values{}
	if opts.RemoveVolumes {
		q.Set("v", "1")
	}
	if opts.RemoveLinks {
		q.Set("link", "1")
	}
	if opts.Force {
		q.Set("force", "1")
	}
	return c.DoJSON(ctx, http.MethodDelete, "/containers/"+pathEscape(id), q, nil, nil)
}

// ContainerPause sends POST /containers/{id}/pause.
func (c *Client) ContainerPause(ctx context.Context, id string) error {
	id, err := TrimContainerID(id)
	if err != nil {
		return err
	}
	return c.DoJSON(ctx, http.MethodPost, "/containers/"+pathEscape(id)+"/pause", nil, nil, nil)
}

// ContainerUnpause sends POST /containers/{id}/unpause.
func (c *Client) ContainerUnpause(ctx context.Context, id string) error {
	id, err := TrimContainerID(id)
	if err != nil {
		return err
	}
	return c.DoJSON(ctx, http.MethodPost, "/containers/"+pathEscape(id)+"/unpause", nil, nil, nil)
}

// ContainerRename sends POST /containers/{id}/rename?name=newName.
func (c *Client) ContainerRename(ctx context.Context, id, newName string) error {
	id, err := TrimContainerID(id)
	if err != nil {
		return err
	}
	q := url.Values{"name": {newName}}
	return c.DoJSON(ctx, http.MethodPost, "/containers/"+pathEscape(id)+"/rename", q, nil, nil)
}

// WaitError is a wait answer carrying an error message from the daemon
// (WaitResponse.Error.Message, e.g. a failure to remove an --rm container).
// StatusCode is the exit code the daemon reported with it.
type WaitError struct {
	Message    string
	StatusCode int64
}

func (e *WaitError) Error() string { return e.Message }

// ContainerWait sends POST /containers/{id}/wait?condition=... (condition
// "" = the daemon's default, "not-running"; also "next-exit", "removed")
// and returns once the daemon has answered with the response headers (or the
// request failed): at that point the wait is registered, so the caller may
// start the container. Exactly one value is delivered, on one of the two
// channels (both are buffered): the WaitResponse, or an error — a request
// error (also one before the headers), a read or decoding error of the body,
// ctx's error, or a *WaitError when the answer carries Error.Message.
func (c *Client) ContainerWait(ctx context.Context, id, condition string) (<-chan container.WaitResponse, <-chan error) {
	w := c.ContainerWaitAsync(ctx, id, condition)
	select {
	case <-w.Registered:
	case err := <-w.err:
		w.err <- err // put back: the caller reads it
	}
	return w.Result, w.Err
}

// Wait is a wait in flight (ContainerWaitAsync).
type Wait struct {
	// Registered is closed when the engine has answered the headers: from then
	// on the wait is in place. It stays open when the request fails.
	Registered <-chan struct{}
	// Result and Err deliver the outcome, exactly one value on one of them,
	// as ContainerWait's.
	Result <-chan container.WaitResponse
	Err    <-chan error

	err chan error
}

// ContainerWaitAsync sends the wait of ContainerWait without waiting for
// anything: an engine that answers the headers late (as engines before API
// 1.30 do, at the container's exit) or never must not hold the caller back.
func (c *Client) ContainerWaitAsync(ctx context.Context, id, condition string) Wait {
	resultC := make(chan container.WaitResponse, 1)
	errC := make(chan error, 1)
	registered := make(chan struct{})
	w := Wait{Registered: registered, Result: resultC, Err: errC, err: errC}
	q := url.Values{}
	if condition != "" {
		q.Set("condition", condition)
	}
	id, err := TrimContainerID(id)
	if err != nil {
		errC <- err
		return w
	}
	go func() {
		resp, err := c.Do(ctx, http.MethodPost, "/containers/"+pathEscape(id)+"/wait", q, nil, nil)
		if err != nil {
			errC <- err
			return
		}
		defer resp.Body.Close()
		close(registered)
		var res container.WaitResponse
		dec := json.NewDecoder(io.LimitReader(resp.Body, 1<<20))
		if err := dec.Decode(&res); err != nil {
			if ctxErr := ctx.Err(); ctxErr != nil {
				errC <- ctxErr
				return
			}
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			errC <- c.readError(resp.Request, err)
			return
		}
		if res.Error != nil && res.Error.Message != "" {
			errC <- &WaitError{Message: res.Error.Message, StatusCode: res.StatusCode}
			return
		}
		resultC <- res
	}()
	return w
}

// LogsOptions are the parameters of GET /containers/{id}/logs. Since and
// Until are passed as given: the engine takes unix seconds ("1700000000" or
// "1700000000.123456789"); the command converts durations and dates.
type LogsOptions struct {
	Follow     bool
	Timestamps bool
	Details    bool
	ShowStdout bool
	ShowStderr bool
	Since      string
	Until      string
	Tail       string // "" = the daemon's default (all)
}

// query is the options as the logs endpoints take them (the swarm's ignore Until).
func (o LogsOptions) query() url.Values {
	q := url.Values{}
	set := func(key string, on bool, value string) {
		if on {
			q.Set(key, value)
		}
	}
	set("stdout", o.ShowStdout, "1")
	set("stderr", o.ShowStderr, "1")
	set("since", o.Since != "", o.Since)
	set("until", o.Until != "", o.Until)
	set("timestamps", o.Timestamps, "1")
	set("details", o.Details, "1")
	set("follow", o.Follow, "1")
	set("tail", o.Tail != "", o.Tail)
	return q
}

// ContainerLogs opens GET /containers/{id}/logs; the caller reads the stream
// (multiplexed with stdcopy headers unless the container has a TTY) and
// closes it. Nothing is buffered.
func (c *Client) ContainerLogs(ctx context.Context, id string, opts LogsOptions) (io.ReadCloser, error) {
	id, err := TrimContainerID(id)
	if err != nil {
		return nil, err
	}
	q := opts.query()
	resp, err := c.Do(ctx, http.MethodGet, "/containers/"+pathEscape(id)+"/logs", q, nil, nil)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// CommitOptions are the parameters of POST /commit.
type CommitOptions struct {
	// Repo and Tag name the new image ("docker.io/library/x", "v1"; both "" for an
	// untagged image), already parsed and normalised by the caller.
	Repo, Tag string
	Comment   string
	Author    string
	// Changes are Dockerfile instructions ("CMD ...", "ENV a=b").
	Changes []string
	// Pause pauses the container during the commit.
	Pause bool
	// Config, when set, is the request body (the image's config).
	Config *container.Config
}

// ContainerCommit sends POST /commit and returns the new image's id
// ("sha256:..."). Like the reference client it always sends container,
// repo, tag, author and comment (empty when not given).
func (c *Client) ContainerCommit(ctx context.Context, id string, opts CommitOptions) (string, error) {
	id, err := TrimContainerID(id)
	if err != nil {
		return "", err
	}
	q := url.Values{
		"container": {id},
		"repo":      {opts.Repo},
		"tag":       {opts.Tag},
		"author":    {opts.Author},
		"comment":   {opts.Comment},
	}
	for _, ch := range opts.Changes {
		q.Add("changes", ch)
	}
	if !opts.Pause {
		q.Set("pause", "0")
	}
	var in any
	if opts.Config != nil {
		in = opts.Config
	}
	var out container.CommitResponse
	if err := c.DoJSON(ctx, http.MethodPost, "/commit", q, in, &out); err != nil {
		return "", err
	}
	return out.ID, nil
}

// ContainerExport opens GET /containers/{id}/export, a tar stream of the
// container's filesystem; the caller closes it.
func (c *Client) ContainerExport(ctx context.Context, id string) (io.ReadCloser, error) {
	id, err := TrimContainerID(id)
	if err != nil {
		return nil, err
	}
	resp, err := c.Do(ctx, http.MethodGet, "/containers/"+pathEscape(id)+"/export", nil, nil, nil)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}
