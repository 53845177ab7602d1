package client

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

const testManifest = `{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":2,"digest":"sha256:c"},"layers":[]}`

// testRegistry is an httptest registry with one manifest (a/b:t) and an auth scheme:
// "" none, "basic" (u/p), "bearer" (token server at /token giving "tok" for u/p).
type testRegistry struct {
	*httptest.Server
	scheme string
	mu     sync.Mutex
	log    []string
	scopes []string
	puts   map[string]string
}

func newTestRegistry(t *testing.T, scheme string) *testRegistry {
	r := &testRegistry{scheme: scheme, puts: map[string]string{}}
	r.Server = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.Close)
	return r
}

func (r *testRegistry) host() string { return strings.TrimPrefix(r.URL, "http://") }

func (r *testRegistry) serve(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	r.log = append(r.log, req.Method+" "+req.URL.RequestURI())
	r.mu.Unlock()
	if req.URL.Path == "/token" {
		u, p, _ := req.BasicAuth()
		if u != "u" || p != "p" || req.URL.Query().Get("service") != "reg" || req.URL.Query().Get("account") != "u" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		r.mu.Lock()
		r.scopes = append(r.scopes, strings.Join(req.URL.Query()["scope"], " "))
		r.mu.Unlock()
		_, _ = w.Write([]byte(`{"token":"tok"}`))
		return
	}
	authorized := false
	switch r.scheme {
	case "":
		authorized = true
	case "basic":
		u, p, ok := req.BasicAuth()
		authorized = ok && u == "u" && p == "p"
		w.Header().Set("WWW-Authenticate", `Basic realm="test"`)
	case "bearer":
		authorized = req.Header.Get("Authorization") == "Bearer tok"
		w.Header().Set("WWW-Authenticate", `Bearer realm="`+r.URL+`/token",service="reg"`)
	}
	if !authorized {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}`))
		return
	}
	switch {
	case req.URL.Path == "/v2/":
	case req.Method == http.MethodGet && req.URL.Path == "/v2/a/b/manifests/t":
		w.Header().Set("Content-Type", MediaTypeDockerManifest)
		_, _ = w.Write([]byte(testManifest))
	case req.Method == http.MethodGet && req.URL.Path == "/v2/a/b/blobs/sha256:c":
		_, _ = w.Write([]byte(`{}`))
	case req.Method == http.MethodPut && strings.HasPrefix(req.URL.Path, "/v2/a/b/manifests/"):
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.puts[req.URL.Path] = req.Header.Get("Content-Type") + " " + string(b)
		r.mu.Unlock()
		w.Header().Set("Docker-Content-Digest", Digest(b))
		w.WriteHeader(http.StatusCreated)
	case req.Method == http.MethodPost && req.URL.Path == "/v2/a/b/blobs/uploads/":
		w.WriteHeader(http.StatusCreated)
	case req.Method == http.MethodHead && req.URL.Path == "/v2/a/b/blobs/sha256:c":
	case req.Method == http.MethodGet && req.URL.Path == "/v2/a/b/manifests/garbage":
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte(`<html>`))
	default:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}`))
	}
}

// Each auth scheme: the manifest and its config come with the credentials; a bearer
// token is asked once per scope set, with the scopes docker asks for.
func TestRegistryV2Auth(t *testing.T) {
	for _, scheme := range []string{"", "basic", "bearer"} {
		t.Run(scheme, func(t *testing.T) {
			reg := newTestRegistry(t, scheme)
			r := NewRegistryV2(context.Background(), reg.host(), true, RegistryAuth{Username: "u", Password: "p"})
			m, err := r.GetManifest(context.Background(), "a/b", "t")
			if err != nil {
				t.Fatal(err)
			}
			if m.MediaType != MediaTypeDockerManifest || string(m.Raw) != testManifest || m.Digest != Digest([]byte(testManifest)) {
				t.Errorf("manifest %+v", m)
			}
			if b, err := r.GetBlob(context.Background(), "a/b", "sha256:c"); err != nil || string(b) != "{}" {
				t.Errorf("blob %q %v", b, err)
			}
			d, err := r.PutManifest(context.Background(), "a/b", "l", MediaTypeDockerList, []byte(`{"x":1}`))
			if err != nil || d != Digest([]byte(`{"x":1}`)) {
				t.Errorf("put %q %v", d, err)
			}
			if got := reg.puts["/v2/a/b/manifests/l"]; got != MediaTypeDockerList+` {"x":1}` {
				t.Errorf("put body %q", got)
			}
			if err := r.MountBlob(context.Background(), "a/b", "c/d", "sha256:c"); err != nil {
				t.Errorf("mount %v", err)
			}
			if scheme == "bearer" {
				want := []string{"repository:a/b:pull", "repository:a/b:pull,push", "repository:a/b:pull,push repository:c/d:pull"}
				if strings.Join(reg.scopes, "|") != strings.Join(want, "|") {
					t.Errorf("token scopes %q, want %q", reg.scopes, want)
				}
			}
			// https first: the test server is plain http, so the https try goes unanswered
			if reg.log[0] != "GET /v2/" {
				t.Errorf("first request %q", reg.log[0])
			}
		})
	}
}

