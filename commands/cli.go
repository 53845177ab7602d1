// Package commands holds what every command shares: the Cli that gives commands their
// streams, configuration and Engine client; status errors with exit codes; argument
// validators and flag helpers with docker's wording.
package commands

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/cliplugins"
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
	// TLSVerifySet is --tlsverify given on the command line (=false too), which docker
	// takes as asking for TLS.
	TLSVerifySet bool
	TLSCACert    string
	TLSCert      string
	TLSKey       string
}

// EndpointOptions are the flags that choose the engine, for config's resolution; hosts
// are checked with the client's parser, whose refusal is shown as it is (hostError).
func (o *GlobalOptions) EndpointOptions() config.EndpointOptions {
	return config.EndpointOptions{
		Context: o.Context, Hosts: o.Hosts.Values(),
		TLS: o.TLS, TLSVerify: o.TLSVerify, TLSVerifySet: o.TLSVerifySet,
		TLSCACert: o.TLSCACert, TLSCert: o.TLSCert, TLSKey: o.TLSKey,
		CheckHost: func(h string) error {
			if _, _, err := client.ParseHost(h); err != nil {
				return hostError{err}
			}
			return nil
		},
	}
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

	prompting atomic.Bool // a question is waiting for its answer (Confirm)

	cliPlugins func(context.Context) []cliplugins.Plugin
}

// endpoint is where the client connects, resolved from flags, environment and context.
type endpoint struct {
	context string
	host    string
	tls     *tls.Config
}

// Prompting reports whether a question (Confirm) is waiting for its answer: a SIGINT
// or SIGTERM then is the question's to handle.
func (c *DockerCli) Prompting() bool { return c.prompting.Load() }

func (c *DockerCli) setPrompting(v bool) { c.prompting.Store(v) }

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

// ConfigDir is the configuration directory in use (--config, DOCKER_CONFIG, ~/.docker).
func (c *DockerCli) ConfigDir() string { return c.configDir() }

// SetCLIPlugins sets what lists the CLI plugins (the root knows the built-in names
// that make a plugin invalid).
func (c *DockerCli) SetCLIPlugins(list func(context.Context) []cliplugins.Plugin) {
	c.cliPlugins = list
}

// CLIPlugins lists the CLI plugins installed, checked; none when no lister is set.
func (c *DockerCli) CLIPlugins(ctx context.Context) []cliplugins.Plugin {
	if c.cliPlugins == nil {
		return nil
	}
	return c.cliPlugins(ctx)
}
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

// InitializeConfig is Initialize for the commands that resolve no endpoint
// (AnnotationNoEndpoint): config.json is loaded and -H with --context refused, as docker
// does, but an unknown context or a bad host is left to the command.
func (c *DockerCli) InitializeConfig() error {
	c.initialized = true
	c.ConfigFile()
	_, err := c.ContextName()
	return err
}

// Initialized reports whether Initialize has run.
func (c *DockerCli) Initialized() bool { return c.initialized }

// ContextName picks the context as config.ContextName does.
func (c *DockerCli) ContextName() (string, error) {
	name, err := config.ContextName(c.opts.EndpointOptions(), c.ConfigFile())
	return name, contextError(err)
}

// contextError is ErrHostAndContext as docker reports it: alone, exit status 1.
func contextError(err error) error {
	if errors.Is(err, config.ErrHostAndContext) {
		return StatusError{Status: err.Error(), StatusCode: 1}
	}
	return err
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

// resolveEndpoint is config's resolution, and the TLS files it names read into the
// client's TLS config.
func (c *DockerCli) resolveEndpoint() (endpoint, error) {
	r, err := config.ResolveEndpoint(c.opts.EndpointOptions(), c.ConfigFile(), c.configDir())
	ep := endpoint{context: r.Context, host: r.Host}
	if err != nil {
		return ep, contextError(err)
	}
	if r.TLS == nil {
		return ep, nil
	}
	ep.tls, err = client.TLSConfig(r.TLS.CA, r.TLS.Cert, r.TLS.Key, r.TLS.Verify)
	if err != nil {
		// "failed to retrieve context tls info: ...", "no valid private key found": shown
		// as they are, for the TLS flags and a context's files alike (docker 28, observed)
		return ep, hostError{err}
	}
	return ep, nil
}

// hostError is a host ParseHost refused: its text is docker's as it is ("protocol not
// available" for npipe://), not wrapped in "unable to resolve docker endpoint".
type hostError struct{ err error }

func (e hostError) Error() string { return e.err.Error() }
func (e hostError) Unwrap() error { return e.err }

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

// AnnotationNoEndpoint marks a command (with its subcommands) that works on the
// configuration alone, as docker's context commands: the root does not resolve the
// endpoint before it runs (InitializeConfig).
const AnnotationNoEndpoint = "no-endpoint"

// NeedsEndpoint reports whether cmd needs the endpoint resolved before it runs: false
// when it or a parent has AnnotationNoEndpoint.
func NeedsEndpoint(cmd *cobra.Command) bool {
	for c := cmd; c != nil; c = c.Parent() {
		if c.Annotations[AnnotationNoEndpoint] != "" {
			return false
		}
	}
	return true
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
