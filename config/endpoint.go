package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
)

// DefaultHost is the engine docker dials when nothing names one.
const DefaultHost = "unix:///var/run/docker.sock"

// defaultTLSHost is the engine docker dials when TLS is asked for and no host is given:
// TLS is not spoken on the local socket.
const defaultTLSHost = "tcp://localhost:2376"

// EndpointOptions are the global flags that choose the engine, as the root parsed them.
// A TLS file flag left alone holds its TLSDefaultPath, so that one given empty means no
// file, as in docker.
type EndpointOptions struct {
	Context   string   // --context
	Hosts     []string // every -H
	TLS       bool     // --tls (or DOCKER_TLS)
	TLSVerify bool     // --tlsverify (or DOCKER_TLS_VERIFY)
	// TLSVerifySet is --tlsverify given on the command line, =false included: docker 28
	// then speaks TLS (resolving the TLS files) and verifies as the flag says, whatever
	// DOCKER_TLS_VERIFY holds.
	TLSVerifySet bool
	TLSCACert    string
	TLSCert      string
	TLSKey       string
	// CheckHost validates a host with the client's parser. Its error is returned as it
	// is, before any TLS file is read, in docker's order. nil: no check.
	CheckHost func(host string) error
}

// tlsWanted reports whether TLS was asked for on the command line (--tlsverify=false
// too) or by DOCKER_TLS_VERIFY.
func (o EndpointOptions) tlsWanted() bool {
	return o.TLS || o.TLSVerify || o.TLSVerifySet || os.Getenv("DOCKER_TLS_VERIFY") != ""
}

// tlsVerify reports whether the engine's certificate is verified: as --tlsverify says
// when given, else when DOCKER_TLS_VERIFY is set to anything.
func (o EndpointOptions) tlsVerify() bool {
	if o.TLSVerifySet {
		return o.TLSVerify
	}
	return o.TLSVerify || os.Getenv("DOCKER_TLS_VERIFY") != ""
}

// ResolvedEndpoint is where the client connects.
type ResolvedEndpoint struct {
	Context string // the context's name, DefaultContextName for flags and DOCKER_HOST
	Host    string // trimmed; "" (an empty -H) is the local socket to the client's parser
	TLS     *TLSMaterial
}

// TLSMaterial is the TLS a connection speaks: files to read ("" for none) and whether
// the engine's certificate is verified.
type TLSMaterial struct {
	CA, Cert, Key string
	Verify        bool
}

// ErrHostAndContext is -H given with --context, which docker refuses.
var ErrHostAndContext = errors.New("conflicting options: cannot specify both --host and --context")

// ContextName picks the context: --context, else default when a host is given by -H or
// DOCKER_HOST, else DOCKER_CONTEXT, else config.json's currentContext, else default.
// An empty -H or --context counts as not given (the root drops them, as docker does).
func ContextName(opts EndpointOptions, cf *ConfigFile) (string, error) {
	if opts.Context != "" && len(opts.Hosts) > 0 {
		return "", ErrHostAndContext
	}
	switch {
	case opts.Context != "":
		return opts.Context, nil
	case len(opts.Hosts) > 0, os.Getenv("DOCKER_HOST") != "":
		return DefaultContextName, nil
	case os.Getenv("DOCKER_CONTEXT") != "":
		return os.Getenv("DOCKER_CONTEXT"), nil
	case cf != nil && cf.CurrentContext != "":
		return cf.CurrentContext, nil
	}
	return DefaultContextName, nil
}

// ResolveEndpoint finds the engine as docker does: flags > DOCKER_HOST > DOCKER_CONTEXT >
// currentContext > the local socket, with the TLS material of the flags and
// DOCKER_CERT_PATH, or of the context's store. It reads the TLS files' existence only;
// the client reads and parses them. Errors other than CheckHost's and ErrHostAndContext
// are what docker reports after "unable to resolve docker endpoint: ".
func ResolveEndpoint(opts EndpointOptions, cf *ConfigFile, configDir string) (ResolvedEndpoint, error) {
	name, err := ContextName(opts, cf)
	if err != nil {
		return ResolvedEndpoint{}, err
	}
	if name == DefaultContextName {
		return DefaultEndpoint(opts)
	}
	return resolveContext(opts, NewContextStore(configDir), name)
}

