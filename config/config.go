// Package config reads the client's configuration directory: config.json and the
// contexts store; it resolves the endpoint from them, the flags and the environment
// (endpoint.go), for the client and the context commands alike. Loading never fails
// hard: docker warns about a broken config.json and goes on with defaults, and so do we.
package config

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// FileName is the configuration file inside the config directory.
const FileName = "config.json"

// AuthConfig is one registry's entry under "auths".
type AuthConfig struct {
	Auth          string `json:"auth,omitempty"`
	IdentityToken string `json:"identitytoken,omitempty"`
	RegistryToken string `json:"registrytoken,omitempty"`
	// Username and Password are never stored by docker but accepted when present.
	Username string `json:"username,omitempty"`
	Password string `json:"password,omitempty"`
	Email    string `json:"email,omitempty"`
}

// ConfigFile mirrors docker's config.json. The type name appears in decoding errors
// ("Go struct field ConfigFile.psFormat"), which docker prints in its warning.
type ConfigFile struct {
	AuthConfigs          map[string]AuthConfig        `json:"auths"`
	HTTPHeaders          map[string]string            `json:"HttpHeaders,omitempty"`
	PsFormat             string                       `json:"psFormat,omitempty"`
	ImagesFormat         string                       `json:"imagesFormat,omitempty"`
	NetworksFormat       string                       `json:"networksFormat,omitempty"`
	PluginsFormat        string                       `json:"pluginsFormat,omitempty"`
	VolumesFormat        string                       `json:"volumesFormat,omitempty"`
	StatsFormat          string                       `json:"statsFormat,omitempty"`
	DetachKeys           string                       `json:"detachKeys,omitempty"`
	CredentialsStore     string                       `json:"credsStore,omitempty"`
	CredentialHelpers    map[string]string            `json:"credHelpers,omitempty"`
	ServicesFormat       string                       `json:"servicesFormat,omitempty"`
	TasksFormat          string                       `json:"tasksFormat,omitempty"`
	SecretFormat         string                       `json:"secretFormat,omitempty"`
	ConfigFormat         string                       `json:"configFormat,omitempty"`
	NodesFormat          string                       `json:"nodesFormat,omitempty"`
	PruneFilters         []string                     `json:"pruneFilters,omitempty"`
	Proxies              map[string]map[string]string `json:"proxies,omitempty"`
	CurrentContext       string                       `json:"currentContext,omitempty"`
	CLIPluginsExtraDirs  []string                     `json:"cliPluginsExtraDirs,omitempty"`
	Plugins              map[string]map[string]string `json:"plugins,omitempty"`
	Aliases              map[string]string            `json:"aliases,omitempty"`
	Features             map[string]string            `json:"features,omitempty"`
	Experimental         string                       `json:"experimental,omitempty"`
	StackOrchestrator    string                       `json:"stackOrchestrator,omitempty"`
	Kubernetes           json.RawMessage              `json:"kubernetes,omitempty"`
	CurrentContextSource string                       `json:"-"`

	// Filename is where the file was (or would be) read from.
	Filename string `json:"-"`

	defaultStoreOnce sync.Once // Store's look-up of the platform's default
	defaultStore     string
}

// Dir returns the configuration directory: the --config flag when set, else
// $DOCKER_CONFIG, else ~/.docker.
func Dir(flag string) string {
	if flag != "" {
		return flag
	}
	if d := os.Getenv("DOCKER_CONFIG"); d != "" {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		home = "/"
	}
	return filepath.Join(home, ".docker")
}

// Load reads dir/config.json as docker does. A missing or empty file gives an empty
// config and no error. A file that cannot be opened, or is not JSON, gives an empty
// config and the error; one whose values have the wrong types, or whose auths hold
// undecodable "auth" fields, gives the settings that did decode and the error (docker
// goes on with them). Only the first JSON value counts: text after it is ignored.
// Callers print the error as docker's warning (LoadWarn) and otherwise ignore it.
func Load(dir string) (*ConfigFile, error) {
	cf := &ConfigFile{Filename: filepath.Join(dir, FileName)}
	f, err := os.Open(cf.Filename)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return cf, nil
		}
		return cf, &openError{err}
	}
	defer f.Close()
	err = json.NewDecoder(f).Decode(cf)
	var typeErr *json.UnmarshalTypeError
	switch {
	case err == io.EOF:
		return cf, nil
	case errors.As(err, &typeErr):
		return cf, typeNameError{err}
	case err != nil:
		return &ConfigFile{Filename: cf.Filename}, err
	}
	for _, a := range cf.AuthConfigs {
		if err := checkAuthField(a.Auth); err != nil {
			return cf, err
		}
	}
	return cf, nil
}

// openError is a config.json that exists but cannot be opened.
type openError struct{ err error }

func (e *openError) Error() string { return e.err.Error() }
func (e *openError) Unwrap() error { return e.err }

// typeNameError shows a decoding error with docker's type names, as its warning does
// ("Go value of type configfile.ConfigFile", "map[string]types.AuthConfig").
type typeNameError struct{ err error }

func (e typeNameError) Error() string {
	return strings.NewReplacer("config.ConfigFile", "configfile.ConfigFile",
		"config.AuthConfig", "types.AuthConfig").Replace(e.err.Error())
}
func (e typeNameError) Unwrap() error { return e.err }

// checkAuthField fails, in docker's words, on an "auth" that is not base64 of
// "user:password" (empty is fine).
func checkAuthField(auth string) error {
	if auth == "" {
		return nil
	}
	raw, err := base64.StdEncoding.DecodeString(auth)
	if err != nil {
		return err
	}
	if !strings.Contains(string(raw), ":") {
		return errors.New("Invalid auth configuration file")
	}
	return nil
}

// LoadWarn loads like Load and returns the warning docker prints when the file is broken
// (empty when there is none).
func LoadWarn(dir string) (*ConfigFile, string) {
	cf, err := Load(dir)
	var oe *openError
	switch {
	case errors.As(err, &oe):
		return cf, fmt.Sprintf("WARNING: Error loading config file: %v", err)
	case err != nil:
		return cf, fmt.Sprintf("WARNING: Error parsing config file (%s): %v", cf.Filename, err)
	}
	return cf, ""
}
