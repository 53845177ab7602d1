package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// FileAuthEntry is an "auths" entry as docker writes it: the user name and password
// only as "auth", fields in docker's order. Login writes config.json with it and
// --use-api-socket gives it to containers.
type FileAuthEntry struct {
	Auth          string `json:"auth,omitempty"`
	Email         string `json:"email,omitempty"`
	IdentityToken string `json:"identitytoken,omitempty"`
	RegistryToken string `json:"registrytoken,omitempty"`
}

// NewFileAuthEntry is a's entry: user name and password encoded into "auth".
func NewFileAuthEntry(a RegistryAuth) FileAuthEntry {
	e := FileAuthEntry{Email: a.Email, IdentityToken: a.IdentityToken, RegistryToken: a.RegistryToken}
	if a.Username != "" || a.Password != "" {
		e.Auth = EncodeAuthField(a.Username, a.Password)
	}
	return e
}

// proxyConfig is a "proxies" entry in the order docker writes its fields.
type proxyConfig struct {
	HTTPProxy  string `json:"httpProxy,omitempty"`
	HTTPSProxy string `json:"httpsProxy,omitempty"`
	NoProxy    string `json:"noProxy,omitempty"`
	FTPProxy   string `json:"ftpProxy,omitempty"`
	AllProxy   string `json:"allProxy,omitempty"`
}

// savedFile is config.json as docker 28 writes it: its keys, in its order. Every other
// key of the file on disk is kept after them (see Save).
type savedFile struct {
	AuthConfigs         map[string]FileAuthEntry     `json:"auths"`
	HTTPHeaders         map[string]string            `json:"HttpHeaders,omitempty"`
	PsFormat            string                       `json:"psFormat,omitempty"`
	ImagesFormat        string                       `json:"imagesFormat,omitempty"`
	NetworksFormat      string                       `json:"networksFormat,omitempty"`
	PluginsFormat       string                       `json:"pluginsFormat,omitempty"`
	VolumesFormat       string                       `json:"volumesFormat,omitempty"`
	StatsFormat         string                       `json:"statsFormat,omitempty"`
	DetachKeys          string                       `json:"detachKeys,omitempty"`
	CredentialsStore    string                       `json:"credsStore,omitempty"`
	CredentialHelpers   map[string]string            `json:"credHelpers,omitempty"`
	ServicesFormat      string                       `json:"servicesFormat,omitempty"`
	TasksFormat         string                       `json:"tasksFormat,omitempty"`
	SecretFormat        string                       `json:"secretFormat,omitempty"`
	ConfigFormat        string                       `json:"configFormat,omitempty"`
	NodesFormat         string                       `json:"nodesFormat,omitempty"`
	PruneFilters        []string                     `json:"pruneFilters,omitempty"`
	Proxies             map[string]proxyConfig       `json:"proxies,omitempty"`
	CurrentContext      string                       `json:"currentContext,omitempty"`
	CLIPluginsExtraDirs []string                     `json:"cliPluginsExtraDirs,omitempty"`
	Plugins             map[string]map[string]string `json:"plugins,omitempty"`
	Aliases             map[string]string            `json:"aliases,omitempty"`
	Features            map[string]string            `json:"features,omitempty"`
	Experimental        string                       `json:"experimental,omitempty"`
}

// savedKeys are the keys savedFile writes: every other key of the file is kept as it is.
func savedKeys() map[string]bool {
	return map[string]bool{"auths": true, "HttpHeaders": true, "psFormat": true, "imagesFormat": true,
		"networksFormat": true, "pluginsFormat": true, "volumesFormat": true, "statsFormat": true,
		"detachKeys": true, "credsStore": true, "credHelpers": true, "servicesFormat": true,
		"tasksFormat": true, "secretFormat": true, "configFormat": true, "nodesFormat": true,
		"pruneFilters": true, "proxies": true, "currentContext": true, "cliPluginsExtraDirs": true,
		"plugins": true, "aliases": true, "features": true, "experimental": true}
}