// The answers docker reads as "not here" end as ErrRegistryNotFound; others are the
// registry's error in docker's words; missing credentials are Go's request error.
func TestRegistryV2Errors(t *testing.T) {
	ctx := context.Background()
	reg := newTestRegistry(t, "basic")
	r := NewRegistryV2(ctx, reg.host(), true, RegistryAuth{Username: "u", Password: "p"})
	if _, err := r.GetManifest(ctx, "a/b", "nope"); !errors.Is(err, ErrRegistryNotFound) {
		t.Errorf("unknown manifest: %v", err)
	}
	if _, err := r.GetManifest(ctx, "a/b", "garbage"); err == nil || err.Error() != "unsupported manifest media type and no default available: text/html" {
		t.Errorf("html: %v", err)
	}
	wrong := NewRegistryV2(ctx, reg.host(), true, RegistryAuth{Username: "u", Password: "x"})
	if _, err := wrong.GetManifest(ctx, "a/b", "t"); !errors.Is(err, ErrRegistryNotFound) {
		t.Errorf("wrong credentials: %v", err)
	}
	if _, err := wrong.PutManifest(ctx, "a/b", "l", MediaTypeDockerList, []byte(`{}`)); err == nil || err.Error() != "unauthorized: authentication required" {
		t.Errorf("wrong credentials, put: %v", err)
	}
	none := NewRegistryV2(ctx, reg.host(), true, RegistryAuth{})
	want := `Get "http://` + reg.host() + `/v2/a/b/manifests/t": no basic auth credentials`
	if _, err := none.GetManifest(ctx, "a/b", "t"); err == nil || err.Error() != want {
		t.Errorf("no credentials: %v, want %s", err, want)
	}
	// not insecure: the plain-http registry is never asked over http
	secure := NewRegistryV2(ctx, reg.host(), false, RegistryAuth{Username: "u", Password: "p"})
	n := len(reg.log)
	if _, err := secure.GetManifest(ctx, "a/b", "t"); !errors.Is(err, ErrRegistryNotFound) || len(reg.log) != n {
		t.Errorf("secure: %v, %d requests", err, len(reg.log)-n)
	}
	// a refused connection is the ping's error
	srv := httptest.NewServer(http.NotFoundHandler())
	host := strings.TrimPrefix(srv.URL, "http://")
	srv.Close()
	_, err := NewRegistryV2(ctx, host, true, RegistryAuth{}).GetManifest(ctx, "a", "t")
	if err == nil || !strings.HasPrefix(err.Error(), `failed to configure transport: error pinging v2 registry: Get "https://`+host+`/v2/": dial tcp`) {
		t.Errorf("refused: %v", err)
	}
}

func TestParseRegistryError(t *testing.T) {
	for _, tc := range []struct {
		code int
		body string
		want string
	}{
		{404, `{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}`, "manifest unknown: manifest unknown"},
		{418, `{"errors":[{"code":"FOO","message":"m"}]}`, "unknown: m"},
		{429, `{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}`, "toomanyrequests: slow down"},
		{400, `{"errors":[{"code":"NAME_INVALID","message":"a"},{"code":"DENIED","message":"b"}]}`, "errors:\nname invalid: a\ndenied: b\n"},
		{403, ``, "denied: "},
		{404, `<html>`, "unknown: "},
		{401, ``, "unauthorized: "},
		{500, `boom`, "received unexpected HTTP status: 500 Internal Server Error"},
	} {
		err := ParseRegistryError(tc.code, fmt.Sprintf("%d %s", tc.code, http.StatusText(tc.code)), []byte(tc.body))
		if got := err.Error(); got != tc.want {
			t.Errorf("%d %s: %q, want %q", tc.code, tc.body, err, tc.want)
		}
	}
}

// FuzzParseRegistryError: whatever a registry answers, the error is made without a
// panic and is never empty.
func FuzzParseRegistryError(f *testing.F) {
	f.Add(404, []byte(`{"errors":[{"code":"MANIFEST_UNKNOWN","message":"x"}]}`))
	f.Add(500, []byte(`{"errors":null}`))
	f.Add(401, []byte(base64.StdEncoding.EncodeToString([]byte("x"))))
	f.Fuzz(func(t *testing.T, code int, body []byte) {
		if err := ParseRegistryError(code, "status", body); err == nil || err.Error() == "" {
			t.Errorf("no error for %d %q", code, body)
		}
	})
}
