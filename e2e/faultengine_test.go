//go:build e2e

package e2e

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// faultEngine is an engine on a unix socket of its own that a test makes misbehave:
// at the connection (refused, closed at once, silent) or in one answer (a route's
// handler replaced), around a plausible single container that the run/attach/logs
// sequences can drive: create, inspect, attach (hijacked), wait, start, kill, resize,
// logs, remove. Every request that arrives is announced on reached, as its route
// ("POST /containers/{id}/attach"), so that a test can act "while the client hangs"
// without sleeping.
type faultEngine struct {
	t       *testing.T
	host    string // DOCKER_HOST of the engine
	dir     string // the socket's directory (normalised out of messages)
	reached chan string

	// version is the API-Version header of every answer; faultNoVersion: none.
	version string
	// routes replace the plausible answer of a route; the handler gets the engine.
	routes map[string]func(fe *faultEngine, w http.ResponseWriter, r *http.Request)
	// tty: the container has a terminal (raw stream).
	tty bool
	// stream is what the container writes on its attach connection once started (nil:
	// "hello\n" on stdout); it exits with 0 when that is written. faultHang: it writes
	// nothing and runs until killed.
	stream []byte

	mu       sync.Mutex
	attached []net.Conn    // hijacked attach connections
	exited   chan struct{} // closed when the container has exited
	code     int           // its exit code then
	created  bool          // by the client (run): else it runs already (attach, logs)
	pending  bool          // attached to the running container: it writes at the next inspect
	once     sync.Once     // closes exited
	stop     chan struct{} // closed at the test's end: held answers return
	conns    []net.Conn    // raw connections (connection-level faults)
}

const faultNoVersion = "-"

// faultAny awaits the first request; faultAttached, the attach's 101 written.
const (
	faultAny      = "*"
	faultAttached = "attached"
)

// faultHang as a container's stream: it writes nothing and runs until killed.
var faultHang = []byte{}

// faultID is the fake container's id.
const faultID = "f00dcafe0123456789abcdef0123456789abcdef0123456789abcdef01234567"

// faultFrame is one multiplexed-stream frame: the 8-byte header (stream id, three
// zero bytes, big-endian length) and the payload, which may be shorter than size.
func faultFrame(id byte, size uint32, payload string) []byte {
	h := make([]byte, 8, 8+len(payload))
	h[0] = id
	binary.BigEndian.PutUint32(h[4:], size)
	return append(h, payload...)
}

func newFaultEngine(t *testing.T, version string) *faultEngine {
	t.Helper()
	dir, err := os.MkdirTemp("", "skiff-fault-") // short: socket paths are limited to 108 bytes
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return &faultEngine{
		t: t, dir: dir, host: "unix://" + filepath.Join(dir, "engine.sock"),
		reached: make(chan string, 1024), version: version,
		routes: map[string]func(*faultEngine, http.ResponseWriter, *http.Request){},
		exited: make(chan struct{}), stop: make(chan struct{}),
	}
}

func (fe *faultEngine) sock() string { return strings.TrimPrefix(fe.host, "unix://") }

// serve starts answering over HTTP.
func (fe *faultEngine) serve() *faultEngine {
	ln, err := net.Listen("unix", fe.sock())
	if err != nil {
		fe.t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(fe.handle)}
	go srv.Serve(ln)
	fe.t.Cleanup(func() {
		close(fe.stop)
		srv.Close()
		fe.closeAll()
	})
	return fe
}

// serveConn starts answering at the connection level: fn gets each accepted
// connection (the engine closes them all at the test's end).
func (fe *faultEngine) serveConn(fn func(fe *faultEngine, c net.Conn)) *faultEngine {
	ln, err := net.Listen("unix", fe.sock())
	if err != nil {
		fe.t.Fatal(err)
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			fe.mu.Lock()
			fe.conns = append(fe.conns, c)
			fe.mu.Unlock()
			go fn(fe, c)
		}
	}()
	fe.t.Cleanup(func() {
		close(fe.stop)
		ln.Close()
		fe.closeAll()
	})
	return fe
}

// refuse leaves a socket file that nothing listens on: connecting is refused.
func (fe *faultEngine) refuse() *faultEngine {
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: fe.sock(), Net: "unix"})
	if err != nil {
		fe.t.Fatal(err)
	}
	ln.SetUnlinkOnClose(false)
	ln.Close()
	return fe
}

// faultCloseAtOnce accepts and closes.
func faultCloseAtOnce(fe *faultEngine, c net.Conn) { c.Close() }

