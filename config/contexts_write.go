package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// contextNamePattern is the grammar of context names, quoted in docker's error.
const contextNamePattern = "^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$"

// ValidateContextName checks a name as docker does before it reads or writes a context
// by name (use, export, create...): not empty, and contextNamePattern (checked by hand:
// no regexp compiled at start-up or on the hot path).
func ValidateContextName(name string) error {
	if name == "" {
		return errors.New("context name cannot be empty")
	}
	alnum := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' }
	ok := len(name) >= 2 && alnum(name[0])
	for i := 1; ok && i < len(name); i++ {
		c := name[i]
		ok = alnum(c) || c == '_' || c == '.' || c == '+' || c == '-'
	}
	if !ok {
		return fmt.Errorf("context name %q is invalid, names are validated against regexp %q", name, contextNamePattern)
	}
	return nil
}

// CheckNewContextName is ValidateContextName plus docker's refusal of "default", for the
// commands that write a context (create, update, import).
func CheckNewContextName(name string) error {
	if err := ValidateContextName(name); err != nil {
		return err
	}
	if name == DefaultContextName {
		return fmt.Errorf("%q is a reserved context name", DefaultContextName)
	}
	return nil
}

// Exists reports whether the store holds a context of that name (its meta.json).
func (s ContextStore) Exists(name string) bool {
	fi, err := os.Stat(s.MetaPath(name))
	return err == nil && !fi.IsDir()
}

// TLSData is a context's TLS material: endpoint -> file name -> content.
type TLSData map[string]map[string][]byte

// ReadTLS reads every file of a context's TLS material (nil when there is none).
func (s ContextStore) ReadTLS(name string) (TLSData, error) {
	var out TLSData
	for ep, files := range s.TLSMaterial(name) {
		for _, f := range files {
			b, err := os.ReadFile(filepath.Join(s.TLSDir(name), ep, f))
			if err != nil {
				return nil, err
			}
			if out == nil {
				out = TLSData{}
			}
			if out[ep] == nil {
				out[ep] = map[string][]byte{}
			}
			out[ep][f] = b
		}
	}
	return out, nil
}

// MarshalMeta is meta.json as docker writes it: compact, Name, Metadata, Endpoints (map
// keys sorted), the docker endpoint's Host and SkipTLSVerify, numbers as docker's decoder
// reads them (float64: 1e3 is written 1000).
func MarshalMeta(m ContextMeta) ([]byte, error) {
	return json.Marshal(m)
}

// Perms of the store as docker makes it: metadata readable by all, TLS material the
// user's alone.
const (
	metaDirPerm  fs.FileMode = 0o755
	metaFilePerm fs.FileMode = 0o644
	tlsDirPerm   fs.FileMode = 0o700
	tlsFilePerm  fs.FileMode = 0o600
)

