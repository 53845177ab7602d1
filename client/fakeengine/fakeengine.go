// Package fakeengine is a small fake Docker Engine for unit tests of the
// client and of commands. Routes are declared up front; a request that
// matches no route, and a route that is never called, fail the test.
//
//	e := fakeengine.New(t)
//	e.Expect("GET", "/containers/json").Query("all", "1").Reply(200, []container.Summary{...})
//	c, _ := client.New(client.Options{Host: e.Host()})
//
// Paths are given without the version prefix; every request (except
// /_ping) must carry one (/v1.41/...), and, like a real engine, a version
// newer than APIVersion is answered 400 "client version X is too new.
// Maximum supported API version is Y" (not a test failure: a fixed
// DOCKER_API_VERSION can legitimately be too new).
// /_ping (HEAD and GET) is answered automatically.
package fakeengine

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Engine is a fake Docker Engine listening on a unix socket.
type Engine struct {
	// APIVersion is what /_ping and the version check advertise ("1.41").
	APIVersion string
	// OSType is the ping's OSType header ("linux").
	OSType string
	// PingStatus, when not 0, is the /_ping status (e.g. 500 to test a
	// daemon in trouble); the API-Version header is still sent unless
	// APIVersion is "".
	PingStatus int
	// Experimental is the ping's Docker-Experimental header.
	Experimental bool
	// MinAPIVersion, when set, is the oldest version the engine accepts: an older
	// prefix is answered 400 "client version X is too old..." as engines do (docker
	// 29's refuse clients below 1.44).
	MinAPIVersion string

	t    testing.TB
	srv  *httptest.Server
	host string

	mu     sync.Mutex
	routes []*Route
	pings  int
	reqs   []string
}

// New starts a fake engine on a unix socket in a temporary directory and
// registers its shutdown and the check for routes never called with
// t.Cleanup.
func New(t testing.TB) *Engine {
	t.Helper()
	e := &Engine{APIVersion: "1.41", OSType: "linux", t: t}
	dir := t.TempDir()
	sock := filepath.Join(dir, "docker.sock")
	if len(sock) > 100 { // sun_path limit
		d, err := os.MkdirTemp("", "fe")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(d) })
		sock = filepath.Join(d, "docker.sock")
	}
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatalf("fakeengine: %v", err)
	}
	e.srv = httptest.NewUnstartedServer(http.HandlerFunc(e.serve))
	e.srv.Listener = l
	e.srv.Start()
	e.host = "unix://" + sock
	t.Cleanup(e.finish)
	return e
}

// NewTCP is New listening on 127.0.0.1 instead (Host() is tcp://...).
func NewTCP(t testing.TB) *Engine {
	t.Helper()
	e := &Engine{APIVersion: "1.41", OSType: "linux", t: t}
	e.srv = httptest.NewServer(http.HandlerFunc(e.serve))
	e.host = "tcp://" + e.srv.Listener.Addr().String()
	t.Cleanup(e.finish)
	return e
}

// Host is the address to give the client: "unix:///tmp/.../docker.sock".
func (e *Engine) Host() string { return e.host }

// Pings is how many /_ping requests were served.
func (e *Engine) Pings() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.pings
}

// Requests lists the requests served so far as "METHOD /full/path?query".
func (e *Engine) Requests() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.reqs...)
}

// Close stops the server (also done at cleanup).
func (e *Engine) Close() { e.srv.Close() }

func (e *Engine) finish() {
	e.srv.Close()
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, r := range e.routes {
		if r.calls < r.min {
			e.t.Errorf("fakeengine: expected %s called %d time(s), got %d", r, r.min, r.calls)
		}
	}
}

// Expect declares a route: method and path without version prefix
// ("/containers/json"). By default it must be called exactly once; see
// Times, AnyTimes. Without Reply it answers 200 with no body.
func (e *Engine) Expect(method, path string) *Route {
	r := &Route{e: e, method: method, path: path, min: 1, max: 1, status: http.StatusOK, header: http.Header{}}
	e.mu.Lock()
	e.routes = append(e.routes, r)
	e.mu.Unlock()
	return r
}

// ExpectAny declares a route that matches any request no other route matches first
// (declare it last), any number of times: for sweeps that only need to see that a
// command reached the engine (Requests lists what it sent).
func (e *Engine) ExpectAny() *Route {
	return e.Expect(anyMethod, anyPath).AnyTimes()
}

const anyMethod, anyPath = "*", "*"

// Route is one expected request and its answer. Its methods return the
// route for chaining and must be called before the request arrives.
type Route struct {
	e        *Engine
	method   string
	path     string
	query    [][2]string
	noQuery  []string
	headers  [][2]string
	version  string
	bodyJSON any
	hasBody  bool
	fields   [][2]any
	min, max int
	calls    int

	status  int
	header  http.Header
	body    []byte
	handler http.HandlerFunc
}

