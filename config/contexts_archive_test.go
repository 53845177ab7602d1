package config

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
)

type entry struct {
	name, body string
	typ        byte
	link       string
}

func mkTar(t testing.TB, entries ...entry) []byte {
	t.Helper()
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	for _, e := range entries {
		typ := e.typ
		if typ == 0 {
			typ = tar.TypeReg
		}
		h := &tar.Header{Name: e.name, Typeflag: typ, Linkname: e.link, Mode: 0o600}
		if typ == tar.TypeReg {
			h.Size = int64(len(e.body))
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if typ == tar.TypeReg {
			if _, err := tw.Write([]byte(e.body)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const testMeta = `{"Name":"x","Metadata":{},"Endpoints":{"docker":{"Host":"tcp://h:1","SkipTLSVerify":false}}}`

// TestContextArchiveRoundTrip: what WriteContextArchive writes (docker's unclosed
// archive) reads back, under the new name.
func TestContextArchiveRoundTrip(t *testing.T) {
	var b bytes.Buffer
	tls := TLSData{"docker": {"ca.pem": []byte("CA"), "key.pem": []byte("KEY")}, "k8s": {"x.pem": []byte("X")}}
	if err := WriteContextArchive(&b, []byte(testMeta), tls); err != nil {
		t.Fatal(err)
	}
	// the last file is not padded, as docker's
	if b.Len()%512 == 0 {
		t.Fatalf("archive of %d bytes: padded", b.Len())
	}
	var names []string
	tr := tar.NewReader(bytes.NewReader(b.Bytes()))
	for {
		h, err := tr.Next()
		if err != nil {
			break
		}
		names = append(names, h.Name+" "+h.FileInfo().Mode().String())
	}
	want := "meta.json -rw-r--r--,tls drwx------,tls/docker drwx------,tls/docker/ca.pem -rw-------,tls/docker/key.pem -rw-------,tls/k8s drwx------,tls/k8s/x.pem -rw-------"
	if strings.Join(names, ",") != want {
		t.Fatalf("%s", strings.Join(names, ","))
	}
	c, err := ReadContextArchive(bytes.NewReader(b.Bytes()), "/store/tls/h")
	if err != nil {
		t.Fatal(err)
	}
	meta, _ := c.Meta("new")
	if string(meta) != strings.Replace(testMeta, `"x"`, `"new"`, 1) {
		t.Fatalf("%s", meta)
	}
	if string(c.TLS["docker"]["key.pem"]) != "KEY" || string(c.TLS["k8s"]["x.pem"]) != "X" {
		t.Fatal(c.TLS)
	}
}

// TestContextArchiveHostile: docker 28's errors for archives that are not a context or
// reach out of the store; links and folders passed over as docker passes them.
func TestContextArchiveHostile(t *testing.T) {
	meta := entry{name: "meta.json", body: testMeta}
	for _, c := range []struct {
		name    string
		archive []byte
		err     string
	}{
		{"dotdot", mkTar(t, meta, entry{name: "../evil", body: "x"}), "../evil: unexpected context file"},
		{"absolute", mkTar(t, meta, entry{name: "/tmp/evil", body: "x"}), "/tmp/evil: unexpected context file"},
		{"tls dotdot", mkTar(t, meta, entry{name: "tls/docker/../../../evil", body: "x"}), "tls/docker/../../../evil: unexpected path format"},
		{"tls dot", mkTar(t, meta, entry{name: "tls/docker/./ca.pem", body: "x"}), "tls/docker/./ca.pem: unexpected path format"},
		{"tls double slash", mkTar(t, meta, entry{name: "tls//docker/ca.pem", body: "x"}), "tls//docker/ca.pem: unexpected path format"},
		{"tls flat", mkTar(t, meta, entry{name: "tls/ca.pem", body: "x"}), "archive format is invalid"},
		{"tls sub", mkTar(t, meta, entry{name: "tls/docker/sub/ca.pem", body: "x"}), "invalid output path: stat /store/tls/h/docker/sub: no such file or directory"},
		{"other file", mkTar(t, meta, entry{name: "foo.txt", body: "x"}), "foo.txt: unexpected context file"},
		{"dot meta", mkTar(t, entry{name: "./meta.json", body: testMeta}), "./meta.json: unexpected context file"},
		{"no meta", mkTar(t, entry{name: "tls/docker/ca.pem", body: "x"}), "invalid context: no metadata found"},
		{"empty", nil, "invalid context: no metadata found"},
		{"meta array", mkTar(t, entry{name: "meta.json", body: "[1]"}), "json: cannot unmarshal array into Go value of type store.Metadata"},
		{"meta name", mkTar(t, entry{name: "meta.json", body: `{"Name":5}`}), "json: cannot unmarshal number into Go struct field Metadata.Name of type string"},
		{"meta trailing", mkTar(t, entry{name: "meta.json", body: `{} x`}), "invalid character 'x' after top-level value"},
		{"garbage", []byte("garbage\n"), "unexpected EOF"},
		{"bad header", bytes.Repeat([]byte{1}, 1024), "archive/tar: invalid tar header"},
		{"bad zip", []byte("PK\x03\x04garbage"), "zip: not a valid zip file"},
	} {
		_, err := ReadContextArchive(bytes.NewReader(c.archive), "/store/tls/h")
		if err == nil || err.Error() != c.err {
			t.Errorf("%s: %v, want %q", c.name, err, c.err)
		}
	}

	// links, folders and devices are passed over: nothing read through them
	c, err := ReadContextArchive(bytes.NewReader(mkTar(t, meta,
		entry{name: "tls", typ: tar.TypeSymlink, link: "/tmp"},
		entry{name: "tls/docker/ca.pem", typ: tar.TypeSymlink, link: "/etc/passwd"},
		entry{name: "tls/docker/cert.pem", typ: tar.TypeLink, link: "/etc/passwd"},
		entry{name: "../x", typ: tar.TypeSymlink, link: "/etc"},
		entry{name: "tls/docker/", typ: tar.TypeDir},
		entry{name: "tls/docker/key.pem", body: "K"},
	)), "/store/tls/h")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.TLS["docker"]) != 1 || string(c.TLS["docker"]["key.pem"]) != "K" {
		t.Fatal(c.TLS)
	}

	// a zip of the same files, and one that escapes
	zipOf := func(names ...string) []byte {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		for _, n := range names {
			w, _ := zw.Create(n)
			body := "x"
			if n == "meta.json" {
				body = testMeta
			}
			io.WriteString(w, body)
		}
		zw.Close()
		return b.Bytes()
	}
	c, err = ReadContextArchive(bytes.NewReader(zipOf("meta.json", "tls/docker/ca.pem")), "/store/tls/h")
	if err != nil || string(c.TLS["docker"]["ca.pem"]) != "x" {
		t.Fatal(c, err)
	}
	if _, err := ReadContextArchive(bytes.NewReader(zipOf("meta.json", "../zevil")), "/s"); err == nil || err.Error() != "../zevil: unexpected context file" {
		t.Fatal(err)
	}

	// too large
	big := strings.Repeat("x", maxArchiveEntry+1)
	if _, err := ReadContextArchive(bytes.NewReader(mkTar(t, meta, entry{name: "tls/docker/ca.pem", body: big})), "/s"); err != errArchiveTooLarge {
		t.Fatal(err)
	}
}

// FuzzContextArchive: hostile archives (tar or zip) never panic, and what is accepted
// only names files inside the endpoint folders of the store.
func FuzzContextArchive(f *testing.F) {
	f.Add(mkTar(f, entry{name: "meta.json", body: testMeta}, entry{name: "tls/docker/ca.pem", body: "x"}))
	f.Add(mkTar(f, entry{name: "meta.json", body: testMeta}, entry{name: "tls/../../x", body: "x"}))
	f.Add(mkTar(f, entry{name: "tls", typ: tar.TypeSymlink, link: "/"}, entry{name: "meta.json", body: "null"}))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ReadContextArchive(bytes.NewReader(data), "/store/tls/h")
		if err != nil {
			return
		}
		if _, err := c.Meta("ok"); err != nil {
			t.Fatalf("accepted metadata does not marshal: %v", err)
		}
		for ep, files := range c.TLS {
			if ep == "" || ep == "." || ep == ".." || strings.ContainsAny(ep, "/") {
				t.Fatalf("endpoint %q", ep)
			}
			for name := range files {
				if name == "" || name == "." || name == ".." || strings.Contains(name, "/") {
					t.Fatalf("file %q of %q", name, ep)
				}
			}
		}
	})
}
