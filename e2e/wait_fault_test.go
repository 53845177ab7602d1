//go:build e2e

package e2e

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/moby/term"
)

// The run/attach/wait sequence against an engine that misbehaves around the wait and
// the attach, and signals at each stage (issue 8's defects 1, 2, 3 and 6), the
// reference and skiff side by side.

// waitFake is a hand-made engine with one container, scripted by its fields.
type waitFake struct {
	api    string // the API version it announces
	tty    bool   // the container has a TTY (and stdin open)
	attach string // "": answered (101); "hang": never answered
	wait   string // "": headers at once, the status at the exit; "hang": never answered; "close": closed at once; "late": headers and status at the exit
	output string // "exit": "hello", then the container exits 3; "close": "hello", then the output closes and the container runs on
	// running: the container runs already (attach); else the output comes after the start
	running bool

	t            *testing.T
	host         string
	kills        chan string   // the signals of POST kill, in order
	attached     chan struct{} // an attach request arrived
	outputClosed chan struct{}
	started      chan struct{}
	exited       chan struct{}
	hold         chan struct{}
	startOnce    sync.Once
	exitOnce     sync.Once
	attachOnce   sync.Once
	removed      chan struct{}
	removeOnce   sync.Once

	mu   sync.Mutex
	reqs []string // "METHOD /path" without the version, in arrival order
}

const waitFakeID = "c0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeeabcd"

var waitFakeVersion = regexp.MustCompile(`^/v[0-9.]+`)

func (f *waitFake) serve(t *testing.T) *waitFake {
	f.t = t
	if f.api == "" {
		f.api = "1.41"
	}
	f.kills = make(chan string, 64)
	f.attached = make(chan struct{})
	f.outputClosed = make(chan struct{})
	f.started = make(chan struct{})
	f.exited = make(chan struct{})
	f.hold = make(chan struct{})
	f.removed = make(chan struct{})
	if f.running {
		f.startOnce.Do(func() { close(f.started) })
	}
	f.host = fakeEngine(t, f.handle)
	t.Cleanup(func() { close(f.hold) }) // before the server closes (cleanups run last-in first-out)
	return f
}

func (f *waitFake) requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.reqs...)
}

func (f *waitFake) asked(prefix string) bool {
	for _, r := range f.requests() {
		if strings.HasPrefix(r, prefix) {
			return true
		}
	}
	return false
}

