package fakeengine

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	mu       sync.Mutex
	errs     []string
	cleanups []func()
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(f string, a ...any) {
	r.mu.Lock()
	r.errs = append(r.errs, fmt.Sprintf(f, a...))
	r.mu.Unlock()
}
func (r *recorder) Fatalf(f string, a ...any) { r.Errorf(f, a...); panic("fatal") }
func (r *recorder) Cleanup(f func())          { r.cleanups = append(r.cleanups, f) }
func (r *recorder) done() []string {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
	return r.errs
}

func get(t *testing.T, e *Engine, method, path string) (int, string) {
	t.Helper()
	sock := strings.TrimPrefix(e.Host(), "unix://")
	hc := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, "unix", sock)
	}}}
	req, _ := http.NewRequest(method, "http://x"+path, strings.NewReader(`{"A":{"B":[1,"x"]}}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestMatchAndReply(t *testing.T) {
	e := New(t)
	e.Expect("GET", "/containers/json").Query("all", "1").Reply(200, []map[string]string{{"Id": "a"}})
	e.Expect("POST", "/x").BodyField("A.B.1", "x").JSONBody(map[string]any{"A": map[string]any{"B": []any{1, "x"}}}).Reply(204, nil)
	e.Expect("GET", "/y").AnyTimes().Reply(200, "raw")
	if st, body := get(t, e, "GET", "/v1.41/containers/json?all=1"); st != 200 || body != `[{"Id":"a"}]`+"\n" {
		t.Fatal(st, body)
	}
	if st, _ := get(t, e, "POST", "/v1.41/x"); st != 204 {
		t.Fatal(st)
	}
	for i := 0; i < 3; i++ {
		if st, body := get(t, e, "GET", "/v1.24/y"); st != 200 || body != "raw" {
			t.Fatal(st, body)
		}
	}
	if st, _ := get(t, e, "HEAD", "/_ping"); st != 200 || e.Pings() != 1 {
		t.Fatal(st, e.Pings())
	}
	if st, body := get(t, e, "GET", "/v1.50/info"); st != 400 || !strings.Contains(body, "client version 1.50 is too new. Maximum supported API version is 1.41") {
		t.Fatal(st, body)
	}
}

func TestFailures(t *testing.T) {
	r := &recorder{TB: t}
	e := New(r)
	e.Expect("GET", "/never")
	e.Expect("GET", "/once").Header("X-A", "1")
	e.Expect("POST", "/body").BodyField("A.B.0", 2).BodyField("Nope", 1)
	get(t, e, "GET", "/v1.41/once")
	get(t, e, "GET", "/v1.41/once")
	get(t, e, "GET", "/containers/json")
	get(t, e, "GET", "/v1.41/other?x=1")
	get(t, e, "POST", "/v1.41/body")
	errs := strings.Join(r.done(), "\n")
	for _, want := range []string{
		`header X-A = "", want "1"`,
		"unexpected request GET /once",
		"request without /vX.Y/ version prefix: GET /containers/json",
		`unexpected request GET /other (query "x=1")`,
		"body field A.B.0 = 1, want 2",
		"body has no field Nope",
		"expected GET /never called 1 time(s), got 0",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("missing failure %q in:\n%s", want, errs)
		}
	}
}

func TestVersionPrefix(t *testing.T) {
	for in, want := range map[string]string{"/v1.41/x": "1.41", "/v1.41": "", "/x": "", "/va.b/x": "", "/v1/x": "", "/v1.5x/x": ""} {
		if got := versionPrefix(in); got != want {
			t.Errorf("versionPrefix(%q) = %q, want %q", in, got, want)
		}
	}
}