// faultSilent reads the request, announces it and never answers.
func faultSilent(fe *faultEngine, c net.Conn) {
	req, err := http.ReadRequest(bufio.NewReader(c))
	if err != nil {
		return
	}
	fe.announce(faultMethod(req.Method) + " " + faultRoute(req.URL.Path))
	<-fe.stop
}

// announce tells a waiting test that route has arrived (never blocking the engine).
func (fe *faultEngine) announce(route string) {
	select {
	case fe.reached <- route:
	default:
	}
}

// await returns once route has arrived (fails the test after 20 s); faultAny: the
// first request, whatever it is.
func (fe *faultEngine) await(route string) {
	fe.t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case r := <-fe.reached:
			if r == route || route == faultAny {
				return
			}
		case <-timeout:
			fe.t.Fatalf("fault engine: %s never arrived", route)
		}
	}
}

func (fe *faultEngine) closeAll() {
	fe.mu.Lock()
	defer fe.mu.Unlock()
	for _, c := range append(fe.conns, fe.attached...) {
		c.Close()
	}
}

// faultMethod: HEAD is answered as GET (the ping).
func faultMethod(m string) string {
	if m == http.MethodHead {
		return http.MethodGet
	}
	return m
}

var faultVersionPrefix = regexp.MustCompile(`^/v[0-9][0-9.]*`)

// faultRoute is a request's path without its version, the container's id or name as
// {id}: "/containers/{id}/attach".
func faultRoute(path string) string {
	p := faultVersionPrefix.ReplaceAllString(path, "")
	parts := strings.Split(p, "/")
	if len(parts) > 2 && (parts[1] == "containers" && parts[2] != "json" && parts[2] != "create" || parts[1] == "exec") {
		parts[2] = "{id}"
	}
	return strings.Join(parts, "/")
}

func (fe *faultEngine) handle(w http.ResponseWriter, r *http.Request) {
	route := faultMethod(r.Method) + " " + faultRoute(r.URL.Path)
	fe.t.Logf("fault engine: %s %s", r.Method, r.URL)
	fe.announce(route)
	if fe.version != faultNoVersion {
		w.Header().Set("API-Version", fe.version)
	}
	w.Header().Set("OSType", "linux")
	w.Header().Set("Docker-Experimental", "false")
	if h, ok := fe.routes[route]; ok {
		h(fe, w, r)
		return
	}
	switch route {
	case "GET /_ping":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("OK"))
	case "GET /version":
		faultJSON(w, 200, faultVersionBody(fe.version))
	case "GET /info":
		faultJSON(w, 200, faultInfoBody)
	case "GET /containers/json":
		faultJSON(w, 200, `[`+faultSummary+`]`)
	case "GET /containers/{id}/json":
		faultJSON(w, 200, fe.inspectBody())
		fe.mu.Lock()
		pending := fe.pending
		fe.pending = false
		fe.mu.Unlock()
		if pending {
			// the clients check the container still runs once attached: its output
			// comes after that, else they would race its exit
			w.(http.Flusher).Flush()
			fe.started()
		}
	case "POST /containers/create":
		fe.mu.Lock()
		fe.created = true
		fe.mu.Unlock()
		faultJSON(w, 201, `{"Id":"`+faultID+`","Warnings":[]}`)
	case "POST /containers/{id}/attach":
		fe.attach(w)
	case "POST /containers/{id}/wait":
		w.Header().Set("Content-Type", "application/json")
		// Engines before API 1.30 answer a wait only when the container exits.
		if faultVersionAtLeast(fe.version, "1.30") {
			w.WriteHeader(200)
			w.(http.Flusher).Flush()
		}
		select {
		case <-fe.exited:
			fmt.Fprintf(w, `{"StatusCode":%d}`+"\n", fe.code)
		case <-fe.stop:
		}
	case "POST /containers/{id}/start":
		w.WriteHeader(204)
		fe.started()
	case "POST /containers/{id}/kill":
		w.WriteHeader(204)
		code := 137
		switch r.URL.Query().Get("signal") {
		case "", "KILL", "SIGKILL", "9":
		case "INT", "SIGINT", "2":
			code = 130
		case "TERM", "SIGTERM", "15":
			code = 143
		default:
			return // the shell ignores the others
		}
		fe.exit(code)
	case "POST /containers/{id}/resize":
		w.WriteHeader(200)
	case "DELETE /containers/{id}":
		w.WriteHeader(204)
	case "GET /events":
		// the container's die event (clients of API < 1.30 wait on it), then held
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		w.(http.Flusher).Flush()
		select {
		case <-fe.exited:
			fmt.Fprintf(w, `{"status":"die","id":"%[1]s","from":"bb","Type":"container","Action":"die",`+
				`"Actor":{"ID":"%[1]s","Attributes":{"exitCode":"%[2]d","image":"bb","name":"faulty"}},"scope":"local","time":1700000000,"timeNano":1700000000000000000}`+"\n", faultID, fe.code)
			w.(http.Flusher).Flush()
		case <-fe.stop:
			return
		}
		<-fe.stop
	case "POST /containers/{id}/exec":
		faultJSON(w, 201, `{"Id":"e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0"}`)
	case "POST /exec/{id}/start":
		// the process writes its stream and ends
		c, rw, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		fe.mu.Lock()
		fe.conns = append(fe.conns, c) // closed at the test's end
		fe.mu.Unlock()
		fmt.Fprintf(rw, "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n")
		rw.Write(fe.streamBytes())
		rw.Flush()
		// The output ends; the client's side stays open until it closes it (an
		// engine that closed at once would race the client's own half-close).
		c.(*net.UnixConn).CloseWrite()
		io.Copy(io.Discard, rw)
		c.Close()
	case "GET /exec/{id}/json":
		faultJSON(w, 200, `{"ID":"e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0","Running":false,"ExitCode":0,"ContainerID":"`+faultID+`","Pid":43}`)
	case "GET /containers/{id}/logs":
		w.Header().Set("Content-Type", "application/vnd.docker.multiplexed-stream")
		w.WriteHeader(200)
		w.Write(fe.streamBytes())
	default:
		fe.t.Logf("fault engine: no answer for %s %s", r.Method, r.URL)
		faultJSON(w, 404, `{"message":"page not found"}`)
	}
}

