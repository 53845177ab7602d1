package client

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"sync"

	"github.com/moby/moby/api/types/events"
)

// EventsOptions are the parameters of GET /events. Since and Until are
// passed as given (the caller converts durations/dates to unix timestamps
// like docker does).
type EventsOptions struct {
	Since   string
	Until   string
	Filters Filters
}

// Event is one message of GET /events: events.Message's fields plus the
// legacy ones that API 1.41 still sends and that docker 28 prints in
// `--format '{{json .}}'` (status, id, from), in the daemon's field order.
// The fields are declared flat, not embedded, so that `--format '{{.}}'`
// prints one struct as docker does.
type Event struct {
	Status   string        `json:"status,omitempty"`
	ID       string        `json:"id,omitempty"`
	From     string        `json:"from,omitempty"`
	Type     events.Type   `json:"Type"`
	Action   events.Action `json:"Action"`
	Actor    events.Actor  `json:"Actor"`
	Scope    string        `json:"scope,omitempty"`
	Time     int64         `json:"time,omitempty"`
	TimeNano int64         `json:"timeNano,omitempty"`
}

// EventStream decodes the events stream message by message; it never
// buffers more of the body than one message.
type EventStream struct {
	body io.ReadCloser
	dec  *json.Decoder
	ctx  context.Context
	req  *http.Request
	once sync.Once
	// legacy: the engine speaks an API before 1.22, whose events have only status,
	// id and from (see compatEvent)
	legacy bool
}

// Events opens GET /events. Close the stream when done (or cancel ctx).
func (c *Client) Events(ctx context.Context, opts EventsOptions) (*EventStream, error) {
	q := url.Values{}
	if opts.Since != "" {
		q.Set("since", opts.Since)
	}
	if opts.Until != "" {
		q.Set("until", opts.Until)
	}
	setFilters(q, opts.Filters)
	resp, err := c.Do(ctx, http.MethodGet, "/events", q, nil, nil)
	if err != nil {
		return nil, err
	}
	return &EventStream{body: resp.Body, dec: json.NewDecoder(resp.Body), ctx: ctx, req: resp.Request,
		legacy: versionLess(c.ClientVersion(), apiEventActors)}, nil
}

// Next returns the next event; io.EOF when the daemon ended the stream
// (e.g. Until reached), ctx's error once the context is done.
func (s *EventStream) Next() (Event, error) {
	var ev Event
	err := s.dec.Decode(&ev)
	if err == nil {
		if s.legacy {
			compatEvent(&ev)
		}
		return ev, nil
	}
	if ctxErr := s.ctx.Err(); ctxErr != nil {
		return Event{}, ctxErr
	}
	if errors.Is(err, io.EOF) {
		return Event{}, io.EOF
	}
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return Event{}, err // a cut connection: docker says just "unexpected EOF"
	}
	if errors.As(err, &se) || errors.As(err, &te) {
		return Event{}, &DecodeError{Method: s.req.Method, URL: s.req.URL.Path, Err: err, Bare: true}
	}
	return Event{}, err
}

// Close ends the stream (safe to call more than once).
func (s *EventStream) Close() error {
	var err error
	s.once.Do(func() { err = s.body.Close() })
	return err
}