func (f *waitFake) json(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

func (f *waitFake) handle(w http.ResponseWriter, r *http.Request) {
	p := waitFakeVersion.ReplaceAllString(r.URL.Path, "")
	w.Header().Set("API-Version", f.api)
	w.Header().Set("OSType", "linux")
	if p != "/_ping" {
		f.mu.Lock()
		f.reqs = append(f.reqs, r.Method+" "+strings.ReplaceAll(p, waitFakeID, "ID"))
		f.mu.Unlock()
	}
	c := "/containers/" + waitFakeID
	switch {
	case p == "/_ping":
		_, _ = io.WriteString(w, "OK")
	case p == "/containers/create":
		f.json(w, 201, map[string]any{"Id": waitFakeID, "Warnings": []string{}})
	case strings.HasSuffix(p, "/json"):
		f.json(w, 200, map[string]any{"Id": waitFakeID, "Name": "/x",
			"State":      map[string]any{"Status": "running", "Running": true},
			"Config":     map[string]any{"Tty": f.tty, "OpenStdin": f.tty, "AttachStdin": f.tty, "AttachStdout": true, "AttachStderr": true},
			"HostConfig": map[string]any{"AutoRemove": false}})
	case strings.HasSuffix(p, "/attach"):
		f.attachOnce.Do(func() { close(f.attached) })
		if f.attach == "hang" {
			f.block(r)
			return
		}
		f.hijack(w, r)
	case strings.HasSuffix(p, "/wait"):
		f.answerWait(w, r)
	case strings.HasSuffix(p, "/start"):
		f.startOnce.Do(func() { close(f.started) })
		w.WriteHeader(204)
	case strings.HasSuffix(p, "/kill"):
		f.kills <- r.URL.Query().Get("signal")
		w.WriteHeader(204)
	case strings.HasSuffix(p, "/resize"):
		w.WriteHeader(200)
	case p == "/events":
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		w.(http.Flusher).Flush()
		select {
		case <-f.exited:
		case <-f.hold:
			return
		case <-r.Context().Done():
			return
		}
		event := func(a string) {
			_ = json.NewEncoder(w).Encode(map[string]any{"status": a, "id": waitFakeID, "Type": "container", "Action": a,
				"Actor": map[string]any{"ID": waitFakeID, "Attributes": map[string]string{"exitCode": "3"}}, "time": 1700000000})
			w.(http.Flusher).Flush()
		}
		event("die")
		if f.api < "1.25" { // the client removes the container: destroyed then
			select {
			case <-f.removed:
			case <-f.hold:
				return
			case <-r.Context().Done():
				return
			}
		}
		event("destroy")
		f.block(r)
	case r.Method == http.MethodDelete && p == c:
		f.removeOnce.Do(func() { close(f.removed) })
		w.WriteHeader(204)
	default:
		f.json(w, 404, map[string]string{"message": "no route " + p})
	}
}

func (f *waitFake) block(r *http.Request) {
	select {
	case <-f.hold:
	case <-r.Context().Done():
	}
}

func (f *waitFake) answerWait(w http.ResponseWriter, r *http.Request) {
	switch f.wait {
	case "hang":
		f.block(r)
		return
	case "close":
		if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
			conn.Close()
		}
		return
	case "late":
	default:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		w.(http.Flusher).Flush()
	}
	select {
	case <-f.exited:
	case <-f.hold:
		return
	case <-r.Context().Done():
		return
	}
	f.json(w, 200, map[string]int{"StatusCode": 3})
}

// hijack answers an attach: "hello" once the container runs, then the exit or the
// output's end as f.output says.
func (f *waitFake) hijack(w http.ResponseWriter, r *http.Request) {
	conn, buf, err := w.(http.Hijacker).Hijack()
	if err != nil {
		f.t.Error(err)
		return
	}
	defer conn.Close()
	buf.WriteString("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n")
	buf.Flush()
	go io.Copy(io.Discard, buf) // the client's stdin, if any
	select {
	case <-f.started:
	case <-f.hold:
		return
	}
	out := []byte("hello\r\n")
	if !f.tty {
		out = []byte("hello\n")
		h := make([]byte, 8)
		h[0] = 1
		binary.BigEndian.PutUint32(h[4:], uint32(len(out)))
		out = append(h, out...)
	}
	_, _ = conn.Write(out)
	if f.output == "close" {
		_ = conn.(*net.UnixConn).CloseWrite()
		close(f.outputClosed)
		<-f.hold
		return
	}
	f.exitOnce.Do(func() { close(f.exited) })
}

// waitClient is a client running against a waitFake, stdin closed, SIGINT as a
// background job has it (ignored when it starts).
type waitClient struct {
	t    *testing.T
	who  string
	cmd  *exec.Cmd
	out  *waitBuffer
	errb *waitBuffer
	done chan struct{}
	code int
}

// waitBuffer is an output that can be waited on.
type waitBuffer struct {
	mu   sync.Mutex
	b    bytes.Buffer
	more chan struct{}
}

func (b *waitBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.b.Write(p)
	close(b.more)
	b.more = make(chan struct{})
	return len(p), nil
}

func (b *waitBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// waitFor waits until the output holds s.
func (b *waitBuffer) waitFor(t *testing.T, s string, done <-chan struct{}) {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		b.mu.Lock()
		if strings.Contains(b.b.String(), s) {
			b.mu.Unlock()
			return
		}
		more := b.more
		b.mu.Unlock()
		select {
		case <-more:
		case <-done:
			if !strings.Contains(b.String(), s) {
				t.Fatalf("the client ended without printing %q", s)
			}
			return
		case <-deadline:
			t.Fatalf("%q not printed in 20 s; so far %q", s, b.String())
		}
	}
}

