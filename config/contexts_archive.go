package config

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
)

// WriteContextArchive writes a context as docker's export does: a ustar archive of
// meta.json (0644), then tls/ (0700, always there), each endpoint's folder (0700) and
// its files (0600), in name order, owned by 0:0 and dated 1970-01-01, not closed (see
// the end).
func WriteContextArchive(w io.Writer, meta []byte, tls TLSData) error {
	tw := tar.NewWriter(w)
	file := func(name string, mode int64, data []byte) error {
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: mode, Size: int64(len(data))}); err != nil {
			return err
		}
		_, err := tw.Write(data)
		return err
	}
	dir := func(name string) error {
		return tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: name, Mode: int64(tlsDirPerm)})
	}
	if err := file("meta.json", int64(metaFilePerm), meta); err != nil {
		return err
	}
	if err := dir("tls"); err != nil {
		return err
	}
	for _, ep := range sortedKeys(tls) {
		if err := dir("tls/" + ep); err != nil {
			return err
		}
		for _, f := range sortedKeys(tls[ep]) {
			if err := file("tls/"+ep+"/"+f, int64(tlsFilePerm), tls[ep][f]); err != nil {
				return err
			}
		}
	}
	// As docker's: neither the last file's padding nor the end-of-archive blocks
	// (readers take the archive's end for its end), so that the bytes are the same.
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// storeMetadata is an imported meta.json as docker reads it: every field as written
// (numbers as float64, as docker's decoder has them). Its type name shows in decoding
// errors as docker's ("store.Metadata").
type storeMetadata struct {
	Name      string         `json:",omitempty"`
	Metadata  any            `json:",omitempty"`
	Endpoints map[string]any `json:",omitempty"`
}

// ImportedContext is a context archive read whole, nothing of it written yet.
type ImportedContext struct {
	meta storeMetadata
	TLS  TLSData
}

// Meta is the context's meta.json as the store keeps it, under the name given.
func (c ImportedContext) Meta(name string) ([]byte, error) {
	m := c.meta
	m.Name = name
	return json.Marshal(m)
}

// Limits on what an archive may hold: a context is a few kilobytes; these keep a hostile
// archive from filling memory (docker has none: it writes what comes to disk).
const (
	maxArchiveEntry = 16 << 20
	maxArchiveTotal = 64 << 20
)

// errArchiveTooLarge is an archive past the limits above.
var errArchiveTooLarge = errors.New("invalid context: archive too large")

// ReadContextArchive reads a context exported by docker (or a zip of the same files,
// told by its signature) with docker's checks and errors: meta.json, regular files
// under tls/<endpoint>/ and nothing else; links, folders and other non-regular entries
// passed over; the last of two entries of one name wins. tlsDir is where the material
// will go, for docker's message on a file in a sub-folder. Nothing is written.
func ReadContextArchive(r io.Reader, tlsDir string) (ImportedContext, error) {
	br := bufio.NewReader(r)
	if sig, _ := br.Peek(4); string(sig) == "PK\x03\x04" {
		return readContextZip(br, tlsDir)
	}
	var c ImportedContext
	var seenMeta bool
	var total int64
	tr := tar.NewReader(br)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return c, err
		}
		if h.Typeflag != tar.TypeReg && h.Typeflag != tar.TypeRegA { //nolint:staticcheck // old archives
			continue
		}
		if h.Size > maxArchiveEntry || total+h.Size > maxArchiveTotal {
			return c, errArchiveTooLarge
		}
		total += h.Size
		if err := c.add(h.Name, tr, tlsDir, &seenMeta); err != nil {
			return c, err
		}
	}
	if !seenMeta {
		return c, errors.New("invalid context: no metadata found")
	}
	return c, nil
}

func readContextZip(r io.Reader, tlsDir string) (ImportedContext, error) {
	var c ImportedContext
	b, err := io.ReadAll(io.LimitReader(r, maxArchiveTotal+1))
	if err != nil {
		return c, err
	}
	if len(b) > maxArchiveTotal {
		return c, errArchiveTooLarge
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return c, err
	}
	var seenMeta bool
	for _, f := range zr.File {
		if !f.Mode().IsRegular() {
			continue
		}
		if f.UncompressedSize64 > maxArchiveEntry {
			return c, errArchiveTooLarge
		}
		rc, err := f.Open()
		if err != nil {
			return c, err
		}
		err = c.add(f.Name, rc, tlsDir, &seenMeta)
		rc.Close()
		if err != nil {
			return c, err
		}
	}
	if !seenMeta {
		return c, errors.New("invalid context: no metadata found")
	}
	return c, nil
}

// add takes one regular file of the archive.
func (c *ImportedContext) add(name string, r io.Reader, tlsDir string, seenMeta *bool) error {
	switch {
	case name == "meta.json":
		data, err := readEntry(r)
		if err != nil {
			return err
		}
		var m storeMetadata
		if err := json.Unmarshal(data, &m); err != nil {
			return errors.New(strings.NewReplacer("config.storeMetadata", "store.Metadata",
				"field storeMetadata.", "field Metadata.").Replace(err.Error()))
		}
		c.meta, *seenMeta = m, true
		return nil
	case strings.HasPrefix(name, "tls/"):
		if path.Clean(name) != name {
			return fmt.Errorf("%s: unexpected path format", name)
		}
		parts := strings.SplitN(name, "/", 3)
		if len(parts) < 3 {
			return errors.New("archive format is invalid")
		}
		if strings.Contains(parts[2], "/") {
			// docker writes only into the endpoint's folder, which it made
			sub := filepath.Join(tlsDir, parts[1], filepath.FromSlash(path.Dir(parts[2])))
			return fmt.Errorf("invalid output path: stat %s: %w", sub, syscall.ENOENT)
		}
		data, err := readEntry(r)
		if err != nil {
			return err
		}
		if c.TLS == nil {
			c.TLS = TLSData{}
		}
		if c.TLS[parts[1]] == nil {
			c.TLS[parts[1]] = map[string][]byte{}
		}
		c.TLS[parts[1]][parts[2]] = data
		return nil
	}
	return fmt.Errorf("%s: unexpected context file", name)
}

func readEntry(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxArchiveEntry+1))
	if err == nil && len(b) > maxArchiveEntry {
		err = errArchiveTooLarge
	}
	return b, err
}