func (r *Route) String() string {
	s := r.method + " " + r.path
	var q []string
	for _, kv := range r.query {
		q = append(q, kv[0]+"="+kv[1])
	}
	if len(q) > 0 {
		s += "?" + strings.Join(q, "&")
	}
	return s
}

// Query requires the query parameter key to have value (a route with
// Query conditions only matches requests meeting them).
func (r *Route) Query(key, value string) *Route {
	r.query = append(r.query, [2]string{key, value})
	return r
}

// NoQuery requires the query parameter key to be absent.
func (r *Route) NoQuery(key string) *Route {
	r.noQuery = append(r.noQuery, key)
	return r
}

// Header asserts a request header value (a mismatch fails the test).
func (r *Route) Header(key, value string) *Route {
	r.headers = append(r.headers, [2]string{key, value})
	return r
}

// Version asserts the exact version prefix ("1.30" for /v1.30/...).
func (r *Route) Version(v string) *Route {
	r.version = v
	return r
}

// JSONBody asserts the request body is JSON equal to want (compared after
// marshalling want and decoding both into generic values).
func (r *Route) JSONBody(want any) *Route {
	r.bodyJSON, r.hasBody = want, true
	return r
}

// BodyField asserts one field of the JSON request body; path is dotted
// ("HostConfig.Memory"), want compared like JSONBody.
func (r *Route) BodyField(path string, want any) *Route {
	r.fields = append(r.fields, [2]any{path, want})
	return r
}

// Times sets how many calls are expected (exactly n).
func (r *Route) Times(n int) *Route {
	r.min, r.max = n, n
	return r
}

// AnyTimes lets the route be called any number of times, including never.
func (r *Route) AnyTimes() *Route {
	r.min, r.max = 0, -1
	return r
}

// Reply sets the answer: body is marshalled to JSON unless it is []byte
// or string (sent as is); nil sends no body. Content-Type defaults to
// application/json when there is a body (override with ReplyHeader).
func (r *Route) Reply(status int, body any) *Route {
	r.status = status
	switch b := body.(type) {
	case nil:
		r.body = nil
	case []byte:
		r.body = b
	case string:
		r.body = []byte(b)
	default:
		enc, err := json.Marshal(b)
		if err != nil {
			r.e.t.Fatalf("fakeengine: cannot marshal reply for %s: %v", r, err)
		}
		r.body = append(enc, '\n')
	}
	return r
}

// ReplyError answers status with the engine's error body {"message": msg}.
func (r *Route) ReplyError(status int, msg string) *Route {
	return r.Reply(status, map[string]string{"message": msg})
}

// ReplyHeader adds a response header.
func (r *Route) ReplyHeader(key, value string) *Route {
	r.header.Add(key, value)
	return r
}

// ReplyFunc answers with a handler (streams, hijacking, slow bodies).
// The route's assertions still apply before it runs.
func (r *Route) ReplyFunc(h http.HandlerFunc) *Route {
	r.handler = h
	return r
}

func (e *Engine) serve(w http.ResponseWriter, req *http.Request) {
	e.t.Helper()
	path := req.URL.Path
	e.mu.Lock()
	e.reqs = append(e.reqs, req.Method+" "+req.URL.RequestURI())
	e.mu.Unlock()

	if path == "/_ping" || (strings.HasSuffix(path, "/_ping") && versionPrefix(path) != "") {
		e.ping(w, req)
		return
	}
	v := versionPrefix(path)
	if v == "" {
		e.fail(w, "fakeengine: request without /vX.Y/ version prefix: %s %s", req.Method, req.URL.RequestURI())
		return
	}
	path = strings.TrimPrefix(path, "/v"+v)
	if e.APIVersion != "" && versionLess(e.APIVersion, v) {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": fmt.Sprintf("client version %s is too new. Maximum supported API version is %s", v, e.APIVersion)})
		return
	}
	if e.MinAPIVersion != "" && versionLess(v, e.MinAPIVersion) {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": fmt.Sprintf("client version %s is too old. Minimum supported API version is %s, please upgrade your client to a newer version", v, e.MinAPIVersion)})
		return
	}

	e.mu.Lock()
	var route *Route
	for _, r := range e.routes {
		if r.matches(req.Method, path, req) && (r.max < 0 || r.calls < r.max) {
			route = r
			break
		}
	}
	if route == nil {
		var known []string
		for _, r := range e.routes {
			known = append(known, fmt.Sprintf("%s (called %d)", r, r.calls))
		}
		e.mu.Unlock()
		e.fail(w, "fakeengine: unexpected request %s %s (query %q); routes: %s", req.Method, path, req.URL.RawQuery, strings.Join(known, ", "))
		return
	}
	route.calls++
	e.mu.Unlock()

	route.check(req, v)
	if route.handler != nil {
		route.handler(w, req)
		return
	}
	for k, vs := range route.header {
		w.Header()[k] = vs
	}
	if route.body != nil && w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(route.status)
	_, _ = w.Write(route.body)
}