// faultVersionAtLeast: v (an API version, or faultNoVersion: the client's own) ≥ min.
func faultVersionAtLeast(v, min string) bool {
	if v == faultNoVersion {
		return true
	}
	var a, b, c, d int
	fmt.Sscanf(v, "%d.%d", &a, &b)
	fmt.Sscanf(min, "%d.%d", &c, &d)
	return a > c || a == c && b >= d
}

func faultJSON(w http.ResponseWriter, code int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	w.Write([]byte(body + "\n"))
}

func (fe *faultEngine) streamBytes() []byte {
	if fe.stream == nil {
		if fe.tty {
			return []byte("hello\r\n")
		}
		return faultFrame(1, 6, "hello\n")
	}
	return fe.stream
}

// attach takes the connection over and keeps it for the container's output, which
// comes when the container starts.
func (fe *faultEngine) attach(w http.ResponseWriter) {
	c, rw, err := w.(http.Hijacker).Hijack()
	if err != nil {
		fe.t.Errorf("fault engine: hijack: %v", err)
		return
	}
	ct := "application/vnd.docker.multiplexed-stream"
	if fe.tty {
		ct = "application/vnd.docker.raw-stream"
	}
	// Registered before the client can see the 101 (and ask what comes next).
	fe.mu.Lock()
	fe.attached = append(fe.attached, c)
	fe.pending = !fe.created // a running container: its output comes at the next inspect
	fe.mu.Unlock()
	fmt.Fprintf(rw, "HTTP/1.1 101 UPGRADED\r\nContent-Type: %s\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n", ct)
	rw.Flush()
	fe.announce(faultAttached)
	go io.Copy(io.Discard, rw) // stdin, if any
}

// outputPending: the running container (attach x, not one the client created) writes
// its stream and exits once the client has inspected it after attaching.
func (fe *faultEngine) outputPending() {
	fe.mu.Lock()
	fe.pending = !fe.created
	fe.mu.Unlock()
}

// started: the container writes its stream on every attach connection and exits
// with 0, or runs until killed (faultHang).
func (fe *faultEngine) started() {
	if fe.stream != nil && len(fe.stream) == 0 {
		return
	}
	fe.mu.Lock()
	for _, c := range fe.attached {
		c.Write(fe.streamBytes())
	}
	fe.mu.Unlock()
	fe.exit(0)
}

// exit ends the container with code: its attach connections close, waits answer.
func (fe *faultEngine) exit(code int) {
	fe.once.Do(func() {
		fe.mu.Lock()
		fe.code = code
		for _, c := range fe.attached {
			c.Close()
		}
		fe.mu.Unlock()
		close(fe.exited)
	})
}

func (fe *faultEngine) running() bool {
	select {
	case <-fe.exited:
		return false
	default:
		return true
	}
}