func checkHost(opts EndpointOptions, host string) error {
	if opts.CheckHost == nil {
		return nil
	}
	return opts.CheckHost(host)
}

// DefaultEndpoint is the default context's endpoint: -H, DOCKER_HOST and the TLS flags
// (context ls shows it whichever context is current).
func DefaultEndpoint(opts EndpointOptions) (ResolvedEndpoint, error) {
	ep := ResolvedEndpoint{Context: DefaultContextName}
	switch {
	case len(opts.Hosts) > 1:
		return ep, errors.New("Specify only one -H")
	case len(opts.Hosts) == 1:
		ep.Host = opts.Hosts[0]
	case os.Getenv("DOCKER_HOST") != "":
		ep.Host = os.Getenv("DOCKER_HOST")
	case opts.tlsWanted():
		ep.Host = defaultTLSHost
	default:
		ep.Host = DefaultHost
	}
	ep.Host = strings.TrimSpace(ep.Host)
	if err := checkHost(opts, ep.Host); err != nil {
		return ep, err
	}
	if !opts.tlsWanted() {
		return ep, nil
	}
	// Given empty (--tlscacert ''): no file; no CA is the system's roots.
	ca := opts.TLSCACert
	if _, err := os.ReadFile(ca); ca != "" && err != nil { // the CA first, as docker
		return ep, err
	}
	cert, key, err := tlsClientPair(opts)
	if err != nil {
		return ep, err
	}
	verify := opts.tlsVerify()
	if verify && ca == "" && cert == "" && key == "" {
		return ep, nil // docker 28 then speaks plain HTTP (observed), --tls alone does not
	}
	if cert == "" || key == "" {
		cert, key = "", "" // one of the two: no client certificate
	}
	ep.TLS = &TLSMaterial{CA: ca, Cert: cert, Key: key, Verify: verify}
	return ep, nil
}

// tlsClientPair is the client certificate and key to present, as docker picks them: a
// default file (TLSDefaultPath) that does not exist is left out, a file given that cannot
// be read is an error, one given empty is none ("" for both).
func tlsClientPair(opts EndpointOptions) (cert, key string, err error) {
	pick := func(p, file string) (string, error) {
		if p == "" {
			return "", nil
		}
		if _, serr := os.Stat(p); serr != nil {
			if p == TLSDefaultPath(file) {
				return "", nil
			}
			if _, rerr := os.ReadFile(p); rerr != nil {
				return "", rerr
			}
		}
		return p, nil
	}
	if cert, err = pick(opts.TLSCert, "cert.pem"); err != nil {
		return "", "", err
	}
	if key, err = pick(opts.TLSKey, "key.pem"); err != nil {
		return "", "", err
	}
	return cert, key, nil
}

// resolveContext is a context of the store: its docker endpoint and TLS files.
func resolveContext(opts EndpointOptions, store ContextStore, name string) (ResolvedEndpoint, error) {
	ep := ResolvedEndpoint{Context: name}
	meta, err := store.Load(name)
	if err != nil {
		return ep, err
	}
	de, ok := meta.DockerEndpoint()
	if !ok {
		return ep, errors.New("cannot find docker endpoint in context")
	}
	ep.Host = de.Host
	if ep.Host == "" {
		ep.Host = DefaultHost // as docker, an endpoint without a host is the default one
	}
	if err := checkHost(opts, ep.Host); err != nil {
		return ep, err
	}
	files := store.TLS(name)
	if files.CA != "" || files.Cert != "" || de.SkipTLSVerify {
		cert, key := files.Cert, files.Key
		if cert == "" || key == "" {
			cert, key = "", "" // one without the other: no client certificate, as docker
		}
		ep.TLS = &TLSMaterial{CA: files.CA, Cert: cert, Key: key, Verify: !de.SkipTLSVerify}
	}
	return ep, nil
}

// TLSDefaultPath is the TLS file (ca.pem, cert.pem, key.pem) docker reads when no flag
// names one: in DOCKER_CERT_PATH, else in DOCKER_CONFIG or ~/.docker. Not in --config's
// directory: docker sets these defaults before it reads the flags. The root binds them as
// the flags' defaults, so that a value given empty means no file.
func TLSDefaultPath(file string) string {
	dir := os.Getenv("DOCKER_CERT_PATH")
	if dir == "" {
		dir = Dir("")
	}
	return filepath.Join(dir, file)
}
