package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"syscall"
)

// ErrorResponse is a non-2xx answer of the daemon. Message comes from the
// JSON body {"message": ...}, or the body's text when it is not JSON.
type ErrorResponse struct {
	StatusCode int
	Message    string

	// bare: Message is a whole error text that docker prints without the
	// "Error response from daemon: " prefix (e.g. "Error reading JSON: ...").
	bare bool
}

func (e *ErrorResponse) Error() string {
	if e.bare {
		return e.Message
	}
	return "Error response from daemon: " + e.Message
}

// The predicates below answer for an *ErrorResponse with the matching status
// anywhere in err's chain, or any error in the chain implementing the
// matching marker method (NotFound(), Conflict(), ... like moby's errdefs),
// so callers can make their own typed errors.

// IsNotFound reports a 404 / not-found error.
func IsNotFound(err error) bool { return hasStatus(err, http.StatusNotFound, markNotFound) }

// IsConflict reports a 409 / conflict error.
func IsConflict(err error) bool { return hasStatus(err, http.StatusConflict, markConflict) }

// IsUnauthorized reports a 401 error.
func IsUnauthorized(err error) bool {
	return hasStatus(err, http.StatusUnauthorized, markUnauthorized)
}

// IsForbidden reports a 403 error.
func IsForbidden(err error) bool { return hasStatus(err, http.StatusForbidden, markForbidden) }

// IsInvalidParameter reports a 400 error.
func IsInvalidParameter(err error) bool {
	return hasStatus(err, http.StatusBadRequest, markInvalidParameter)
}

// IsUnavailable reports a 503 error.
func IsUnavailable(err error) bool {
	return hasStatus(err, http.StatusServiceUnavailable, markUnavailable)
}

// IsNotImplemented reports a 501 error.
func IsNotImplemented(err error) bool {
	return hasStatus(err, http.StatusNotImplemented, markNotImplemented)
}

type marker int

const (
	markNotFound marker = iota
	markConflict
	markUnauthorized
	markForbidden
	markInvalidParameter
	markUnavailable
	markNotImplemented
)

func hasMarker(err error, m marker) bool {
	switch m {
	case markNotFound:
		_, ok := err.(interface{ NotFound() })
		return ok
	case markConflict:
		_, ok := err.(interface{ Conflict() })
		return ok
	case markUnauthorized:
		_, ok := err.(interface{ Unauthorized() })
		return ok
	case markForbidden:
		_, ok := err.(interface{ Forbidden() })
		return ok
	case markInvalidParameter:
		_, ok := err.(interface{ InvalidParameter() })
		return ok
	case markUnavailable:
		_, ok := err.(interface{ Unavailable() })
		return ok
	case markNotImplemented:
		_, ok := err.(interface{ NotImplemented() })
		return ok
	}
	return false
}

func hasStatus(err error, code int, m marker) bool {
	if err == nil {
		return false
	}
	var er *ErrorResponse
	if errors.As(err, &er) && er.StatusCode == code {
		return true
	}
	for e := range walk(err) {
		if hasMarker(e, m) {
			return true
		}
	}
	return false
}

// walk yields err and every error it wraps (depth first, incl. joined errors).
func walk(err error) func(func(error) bool) {
	return func(yield func(error) bool) {
		var visit func(error) bool
		visit = func(e error) bool {
			if e == nil {
				return true
			}
			if !yield(e) {
				return false
			}
			switch u := e.(type) {
			case interface{ Unwrap() error }:
				return visit(u.Unwrap())
			case interface{ Unwrap() []error }:
				for _, x := range u.Unwrap() {
					if !visit(x) {
						return false
					}
				}
			}
			return true
		}
		visit(err)
	}
}

// ConnectionKind classifies a failure to reach the daemon.
type ConnectionKind int