func (fe *faultEngine) inspectBody() string {
	status, running := "exited", false
	if fe.running() {
		status, running = "running", true
	}
	return fmt.Sprintf(`{"Id":"%s","Created":"2023-11-14T22:13:20Z","Path":"sh","Args":[],`+
		`"State":{"Status":"%s","Running":%t,"Paused":false,"Restarting":false,"OOMKilled":false,"Dead":false,"Pid":42,"ExitCode":0,"Error":"","StartedAt":"2023-11-14T22:13:21Z","FinishedAt":"0001-01-01T00:00:00Z"},`+
		`"Image":"sha256:1111111111111111111111111111111111111111111111111111111111111111","Name":"/faulty","RestartCount":0,"Driver":"overlay2","Platform":"linux",`+
		`"HostConfig":{"AutoRemove":false,"NetworkMode":"default"},`+
		`"Config":{"Hostname":"f00dcafe0123","Tty":%t,"OpenStdin":%t,"StdinOnce":false,"AttachStdin":false,"AttachStdout":true,"AttachStderr":true,"Image":"bb","Cmd":["sh"],"Labels":{}},`+
		`"NetworkSettings":{"Networks":{}},"Mounts":[]}`, faultID, status, running, fe.tty, fe.tty)
}

const faultSummary = `{"Id":"` + faultID + `","Names":["/faulty"],"Image":"bb","ImageID":"sha256:1111111111111111111111111111111111111111111111111111111111111111",` +
	`"Command":"sh","Created":1700000000,"Ports":[],"Labels":{},"State":"running","Status":"Up 2 minutes",` +
	`"HostConfig":{"NetworkMode":"default"},"NetworkSettings":{"Networks":{}},"Mounts":[]}`

func faultVersionBody(v string) string {
	if v == faultNoVersion {
		v = "1.41"
	}
	return fmt.Sprintf(`{"Platform":{"Name":"Fake Engine"},"Version":"28.0.0","ApiVersion":"%s","MinAPIVersion":"1.12",`+
		`"GitCommit":"abcdef0","GoVersion":"go1.22","Os":"linux","Arch":"amd64","KernelVersion":"6.1.0","BuildTime":"2023-11-14T22:13:20.000000000+00:00",`+
		`"Components":[{"Name":"Engine","Version":"28.0.0","Details":{"ApiVersion":"%s","Arch":"amd64","BuildTime":"2023-11-14T22:13:20.000000000+00:00",`+
		`"Experimental":"false","GitCommit":"abcdef0","GoVersion":"go1.22","KernelVersion":"6.1.0","MinAPIVersion":"1.12","Os":"linux"}}]}`, v, v)
}

const faultInfoBody = `{"ID":"FAKE:ENGINE","Containers":1,"ContainersRunning":1,"ContainersPaused":0,"ContainersStopped":0,"Images":1,` +
	`"Driver":"overlay2","DriverStatus":[],"Plugins":{"Volume":["local"],"Network":["bridge"],"Log":["json-file"]},` +
	`"MemoryLimit":true,"SwapLimit":true,"CpuCfsPeriod":true,"CpuCfsQuota":true,"CPUShares":true,"CPUSet":true,"PidsLimit":true,` +
	`"IPv4Forwarding":true,"BridgeNfIptables":true,"BridgeNfIp6tables":true,"Debug":false,"NFd":10,"OomKillDisable":false,"NGoroutines":20,` +
	`"SystemTime":"2023-11-14T22:13:20.000000000Z","LoggingDriver":"json-file","CgroupDriver":"systemd","CgroupVersion":"2","NEventsListener":0,` +
	`"KernelVersion":"6.1.0","OperatingSystem":"Fake OS","OSVersion":"1","OSType":"linux","Architecture":"x86_64","IndexServerAddress":"https://index.docker.io/v1/",` +
	`"RegistryConfig":{"IndexConfigs":{},"InsecureRegistryCIDRs":[],"Mirrors":[]},"NCPU":2,"MemTotal":1073741824,"DockerRootDir":"/var/lib/docker",` +
	`"Name":"fake","Labels":[],"ExperimentalBuild":false,"ServerVersion":"28.0.0","Runtimes":{"runc":{"path":"runc"}},"DefaultRuntime":"runc",` +
	`"Swarm":{"NodeID":"","NodeAddr":"","LocalNodeState":"inactive","ControlAvailable":false,"Error":"","RemoteManagers":null},` +
	`"LiveRestoreEnabled":false,"Isolation":"","InitBinary":"docker-init","ContainerdCommit":{"ID":"x"},"RuncCommit":{"ID":"x"},"InitCommit":{"ID":"x"},` +
	`"SecurityOptions":["name=seccomp,profile=builtin"],"Warnings":null}`
