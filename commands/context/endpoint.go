package context

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/config"
)

// The keys of --docker, in the order docker's help lists them.
const (
	keyFrom          = "from"
	keyHost          = "host"
	keyCA            = "ca"
	keyCert          = "cert"
	keyKey           = "key"
	keySkipTLSVerify = "skip-tls-verify"
)

// endpointHelp is the part of create's and update's help that explains --docker's keys.
const endpointHelp = `Docker endpoint config:

NAME                DESCRIPTION
from                Copy the Docker endpoint of the named context
host                Address of the Docker endpoint
ca                  Trust only certificates signed by this CA
cert                TLS client certificate file
key                 TLS client key file
skip-tls-verify     Do not verify the endpoint's certificate
`

// dockerEndpoint is a context's docker endpoint and its TLS files (ca.pem, cert.pem,
// key.pem: those given).
type dockerEndpoint struct {
	ep  config.Endpoint
	tls map[string][]byte
}

// parseDockerEndpoint reads --docker's keys as docker 28 does, its checks in its order:
// unknown keys, then from= (which makes every other key moot), the TLS files (ca, cert,
// key), skip-tls-verify, the host. Errors carry docker's "unable to create docker
// endpoint config: " prefix.
func parseDockerEndpoint(cli commands.Cli, opts map[string]string) (dockerEndpoint, error) {
	de, err := dockerEndpointOf(cli, opts)
	if err != nil {
		return de, fmt.Errorf("unable to create docker endpoint config: %w", err)
	}
	return de, nil
}

func dockerEndpointOf(cli commands.Cli, opts map[string]string) (dockerEndpoint, error) {
	var de dockerEndpoint
	keys := make([]string, 0, len(opts))
	for k := range opts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		switch k {
		case keyFrom, keyHost, keyCA, keyCert, keyKey, keySkipTLSVerify:
		default:
			return de, fmt.Errorf("unrecognized config key: %s", k)
		}
	}
	if from, ok := opts[keyFrom]; ok {
		// the endpoint alone: no TLS material, no description
		ep, _, err := endpointOfContext(cli, from, false)
		de.ep = ep
		return de, err
	}
	for _, f := range []struct{ key, file string }{{keyCA, "ca.pem"}, {keyCert, "cert.pem"}, {keyKey, "key.pem"}} {
		p, ok := opts[f.key]
		if !ok || p == "" {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return de, err
		}
		if de.tls == nil {
			de.tls = map[string][]byte{}
		}
		de.tls[f.file] = b
	}
	if v, ok := opts[keySkipTLSVerify]; ok {
		skip, err := strconv.ParseBool(v)
		if err != nil {
			return de, fmt.Errorf("%s: parsing %q: invalid syntax", keySkipTLSVerify, v)
		}
		de.ep.SkipTLSVerify = skip
	}
	de.ep.Host = opts[keyHost]
	if de.ep.Host != "" {
		if err := checkEndpointHost(de.ep.Host, de.tls); err != nil {
			return de, err
		}
	}
	return de, nil
}

// checkEndpointHost checks a context's host as docker's create does: a URL, an ssh URL
// docker can dial, TLS material that loads for a host that speaks TLS, then the
// client's own reading of it (PROTO://ADDR).
func checkEndpointHost(host string, tlsFiles map[string][]byte) error {
	invalid := func(err error) error { return fmt.Errorf("invalid docker endpoint options: %w", err) }
	u, err := url.Parse(host)
	if err != nil {
		return invalid(err)
	}
	if u.Scheme == "ssh" {
		if err := checkSSHURL(u); err != nil {
			return invalid(fmt.Errorf("ssh host connection is not valid: invalid SSH URL: %w", err))
		}
	}
	if u.Scheme != "unix" && u.Scheme != "ssh" && u.Scheme != "npipe" {
		if err := checkTLSMaterial(tlsFiles); err != nil {
			return invalid(err)
		}
	}
	proto, addr, ok := strings.Cut(host, "://")
	switch {
	case proto == "npipe":
		return errors.New("unable to apply docker endpoint options: protocol not available")
	case !ok || addr == "":
		return fmt.Errorf("unable to apply docker endpoint options: unable to parse docker host `%s`", host)
	}
	return nil
}

// checkSSHURL refuses what docker's ssh transport refuses.
func checkSSHURL(u *url.URL) error {
	if _, ok := u.User.Password(); ok {
		return errors.New("plain-text password is not supported")
	}
	if u.Hostname() == "" {
		return errors.New("hostname is empty")
	}
	if u.RawQuery != "" {
		return fmt.Errorf("query parameters are not allowed: %q", u.RawQuery)
	}
	if u.Fragment != "" {
		return fmt.Errorf("fragments are not allowed: %q", u.Fragment)
	}
	return nil
}

// checkTLSMaterial loads the TLS files as the client would: the CA first, then the key
// (only with a certificate), then the pair.
func checkTLSMaterial(files map[string][]byte) error {
	const info = "failed to retrieve context tls info: "
	if ca, ok := files["ca.pem"]; ok {
		if !x509.NewCertPool().AppendCertsFromPEM(ca) {
			return errors.New(info + "ca.pem seems invalid")
		}
	}
	cert, hasCert := files["cert.pem"]
	key, hasKey := files["key.pem"]
	if !hasCert || !hasKey {
		return nil
	}
	b, _ := pem.Decode(key)
	if b == nil {
		return errors.New("no valid private key found")
	}
	if client.IsEncryptedPEMKey(b) {
		return client.ErrEncryptedKey
	}
	if _, err := tls.X509KeyPair(cert, key); err != nil {
		return errors.New(info + err.Error())
	}
	return nil
}

// endpointOfContext is the docker endpoint of a context of the store or of default (made
// from the flags and DOCKER_HOST), and with withTLS its TLS material.
func endpointOfContext(cli commands.Cli, name string, withTLS bool) (config.Endpoint, map[string][]byte, error) {
	if name == config.DefaultContextName {
		def, err := config.DefaultEndpoint(endpointOptions(cli))
		if err != nil {
			return config.Endpoint{}, nil, err
		}
		ep := config.Endpoint{Host: defaultHost(def), SkipTLSVerify: def.TLS != nil && !def.TLS.Verify}
		if !withTLS || def.TLS == nil {
			return ep, nil, nil
		}
		files := map[string][]byte{}
		for file, p := range map[string]string{"ca.pem": def.TLS.CA, "cert.pem": def.TLS.Cert, "key.pem": def.TLS.Key} {
			if p == "" {
				continue
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return ep, nil, err
			}
			files[file] = b
		}
		return ep, files, nil
	}
	m, err := store(cli).Load(name)
	if err != nil {
		return config.Endpoint{}, nil, err
	}
	ep, ok := m.DockerEndpoint()
	if !ok {
		return ep, nil, fmt.Errorf("unable to get endpoint from context %q", name)
	}
	return ep, nil, nil
}
