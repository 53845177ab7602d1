package imagebuild

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"gotest.tools/v3/assert"
	is "gotest.tools/v3/assert/cmp"
)

func serve(t *testing.T, files map[string][]byte) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := files[r.URL.Path]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, "<html>nothing here</html>")
			return
		}
		w.Header().Set("Content-Length", fmt.Sprint(len(b)))
		w.Write(b)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestURLContext(t *testing.T) {
	small := tarOf(t, tar.FormatUSTAR, "a")                             // 3 KiB: whole in docker's first read
	big := tarOf(t, tar.FormatUSTAR, "a", "b", "c", "d", "e", "f", "g") // 8 KiB: relayed
	srv := serve(t, map[string][]byte{
		"/small.tar": small, "/big.tar": big, "/ctx.tar.gz": gzipOf(t, small),
		"/Dockerfile": []byte("FROM bb\n"), "/df.gz": gzipOf(t, []byte("FROM bb\n")),
	})
	for _, tc := range []struct {
		path       string
		raw        bool
		streamed   bool
		dockerfile string
	}{
		{"/small.tar", true, false, ""},
		{"/big.tar", true, true, ""},
		{"/ctx.tar.gz", true, false, ""},
		{"/df.gz", true, false, ""}, // compressed: an archive for docker, whatever it holds
		{"/Dockerfile", false, false, "Dockerfile"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			var progress bytes.Buffer
			url := srv.URL + tc.path
			c, err := open(t, ContextOptions{Spec: url, Progress: &progress})
			assert.NilError(t, err)
			body, err := io.ReadAll(c.Body)
			assert.NilError(t, err)
			assert.NilError(t, c.Body.Close())
			assert.Check(t, is.Equal(c.Dockerfile, tc.dockerfile))
			assert.Check(t, is.Equal(c.Streamed, tc.streamed))
			if tc.raw {
				assert.Check(t, bytes.Equal(body, serveBytes(t, srv, tc.path)))
			} else {
				es, _ := readEntries(t, bytes.NewReader(body))
				assert.Check(t, is.DeepEqual(names(es), []string{"Dockerfile"}))
				assert.Check(t, is.Equal(es[0].Content, "FROM bb\n"))
			}
			// one line rewritten with \r, ending on the whole size
			lines := strings.Split(strings.TrimSuffix(progress.String(), "\r"), "\r")
			total := len(serveBytes(t, srv, tc.path))
			assert.Check(t, is.Equal(lines[len(lines)-1], fmt.Sprintf("Downloading build context from remote url: %s [%s>] %8s/%s",
				url, strings.Repeat("=", 50), humanSize(total), humanSize(total))))
		})
	}
}

func humanSize(n int) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%dB", n)
	default:
		return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.4g", float64(n)/1000), "0"), ".") + "kB"
	}
}

func serveBytes(t *testing.T, srv *httptest.Server, path string) []byte {
	resp, err := http.Get(srv.URL + path)
	assert.NilError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	assert.NilError(t, err)
	return b
}

func TestURLContextProgressLine(t *testing.T) {
	// docker's own line for an 8-byte Dockerfile
	srv := serve(t, map[string][]byte{"/Dockerfile": []byte("FROM bb\n")})
	var progress bytes.Buffer
	_, _, _ = mustOpen(t, ContextOptions{Spec: srv.URL + "/Dockerfile", Progress: &progress})
	assert.Check(t, is.Equal(progress.String(), "Downloading build context from remote url: "+srv.URL+"/Dockerfile [==================================================>]       8B/8B\r"))
	// -q: no progress at all
	_, _, _ = mustOpen(t, ContextOptions{Spec: srv.URL + "/Dockerfile"})
}