// Create adds a context that does not exist yet: its meta.json and TLS material are
// written into a staging folder of the store and renamed into place, TLS first, so that
// a failure leaves no trace and a reader never sees half a context.
func (s ContextStore) Create(name string, meta []byte, tls TLSData) error {
	stage, err := s.stage(meta, tls)
	if err != nil {
		return err
	}
	defer os.RemoveAll(stage)
	if len(tls) > 0 {
		if err := os.MkdirAll(filepath.Dir(s.TLSDir(name)), tlsDirPerm); err != nil {
			return err
		}
		_ = os.RemoveAll(s.TLSDir(name)) // leftovers of a context removed by hand
		if err := os.Rename(filepath.Join(stage, "tls"), s.TLSDir(name)); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(filepath.Dir(s.MetaDir(name)), metaDirPerm); err != nil {
		s.removeTLS(name, tls)
		return err
	}
	if err := os.Rename(filepath.Join(stage, "meta"), s.MetaDir(name)); err != nil {
		s.removeTLS(name, tls)
		if errors.Is(err, fs.ErrExist) || isNotEmpty(err) {
			return fmt.Errorf("context %q already exists", name)
		}
		return err
	}
	return nil
}

func (s ContextStore) removeTLS(name string, tls TLSData) {
	if len(tls) > 0 {
		_ = os.RemoveAll(s.TLSDir(name))
	}
}

// isNotEmpty reports a rename refused because a non-empty directory is in the way.
func isNotEmpty(err error) bool {
	var le *os.LinkError
	return errors.As(err, &le) && le.Err != nil && le.Err.Error() == "directory not empty"
}

// stage writes meta.json and the TLS material into a new folder of the store, with the
// store's modes: <stage>/meta/meta.json, <stage>/tls/<endpoint>/<file>.
func (s ContextStore) stage(meta []byte, tls TLSData) (string, error) {
	if err := os.MkdirAll(s.Root, metaDirPerm); err != nil {
		return "", err
	}
	stage, err := os.MkdirTemp(s.Root, ".staging-")
	if err != nil {
		return "", err
	}
	fail := func(err error) (string, error) {
		os.RemoveAll(stage)
		return "", err
	}
	if err := os.Mkdir(filepath.Join(stage, "meta"), metaDirPerm); err != nil {
		return fail(err)
	}
	if err := os.Chmod(filepath.Join(stage, "meta"), metaDirPerm); err != nil { // whatever the umask
		return fail(err)
	}
	if err := writeFileAtomic(filepath.Join(stage, "meta", "meta.json"), meta, metaFilePerm); err != nil {
		return fail(err)
	}
	if err := writeTLS(filepath.Join(stage, "tls"), tls); err != nil {
		return fail(err)
	}
	return stage, nil
}

// writeTLS writes the material under dir, endpoints and files in name order.
func writeTLS(dir string, tls TLSData) error {
	eps := make([]string, 0, len(tls))
	for ep := range tls {
		eps = append(eps, ep)
	}
	sort.Strings(eps)
	for _, ep := range eps {
		for f, data := range tls[ep] {
			if err := writeFileAtomic(filepath.Join(dir, ep, f), data, tlsFilePerm); err != nil {
				return err
			}
		}
	}
	return nil
}

// Update replaces an existing context's meta.json (atomically) and, when replaceTLS, its
// TLS material: the new material is staged, then swapped with the old, which is removed.
func (s ContextStore) Update(name string, meta []byte, tls TLSData, replaceTLS bool) error {
	if !replaceTLS {
		return writeFileAtomic(s.MetaPath(name), meta, metaFilePerm)
	}
	stage, err := s.stage(meta, tls)
	if err != nil {
		return err
	}
	defer os.RemoveAll(stage)
	old := filepath.Join(stage, "old-tls")
	hadTLS := false
	if _, err := os.Lstat(s.TLSDir(name)); err == nil {
		if err := os.Rename(s.TLSDir(name), old); err != nil {
			return err
		}
		hadTLS = true
	}
	restore := func() {
		if hadTLS {
			_ = os.RemoveAll(s.TLSDir(name))
			_ = os.Rename(old, s.TLSDir(name))
		}
	}
	if len(tls) > 0 {
		if err := os.MkdirAll(filepath.Dir(s.TLSDir(name)), tlsDirPerm); err != nil {
			restore()
			return err
		}
		if err := os.Rename(filepath.Join(stage, "tls"), s.TLSDir(name)); err != nil {
			restore()
			return err
		}
	}
	if err := os.Rename(filepath.Join(stage, "meta", "meta.json"), s.MetaPath(name)); err != nil {
		_ = os.RemoveAll(s.TLSDir(name))
		restore()
		return err
	}
	return nil
}

// ErrNoSuchContext is Remove's error for a context the store lacks.
var ErrNoSuchContext = errors.New("does not exist")

// Remove deletes a context: its meta.json folder first (the context is gone for every
// reader at once), then its TLS material. A context the store lacks is docker's
// `context "x" does not exist`.
func (s ContextStore) Remove(name string) error {
	if _, err := os.Stat(s.MetaDir(name)); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("context %q %w", name, ErrNoSuchContext)
		}
		return err
	}
	if err := os.RemoveAll(s.MetaDir(name)); err != nil {
		return err
	}
	return os.RemoveAll(s.TLSDir(name))
}