const (
	// ConnRefused: nothing listens (refused, no such socket, timeout).
	ConnRefused ConnectionKind = iota
	// ConnPermission: the socket exists but we may not connect.
	ConnPermission
	// ConnOther: any other transport failure (DNS, TLS, bad port...).
	ConnOther
	// ConnNotHTTP: the daemon did not answer in HTTP (a TLS daemon spoken to
	// without TLS).
	ConnNotHTTP
)

// ConnectionError is a failure to talk to the daemon at all. Its text is
// docker 28's:
//
//	Cannot connect to the Docker daemon at unix:///x.sock. Is the docker daemon running?
//	permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get "http://%2Fvar%2Frun%2Fdocker.sock/v1.50/containers/json": dial unix /var/run/docker.sock: connect: permission denied
//	error during connect: Get "http://host:2375/v1.50/containers/json": dial tcp: lookup host ...: no such host
type ConnectionError struct {
	Host string // normalised host, e.g. unix:///var/run/docker.sock
	Kind ConnectionKind
	Err  error // the underlying (usually *url.Error) error
}

func (e *ConnectionError) Error() string {
	switch e.Kind {
	case ConnRefused:
		return "Cannot connect to the Docker daemon at " + e.Host + ". Is the docker daemon running?"
	case ConnPermission:
		return "permission denied while trying to connect to the Docker daemon socket at " + e.Host + ": " + e.Err.Error()
	case ConnNotHTTP:
		return notHTTPMessage(e.Err) + ".\n* Are you trying to connect to a TLS-enabled daemon without TLS?"
	default:
		return "error during connect: " + withoutPeekPrefix(e.Err.Error())
	}
}

// peekPrefix is net/http's mark on an error its read loop met before the request was
// written: a TLS engine's alert after a TLS 1.3 handshake (a client certificate refused)
// arrives first or not depending on timing, and docker 28 shows the alert with or
// without the mark as the race goes (observed). skiff drops it: the same text each time,
// docker's usual one.
const peekPrefix = "readLoopPeekFailLocked: "

func withoutPeekPrefix(msg string) string {
	return strings.Replace(msg, ": "+peekPrefix, ": ", 1)
}

// notHTTPMessage is docker's text for a response that is not HTTP: the request and
// Go's `malformed HTTP response "..."`, whichever of Go's wordings the transport gave
// (it says "transport connection broken" when the bytes came before the request went).
func notHTTPMessage(err error) string {
	msg := err.Error()
	i := strings.Index(msg, notHTTPText)
	var ue *url.Error
	if i < 0 || !errors.As(err, &ue) {
		return msg
	}
	return fmt.Sprintf("%s %q: %s", ue.Op, ue.URL, msg[i:])
}

const notHTTPText = "malformed HTTP response"

func (e *ConnectionError) Unwrap() error { return e.Err }

// IsErrConnectionFailed reports whether err (or anything it wraps) is a
// *ConnectionError: the daemon could not be reached.
func IsErrConnectionFailed(err error) bool {
	var ce *ConnectionError
	return errors.As(err, &ce)
}

// connectionError classifies a transport error from http.Client.Do.
func (c *Client) connectionError(err error) error {
	kind := ConnOther
	var ne net.Error
	var oe *net.OpError
	switch {
	case errors.Is(err, os.ErrPermission) || errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.EPERM):
		kind = ConnPermission
	case errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ENOENT):
		kind = ConnRefused
	case errors.As(err, &ne) && ne.Timeout():
		kind = ConnRefused
	case errors.As(err, &oe) && oe.Op == "dial" && oe.Net == "unix":
		kind = ConnRefused
	case strings.Contains(err.Error(), notHTTPText):
		kind = ConnNotHTTP
	}
	host := c.host
	if c.target.shownHost != "" {
		host = c.target.shownHost
	}
	return &ConnectionError{Host: host, Kind: kind, Err: err}
}