func (cf *ConfigFile) saved() savedFile {
	s := savedFile{
		AuthConfigs: make(map[string]FileAuthEntry, len(cf.AuthConfigs)),
		HTTPHeaders: cf.HTTPHeaders, PsFormat: cf.PsFormat, ImagesFormat: cf.ImagesFormat,
		NetworksFormat: cf.NetworksFormat, PluginsFormat: cf.PluginsFormat, VolumesFormat: cf.VolumesFormat,
		StatsFormat: cf.StatsFormat, DetachKeys: cf.DetachKeys, CredentialsStore: cf.CredentialsStore,
		CredentialHelpers: cf.CredentialHelpers, ServicesFormat: cf.ServicesFormat, TasksFormat: cf.TasksFormat,
		SecretFormat: cf.SecretFormat, ConfigFormat: cf.ConfigFormat, NodesFormat: cf.NodesFormat,
		PruneFilters: cf.PruneFilters, CurrentContext: cf.CurrentContext, CLIPluginsExtraDirs: cf.CLIPluginsExtraDirs,
		Plugins: cf.Plugins, Aliases: cf.Aliases, Features: cf.Features, Experimental: cf.Experimental,
	}
	for k, e := range cf.AuthConfigs {
		// a legacy entry with a user name and password is written as docker writes it
		a, _ := fileAuth(k, e)
		fe := NewFileAuthEntry(a)
		if a.ServerAddress == "" { // an "auth" that does not decode stays as it was
			fe.Auth = e.Auth
		}
		s.AuthConfigs[k] = fe
	}
	if len(cf.Proxies) > 0 {
		s.Proxies = make(map[string]proxyConfig, len(cf.Proxies))
		for k, p := range cf.Proxies {
			s.Proxies[k] = proxyConfig{HTTPProxy: p["httpProxy"], HTTPSProxy: p["httpsProxy"],
				NoProxy: p["noProxy"], FTPProxy: p["ftpProxy"], AllProxy: p["allProxy"]}
		}
	}
	return s
}

// rawKey is one top-level key of a JSON object with its value as written.
type rawKey struct {
	name  string
	value json.RawMessage
}

// topLevelKeys reads the keys of the JSON object in b in their order; nil when b is not
// one (a broken file is replaced, as docker replaces it).
func topLevelKeys(b []byte) []rawKey {
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	var keys []rawKey
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil
		}
		name, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil
		}
		keys = append(keys, rawKey{name, v})
	}
	return keys
}

// Marshal is the file Save writes over old (the file's current content, nil when there
// is none): docker's keys from cf, in docker's order and layout (tab indentation, no
// final newline), then every other top-level key of old, in its order, with its value.
func (cf *ConfigFile) Marshal(old []byte) ([]byte, error) {
	b, err := json.MarshalIndent(cf.saved(), "", "\t")
	if err != nil {
		return nil, err
	}
	known := savedKeys()
	seen := map[string]bool{}
	var extra bytes.Buffer
	for _, k := range topLevelKeys(old) {
		if known[k.name] || seen[k.name] {
			continue
		}
		seen[k.name] = true
		name, _ := json.Marshal(k.name)
		extra.WriteString(",\n\t")
		extra.Write(name)
		extra.WriteString(": ")
		if err := json.Indent(&extra, k.value, "\t", "\t"); err != nil {
			return nil, err
		}
	}
	if extra.Len() == 0 {
		return b, nil
	}
	// b ends with "\n}": the kept keys go before it
	out := append([]byte{}, b[:len(b)-2]...)
	out = append(out, extra.Bytes()...)
	return append(out, "\n}"...), nil
}

// Save writes config.json atomically (writeFileAtomic), mode 0600: it may hold
// secrets. A config.json that is a symbolic link is replaced at its target. The
// directory is made (0700) when missing.
func (cf *ConfigFile) Save() error {
	path := cf.Filename
	if target, err := filepath.EvalSymlinks(path); err == nil {
		path = target
	}
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	b, err := cf.Marshal(old)
	if err != nil {
		return err
	}
	return writeFileAtomic(path, b, 0o600)
}