func (e *Engine) ping(w http.ResponseWriter, req *http.Request) {
	e.mu.Lock()
	e.pings++
	e.mu.Unlock()
	h := w.Header()
	if e.APIVersion != "" {
		h.Set("API-Version", e.APIVersion)
	}
	h.Set("OSType", e.OSType)
	h.Set("Docker-Experimental", strconv.FormatBool(e.Experimental))
	h.Set("Cache-Control", "no-cache, no-store, must-revalidate")
	h.Set("Pragma", "no-cache")
	h.Set("Content-Type", "text/plain; charset=utf-8")
	st := e.PingStatus
	if st == 0 {
		st = http.StatusOK
	}
	if req.Method == http.MethodHead {
		h.Set("Content-Length", "0")
		w.WriteHeader(st)
		return
	}
	w.WriteHeader(st)
	_, _ = io.WriteString(w, "OK")
}

func (e *Engine) fail(w http.ResponseWriter, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	e.t.Errorf("%s", msg)
	writeJSON(w, http.StatusNotImplemented, map[string]string{"message": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (r *Route) matches(method, path string, req *http.Request) bool {
	if r.method == anyMethod && r.path == anyPath {
		return true
	}
	if method != r.method || path != r.path {
		return false
	}
	q := req.URL.Query()
	for _, kv := range r.query {
		vs, ok := q[kv[0]]
		if !ok || !contains(vs, kv[1]) {
			return false
		}
	}
	for _, k := range r.noQuery {
		if _, ok := q[k]; ok {
			return false
		}
	}
	return true
}

func contains(vs []string, v string) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}

// check runs the assertions that report a mismatch instead of selecting
// another route.
func (r *Route) check(req *http.Request, version string) {
	t := r.e.t
	if r.version != "" && r.version != version {
		t.Errorf("fakeengine: %s: API version %s, want %s", r, version, r.version)
	}
	for _, kv := range r.headers {
		if got := req.Header.Get(kv[0]); got != kv[1] {
			t.Errorf("fakeengine: %s: header %s = %q, want %q", r, kv[0], got, kv[1])
		}
	}
	if !r.hasBody && len(r.fields) == 0 {
		return
	}
	raw, err := io.ReadAll(req.Body)
	if err != nil {
		t.Errorf("fakeengine: %s: reading body: %v", r, err)
		return
	}
	if ct := req.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("fakeengine: %s: Content-Type %q, want application/json", r, ct)
	}
	var got any
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Errorf("fakeengine: %s: body is not JSON: %v: %q", r, err, raw)
		return
	}
	if r.hasBody {
		want := generic(t, r.bodyJSON)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("fakeengine: %s: body\n got %s\nwant %s", r, mustJSON(got), mustJSON(want))
		}
	}
	for _, f := range r.fields {
		p := f[0].(string)
		val, ok := lookup(got, p)
		want := generic(t, f[1])
		if !ok {
			t.Errorf("fakeengine: %s: body has no field %s: %s", r, p, raw)
		} else if !reflect.DeepEqual(val, want) {
			t.Errorf("fakeengine: %s: body field %s = %s, want %s", r, p, mustJSON(val), mustJSON(want))
		}
	}
}

func generic(t testing.TB, v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		t.Errorf("fakeengine: cannot marshal %v: %v", v, err)
		return nil
	}
	var g any
	_ = json.Unmarshal(b, &g)
	return g
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func lookup(v any, path string) (any, bool) {
	for _, part := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[part]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// versionPrefix returns "1.41" for "/v1.41/..." paths, "" otherwise.
func versionPrefix(path string) string {
	if !strings.HasPrefix(path, "/v") {
		return ""
	}
	rest := path[2:]
	i := strings.IndexByte(rest, '/')
	if i <= 0 {
		return ""
	}
	v := rest[:i]
	major, minor, ok := strings.Cut(v, ".")
	if !ok || !digits(major) || !digits(minor) {
		return ""
	}
	return v
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func versionLess(a, b string) bool {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) || i < len(bs); i++ {
		var x, y int
		if i < len(as) {
			x, _ = strconv.Atoi(as[i])
		}
		if i < len(bs) {
			y, _ = strconv.Atoi(bs[i])
		}
		if x != y {
			return x < y
		}
	}
	return false
}