// DecodeError is a 2xx response whose body could not be decoded.
type DecodeError struct {
	Method, URL string
	Err         error
	// Bare shows the decoder's error alone, as docker prints it for a JSON response
	// ("unexpected EOF", "invalid character '<' looking for beginning of value").
	Bare bool
}

func (e *DecodeError) Error() string {
	if e.Bare {
		return e.Err.Error()
	}
	return fmt.Sprintf("malformed response from daemon for %s %s: %v", e.Method, e.URL, e.Err)
}

func (e *DecodeError) Unwrap() error { return e.Err }

// errorFromResponse builds the *ErrorResponse for a non-2xx response,
// reading at most 1 MiB of its body. It does not close the body.
func errorFromResponse(resp *http.Response, u *url.URL) error {
	const limit = 1 << 20
	body, rerr := readLimited(resp.Body, limit)
	return parseErrorBody(resp.StatusCode, resp.Header.Get("Content-Type"), body, rerr, u)
}

// parseErrorBody maps a daemon error body to an *ErrorResponse the way
// docker 28 words it:
//   - JSON {"message": m}           -> "Error response from daemon: m"
//   - JSON without message          -> "Error response from daemon: API returned a 404 (Not Found) but provided no error-message"
//   - truncated / invalid JSON      -> "Error reading JSON: <reason>"
//   - empty body                    -> "request returned 500 Internal Server Error for API route and version <url>, check if the server supports the requested API version"
//   - text                          -> "Error response from daemon: <text>"
//
// Unlike docker, a multi-line (e.g. HTML) body is reduced to one line: tags
// stripped, whitespace collapsed, at most 300 bytes.
func parseErrorBody(status int, contentType string, body []byte, readErr error, u *url.URL) *ErrorResponse {
	e := &ErrorResponse{StatusCode: status}
	statusText := fmt.Sprintf("%d %s", status, http.StatusText(status))
	if len(body) == 0 {
		if readErr != nil {
			e.Message, e.bare = "error reading response from daemon: "+readErr.Error(), true
			return e
		}
		where := ""
		if u != nil {
			where = u.String()
		}
		e.Message = fmt.Sprintf("request returned %s for API route and version %s, check if the server supports the requested API version", strings.TrimSpace(statusText), where)
		e.bare = true
		return e
	}
	if isJSONContentType(contentType) {
		var m struct {
			Message string `json:"message"`
		}
		if err := json.Unmarshal(body, &m); err != nil { // docker's words: "unexpected end of JSON input"
			e.Message, e.bare = "Error reading JSON: "+oneLine(err.Error()), true
			return e
		}
		m.Message = strings.TrimSpace(m.Message) // docker prints "Unknown option", not "Unknown option "
		if m.Message == "" {
			e.Message = fmt.Sprintf("API returned a %d (%s) but provided no error-message", status, http.StatusText(status))
			return e
		}
		e.Message = m.Message
		return e
	}
	e.Message = textMessage(body, contentType)
	return e
}

func isJSONContentType(ct string) bool {
	ct, _, _ = strings.Cut(ct, ";")
	ct = strings.TrimSpace(strings.ToLower(ct))
	return ct == "application/json" || strings.HasSuffix(ct, "+json")
}

// textMessage turns a non-JSON body into one line.
func textMessage(body []byte, contentType string) string {
	s := strings.TrimSpace(string(body))
	if !strings.ContainsAny(s, "\r\n") && len(s) <= 1024 {
		return s
	}
	lc := strings.ToLower(contentType)
	if strings.Contains(lc, "html") || strings.HasPrefix(s, "<") {
		s = stripTags(s)
	}
	s = oneLine(s)
	if len(s) > 300 {
		s = truncateUTF8(s, 300) + "..."
	}
	return s
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// stripTags removes <...> markup (and <head>/<script>/<style> content is
// kept out by dropping tags only: good enough for error pages).
func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
			b.WriteByte(' ')
		case r == '>' && in:
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}
