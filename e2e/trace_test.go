//go:build e2e

package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// Request is one API request a client made, as the engine received it.
type Request struct {
	Method string
	Path   string // without the /vX.Y prefix
	Query  url.Values
	Header http.Header
	Body   []byte // the first traceBodyLimit bytes
}

// JSON decodes the body into a generic value (nil when it is not JSON): handy to compare
// two clients' bodies regardless of key order.
func (r Request) JSON() any {
	var v any
	if json.Unmarshal(r.Body, &v) != nil {
		return nil
	}
	return v
}

func (r Request) String() string {
	s := r.Method + " " + r.Path
	if len(r.Query) > 0 {
		s += "?" + r.Query.Encode()
	}
	return s
}

const traceBodyLimit = 1 << 20

var versionPrefix = regexp.MustCompile(`^/v[0-9]+\.[0-9]+/`)

// Trace runs one client (who is "skiff" or "ref") with DOCKER_HOST pointed at a proxy in
// front of the engine that records every request, and returns the result and the
// requests in the order they were sent. Hijacked streams (attach, exec start) pass through;
// recording stops on that connection at the upgrade. The reference's absence skips the
// test, as Ref does.
func Trace(t *testing.T, who, stdin string, env []string, args ...string) (Result, []Request) {
	t.Helper()
	return TraceTo(t, engineHost(), who, stdin, env, args...)
}

// TraceTo is Trace in front of the engine at host (a swarm node's -H).
func TraceTo(t *testing.T, host, who, stdin string, env []string, args ...string) (Result, []Request) {
	t.Helper()
	network, addr, ok := strings.Cut(host, "://")
	if !ok || (network != "unix" && network != "tcp") || os.Getenv("DOCKER_TLS_VERIFY") != "" {
		t.Skipf("Trace needs a plain unix:// or tcp:// engine, not %s", host)
	}
	dir, err := os.MkdirTemp("", "skiff-trace-") // short: socket paths are limited to 108 bytes
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "engine.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	rec := &traceRecorder{}
	var wg sync.WaitGroup
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				rec.proxy(c, network, addr)
			}()
		}
	}()
	env = append(append([]string{}, env...), "DOCKER_HOST=unix://"+sock)
	var res Result
	switch who {
	case "skiff":
		res = SkiffIn(t, stdin, env, args...)
	case "ref":
		res = RefIn(t, stdin, env, args...)
	default:
		t.Fatalf("Trace: who must be skiff or ref, not %q", who)
	}
	ln.Close()
	wg.Wait() // the client has exited: its connections are closed, every request recorded
	return res, rec.requests()
}

type traceRecorder struct {
	mu   sync.Mutex
	reqs []Request
}

func (r *traceRecorder) requests() []Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Request(nil), r.reqs...)
}

// proxy copies bytes both ways unchanged, recording each request the client sends
// before any of its bytes reach the engine: a request is in the list before the engine
// can answer it, so the list keeps the order the client sent them in, also across
// connections (a recorder parsing a copy behind the forwarding put a later request on
// another connection first now and then).
func (r *traceRecorder) proxy(client net.Conn, network, addr string) {
	defer client.Close()
	engine, err := net.Dial(network, addr)
	if err != nil {
		return
	}
	defer engine.Close()
	done := make(chan struct{})
	go func() {
		io.Copy(client, engine)
		client.Close()
		close(done)
	}()
	tee := &traceTee{src: client}
	if r.record(bufio.NewReader(tee), tee, engine) {
		io.Copy(engine, client) // after an upgrade or what is not HTTP: raw bytes
	}
	if cw, ok := engine.(interface{ CloseWrite() error }); ok {
		cw.CloseWrite()
	}
	<-done
}

// traceTee holds the bytes read from the client until flush forwards them.
type traceTee struct {
	src     io.Reader
	pending bytes.Buffer
}

func (t *traceTee) Read(p []byte) (int, error) {
	n, err := t.src.Read(p)
	t.pending.Write(p[:n])
	return n, err
}

func (t *traceTee) flush(w io.Writer) error {
	_, err := w.Write(t.pending.Bytes())
	t.pending.Reset()
	return err
}

// record reads requests from br (the client's stream through tee), appending each to the
// list once its head is read and only then forwarding its bytes to engine. It returns
// whether the rest of the stream is still to be copied raw (an upgrade, or bytes that
// are not a request).
func (r *traceRecorder) record(br *bufio.Reader, tee *traceTee, engine io.Writer) bool {
	buf := make([]byte, 32*1024)
	for {
		req, err := http.ReadRequest(br)
		if err != nil {
			return tee.flush(engine) == nil
		}
		r.mu.Lock()
		i := len(r.reqs)
		r.reqs = append(r.reqs, Request{
			Method: req.Method,
			Path:   "/" + strings.TrimPrefix(versionPrefix.ReplaceAllString(req.URL.Path, ""), "/"),
			Query:  req.URL.Query(),
			Header: req.Header,
		})
		r.mu.Unlock()
		if tee.flush(engine) != nil {
			return false
		}
		var body bytes.Buffer
		for {
			n, err := req.Body.Read(buf)
			if room := traceBodyLimit - body.Len(); room > 0 {
				body.Write(buf[:min(n, room)])
			}
			if tee.flush(engine) != nil {
				return false
			}
			if err != nil {
				break
			}
		}
		req.Body.Close()
		r.mu.Lock()
		r.reqs[i].Body = body.Bytes()
		r.mu.Unlock()
		if req.Header.Get("Upgrade") != "" {
			return true
		}
	}
}

// TestTraceRecordsRequests checks the recorder itself: both clients list containers
// through it with the filter they were given.
func TestTraceRecordsRequests(t *testing.T) {
	t.Parallel()
	for _, who := range []string{"skiff", "ref"} {
		res, reqs := Trace(t, who, "", nil, "ps", "-a", "--filter", "label=skiff.trace=none")
		if res.Code != 0 {
			t.Fatalf("%s: %s", who, res)
		}
		var found bool
		for _, r := range reqs {
			if r.Method == "GET" && r.Path == "/containers/json" {
				found = strings.Contains(r.Query.Get("filters"), "skiff.trace=none") && r.Query.Get("all") == "1"
			}
		}
		if !found {
			t.Errorf("%s: no GET /containers/json?all=1 with the filter among %v", who, reqs)
		}
	}
}