func waitStart(t *testing.T, who string, f *waitFake, args ...string) *waitClient {
	t.Helper()
	bin, home := clientOf(t, who)
	c := &waitClient{t: t, who: who, out: &waitBuffer{more: make(chan struct{})}, errb: &waitBuffer{more: make(chan struct{})},
		done: make(chan struct{})}
	c.cmd = exec.Command("sh", append([]string{"-c", `trap "" INT; exec "$0" "$@"`, bin, "-H", f.host}, args...)...)
	c.cmd.Env = cleanEnv(home, nil)
	c.cmd.Stdout, c.cmd.Stderr = c.out, c.errb
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		err := c.cmd.Wait()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			c.code = ee.ExitCode()
			if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
				c.code = 128 + int(ws.Signal())
			}
		}
		close(c.done)
	}()
	t.Cleanup(func() {
		select {
		case <-c.done:
		default:
			_ = c.cmd.Process.Kill()
			<-c.done
		}
	})
	return c
}

// catching waits until the client handles sig (its handler shows in /proc).
func (c *waitClient) catching(sig syscall.Signal) {
	c.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !signalCaught(c.cmd.Process.Pid, sig) {
		if time.Now().After(deadline) {
			c.t.Fatalf("%s does not catch %v", c.who, sig)
		}
		select {
		case <-c.done:
			c.t.Fatalf("%s ended: %d %q", c.who, c.code, c.errb.String())
		case <-time.After(5 * time.Millisecond): // a poll with a deadline: /proc has no event
		}
	}
}

// send sends sig; with f, it then waits until the engine got it as a kill (the
// next signal must not merge with this one in the kernel) or the client ended.
func (c *waitClient) send(sig syscall.Signal, f *waitFake, name string) (ended bool) {
	c.t.Helper()
	if err := c.cmd.Process.Signal(sig); err != nil {
		return true
	}
	if f == nil {
		return false
	}
	select {
	case got := <-f.kills:
		if got != name {
			c.t.Errorf("%s: kill signal=%s, want %s", c.who, got, name)
		}
		return false
	case <-c.done:
		return true
	case <-time.After(10 * time.Second):
		c.t.Fatalf("%s: %v was not sent to the container", c.who, sig)
	}
	return false
}

// end waits for the client's end (it must come: no hang) and returns its result.
func (c *waitClient) end() Result {
	c.t.Helper()
	r, ok := c.tryEnd()
	if !ok {
		c.t.Fatalf("%s hangs; stderr %q", c.who, c.errb.String())
	}
	return r
}

// tryEnd is end that reports a hang (the client is then killed) instead of failing.
func (c *waitClient) tryEnd() (Result, bool) {
	c.t.Helper()
	select {
	case <-c.done:
	case <-time.After(20 * time.Second):
		_ = c.cmd.Process.Kill()
		<-c.done
		return Result{}, false
	}
	r := Result{Stdout: c.out.String(), Stderr: c.errb.String(), Code: c.code}
	waitNoStack(c.t, c.who, r)
	return r, true
}

// waitBoth runs attempt for the reference, then for skiff, and compares their exit
// codes, stdouts and first stderr lines; skiff must exit wantSkiff. The reference now
// and then misses a signal under load and hangs (its own race): an attempt that hung
// reports ok false, and the reference gets three tries, skiff one.
func waitBoth(t *testing.T, wantSkiff int, attempt func(who string) (r Result, f *waitFake, ok bool)) {
	t.Helper()
	res := map[string]Result{}
	hosts := map[string]string{}
	for _, who := range []string{"ref", "skiff"} {
		for try := 1; ; try++ {
			r, f, ok := attempt(who)
			if ok {
				res[who], hosts[who] = r, f.host
				break
			}
			if who != "ref" || try == 3 {
				t.Fatalf("%s hangs after the signals", who)
			}
		}
	}
	ref, sk := res["ref"], res["skiff"]
	if sk.Code != wantSkiff {
		t.Errorf("skiff: exit %d, want %d; stdout %q stderr %q", sk.Code, wantSkiff, sk.Stdout, sk.Stderr)
	}
	if ref.Code != sk.Code || waitNorm(ref, hosts["ref"]) != waitNorm(sk, hosts["skiff"]) || ref.Stdout != sk.Stdout {
		t.Errorf("ref   exit %d stdout %q stderr %q\nskiff exit %d stdout %q stderr %q",
			ref.Code, ref.Stdout, waitNorm(ref, hosts["ref"]), sk.Code, sk.Stdout, waitNorm(sk, hosts["skiff"]))
	}
}

