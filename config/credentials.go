package config

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"sort"
	"strings"
	"time"
)

// IndexServer is the key under which docker keeps Docker Hub's credentials.
const IndexServer = "https://index.docker.io/v1/"

// credHelperTokenUser is the user name a credential helper stores identity tokens under.
const credHelperTokenUser = "<token>"

// credHelperNotFound is what a helper prints when it has no credentials for a server.
const credHelperNotFound = "credentials not found in native keychain"

// RegistryAuth is one registry's credentials as config.json and the credential helpers
// give them. Its fields are client.RegistryAuth's (the X-Registry-Auth header), which it
// converts to.
type RegistryAuth struct {
	Username      string
	Password      string
	Auth          string
	Email         string
	ServerAddress string
	IdentityToken string
	RegistryToken string
}

// AuthFor returns the credentials for a registry host, as an image reference names it
// ("docker.io", "127.0.0.1:5000"): from its credential helper (credHelpers, else
// credsStore) when one is configured, else from "auths". No credentials is not an
// error: the result is empty. The helper's own stderr goes to stderr.
func (cf *ConfigFile) AuthFor(ctx context.Context, host string, stderr io.Writer) (RegistryAuth, error) {
	return cf.getAuth(ctx, authKey(host), stderr)
}

// authKey is the config key of a registry host: Docker Hub's is IndexServer, any
// other registry's its host[:port].
func authKey(domain string) string {
	if domain == "docker.io" || domain == "index.docker.io" {
		return IndexServer
	}
	return domain
}

// fileAuth is a config.json "auths" entry as docker reads it: "auth" decoded into
// user name and password, the server address its key. An "auth" that does not decode
// (config.json's loading warned about it) stays as it is, without a server address,
// as docker leaves the entry it stopped at.
func fileAuth(key string, e AuthConfig) (RegistryAuth, error) {
	a := RegistryAuth{
		Username: e.Username, Password: e.Password, Email: e.Email, ServerAddress: key,
		IdentityToken: e.IdentityToken, RegistryToken: e.RegistryToken,
	}
	if e.Auth != "" {
		u, p, err := decodeAuthField(e.Auth)
		if err != nil {
			a.Auth, a.ServerAddress = e.Auth, ""
			return a, nil
		}
		a.Username, a.Password = u, p
	}
	return a, nil
}

// EncodeAuthField is an "auths" entry's "auth" as docker writes it: base64 of
// "user:password" (decodeAuthField reads it back).
func EncodeAuthField(user, password string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + password))
}

func decodeAuthField(s string) (user, password string, err error) {
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return "", "", err
	}
	u, p, ok := strings.Cut(string(raw), ":")
	if !ok {
		return "", "", errors.New("Invalid auth configuration file") //nolint:staticcheck // docker's words
	}
	return u, strings.Trim(p, "\x00"), nil
}

// authHostname reduces a legacy key ("https://reg:5000/v1/") to its host[:port].
func authHostname(key string) string {
	h := strings.TrimPrefix(strings.TrimPrefix(key, "https://"), "http://")
	h, _, _ = strings.Cut(h, "/")
	return h
}

// fileLookup is the entry for key in config.json's "auths": the exact key first, then
// any legacy key with the same host. Missing: empty credentials.
func (cf *ConfigFile) fileLookup(key string) (RegistryAuth, error) {
	if e, ok := cf.AuthConfigs[key]; ok {
		return fileAuth(key, e)
	}
	for k, e := range cf.AuthConfigs {
		if authHostname(k) == key {
			return fileAuth(k, e)
		}
	}
	return RegistryAuth{}, nil
}

// credHelperFor is the helper for a registry key: its credHelpers entry, else the
// credentials store.
func (cf *ConfigFile) credHelperFor(key string) string {
	if h, ok := cf.CredentialHelpers[key]; ok && key != "" {
		return h
	}
	return cf.Store()
}

// credHelperPrefix names a credential helper's program: docker-credential-<name>.
const credHelperPrefix = "docker-credential-"

// Store is the credentials store: credsStore, else, when config.json holds no
// credentials at all (no credsStore, credHelpers or auths), the platform's default as
// docker picks it: "pass" when `pass` is installed, else "secretservice", either only
// when its docker-credential helper is on PATH; else "" (the file itself). Looked up on
// first use, not when config.json is read: most commands never need it.
func (cf *ConfigFile) Store() string {
	if cf.CredentialsStore != "" || len(cf.CredentialHelpers) > 0 || len(cf.AuthConfigs) > 0 {
		return cf.CredentialsStore
	}
	cf.defaultStoreOnce.Do(func() {
		name := "secretservice"
		if _, err := exec.LookPath("pass"); err == nil {
			name = "pass"
		}
		if _, err := exec.LookPath(credHelperPrefix + name); err == nil {
			cf.defaultStore = name
		}
	})
	return cf.defaultStore
}

// getAuth returns the credentials for a registry key (see authKey), from its credential
// helper when one is configured (`docker-credential-<name> get`), else from "auths".
func (cf *ConfigFile) getAuth(ctx context.Context, key string, stderr io.Writer) (RegistryAuth, error) {
	if cf == nil {
		return RegistryAuth{}, nil
	}
	helper := cf.credHelperFor(key)
	if helper == "" {
		return cf.fileLookup(key)
	}
	a, err := cf.fileLookup(key) // the e-mail is only kept in the file
	if err != nil {
		return a, err
	}
	creds, found, err := CredHelperGet(ctx, helper, key, stderr)
	if err != nil {
		return RegistryAuth{}, err
	}
	if !found { // as docker: the helper's "not found" still names the registry
		a.ServerAddress = key
		return a, nil
	}
	a = withHelperCreds(a, creds)
	a.ServerAddress = key
	return a, nil
}

