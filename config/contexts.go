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
	"strings"
)

// DefaultContextName is the context that stands for DOCKER_HOST / the local socket.
const DefaultContextName = "default"

// Endpoint is a context's docker endpoint.
type Endpoint struct {
	Host          string `json:",omitempty"`
	SkipTLSVerify bool
}

// ContextMeta is a context's meta.json.
type ContextMeta struct {
	Name      string              `json:",omitempty"`
	Metadata  map[string]any      `json:",omitempty"`
	Endpoints map[string]Endpoint `json:",omitempty"`
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

// MetaPath is the path of a context's meta.json.
func (s ContextStore) MetaPath(name string) string {
	return filepath.Join(s.Root, "meta", contextDir(name), "meta.json")
}

// ErrContextNotFound marks a context that the store does not hold.
var ErrContextNotFound = errors.New("context not found")

// Load reads a context's metadata. The error wording follows docker's:
// `context "x": context not found: open .../meta.json: no such file or directory`.
func (s ContextStore) Load(name string) (ContextMeta, error) {
	var m ContextMeta
	p := s.MetaPath(name)
	data, err := os.ReadFile(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return m, fmt.Errorf("context %q: %w: %v", name, ErrContextNotFound, err)
		}
		return m, fmt.Errorf("context %q: %v", name, err)
	}
	if err := json.Unmarshal(data, &m); err != nil {
		// docker's decoder names its own type in the message
		msg := strings.ReplaceAll(err.Error(), "config.ContextMeta", "store.untypedContextMetadata")
		return m, fmt.Errorf("context %q: parsing %s: %s", name, p, msg)
	}
	return m, nil
}

// TLS returns the context's TLS files for the docker endpoint, those that exist.
func (s ContextStore) TLS(name string) TLSFiles {
	dir := filepath.Join(s.Root, "tls", contextDir(name), "docker")
	pick := func(f string) string {
		p := filepath.Join(dir, f)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		return ""
	}
	return TLSFiles{CA: pick("ca.pem"), Cert: pick("cert.pem"), Key: pick("key.pem")}
}

// List returns every context in the store (not including default).
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
		data, err := os.ReadFile(filepath.Join(s.Root, "meta", e.Name(), "meta.json"))
		if err != nil {
			continue
		}
		var m ContextMeta
		if json.Unmarshal(data, &m) == nil && m.Name != "" {
			out = append(out, m)
		}
	}
	return out, nil
}
