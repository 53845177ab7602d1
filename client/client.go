// Package client is skiff's Docker Engine API client: transports (unix, tcp,
// tcp+TLS, ssh; one dialer chosen by New, see dialer.go), lazy API-version
// negotiation, typed errors and one method per endpoint. It never imports
// cobra and does no work at package init.
package client

import (
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

const (
	// DefaultHost is the daemon address used when no host is given.
	DefaultHost = "unix:///var/run/docker.sock"
	// MaxAPIVersion is the newest API version this client speaks (docker 28.2).
	MaxAPIVersion = "1.50"
	// MinAPIVersion is the oldest API version docker 28 lists as supported; an older
	// daemon is still spoken to in its own version, as docker does.
	MinAPIVersion = "1.24"

	// dummyHost is the Host header sent over unix sockets, where the URL
	// host is the socket path.
	dummyHost = "api.moby.localhost"
)

// Options configures a Client. The zero value talks to DefaultHost and
// negotiates the API version.
type Options struct {
	// Host is unix:///path, tcp://host:port or host:port; "" = DefaultHost.
	Host string
	// TLS, when set, makes tcp:// connections use TLS.
	TLS *tls.Config
	// APIVersion fixes the API version (DOCKER_API_VERSION); "" negotiates via /_ping.
	APIVersion string
	// UserAgent is sent on every request, e.g. "Docker-Client/28.2.2 (linux)".
	UserAgent string
	// Headers are extra headers sent on every request (config.json HttpHeaders).
	Headers map[string]string
}

// Client talks to one Docker Engine. It is safe for concurrent use.
type Client struct {
	dialer   dialer // how the engine is reached, chosen once by New
	target   target // what requests name: the dialer's
	basePath string // URL path prefix from the host ("" or "/a")
	host     string // normalised host as shown in messages

	http      *http.Client
	transport *http.Transport
	userAgent string
	headers   map[string]string

	fixedVersion bool

	negMu      sync.Mutex // serialises Negotiate
	mu         sync.Mutex
	version    string
	negotiated bool
}

// New validates opts and builds a Client. It performs no I/O.
func New(opts Options) (*Client, error) {
	proto, addr, basePath, err := parseHost(opts.Host)
	if err != nil {
		return nil, err
	}
	d, err := newDialer(proto, addr, opts.TLS)
	if err != nil {
		return nil, err
	}
	c := &Client{
		dialer:    d,
		target:    d.target(),
		basePath:  basePath,
		host:      proto + "://" + addr + basePath,
		userAgent: opts.UserAgent,
		version:   MaxAPIVersion,
	}
	if len(opts.Headers) > 0 {
		c.headers = make(map[string]string, len(opts.Headers))
		for k, v := range opts.Headers {
			c.headers[k] = v
		}
	}
	if opts.APIVersion != "" {
		c.version = strings.TrimPrefix(opts.APIVersion, "v")
		c.fixedVersion = true
		c.negotiated = true
	}
	c.transport = newTransport(d)
	c.http = &http.Client{Transport: c.transport, CheckRedirect: noRedirect}
	return c, nil
}

func noRedirect(req *http.Request, via []*http.Request) error {
	return http.ErrUseLastResponse
}

func newTransport(d dialer) *http.Transport {
	t := &http.Transport{
		MaxIdleConns:          6,
		IdleConnTimeout:       30 * time.Second,
		DisableCompression:    true,
		ExpectContinueTimeout: time.Second,
	}
	d.configure(t)
	return t
}

// Host returns the normalised daemon address, e.g. "unix:///var/run/docker.sock"
// or "tcp://localhost:2375".
func (c *Client) Host() string { return c.host }

// ClientVersion returns the API version requests use (after Negotiate, the
// negotiated one; before, MaxAPIVersion or the fixed version).
func (c *Client) ClientVersion() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.version
}

// Close releases idle connections, and the dialer's own connection where it has one
// (ssh's).
func (c *Client) Close() error {
	c.transport.CloseIdleConnections()
	if cl, ok := c.dialer.(io.Closer); ok {
		return cl.Close()
	}
	return nil
}

// HTTPClient returns the underlying *http.Client (for hijacking helpers).
func (c *Client) HTTPClient() *http.Client { return c.http }

// DialRaw opens a connection to the engine outside HTTP, through the client's
// transport (docker system dial-stdio relays one).
func (c *Client) DialRaw(ctx context.Context) (net.Conn, error) {
	return c.dialer.dial(ctx)
}
