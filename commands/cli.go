// Package commands holds what every command shares: the Cli that gives commands their
// streams, configuration and Engine client; status errors with exit codes; argument
// validators and flag helpers with docker's wording.
package commands

import (
	"crypto/tls"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/config"
	"github.com/skiff-cli/skiff/streams"
	"github.com/skiff-cli/skiff/version"
)

// Cli is what a command gets to do its work.
type Cli interface {
	In() *streams.In
	Out() *streams.Out
	Err() *streams.Out
	// ConfigFile is config.json, loaded on first use.
	ConfigFile() *config.ConfigFile
	// Client is the Engine API client, made on first use; it does no I/O until the
	// first request.
	Client() (*client.Client, error)
	// CurrentContext is the name of the context in use.
	CurrentContext() string
	// Options are the global flags.
	Options() *GlobalOptions
}

// GlobalOptions are the root command's flags.
type GlobalOptions struct {
	ConfigDir string
	Context   string
	Debug     bool
	Hosts     ListOpt
	LogLevel  string
	TLS       bool
	TLSVerify bool
	TLSCACert string
	TLSCert   string
	TLSKey    string
}

// tlsWanted reports whether any TLS option was given on the command line or via
// DOCKER_TLS_VERIFY.
func (o *GlobalOptions) tlsWanted() bool {
	return o.TLS || o.TLSVerify || os.Getenv("DOCKER_TLS_VERIFY") != ""
}

// DockerCli is the real Cli.
type DockerCli struct {
	in       *streams.In
	out, err *streams.Out
	opts     GlobalOptions

	configOnce sync.Once
	configFile *config.ConfigFile

	endpointOnce sync.Once
	endpoint     endpoint
	endpointErr  error

	clientOnce sync.Once
	client     *client.Client
	clientErr  error

	initialized bool
}

// endpoint is where the client connects, resolved from flags, environment and context.
type endpoint struct {
	context string
	host    string
	tls     *tls.Config
}

// NewDockerCli returns a Cli over the given streams.
func NewDockerCli(in *streams.In, out, err *streams.Out) *DockerCli {
	return &DockerCli{in: in, out: out, err: err}
}

func (c *DockerCli) In() *streams.In         { return c.in }
func (c *DockerCli) Out() *streams.Out       { return c.out }
func (c *DockerCli) Err() *streams.Out       { return c.err }
func (c *DockerCli) Options() *GlobalOptions { return &c.opts }
func (c *DockerCli) CurrentContext() string  { c.resolve(); return c.endpoint.context }
func (c *DockerCli) configDir() string       { return config.Dir(c.opts.ConfigDir) }
func (c *DockerCli) SetConfigFile(cf *config.ConfigFile) {
	c.configOnce.Do(func() {})
	c.configFile = cf
}

// ConfigFile loads config.json once, printing docker's warning when it is broken.
func (c *DockerCli) ConfigFile() *config.ConfigFile {
	c.configOnce.Do(func() {
		cf, warn := config.LoadWarn(c.configDir())
		if warn != "" {
			fmt.Fprintln(c.err, warn)
		}
		c.configFile = cf
	})
	return c.configFile
}

// Initialize resolves the endpoint without connecting, so that a bad host or context is
// reported before the command runs, as docker does.
func (c *DockerCli) Initialize() error {
	c.initialized = true
	c.ConfigFile()
	err := c.resolve()
	var se StatusError
	if err == nil || errors.As(err, &se) {
		return err
	}
	return StatusError{Status: "Failed to initialize: " + err.Error(), StatusCode: 1, Cause: err}
}

// Initialized reports whether Initialize has run.
func (c *DockerCli) Initialized() bool { return c.initialized }

// ContextName picks the context: --context, else default when a host is given by -H or
// DOCKER_HOST, else DOCKER_CONTEXT, else config.json's currentContext, else default.
func (c *DockerCli) ContextName() (string, error) {
	if c.opts.Context != "" && len(c.opts.Hosts.Values()) > 0 {
		return "", StatusError{Status: "conflicting options: cannot specify both --host and --context", StatusCode: 1}
	}
	switch {
	case c.opts.Context != "":
		return c.opts.Context, nil
	case len(c.opts.Hosts.Values()) > 0, os.Getenv("DOCKER_HOST") != "":
		return config.DefaultContextName, nil
	case os.Getenv("DOCKER_CONTEXT") != "":
		return os.Getenv("DOCKER_CONTEXT"), nil
	case c.ConfigFile().CurrentContext != "":
		return c.ConfigFile().CurrentContext, nil
	}
	return config.DefaultContextName, nil
}

func (c *DockerCli) resolve() error {
	c.endpointOnce.Do(func() {
		c.endpoint, c.endpointErr = c.resolveEndpoint()
		var ee *client.EndpointError
		var se StatusError
		var he hostError
		if c.endpointErr != nil && !errors.As(c.endpointErr, &ee) && !errors.As(c.endpointErr, &se) && !errors.As(c.endpointErr, &he) {
			c.endpointErr = &client.EndpointError{Err: c.endpointErr}
		}
	})
	return c.endpointErr
}

