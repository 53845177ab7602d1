package config

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// DefaultContextName is the context that stands for DOCKER_HOST / the local socket.
const DefaultContextName = "default"

// Endpoint is a context's docker endpoint, fields in docker's order.
type Endpoint struct {
	Host          string `json:",omitempty"`
	SkipTLSVerify bool
}

// ContextMeta is a context's meta.json as docker reads it: its docker endpoint typed,
// every other endpoint and the metadata decoded generically (numbers as float64), so
// that inspect shows them as docker does.
type ContextMeta struct {
	Name string `json:",omitempty"`
	// Metadata is the "Metadata" object (a map; nil when absent).
	Metadata any `json:",omitempty"`
	// Endpoints holds the docker endpoint as an Endpoint, others as decoded.
	Endpoints map[string]any `json:",omitempty"`
}

// DockerEndpoint is the context's docker endpoint; false when it has none.
func (m ContextMeta) DockerEndpoint() (Endpoint, bool) {
	e, ok := m.Endpoints["docker"].(Endpoint)
	return e, ok
}

// Description is the metadata's "Description" ("" when it is absent or no string).
func (m ContextMeta) Description() string {
	md, _ := m.Metadata.(map[string]any)
	d, _ := md["Description"].(string)
	return d
}

// TLSFiles are the paths of a context's TLS material; empty when absent.
type TLSFiles struct {
	CA, Cert, Key string
}

// ContextStore is the contexts directory under the config directory.
type ContextStore struct {
	Root string // <config dir>/contexts
}

// NewContextStore returns the store of the given config directory.
func NewContextStore(configDir string) ContextStore {
	return ContextStore{Root: filepath.Join(configDir, "contexts")}
}

// contextDir names a context's folders: the hex sha256 of its name, as docker does.
func contextDir(name string) string {
	sum := sha256.Sum256([]byte(name))
	return hex.EncodeToString(sum[:])
}

// MetaDir is the folder of a context's meta.json.
func (s ContextStore) MetaDir(name string) string {
	return filepath.Join(s.Root, "meta", contextDir(name))
}

// TLSDir is the folder of a context's TLS material, one folder an endpoint.
func (s ContextStore) TLSDir(name string) string {
	return filepath.Join(s.Root, "tls", contextDir(name))
}

// MetaPath is the path of a context's meta.json.
func (s ContextStore) MetaPath(name string) string {
	return filepath.Join(s.MetaDir(name), "meta.json")
}

// ErrContextNotFound marks a context that the store does not hold.
var ErrContextNotFound = errors.New("context not found")

// Load reads a context's metadata. The error wording follows docker's:
// `context "x": context not found: open .../meta.json: no such file or directory`.
func (s ContextStore) Load(name string) (ContextMeta, error) {
	p := s.MetaPath(name)
	data, err := os.ReadFile(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return ContextMeta{}, fmt.Errorf("context %q: %w: %v", name, ErrContextNotFound, err)
		}
		return ContextMeta{}, fmt.Errorf("context %q: %v", name, err)
	}
	m, err := parseMeta(data)
	if err != nil {
		return m, fmt.Errorf("context %q: parsing %s: %s", name, p, err)
	}
	return m, nil
}

// untypedContextMetadata is meta.json's first reading; docker's decoder has a type of
// this name, which its messages show.
type untypedContextMetadata struct {
	Name      string                     `json:",omitempty"`
	Metadata  json.RawMessage            `json:",omitempty"`
	Endpoints map[string]json.RawMessage `json:",omitempty"`
}

// metaErrorNames words decoding errors with docker's type names.
func metaErrorNames(err error) string {
	return strings.NewReplacer("config.untypedContextMetadata", "store.untypedContextMetadata",
		"config.Endpoint", "context.EndpointMetaBase", "field Endpoint.", "field EndpointMetaBase.").Replace(err.Error())
}

// parseMeta reads meta.json as docker does: the whole file one JSON value, then the
// metadata as an object and the docker endpoint as an Endpoint.
func parseMeta(data []byte) (ContextMeta, error) {
	var u untypedContextMetadata
	if err := json.Unmarshal(data, &u); err != nil {
		return ContextMeta{}, errors.New(metaErrorNames(err))
	}
	m := ContextMeta{Name: u.Name}
	if len(u.Metadata) > 0 {
		var md map[string]any
		if err := decodeNumbers(u.Metadata, &md); err != nil {
			return m, errors.New(metaErrorNames(err))
		}
		if md != nil {
			m.Metadata = md
		}
	}
	if len(u.Endpoints) > 0 {
		m.Endpoints = make(map[string]any, len(u.Endpoints))
	}
	for k, raw := range u.Endpoints {
		if k == "docker" {
			var e Endpoint
			if err := json.Unmarshal(raw, &e); err != nil {
				return m, errors.New(metaErrorNames(err))
			}
			m.Endpoints[k] = e
			continue
		}
		var v any
		if err := decodeNumbers(raw, &v); err != nil {
			return m, err
		}
		m.Endpoints[k] = v
	}
	return m, nil
}

// decodeNumbers decodes raw (already checked to be one JSON value) as docker does:
// numbers as float64, so that 1e3 reads back as 1000 and a large integer is rounded,
// in inspect's output and in what the store writes.
func decodeNumbers(raw []byte, v any) error {
	return json.Unmarshal(raw, v)
}

// TLS returns the context's TLS files for the docker endpoint, those that exist.
func (s ContextStore) TLS(name string) TLSFiles {
	dir := filepath.Join(s.TLSDir(name), "docker")
	pick := func(f string) string {
		p := filepath.Join(dir, f)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		return ""
	}
	return TLSFiles{CA: pick("ca.pem"), Cert: pick("cert.pem"), Key: pick("key.pem")}
}

// TLSMaterial lists the files of a context's TLS material by endpoint, names sorted, as
// docker's inspect shows them: {"docker": ["ca.pem", "cert.pem", "key.pem"]}. Empty when
// there is none.
func (s ContextStore) TLSMaterial(name string) map[string][]string {
	out := map[string][]string{}
	endpoints, err := os.ReadDir(s.TLSDir(name))
	if err != nil {
		return out
	}
	for _, ep := range endpoints {
		if !ep.IsDir() {
			continue
		}
		files, err := os.ReadDir(filepath.Join(s.TLSDir(name), ep.Name()))
		if err != nil {
			continue
		}
		var names []string
		for _, f := range files {
			if !f.IsDir() {
				names = append(names, f.Name())
			}
		}
		if len(names) > 0 {
			sort.Strings(names)
			out[ep.Name()] = names
		}
	}
	return out
}

// List returns every context in the store (not including default), in the store's
// order. A folder without meta.json is passed over, as docker does; a meta.json that
// does not parse fails the listing in docker's words ("failed to read metadata: parsing
// .../meta.json: ...").
func (s ContextStore) List() ([]ContextMeta, error) {
	entries, err := os.ReadDir(filepath.Join(s.Root, "meta"))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	var out []ContextMeta
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		p := filepath.Join(s.Root, "meta", e.Name(), "meta.json")
		if fi, err := os.Stat(p); err != nil || fi.IsDir() {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("failed to read metadata: %w", err)
		}
		m, err := parseMeta(data)
		if err != nil {
			return nil, fmt.Errorf("failed to read metadata: parsing %s: %s", p, err)
		}
		out = append(out, m)
	}
	return out, nil
}