func waitNoStack(t *testing.T, who string, r Result) {
	t.Helper()
	for _, s := range []string{"goroutine ", "panic:", "runtime.", "SIGQUIT: quit"} {
		if strings.Contains(r.Stderr, s) {
			t.Errorf("%s: a Go stack trace on stderr: %q", who, r.Stderr)
		}
	}
}

var waitLogTime = regexp.MustCompile(`time="[^"]*"`)

// waitNorm is the first stderr line with the log time and the socket path left out.
func waitNorm(r Result, host string) string {
	line := r.FirstErrLine()
	line = waitLogTime.ReplaceAllString(line, `time="<TS>"`)
	sock := strings.TrimPrefix(host, "unix://")
	line = strings.ReplaceAll(line, strings.ReplaceAll(sock, "/", "%2F"), "<SOCK>")
	return strings.ReplaceAll(line, sock, "<SOCK>")
}

// Defect 1: once the output has closed and the status has not come, three
// SIGINTs end run, run --rm and attach with docker's message (exit 1), and the first
// ends start -a (exit 0); each is handed to the container first.
func TestWaitFaultSignalsAfterOutput(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"run", Image}, {"run", "--rm", Image}, {"start", "-a", "x"}, {"attach", "x"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel()
			n, want := 3, 1
			if args[0] == "start" {
				n, want = 1, 0 // the first ends it
			}
			waitBoth(t, want, func(who string) (Result, *waitFake, bool) {
				f := (&waitFake{output: "close", running: args[0] == "attach"}).serve(t)
				c := waitStart(t, who, f, args...)
				<-f.outputClosed
				c.out.waitFor(t, "hello", c.done)
				c.catching(syscall.SIGINT)
				for i := 0; i < n; i++ {
					if c.send(syscall.SIGINT, f, "INT") {
						break
					}
				}
				r, ok := c.tryEnd()
				return r, f, ok
			})
		})
	}
}

// Defect 3: the signals that come while the attach is not yet answered go to the
// container, every one of them (docker sends a kill for each); the third
// SIGINT/SIGTERM still ends the client.
func TestWaitFaultSignalsBeforeAttach(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"run", Image}, {"run", "-t", Image}, {"start", "-a", "x"}, {"attach", "x"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel()
			waitBoth(t, 1, func(who string) (Result, *waitFake, bool) {
				f := (&waitFake{attach: "hang", tty: args[1] == "-t"}).serve(t)
				c := waitStart(t, who, f, args...)
				<-f.attached
				c.catching(syscall.SIGUSR1)
				for _, s := range []struct {
					sig  syscall.Signal
					name string
				}{{syscall.SIGUSR1, "USR1"}, {syscall.SIGQUIT, "QUIT"}, {syscall.SIGHUP, "HUP"}, {syscall.SIGTERM, "TERM"}, {syscall.SIGINT, "INT"}} {
					if c.send(s.sig, f, s.name) {
						t.Fatalf("%s ended at SIG%s: %d %q", who, s.name, c.code, c.errb.String())
					}
				}
				c.send(syscall.SIGINT, nil, "") // the third SIGINT/SIGTERM
				r, ok := c.tryEnd()
				return r, f, ok
			})
		})
	}
}

// Defect 6: a wait whose connection closes at once is logged; run still starts the
// container, prints its output and exits 125.
func TestWaitFaultWaitCloses(t *testing.T) {
	t.Parallel()
	waitBoth(t, 125, func(who string) (Result, *waitFake, bool) {
		f := (&waitFake{wait: "close", output: "exit"}).serve(t)
		return waitStart(t, who, f, "run", Image).end(), f, true
	})
}

