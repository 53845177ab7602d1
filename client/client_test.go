package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/system"

	"github.com/skiff-cli/skiff/client/fakeengine"
)

func newTestClient(t *testing.T, e *fakeengine.Engine, opts Options) *Client {
	t.Helper()
	opts.Host = e.Host()
	c, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestNegotiateDowngradeOncePerClient(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/version").Version("1.41").Times(2).Reply(200, system.VersionResponse{Version: "20.10.24", APIVersion: "1.41"})
	c := newTestClient(t, e, Options{})
	if got := c.ClientVersion(); got != MaxAPIVersion {
		t.Fatalf("before negotiation: %s", got)
	}
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		v, err := c.ServerVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if v.Version != "20.10.24" {
			t.Fatalf("decoded %+v", v)
		}
	}
	if c.ClientVersion() != "1.41" {
		t.Fatalf("ClientVersion = %s", c.ClientVersion())
	}
	if e.Pings() != 1 {
		t.Fatalf("pings = %d, want 1", e.Pings())
	}
}

func TestNegotiateNewerServerCapped(t *testing.T) {
	e := fakeengine.New(t)
	e.APIVersion = "1.60"
	e.Expect("GET", "/info").Version(MaxAPIVersion).Reply(200, system.Info{Name: "x"})
	c := newTestClient(t, e, Options{})
	if _, err := c.Info(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestFixedVersionSkipsPing(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/info").Version("1.30").Reply(200, system.Info{})
	c := newTestClient(t, e, Options{APIVersion: "1.30"})
	if _, err := c.Info(context.Background()); err != nil {
		t.Fatal(err)
	}
	if e.Pings() != 0 || c.ClientVersion() != "1.30" {
		t.Fatalf("pings=%d version=%s", e.Pings(), c.ClientVersion())
	}
	if err := c.Negotiate(context.Background()); err != nil || e.Pings() != 0 {
		t.Fatalf("Negotiate with fixed version: %v, pings %d", err, e.Pings())
	}
}

func TestFixedVersionTooNewForEngine(t *testing.T) {
	e := fakeengine.New(t)
	c := newTestClient(t, e, Options{APIVersion: "v1.50"})
	_, err := c.ContainerList(context.Background(), ContainerListOptions{})
	if !IsInvalidParameter(err) || err.Error() != "Error response from daemon: client version 1.50 is too new. Maximum supported API version is 1.41" {
		t.Fatalf("%v", err)
	}
}

// TestOldServerDowngrades: as docker 28, a daemon older than any API version skiff
// knows is spoken to in its own version.
func TestOldServerDowngrades(t *testing.T) {
	e := fakeengine.New(t)
	e.APIVersion = "1.12"
	e.Expect("GET", "/info").Version("1.12").Reply(200, system.Info{})
	c := newTestClient(t, e, Options{})
	if _, err := c.Info(context.Background()); err != nil {
		t.Fatal(err)
	}
	if v := c.ClientVersion(); v != "1.12" {
		t.Errorf("version %s, want 1.12", v)
	}
}

func TestPingWithoutVersionHeaderMeans124(t *testing.T) {
	e := fakeengine.New(t)
	e.APIVersion = ""
	e.Expect("GET", "/info").Version("1.24").Reply(200, system.Info{})
	c := newTestClient(t, e, Options{})
	if _, err := c.Info(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestPingErrorStillNegotiatesFromHeader(t *testing.T) {
	e := fakeengine.New(t)
	e.PingStatus = 500
	e.APIVersion = "1.40"
	e.Expect("GET", "/info").Version("1.40").Reply(200, system.Info{})
	c := newTestClient(t, e, Options{})
	if _, err := c.Info(context.Background()); err != nil {
		t.Fatal(err)
	}
	p, err := c.Ping(context.Background())
	if err == nil || p.APIVersion != "1.40" || p.OSType != "linux" {
		t.Fatalf("Ping = %+v, %v", p, err)
	}
}

func TestPingHeaders(t *testing.T) {
	h := http.Header{}
	h.Set("API-Version", "1.41")
	h.Set("OSType", "linux")
	h.Set("Docker-Experimental", "true")
	h.Set("Builder-Version", "2")
	h.Set("Swarm", "active/manager")
	p := parsePing(h)
	if p.APIVersion != "1.41" || !p.Experimental || p.BuilderVersion != "2" || p.SwarmStatus == nil ||
		p.SwarmStatus.NodeState != "active" || !p.SwarmStatus.ControlAvailable {
		t.Fatalf("%+v %+v", p, p.SwarmStatus)
	}
}

func TestHeadersOnEveryRequest(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/create").
		Query("name", "x").
		Header("User-Agent", "Docker-Client/28.2.2 (linux)").
		Header("X-Meta", "1").
		BodyField("Image", "bb").
		BodyField("Cmd.0", "true").
		Reply(201, container.CreateResponse{ID: "abc"})
	e.Expect("DELETE", "/containers/abc").
		Header("User-Agent", "Docker-Client/28.2.2 (linux)").
		Header("X-Meta", "1").
		Reply(204, nil)
	// config.json's HttpHeaders cannot change the User-Agent, as in docker
	c := newTestClient(t, e, Options{UserAgent: "Docker-Client/28.2.2 (linux)", Headers: map[string]string{"X-Meta": "1", "user-agent": "custom"}})
	var out container.CreateResponse
	in := map[string]any{"Image": "bb", "Cmd": []string{"true"}}
	if err := c.DoJSON(context.Background(), "POST", "/containers/create", map[string][]string{"name": {"x"}}, in, &out); err != nil {
		t.Fatal(err)
	}
	if out.ID != "abc" {
		t.Fatalf("%+v", out)
	}
	if err := c.DoJSON(context.Background(), "DELETE", "/containers/abc", nil, nil, nil); err != nil {
		t.Fatal(err)
	}
}

func TestErrorResponses(t *testing.T) {
	cases := []struct {
		name   string
		status int
		ctype  string
		body   string
		want   string
		pred   func(error) bool
	}{
		{"json", 404, "application/json", `{"message":"No such container: x"}`, "Error response from daemon: No such container: x", IsNotFound},
		{"json conflict", 409, "application/json", `{"message":"in use"}`, "Error response from daemon: in use", IsConflict},
		{"json 400", 400, "application/json", `{"message":"Invalid filter 'a'"}`, "Error response from daemon: Invalid filter 'a'", IsInvalidParameter},
		{"401", 401, "application/json", `{"message":"auth"}`, "Error response from daemon: auth", IsUnauthorized},
		{"403", 403, "application/json", `{"message":"no"}`, "Error response from daemon: no", IsForbidden},
		{"501", 501, "application/json", `{"message":"no"}`, "Error response from daemon: no", IsNotImplemented},
		{"503", 503, "application/json", `{"message":"swarm"}`, "Error response from daemon: swarm", IsUnavailable},
		{"json message trimmed", 400, "application/json", `{"message":"Unknown option \n"}`, "Error response from daemon: Unknown option", IsInvalidParameter},
		{"json no message", 404, "application/json", `{"error":"x"}`, "Error response from daemon: API returned a 404 (Not Found) but provided no error-message", IsNotFound},
		{"truncated json", 500, "application/json", `{"message":"bo`, "Error reading JSON: unexpected end of JSON input", nil},
		{"not json at all", 500, "application/json", `<html>`, "Error reading JSON: invalid character '<' looking for beginning of value", nil},
		{"plain text", 404, "text/plain", "page not found\n", "Error response from daemon: page not found", IsNotFound},
		{"html", 404, "text/html", "<!DOCTYPE HTML>\n<html>\n<head><title>Error response</title></head>\n<body>\n<h1>Error response</h1>\n<p>Error code: 404</p>\n</body></html>\n",
			"Error response from daemon: Error response Error response Error code: 404", IsNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			e.Expect("GET", "/containers/json").Reply(tc.status, tc.body).ReplyHeader("Content-Type", tc.ctype)
			c := newTestClient(t, e, Options{})
			_, err := c.ContainerList(context.Background(), ContainerListOptions{})
			if err == nil {
				t.Fatal("no error")
			}
			if err.Error() != tc.want {
				t.Fatalf("got  %q\nwant %q", err.Error(), tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			var er *ErrorResponse
			if !errors.As(err, &er) || er.StatusCode != tc.status {
				t.Fatalf("not an ErrorResponse with status %d: %#v", tc.status, err)
			}
			if tc.pred != nil {
				wrapped := fmt.Errorf("ctx: %w", err)
				if !tc.pred(wrapped) {
					t.Fatalf("predicate false through wrapping for %v", err)
				}
			}
			if tc.status != 404 && IsNotFound(err) {
				t.Fatal("IsNotFound true for", tc.status)
			}
		})
	}
}

func TestEmptyErrorBody(t *testing.T) {
	e := fakeengine.NewTCP(t)
	e.Expect("GET", "/containers/json").Reply(500, nil)
	c := newTestClient(t, e, Options{})
	_, err := c.ContainerList(context.Background(), ContainerListOptions{})
	want := "request returned 500 Internal Server Error for API route and version http://" + strings.TrimPrefix(e.Host(), "tcp://") + "/v1.41/containers/json, check if the server supports the requested API version"
	if err == nil || err.Error() != want {
		t.Fatalf("got  %v\nwant %s", err, want)
	}
}

func TestLongHTMLErrorIsTruncatedOneLine(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/info").Reply(502, "<html>\n"+strings.Repeat("<p>bad gateway é</p>\n", 200)+"</html>").ReplyHeader("Content-Type", "text/html")
	c := newTestClient(t, e, Options{})
	_, err := c.Info(context.Background())
	if err == nil || strings.Contains(err.Error(), "\n") || len(err.Error()) > 400 || !strings.HasSuffix(err.Error(), "...") {
		t.Fatalf("%q", err)
	}
}

func TestPredicatesMarkers(t *testing.T) {
	err := fmt.Errorf("wrapped: %w", errors.Join(errors.New("a"), notFoundErr{}))
	if !IsNotFound(err) || IsConflict(err) {
		t.Fatal("marker interfaces not honoured")
	}
	if IsNotFound(nil) || IsNotFound(errors.New("x")) {
		t.Fatal("false positive")
	}
}

type notFoundErr struct{}

func (notFoundErr) Error() string { return "nf" }
func (notFoundErr) NotFound()     {}

// TestMalformedSuccessBody: a 2xx body that does not decode is reported with the
// decoder's words alone, as docker prints them; text after the document is ignored.
func TestMalformedSuccessBody(t *testing.T) {
	for body, want := range map[string]string{
		`[{"Id":`: "unexpected EOF",
		``:        "EOF",
		`<html>`:  "invalid character '<' looking for beginning of value",
		`{"a":1}`: "json: cannot unmarshal object into Go value of type []container.Summary",
		`[] x`:    "",
	} {
		e := fakeengine.New(t)
		e.Expect("GET", "/containers/json").Reply(200, body)
		c := newTestClient(t, e, Options{})
		_, err := c.ContainerList(context.Background(), ContainerListOptions{})
		var de *DecodeError
		switch {
		case want == "" && err != nil:
			t.Errorf("%q: %v", body, err)
		case want != "" && (!errors.As(err, &de) || err.Error() != want):
			t.Errorf("%q: %v, want %s", body, err, want)
		}
	}
}

func TestUnknownFieldsIgnored(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/version").Reply(200, `{"Version":"1","NewField":{"x":[1,2]},"ApiVersion":"1.41"}`)
	c := newTestClient(t, e, Options{})
	v, err := c.ServerVersion(context.Background())
	if err != nil || v.Version != "1" || v.APIVersion != "1.41" {
		t.Fatalf("%+v %v", v, err)
	}
}

func TestRequestContextCancel(t *testing.T) {
	e := fakeengine.New(t)
	c := newTestClient(t, e, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Info(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("%v", err)
	}
}

func TestConcurrentRequestsNegotiateOnce(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/info").Version("1.41").Times(8).Reply(200, system.Info{})
	c := newTestClient(t, e, Options{})
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		go func() { _, err := c.Info(context.Background()); errs <- err }()
	}
	for i := 0; i < 8; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if e.Pings() != 1 {
		t.Fatalf("pings = %d", e.Pings())
	}
}

func TestPingFallsBackToGet(t *testing.T) {
	var methods []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		methods = append(methods, r.Method+" "+r.URL.Path)
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("API-Version", "1.39")
		w.Header().Set("OSType", "linux")
		w.Write([]byte("OK"))
	}))
	defer srv.Close()
	c, err := New(Options{Host: "tcp://" + srv.Listener.Addr().String() + "/base"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.Ping(context.Background())
	if err != nil || p.APIVersion != "1.39" || p.OSType != "linux" {
		t.Fatalf("%+v %v", p, err)
	}
	if strings.Join(methods, ",") != "HEAD /base/_ping,GET /base/_ping" {
		t.Fatal(methods)
	}
}

// NegotiateReachable fails on an engine that accepts and closes (the ping's own
// connection error, as docker 28's create/run/images say it), and not on a ping
// answered with an error page (the next request reports that).
func TestNegotiateReachable(t *testing.T) {
	ln, err := net.Listen("unix", filepath.Join(t.TempDir(), "e.sock"))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	c, err := New(Options{Host: "unix://" + ln.Addr().String()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	err = c.NegotiateReachable(context.Background())
	var ce *ConnectionError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), `Head "http://`) || !strings.Contains(err.Error(), `/_ping": `) {
		t.Errorf("closing engine: %v; want the ping's connection error", err)
	}

	e := fakeengine.New(t)
	e.PingStatus = 503
	e.APIVersion = ""
	c2 := newTestClient(t, e, Options{})
	if err := c2.NegotiateReachable(context.Background()); err != nil {
		t.Errorf("ping answered 503: %v; want nil (the next request reports it)", err)
	}
}