func TestURLContextErrors(t *testing.T) {
	srv := serve(t, map[string][]byte{"/Dockerfile": []byte("FROM bb\n"), "/ctx.tar.gz": gzipOf(t, tarOf(t, tar.FormatUSTAR, "a"))})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	assert.NilError(t, err)
	refused := "http://" + l.Addr().String() + "/x"
	l.Close()
	for _, tc := range []struct{ spec, dockerfile, want string }{
		{srv.URL + "/missing", "", "unable to prepare context: unable to download remote context " + srv.URL + "/missing: failed to GET " + srv.URL + "/missing with status 404 Not Found: <html>nothing here</html>"},
		{refused, "", "unable to prepare context: unable to download remote context " + refused + `: Get "` + refused + `": dial tcp ` + strings.TrimPrefix(strings.TrimSuffix(refused, "/x"), "http://") + ": connect: connection refused"},
		{srv.URL + "/Dockerfile", "sub/x", "unable to prepare context: ambiguous Dockerfile source: both stdin and flag correspond to Dockerfiles"},
		{srv.URL + "/Dockerfile", "-", "unable to prepare context: build context is not an archive"},
	} {
		_, err := open(t, ContextOptions{Spec: tc.spec, Dockerfile: tc.dockerfile, Stdin: strings.NewReader("FROM bb\n")})
		assert.Check(t, is.Error(err, tc.want))
	}
	// docker rewrites the archive for -f - as a plain tar: a compressed one cuts
	// the upload short
	c, err := open(t, ContextOptions{Spec: srv.URL + "/ctx.tar.gz", Dockerfile: "-", Stdin: strings.NewReader("FROM bb\n")})
	assert.NilError(t, err)
	_, err = io.ReadAll(c.Body)
	assert.Check(t, is.ErrorIs(err, io.ErrUnexpectedEOF))
}

func TestURLContextDockerfileFromStdin(t *testing.T) {
	ctxTar := tarOf(t, tar.FormatUSTAR, "a")
	srv := serve(t, map[string][]byte{"/ctx.tar": ctxTar, "/ign.tar": tarWithIgnore(t)})
	es, n, c := mustOpen(t, ContextOptions{Spec: srv.URL + "/ctx.tar", Dockerfile: "-", Stdin: strings.NewReader("FROM bb\n")})
	assert.Check(t, is.DeepEqual(names(es), []string{"a", c.Dockerfile, ".dockerignore"}))
	assert.Check(t, is.Equal(es[1].Content, "FROM bb\n"))
	assert.Check(t, is.Equal(es[2].Content, ".dockerignore\n"+c.Dockerfile+"\n"))
	assert.Check(t, is.Equal(n, int64(2607)), "docker sent 2607 bytes")
	assert.Check(t, !c.Streamed)

	es, _, c = mustOpen(t, ContextOptions{Spec: srv.URL + "/ign.tar", Dockerfile: "-", Stdin: strings.NewReader("FROM bb\n")})
	assert.Check(t, is.DeepEqual(names(es), []string{".dockerignore", "a", c.Dockerfile}))
	assert.Check(t, is.Equal(es[0].Content, "x\n\n"+c.Dockerfile+"\n"))
}

func tarWithIgnore(t *testing.T) []byte {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	assert.NilError(t, writeFile(tw, &tar.Header{Name: ".dockerignore", Mode: 0o644}, []byte("x\n")))
	assert.NilError(t, writeFile(tw, &tar.Header{Name: "a", Mode: 0o644}, []byte("a\n")))
	assert.NilError(t, tw.Close())
	return buf.Bytes()
}

func TestIsGitURL(t *testing.T) {
	for s, want := range map[string]bool{
		"git://h/r.git":            true,
		"git@h:x/y.git":            true,
		"github.com/x/y":           true,
		"http://h/r.git":           true,
		"https://h/r.git#ref:dir":  true,
		"http://h/r.git#":          false,
		"http://h/r.git/":          false,
		"http://h/x#y.git":         true,
		"https://h/archive.tar.gz": false,
		"HTTP://h/r.git":           false,
		"file:///r.git":            false,
		"ssh://h/r.git":            false,
		"r.git":                    false,
	} {
		assert.Check(t, is.Equal(isGitURL(s), want), s)
	}
}

func TestGitRef(t *testing.T) {
	for _, tc := range []struct{ in, remote, ref, subdir string }{
		{"http://h/r.git", "http://h/r.git", "master", ""},
		{"http://h/r.git#other", "http://h/r.git", "other", ""},
		{"http://h/r.git#v1:sub/dir", "http://h/r.git", "v1", "sub/dir"},
		{"http://h/r.git#:sub", "http://h/r.git", "master", "sub"},
		{"github.com/x/y", "https://github.com/x/y", "master", ""},
		{"git@h:x/y.git#b", "git@h:x/y.git", "b", ""},
	} {
		remote, ref, subdir := gitRef(tc.in)
		assert.Check(t, is.DeepEqual([]string{remote, ref, subdir}, []string{tc.remote, tc.ref, tc.subdir}), tc.in)
	}
}