func (c *DockerCli) resolveEndpoint() (endpoint, error) {
	name, err := c.ContextName()
	if err != nil {
		return endpoint{}, err
	}
	ep := endpoint{context: name}
	if name == config.DefaultContextName {
		hosts := c.opts.Hosts.Values()
		switch {
		case len(hosts) > 1:
			return ep, errors.New("Specify only one -H")
		case len(hosts) == 1:
			ep.host = hosts[0]
		case os.Getenv("DOCKER_HOST") != "":
			ep.host = os.Getenv("DOCKER_HOST")
		case c.opts.tlsWanted():
			ep.host = defaultTLSHost // as docker: TLS is not spoken on the local socket
		default:
			ep.host = client.DefaultHost
		}
		ep.host = strings.TrimSpace(ep.host)
		if _, _, err := client.ParseHost(ep.host); err != nil {
			return ep, hostError{err}
		}
		if c.opts.tlsWanted() {
			// Given empty (--tlscacert ''): no file; no CA is the system's roots.
			ca := c.opts.TLSCACert
			if _, err := os.ReadFile(ca); ca != "" && err != nil { // the CA first, as docker
				return ep, &client.EndpointError{Err: err}
			}
			cert, key, err := c.tlsClientPair()
			if err != nil {
				return ep, err
			}
			verify := c.opts.TLSVerify || os.Getenv("DOCKER_TLS_VERIFY") != ""
			if verify && ca == "" && cert == "" && key == "" {
				return ep, nil // docker 28 then speaks plain HTTP (observed), --tls alone does not
			}
			if cert == "" || key == "" {
				cert, key = "", "" // one of the two: no client certificate
			}
			ep.tls, err = client.TLSConfig(ca, cert, key, verify)
			if err != nil {
				return ep, hostError{err} // "failed to retrieve context tls info: ..." as it is
			}
		}
		return ep, nil
	}
	store := config.NewContextStore(c.configDir())
	meta, err := store.Load(name)
	if err != nil {
		return ep, err
	}
	de, ok := meta.Endpoints["docker"]
	if !ok {
		return ep, errors.New("cannot find docker endpoint in context")
	}
	ep.host = de.Host
	if ep.host == "" {
		ep.host = client.DefaultHost // as docker, an endpoint without a host is the default one
	}
	if _, _, err := client.ParseHost(ep.host); err != nil {
		return ep, hostError{err}
	}
	files := store.TLS(name)
	if files.CA != "" || files.Cert != "" || de.SkipTLSVerify {
		ep.tls, err = client.TLSConfig(files.CA, files.Cert, files.Key, !de.SkipTLSVerify)
		if err != nil {
			return ep, err
		}
	}
	return ep, nil
}

// hostError is a host ParseHost refused: its text is docker's as it is ("protocol not
// available" for npipe://), not wrapped in "unable to resolve docker endpoint".
type hostError struct{ err error }

func (e hostError) Error() string { return e.err.Error() }
func (e hostError) Unwrap() error { return e.err }

// tlsClientPair is the client certificate and key to present, as docker picks them: a
// default file (TLSDefaultPath) that does not exist is left out, a file given that cannot
// be read is an error, one given empty is none ("" for both).
func (c *DockerCli) tlsClientPair() (cert, key string, err error) {
	pick := func(p, file string) (string, error) {
		if p == "" {
			return "", nil
		}
		if _, serr := os.Stat(p); serr != nil {
			if p == TLSDefaultPath(file) {
				return "", nil
			}
			if _, rerr := os.ReadFile(p); rerr != nil {
				return "", &client.EndpointError{Err: rerr}
			}
		}
		return p, nil
	}
	if cert, err = pick(c.opts.TLSCert, "cert.pem"); err != nil {
		return "", "", err
	}
	if key, err = pick(c.opts.TLSKey, "key.pem"); err != nil {
		return "", "", err
	}
	return cert, key, nil
}

// defaultTLSHost is the daemon docker dials when TLS is asked for and no host is given.
const defaultTLSHost = "tcp://localhost:2376"

// TLSDefaultPath is the TLS file (ca.pem, cert.pem, key.pem) docker reads when no flag
// names one: in DOCKER_CERT_PATH, else in DOCKER_CONFIG or ~/.docker. Not in --config's
// directory: docker sets these defaults before it reads the flags. The root binds them as
// the flags' defaults, so that a value given empty means no file.
func TLSDefaultPath(file string) string {
	dir := os.Getenv("DOCKER_CERT_PATH")
	if dir == "" {
		dir = config.Dir("")
	}
	return filepath.Join(dir, file)
}

// Client returns the Engine client for the resolved endpoint.
func (c *DockerCli) Client() (*client.Client, error) {
	c.clientOnce.Do(func() {
		if err := c.resolve(); err != nil {
			c.clientErr = err
			return
		}
		c.client, c.clientErr = client.New(client.Options{
			Host:       c.endpoint.host,
			TLS:        c.endpoint.tls,
			APIVersion: os.Getenv("DOCKER_API_VERSION"),
			UserAgent:  "Docker-Client/" + version.DockerVersion + " (linux)",
			Headers:    c.ConfigFile().HTTPHeaders,
		})
	})
	return c.client, c.clientErr
}

// Annotations on a command that tell the root how SIGINT and SIGTERM reach it.
const (
	// AnnotationProxiesSignals marks a command that hands signals to a container or a
	// terminal session itself (run, start, attach, exec): the root leaves them alone.
	AnnotationProxiesSignals = "proxies-signals"
	// AnnotationWaits marks a command that can wait on the engine for long (events, logs,
	// stats, wait, pull...): as in docker, the first SIGINT or SIGTERM cancels it and
	// skiff exits with 128+signal; the third ends it whatever it is doing.
	AnnotationWaits = "waits"
	// WaitsForThirdSignal, as AnnotationWaits's value, marks a waiting command that docker
	// 28 does not cancel on the first signals (stats): only the third ends it.
	WaitsForThirdSignal = "third-signal"
)

// ExperimentalAnnotation marks a command docker calls experimental (docker manifest):
// its help says so, as docker's does.
const ExperimentalAnnotation = "experimentalCLI"

// AnnotationBareHelpBlankLine marks a management command whose bare usage (no
// subcommand) docker 28 starts with a blank line (docker manifest).
const AnnotationBareHelpBlankLine = "bare-help-blank-line"