// withHelperCreds puts a helper's answer in place of the file's user name, password and
// identity token: an identity token is stored under the user name "<token>".
func withHelperCreds(a RegistryAuth, creds CredHelperCreds) RegistryAuth {
	a.Username, a.Password, a.IdentityToken = "", "", ""
	if creds.Username == credHelperTokenUser {
		a.IdentityToken = creds.Secret
	} else {
		a.Username, a.Password = creds.Username, creds.Secret
	}
	return a
}

// GetAllAuths returns every registry's credentials: those of the default store (the
// credsStore helper's list, or "auths"), then those of each credHelpers registry, which
// win. A registry-specific helper that fails is skipped with docker's warning on stderr.
func (cf *ConfigFile) GetAllAuths(ctx context.Context, stderr io.Writer) (map[string]RegistryAuth, error) {
	all := map[string]RegistryAuth{}
	if cf == nil {
		return all, nil
	}
	store := cf.Store()
	if store == "" {
		for k, e := range cf.AuthConfigs {
			a, err := fileAuth(k, e)
			if err != nil {
				return nil, err
			}
			all[k] = a
		}
	} else {
		list, err := CredHelperList(ctx, store, stderr)
		if err != nil {
			return nil, err
		}
		for server := range list {
			creds, found, err := CredHelperGet(ctx, store, server, stderr)
			if err != nil {
				return nil, err
			}
			a := RegistryAuth{}
			if e, ok := cf.AuthConfigs[server]; ok {
				a, _ = fileAuth(server, e)
			}
			a.Username, a.Password, a.IdentityToken = "", "", ""
			if found {
				a = withHelperCreds(a, creds)
				if a.ServerAddress == "" {
					a.ServerAddress = server
				}
			}
			all[server] = a
		}
	}
	hosts := make([]string, 0, len(cf.CredentialHelpers))
	for host := range cf.CredentialHelpers {
		hosts = append(hosts, host)
	}
	sort.Strings(hosts)
	for _, host := range hosts {
		a, err := cf.getAuth(ctx, host, stderr)
		if err != nil {
			// docker logs this through logrus, in its text format
			fmt.Fprintf(stderr, "time=%q level=warning msg=%q error=%q\n", time.Now().Format(time.RFC3339),
				"Failed to get credentials for registry: "+host, err.Error())
			continue
		}
		all[host] = a
	}
	return all, nil
}

// EnvAuthConfig is the environment variable that can hold credentials as a config.json
// document ({"auths": {...}}); docker gives them to --use-api-socket containers instead
// of the configured ones.
const EnvAuthConfig = "DOCKER_AUTH_CONFIG"

// AuthsFromJSON reads the "auths" of a config.json document (DOCKER_AUTH_CONFIG's
// value) as docker does: the first JSON value only, every "auth" decoded (an
// undecodable one is an error).
func AuthsFromJSON(doc string) (map[string]RegistryAuth, error) {
	var v struct {
		Auths map[string]AuthConfig `json:"auths"`
	}
	if err := json.NewDecoder(strings.NewReader(doc)).Decode(&v); err != nil {
		return nil, err
	}
	out := make(map[string]RegistryAuth, len(v.Auths))
	for k, e := range v.Auths {
		if e.Auth != "" {
			if _, _, err := decodeAuthField(e.Auth); err != nil {
				return nil, err
			}
		}
		a, _ := fileAuth(k, e)
		out[k] = a
	}
	return out, nil
}

// CredHelperCreds is what a helper's `get` prints.
type CredHelperCreds struct {
	ServerURL string `json:"ServerURL"`
	Username  string `json:"Username"`
	Secret    string `json:"Secret"`
}

// credHelperRun runs `docker-credential-<helper> <action>` with input on stdin and
// returns its standard output; a failure is reported with docker's words ("error
// getting credentials - err: exit status 1, out: `...`").
func credHelperRun(ctx context.Context, helper, action, what, input string, stderr io.Writer) ([]byte, error) {
	cmd := exec.CommandContext(ctx, credHelperPrefix+helper, action)
	cmd.Stdin = strings.NewReader(input)
	cmd.Stderr = stderr
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(out.String())
		switch msg {
		case "no credentials server URL", "no credentials username":
			// the protocol's own errors: docker names them instead of the exit status
			err = errors.New(msg)
		}
		return nil, &credHelperError{what: what, err: err, out: msg}
	}
	return out.Bytes(), nil
}

type credHelperError struct {
	what string
	err  error
	out  string
}

func (e *credHelperError) Error() string {
	return fmt.Sprintf("error %s credentials - err: %v, out: `%s`", e.what, e.err, e.out)
}

// CredHelperGet asks a helper for a server's credentials. found is false when the
// helper says it has none.
func CredHelperGet(ctx context.Context, helper, server string, stderr io.Writer) (creds CredHelperCreds, found bool, err error) {
	out, err := credHelperRun(ctx, helper, "get", "getting", server, stderr)
	if err != nil {
		var he *credHelperError
		if errors.As(err, &he) && he.out == credHelperNotFound {
			return creds, false, nil
		}
		return creds, false, err
	}
	creds.ServerURL = server
	if err := json.NewDecoder(bytes.NewReader(out)).Decode(&creds); err != nil {
		return creds, false, err
	}
	return creds, true, nil
}

// CredHelperList asks a helper for the servers it has credentials for (server → user).
func CredHelperList(ctx context.Context, helper string, stderr io.Writer) (map[string]string, error) {
	out, err := credHelperRun(ctx, helper, "list", "listing", "", stderr)
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	if err := json.Unmarshal(out, &m); err != nil {
		return nil, err
	}
	return m, nil
}
