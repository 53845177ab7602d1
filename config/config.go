// Package config reads the client's configuration directory: config.json and the
// contexts store. Loading never fails hard: docker warns about a broken config.json and
// goes on with defaults, and so do we.
package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
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
	Aliases              map[string]string            `json:"aliases,omitempty"`
	Features             map[string]string            `json:"features,omitempty"`
	Experimental         string                       `json:"experimental,omitempty"`
	StackOrchestrator    string                       `json:"stackOrchestrator,omitempty"`
	Kubernetes           json.RawMessage              `json:"kubernetes,omitempty"`
	CurrentContextSource string                       `json:"-"`

	// Filename is where the file was (or would be) read from.
	Filename string `json:"-"`
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

// Load reads dir/config.json. A missing file gives an empty config and no error; an
// unreadable or invalid file gives an empty config and the error, which callers print
// as docker's warning and otherwise ignore.
func Load(dir string) (*ConfigFile, error) {
	cf := &ConfigFile{Filename: filepath.Join(dir, FileName)}
	data, err := os.ReadFile(cf.Filename)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return cf, nil
		}
		return cf, err
	}
	if err := json.Unmarshal(data, cf); err != nil {
		fresh := &ConfigFile{Filename: cf.Filename}
		return fresh, err
	}
	return cf, nil
}

// LoadWarn loads like Load and returns the warning docker prints when the file is broken
// (empty when there is none).
func LoadWarn(dir string) (*ConfigFile, string) {
	cf, err := Load(dir)
	if err != nil {
		return cf, fmt.Sprintf("WARNING: Error parsing config file (%s): %v", cf.Filename, err)
	}
	return cf, ""
}
