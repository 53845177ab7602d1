package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"path"
)

// Do sends one versioned request: path is the API path without version
// ("/containers/json"), query may be nil, body may be nil, headers are added
// to the client's User-Agent and custom headers (and override them). The
// API version is negotiated first if needed. A response with status >= 400
// is returned as an *ErrorResponse (body read, at most 1 MiB, and closed);
// any other (2xx, and like docker also 1xx/3xx, e.g. 304 from starting a
// running container) is returned with its body open: the caller closes it.
// Transport failures are *ConnectionError; a done ctx gives ctx.Err().
func (c *Client) Do(ctx context.Context, method, path string, query url.Values, body io.Reader, headers http.Header) (*http.Response, error) {
	if err := c.lazyNegotiate(ctx); err != nil {
		return nil, err
	}
	return c.do(ctx, method, c.versionedPath(path), compatQuery(c.ClientVersion(), path, query), body, headers)
}

// versionedPath returns basePath + "/v" + version + path, cleaned as docker's
// client cleans it: "/containers//x/kill" (docker kill /x) is sent as
// "/containers/x/kill", not left to the engine's redirect.
func (c *Client) versionedPath(p string) string {
	return path.Join("/", c.basePath, "/v"+c.ClientVersion(), p)
}

func (c *Client) newRequest(ctx context.Context, method, fullPath string, query url.Values, body io.Reader, headers http.Header) (*http.Request, error) {
	t := c.target
	host := t.urlHost
	if t.hostHeader != "" {
		host = t.hostHeader // the URL's host may not parse as one (a socket path)
	}
	u := &url.URL{Scheme: t.scheme, Host: host, Path: fullPath}
	if len(query) > 0 {
		u.RawQuery = query.Encode()
	}
	if body == nil {
		body = http.NoBody
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return nil, err
	}
	if t.hostHeader != "" {
		req.URL.Host = t.urlHost
		req.Host = t.hostHeader
	}
	for k, v := range c.headers {
		req.Header.Set(k, v)
	}
	if c.userAgent != "" {
		// after config.json's HttpHeaders: docker's User-Agent is not theirs to change
		req.Header.Set("User-Agent", c.userAgent)
	}
	for k, vs := range headers {
		req.Header.Del(k)
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	return req, nil
}

func (c *Client) do(ctx context.Context, method, fullPath string, query url.Values, body io.Reader, headers http.Header) (*http.Response, error) {
	req, err := c.newRequest(ctx, method, fullPath, query, body, headers)
	if err != nil {
		return nil, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, c.connectionError(err)
	}
	if resp.StatusCode < 200 || resp.StatusCode >= 400 {
		eerr := errorFromResponse(resp, req.URL)
		resp.Body.Close()
		return nil, eerr
	}
	return resp, nil
}

// jsonBody encodes v for a request body and sets Content-Type.
func jsonBody(v any, h http.Header) (io.Reader, http.Header, error) {
	if v == nil {
		return nil, h, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, h, err
	}
	if h == nil {
		h = http.Header{}
	}
	h.Set("Content-Type", "application/json")
	return bytes.NewReader(b), h, nil
}

// DoJSON is Do with a JSON request body (nil = none, Content-Type set
// otherwise) and, when out is non-nil, the 2xx response decoded into out.
// The response body is always closed.
func (c *Client) DoJSON(ctx context.Context, method, path string, query url.Values, in, out any) error {
	_, err := c.doJSONRaw(ctx, method, path, query, in, out, false)
	return err
}

// maxJSONResponse bounds the JSON answers DoJSON reads into memory: ten thousand
// containers are about 20 MB, and reading a bigger answer whole would cost up to
// twice its size while the buffer grows; streams never go through it.
const maxJSONResponse = 64 << 20

var errTooLarge = errors.New("response larger than 64 MiB")

// doJSONRaw is DoJSON that also returns the raw body when keepRaw.
func (c *Client) doJSONRaw(ctx context.Context, method, path string, query url.Values, in, out any, keepRaw bool) ([]byte, error) {
	body, h, err := jsonBody(in, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.Do(ctx, method, path, query, body, h)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if out == nil && !keepRaw {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
		return nil, nil
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxJSONResponse+1))
	if err != nil {
		return nil, c.readError(resp.Request, err)
	}
	if len(raw) > maxJSONResponse {
		return nil, &DecodeError{Method: method, URL: resp.Request.URL.Path, Err: errTooLarge}
	}
	raw = compatResponse(c.ClientVersion(), path, raw)
	if out != nil {
		if err := unmarshalJSON(raw, out); err != nil {
			return raw, &DecodeError{Method: method, URL: resp.Request.URL.Path, Err: err, Bare: true}
		}
	}
	return raw, nil
}

func (c *Client) readError(req *http.Request, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return &DecodeError{Method: req.Method, URL: req.URL.Path, Err: err, Bare: true}
}

// unmarshalJSON decodes the first JSON document of b, ignoring unknown fields and
// whatever follows it, with the errors docker's decoder gives: "EOF" for an empty body,
// "unexpected EOF" for a cut one.
// unmarshalWhole decodes a body read whole as docker does for image inspect, whose
// truncated answer it reports as json.Unmarshal does ("unexpected end of JSON input").
func unmarshalWhole(raw []byte, err error, v any) error {
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return &DecodeError{Err: err, Bare: true}
	}
	return nil
}

func unmarshalJSON(b []byte, v any) error {
	return json.NewDecoder(bytes.NewReader(b)).Decode(v)
}

func readLimited(r io.Reader, n int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, n))
	return b, err
}
