package client

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

const (
	defaultUnixSocket = "/var/run/docker.sock"
	defaultTCPHost    = "localhost"
	defaultTCPPort    = "2375" // also with TLS: docker 28's client uses 2375 for tcp://host, TLS or not
)

// maxUnixPath is the longest socket path docker accepts (sun_path's size).
const maxUnixPath = 108

// ParseHost validates and normalises a daemon address (DOCKER_HOST or -H)
// the way docker 28 does and returns its protocol ("unix", "tcp", "ssh",
// "fd") and address; proto+"://"+addr is the normalised host that messages
// show (for tcp the address includes any path: "localhost:2375/base").
//
// Normalisation: surrounding spaces are trimmed; "" and "unix://" mean
// DefaultHost; an address without "://" is tcp ("host:123", ":2375"); a tcp
// host without port gets 2375, an empty tcp host is localhost.
//
// Errors carry docker's wording for the text after "Failed to initialize: ",
// e.g. "unable to resolve docker endpoint: invalid bind address format: foo://x",
// "protocol not available" (npipe), "unable to parse docker host `fd://`".
func ParseHost(h string) (proto, addr string, err error) {
	proto, addr, basePath, err := parseHost(h)
	return proto, addr + basePath, err
}

// EndpointError is an invalid host as reported by docker:
// "unable to resolve docker endpoint: <reason>".
type EndpointError struct{ Err error }

func (e *EndpointError) Error() string { return "unable to resolve docker endpoint: " + e.Err.Error() }
func (e *EndpointError) Unwrap() error { return e.Err }

func invalidBind(s string) error {
	return &EndpointError{Err: errors.New("invalid bind address format: " + s)}
}

func parseHost(h string) (proto, addr, basePath string, err error) {
	h = strings.TrimSpace(h)
	if h == "" {
		return "unix", defaultUnixSocket, "", nil
	}
	if !strings.Contains(h, "://") {
		h = "tcp://" + h
	}
	proto, rest, _ := strings.Cut(h, "://")
	switch proto {
	case "unix":
		if rest == "" {
			rest = defaultUnixSocket
		}
		if len(rest) > maxUnixPath {
			return "", "", "", fmt.Errorf("unix socket path %q is too long", rest)
		}
		return "unix", rest, "", nil
	case "tcp":
		u, perr := url.Parse(h)
		if perr != nil {
			return "", "", "", &EndpointError{Err: perr}
		}
		host, port, serr := net.SplitHostPort(u.Host)
		if serr != nil {
			// no port at all
			host = u.Host
			if strings.ContainsAny(host, ":[]") {
				return "", "", "", invalidBind(host)
			}
			port = ""
		}
		if host == "" {
			host = defaultTCPHost
		}
		if port == "" {
			port = defaultTCPPort
		}
		return "tcp", net.JoinHostPort(host, port), u.Path, nil
	case "npipe":
		return "", "", "", errors.New("protocol not available")
	case "fd":
		if rest == "" {
			return "", "", "", errors.New("unable to parse docker host `" + h + "`")
		}
		// docker 28 dials the address of fd:// hosts over tcp; so do we.
		return "fd", rest, "", nil
	case "ssh":
		if _, err := parseSSHURL(h); err != nil {
			return "", "", "", err
		}
		return "ssh", rest, "", nil
	default:
		return "", "", "", invalidBind(h)
	}
}