// Defect 2: engines before API 1.30 answer the wait only at the exit: run starts the
// container and waits on its events instead, as docker 28 (with --rm below 1.25, the
// client removes it).
func TestWaitFaultLegacyEngine(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		api  string
		args []string
	}{{"1.29", []string{"run", Image}}, {"1.29", []string{"run", "--rm", Image}}, {"1.24", []string{"run", "--rm", Image}}, {"1.29", []string{"start", "-a", "x"}}} {
		t.Run(tc.api+" "+strings.Join(tc.args, " "), func(t *testing.T) {
			t.Parallel()
			waitBoth(t, 3, func(who string) (Result, *waitFake, bool) {
				f := (&waitFake{api: tc.api, wait: "late", output: "exit"}).serve(t)
				r := waitStart(t, who, f, tc.args...).end()
				if who == "skiff" {
					if f.asked("POST /containers/ID/wait") || !f.asked("GET /events") {
						t.Errorf("skiff at API %s: %q", tc.api, f.requests())
					}
					if rm := f.asked("DELETE /containers/ID"); rm != (tc.api == "1.24") {
						t.Errorf("skiff at API %s removed the container: %v; %q", tc.api, rm, f.requests())
					}
				}
				return r, f, true
			})
		})
	}
}

// Beyond docker (which hangs for good without starting the container): a wait that
// the engine never confirms does not hold the start back; the output comes, a
// status that comes late is the exit code, and while none comes three SIGINTs end it.
func TestWaitFaultWaitNeverConfirmed(t *testing.T) {
	t.Parallel()
	t.Run("late", func(t *testing.T) {
		t.Parallel()
		f := (&waitFake{wait: "late", output: "exit"}).serve(t)
		r := waitStart(t, "skiff", f, "run", Image).end()
		if r.Code != 3 || r.Stdout != "hello\n" || r.Stderr != "" {
			t.Errorf("%+v", r)
		}
	})
	t.Run("hang", func(t *testing.T) {
		t.Parallel()
		f := (&waitFake{wait: "hang", output: "exit"}).serve(t)
		c := waitStart(t, "skiff", f, "run", Image)
		c.out.waitFor(t, "hello\n", c.done)
		for i := 0; i < 3; i++ {
			if c.send(syscall.SIGINT, f, "INT") {
				break
			}
		}
		if r := c.end(); r.Code != 1 || !strings.Contains(r.Stderr, "got 3 SIGTERM/SIGINTs, forcefully exiting") {
			t.Errorf("%+v", r)
		}
	})
}

// Defect 2's terminal: run -it whose stream has ended while its status has not come
// (an engine below API 1.30 whose container runs on) has the terminal back, and the
// three ^C typed there end it with docker's message.
func TestWaitFaultPtyWaiting(t *testing.T) {
	t.Parallel()
	for _, who := range []string{"ref", "skiff"} {
		t.Run(who, func(t *testing.T) {
			t.Parallel()
			f := (&waitFake{api: "1.29", tty: true, output: "close"}).serve(t)
			bin, home := clientOf(t, who)
			s := ptyStart(t, bin, home, "-H", f.host, "run", "-it", Image)
			s.expect("hello")
			<-f.outputClosed
			// the stream has ended: the terminal comes back (polled with a deadline:
			// a mode change has no event)
			deadline := time.Now().Add(10 * time.Second)
			for {
				st, err := term.SaveState(s.tty.Fd())
				if err != nil {
					t.Fatal(err)
				}
				if *st == s.before {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("%s: the terminal stays raw after the stream ended", who)
				}
				time.Sleep(5 * time.Millisecond)
			}
			for i := 0; i < 3; i++ {
				s.send("\x03")
				if i < 2 {
					select {
					case got := <-f.kills:
						if got != "INT" {
							t.Errorf("kill %s", got)
						}
					case <-time.After(10 * time.Second):
						t.Fatalf("%s: ^C %d was not sent to the container", who, i+1)
					}
				}
			}
			s.expect("got 3 SIGTERM/SIGINTs, forcefully exiting")
			if code := s.wait(); code != 1 {
				t.Errorf("%s: exit %d, want 1", who, code)
			}
			s.modeRestored()
		})
	}
}
