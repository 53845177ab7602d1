package container

import (
	"archive/tar"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/moby/moby/api/types/container"
)

// cpTestEntry is one entry of a tar stream built or read by the cp tests.
type cpTestEntry struct {
	name, body, link string
	typ              byte
	mode             int64
}

// cpTestTar builds a tar stream from entries (directories end with "/").
func cpTestTar(t testing.TB, entries ...cpTestEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		h := &tar.Header{Name: e.name, Mode: e.mode, ModTime: time.Unix(1600000000, 0), Linkname: e.link, Typeflag: e.typ}
		if h.Typeflag == 0 {
			h.Typeflag = tar.TypeReg
			if strings.HasSuffix(e.name, "/") {
				h.Typeflag = tar.TypeDir
			}
		}
		if h.Mode == 0 {
			h.Mode = 0o644
			if h.Typeflag == tar.TypeDir {
				h.Mode = 0o755
			}
		}
		if h.Typeflag == tar.TypeReg {
			h.Size = int64(len(e.body))
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(tw, e.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// cpTestReadTar lists a tar stream as "name" or "name=body" or "name->link".
func cpTestReadTar(t *testing.T, r io.Reader) []string {
	t.Helper()
	tr := tar.NewReader(r)
	var out []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		s := h.Name
		switch h.Typeflag {
		case tar.TypeReg:
			b, _ := io.ReadAll(tr)
			s += "=" + string(b)
		case tar.TypeSymlink:
			s += "->" + h.Linkname
		case tar.TypeLink:
			s += "=>" + h.Linkname
		}
		out = append(out, s)
	}
}

// cpTestStat encodes a path stat header.
func cpTestStat(name string, mode os.FileMode, link string) string {
	b, _ := json.Marshal(container.PathStat{Name: name, Mode: mode, LinkTarget: link})
	return base64.StdEncoding.EncodeToString(b)
}

// cpTestTree lists a local directory as "rel" (dirs end with "/") or "rel=body" or
// "rel->link", sorted.
func cpTestTree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := cpTestWalk(dir, "", &out)
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func cpTestWalk(root, rel string, out *[]string) error {
	entries, err := os.ReadDir(root + "/" + rel)
	if err != nil {
		return err
	}
	for _, e := range entries {
		p := e.Name()
		if rel != "" {
			p = rel + "/" + e.Name()
		}
		full := root + "/" + p
		fi, err := os.Lstat(full)
		if err != nil {
			return err
		}
		switch {
		case fi.Mode()&os.ModeSymlink != 0:
			l, _ := os.Readlink(full)
			*out = append(*out, p+"->"+l)
		case fi.IsDir():
			*out = append(*out, p+"/")
			if err := cpTestWalk(root, p, out); err != nil {
				return err
			}
		default:
			b, _ := os.ReadFile(full)
			*out = append(*out, p+"="+string(b))
		}
	}
	return nil
}
