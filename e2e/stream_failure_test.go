//go:build e2e

package e2e

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// sfProxy is a unix-socket proxy in front of the engine that can "kill the daemon":
// once a connection's engine→client bytes (since the client's last request on it)
// satisfy the trigger, every connection is cut on both sides and the socket is
// removed, so that the client's next dial fails as with a dead daemon.
type sfProxy struct {
	t       *testing.T
	sock    string
	ln      net.Listener
	trigger func(req, resp []byte) bool
	// drop: the bytes that fire the trigger are not forwarded (else they are, then the cut)
	drop bool

	mu      sync.Mutex
	conns   []net.Conn
	clients map[net.Conn]bool // the client sides of conns
	cut     bool
	fired   chan struct{}
	once    sync.Once
}

var sfRequestStart = regexp.MustCompile(`^(GET|POST|HEAD|PUT|DELETE) /`)

func sfStartProxy(t *testing.T, trigger func(req, resp []byte) bool) *sfProxy {
	t.Helper()
	network, addr, ok := strings.Cut(engineHost(), "://")
	if !ok || network != "unix" {
		t.Skipf("the failure proxy needs a unix:// engine, not %s", engineHost())
	}
	dir, err := os.MkdirTemp("", "skiff-sf-") // short: socket paths are limited to 108 bytes
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	p := &sfProxy{t: t, sock: filepath.Join(dir, "engine.sock"), trigger: trigger, fired: make(chan struct{})}
	if p.ln, err = net.Listen("unix", p.sock); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.kill)
	go func() {
		for {
			c, err := p.ln.Accept()
			if err != nil {
				return
			}
			go p.serve(c, addr)
		}
	}()
	return p
}

func (p *sfProxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cut {
		c.Close()
		return false
	}
	p.conns = append(p.conns, c)
	return true
}

// kill cuts every connection, both sides, and stops accepting.
func (p *sfProxy) kill() {
	p.once.Do(func() {
		close(p.fired) // first: a client cannot exit for the cut before it is known
		p.ln.Close()
		p.mu.Lock()
		p.cut = true
		for _, c := range p.conns {
			if p.clients[c] {
				sfHangUp(c)
			} else {
				c.Close()
			}
		}
		p.mu.Unlock()
	})
}

// sfHangUp ends a client connection the way the kernel does for a process that exits
// having read all it was sent: a FIN, so the client reads EOF. A plain Close while bytes
// the client sent are still unread (a terminal's answer to a cursor query, say) would
// reset the connection instead, and which of the two the client sees would depend on
// timing: the clients' comparison flaked on it.
func sfHangUp(c net.Conn) {
	if cw, ok := c.(interface{ CloseWrite() error }); ok && cw.CloseWrite() == nil {
		go func() {
			c.SetReadDeadline(time.Now().Add(2 * time.Second))
			io.Copy(io.Discard, c)
			c.Close()
		}()
		return
	}
	c.Close()
}

func (p *sfProxy) serve(client net.Conn, addr string) {
	p.mu.Lock()
	if p.clients == nil {
		p.clients = map[net.Conn]bool{}
	}
	p.clients[client] = true
	p.mu.Unlock()
	if !p.track(client) {
		return
	}
	engine, err := net.Dial("unix", addr)
	if err != nil {
		client.Close()
		return
	}
	if !p.track(engine) {
		client.Close()
		return
	}
	var mu sync.Mutex
	var req, resp []byte // the client's last request line, the engine's bytes since
	go func() {
		buf := make([]byte, 32*1024)
		for {
			n, err := client.Read(buf)
			if n > 0 {
				if sfRequestStart.Match(buf[:n]) {
					mu.Lock()
					line, _, _ := bytes.Cut(buf[:n], []byte("\r\n"))
					req, resp = append([]byte(nil), line...), nil
					mu.Unlock()
				}
				if _, werr := engine.Write(buf[:n]); werr != nil {
					return
				}
			}
			if err != nil {
				if cw, ok := engine.(interface{ CloseWrite() error }); ok && errors.Is(err, io.EOF) {
					cw.CloseWrite()
				}
				return
			}
		}
	}()
	buf := make([]byte, 32*1024)
	for {
		n, err := engine.Read(buf)
		if n > 0 {
			mu.Lock()
			if len(resp) < 1<<16 {
				resp = append(resp, buf[:n]...)
			}
			fire := p.trigger(req, resp)
			mu.Unlock()
			if fire && p.drop { // the daemon dies before it answers
				p.kill()
				break
			}
			if _, werr := client.Write(buf[:n]); werr != nil {
				break
			}
			if fire {
				p.kill()
				break
			}
		}
		if err != nil {
			break
		}
	}
	sfHangUp(client)
	engine.Close()
}

// sfOnOutput fires when marker comes back from the engine.
func sfOnOutput(marker string) func(req, resp []byte) bool {
	return func(_, resp []byte) bool { return bytes.Contains(resp, []byte(marker)) }
}

// sfOnAnswer fires when the engine has answered a request whose line contains path.
func sfOnAnswer(path string) func(req, resp []byte) bool {
	return func(req, resp []byte) bool {
		return bytes.Contains(req, []byte(path)) && bytes.Contains(resp, []byte("\r\n\r\n"))
	}
}

// sfOnFirstByte fires on the first byte of the answer to a request whose line
// contains path: with drop, the daemon dies before answering at all.
func sfOnFirstByte(path string) func(req, resp []byte) bool {
	return func(req, resp []byte) bool { return bytes.Contains(req, []byte(path)) && len(resp) > 0 }
}

// sfOnNthAnswer fires once n requests whose line contains path have been answered
// (not safe for concurrent use by itself: wrap it in sfAll).
func sfOnNthAnswer(path string, n int) func(req, resp []byte) bool {
	seen := map[*byte]bool{}
	return func(req, resp []byte) bool {
		if len(req) > 0 && bytes.Contains(req, []byte(path)) && bytes.Contains(resp, []byte("\r\n\r\n")) {
			seen[&req[0]] = true // one request line, one slice
		}
		return len(seen) >= n
	}
}

// sfAfterBytes fires once n bytes came back for a request whose line contains path:
// the cut lands in the middle of the stream (and, likely, of a frame).
func sfAfterBytes(path string, n int) func(req, resp []byte) bool {
	return func(req, resp []byte) bool { return bytes.Contains(req, []byte(path)) && len(resp) >= n }
}

// sfAll fires once every trigger has fired (on any connection, in any order).
func sfAll(triggers ...func(req, resp []byte) bool) func(req, resp []byte) bool {
	var mu sync.Mutex
	hit := make([]bool, len(triggers))
	return func(req, resp []byte) bool {
		mu.Lock()
		defer mu.Unlock()
		all := true
		for i, tr := range triggers {
			if !hit[i] && tr(req, resp) {
				hit[i] = true
			}
			all = all && hit[i]
		}
		return all
	}
}

// sfClient is one client process run in the background, stdin held open.
type sfClient struct {
	cmd       *exec.Cmd
	stdin     io.WriteCloser
	out, errb bytes.Buffer
	done      chan struct{}
	code      int
}

func sfStart(t *testing.T, who string, p *sfProxy, stdin string, closeStdin bool, args ...string) *sfClient {
	t.Helper()
	bin, home := clientOf(t, who)
	c := &sfClient{cmd: exec.Command(bin, args...), done: make(chan struct{})}
	c.cmd.Env = cleanEnv(home, []string{"DOCKER_HOST=unix://" + p.sock})
	c.cmd.Stdout, c.cmd.Stderr = &c.out, &c.errb
	var err error
	if c.stdin, err = c.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatalf("%s: %v", who, err)
	}
	go func() {
		if stdin != "" {
			io.WriteString(c.stdin, stdin)
		}
		if closeStdin {
			c.stdin.Close()
		}
	}()
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
		c.stdin.Close()
		select {
		case <-c.done:
		default:
			c.cmd.Process.Kill()
			<-c.done
		}
	})
	return c
}

// sfPrompt is how long a client may take to notice the dead daemon.
const sfPrompt = 10 * time.Second

// result waits for the client to exit: the test fails (and the client is killed) when it
// does not within sfPrompt of the cut.
func (c *sfClient) result(t *testing.T, who string, p *sfProxy) Result {
	t.Helper()
	select {
	case <-p.fired:
	case <-c.done:
		select {
		case <-p.fired: // both at once: the client was quick to notice
		default:
			t.Fatalf("%s exited before the cut:\nexit %d\n--- stdout\n%s--- stderr\n%s", who, c.code, clip(c.out.String()), clip(c.errb.String()))
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("%s: the cut never came (no trigger)\n--- stdout\n%s--- stderr\n%s", who, clip(c.out.String()), clip(c.errb.String()))
	}
	select {
	case <-c.done:
	case <-time.After(sfPrompt):
		c.cmd.Process.Kill()
		<-c.done
		t.Fatalf("%s hangs: still running %s after the daemon died\n--- stdout\n%s--- stderr\n%s", who, sfPrompt, clip(c.out.String()), clip(c.errb.String()))
	}
	r := Result{Stdout: c.out.String(), Stderr: c.errb.String(), Code: c.code}
	t.Logf("%s %s → exit %d\n--- stdout\n%s--- stderr\n%s", who, quoteArgs(c.cmd.Args[1:]), r.Code, clip(r.Stdout), clip(r.Stderr))
	return r
}

// sfSeqPrefix reports whether out is a prefix of `seq 200000`'s output (nothing lost,
// nothing garbled), with at least some lines.
func sfSeqPrefix(out string) bool {
	var want strings.Builder
	for i := 1; want.Len() < len(out); i++ {
		want.WriteString(strconv.Itoa(i) + "\n")
	}
	return len(out) > 1000 && strings.HasPrefix(want.String(), out)
}

// sfNorm makes two runs through two proxies comparable.
func sfNorm(s, sock string) string {
	return Normalize(strings.ReplaceAll(s, sock, "<SOCK>"))
}

func sfNoPanic(t *testing.T, who string, r Result) {
	t.Helper()
	for _, bad := range []string{"panic:", "goroutine ", "SIGSEGV", "fatal error:"} {
		if strings.Contains(r.Stderr, bad) {
			t.Errorf("%s: %q in stderr:\n%s", who, bad, r.Stderr)
		}
	}
}

// TestStreamFailureDaemonDies cuts every connection to the engine while a stream is
// flowing and compares what each client then reports: exit code, first stderr line,
// promptly, and never a panic.
func TestStreamFailureDaemonDies(t *testing.T) {
	t.Parallel()
	// "re""ady" prints "ready" but does not contain it: the marker comes from the
	// container's output, not from an inspect answer echoing the command.
	const readyCmd = `echo re""ady; `
	type scenario struct {
		name    string
		stdin   string
		drop    bool // the daemon dies before the answer that fires the trigger
		trigger func() func(req, resp []byte) bool
		args    func(f *Fix) []string
	}
	// run: the output flows and the start has been answered (else the cut races with it)
	started := func() func(req, resp []byte) bool { return sfAll(sfOnOutput("ready"), sfOnAnswer("/start")) }
	output := func(m string) func() func(req, resp []byte) bool {
		return func() func(req, resp []byte) bool { return sfOnOutput(m) }
	}
	answered := func(path string) func() func(req, resp []byte) bool {
		return func() func(req, resp []byte) bool { return sfOnAnswer(path) }
	}
	firstByte := func(path string) func() func(req, resp []byte) bool {
		return func() func(req, resp []byte) bool { return sfOnFirstByte(path) }
	}
	running := func(f *Fix, args ...string) string {
		_, name := f.Container(args...)
		f.Start(name)
		return name
	}
	for _, sc := range []scenario{
		{"run-i", "", false, started, func(f *Fix) []string {
			return []string{"run", "-i", "--rm", "--label", f.Label(), "--name", f.Name(), Image, "sh", "-c", readyCmd + "cat"}
		}},
		{"run", "", false, started, func(f *Fix) []string {
			return []string{"run", "--label", f.Label(), "--name", f.Name(), Image, "sh", "-c", readyCmd + "sleep 30"}
		}},
		{"logs-f", "", false, output("ready"), func(f *Fix) []string {
			return []string{"logs", "-f", running(f, Image, "sh", "-c", readyCmd+"sleep 30")}
		}},
		// the daemon dies answering the attach (not right after: the reference then races
		// its second inspect against the cut)
		{"attach", "", true, firstByte("/attach"), func(f *Fix) []string {
			return []string{"attach", running(f, "-i", Image, "sh", "-c", "sleep 30")}
		}},
		// after the second inspect (docker checks the state again once attached)
		{"attach-output", "", false, func() func(req, resp []byte) bool {
			return sfAll(sfOnOutput("ready"), sfOnNthAnswer("/json", 2))
		}, func(f *Fix) []string {
			return []string{"attach", running(f, Image, "sh", "-c", "sleep 1; "+readyCmd+"sleep 30")}
		}},
		{"exec-i", "hello\n", false, output("hello"), func(f *Fix) []string {
			return []string{"exec", "-i", running(f, Image, "sleep", "30"), "cat"}
		}},
		{"start-a", "", false, started, func(f *Fix) []string {
			_, name := f.Container(Image, "sh", "-c", readyCmd+"sleep 30")
			return []string{"start", "-a", name}
		}},
		{"start-ai", "", false, started, func(f *Fix) []string {
			_, name := f.Container("-i", Image, "sh", "-c", readyCmd+"cat")
			return []string{"start", "-ai", name}
		}},
		// mid-stream, mid-frame: a container that writes a lot at once
		{"run-bytes", "", false, func() func(req, resp []byte) bool {
			return sfAll(sfAfterBytes("/attach", 50000), sfOnAnswer("/start"))
		}, func(f *Fix) []string {
			return []string{"run", "--label", f.Label(), "--name", f.Name(), Image, "sh", "-c", "seq 200000; sleep 30"}
		}},
		{"logs-bytes", "", false, func() func(req, resp []byte) bool { return sfAfterBytes("/logs", 50000) }, func(f *Fix) []string {
			return []string{"logs", "-f", running(f, Image, "sh", "-c", "seq 200000; sleep 30")}
		}},
		// the daemon dies answering the hijack requests
		{"run-attach-answer", "", true, firstByte("/attach"), func(f *Fix) []string {
			return []string{"run", "-i", "--label", f.Label(), "--name", f.Name(), Image, "cat"}
		}},
		{"exec-answer", "", true, firstByte("/start"), func(f *Fix) []string {
			return []string{"exec", "-i", running(f, Image, "sleep", "30"), "cat"}
		}},
		{"events", "", false, answered("/events"), func(f *Fix) []string {
			return []string{"events", "--filter", "label=" + f.Label()}
		}},
	} {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			f := Fixture(t)
			var res [2]Result
			var socks [2]string
			for i, who := range []string{"ref", "skiff"} {
				p := sfStartProxy(t, sc.trigger())
				p.drop = sc.drop
				c := sfStart(t, who, p, sc.stdin, false, sc.args(f)...)
				res[i], socks[i] = c.result(t, who, p), p.sock
				sfNoPanic(t, who, res[i])
				if strings.HasSuffix(sc.name, "-bytes") && !sfSeqPrefix(res[i].Stdout) {
					t.Errorf("%s: what came before the cut is not the start of seq's output: %q", who, clip(res[i].Stdout))
				}
			}
			ref, sk := res[0], res[1]
			rErr, sErr := sfNorm(ref.FirstErrLine(), socks[0]), sfNorm(sk.FirstErrLine(), socks[1])
			if ref.Code != sk.Code || rErr != sErr {
				t.Errorf("skiff differs from the reference after the daemon died:\n  reference: exit %d, %q\n  skiff:     exit %d, %q\n--- reference stderr\n%s--- skiff stderr\n%s",
					ref.Code, rErr, sk.Code, sErr, ref.Stderr, sk.Stderr)
			}
		})
	}
}

// TestStreamFailureStdinClosedEarly: stdin at EOF from the start (or a pipe closed at
// once) ends cat; the rest of the output comes, the exit code is the container's.
func TestStreamFailureStdinClosedEarly(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	script := "cat; echo done; exit 0"
	for _, tc := range []struct{ name, stdin, want string }{
		{"devnull", "", "done\n"},
		{"pipe", "a\nb\n", "a\nb\ndone\n"},
	} {
		var res [2]Result
		for i, who := range []string{"ref", "skiff"} {
			args := []string{"run", "-i", "--rm", "--label", f.Label(), Image, "sh", "-c", script}
			var r Result
			if who == "ref" {
				r = RefIn(t, tc.stdin, nil, args...)
			} else {
				r = SkiffIn(t, tc.stdin, nil, args...)
			}
			sfNoPanic(t, who, r)
			if r.Code != 0 || r.Stdout != tc.want {
				t.Errorf("%s %s: want exit 0 and %q, got %s", who, tc.name, tc.want, r)
			}
			res[i] = r
		}
		streamSame(t, tc.name, res[0], res[1])
	}
	// exec -i and start -ai: the same
	_, running := f.Container(Image, "sleep", "100000")
	f.Start(running)
	for _, stdin := range []string{"", "x\n"} {
		args := []string{"exec", "-i", running, "sh", "-c", script}
		streamBoth(t, stdin, args...)
		var res [2]Result
		for i, who := range []string{"ref", "skiff"} {
			_, name := f.Container("-i", Image, "sh", "-c", script)
			if who == "ref" {
				res[i] = RefIn(t, stdin, nil, "start", "-ai", name)
			} else {
				res[i] = SkiffIn(t, stdin, nil, "start", "-ai", name)
			}
			if res[i].Code != 0 || res[i].Stdout != stdin+"done\n" {
				t.Errorf("%s start -ai, stdin %q: %s", who, stdin, res[i])
			}
		}
		streamSame(t, "start -ai", res[0], res[1])
	}
	// a pipe whose writer closes at once, the client still starting
	for _, who := range []string{"ref", "skiff"} {
		p := sfStartProxy(t, func(_, _ []byte) bool { return false })
		c := sfStart(t, who, p, "", true, "run", "-i", "--rm", "--label", f.Label(), Image, "sh", "-c", script)
		select {
		case <-c.done:
		case <-time.After(30 * time.Second):
			c.cmd.Process.Kill()
			<-c.done
			t.Fatalf("%s hangs after stdin closed", who)
		}
		if c.code != 0 || c.out.String() != "done\n" {
			t.Errorf("%s closed pipe: exit %d, stdout %q, stderr %q", who, c.code, clip(c.out.String()), clip(c.errb.String()))
		}
	}
}

// TestStreamFailureExitsBeforeAttach: start -a of a container whose command ends at
// once, and attach to a container that has already exited.
func TestStreamFailureExitsBeforeAttach(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	var res [2]Result
	for i, who := range []string{"ref", "skiff"} {
		_, name := f.Container(Image, "sh", "-c", "echo quick; exit 3")
		if who == "ref" {
			res[i] = Ref(t, "start", "-a", name)
		} else {
			res[i] = Skiff(t, "start", "-a", name)
		}
		sfNoPanic(t, who, res[i])
	}
	if res[0].Code != 3 || res[0].Stdout != "quick\n" {
		t.Errorf("reference start -a: %s", res[0])
	}
	streamSame(t, "start -a", res[0], res[1])

	_, exited := f.Container(Image, "true")
	f.Start(exited)
	f.cli("wait", exited)
	Compare(t, "attach", exited)
	Compare(t, "attach", "--no-stdin", exited)
}

// TestStreamFailurePty: the daemon dies under run -it on a terminal: the client exits
// as the reference does and leaves the terminal as it found it (not raw).
func TestStreamFailurePty(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	var codes [2]int
	var tails [2]string
	for i, who := range []string{"ref", "skiff"} {
		bin, home := clientOf(t, who)
		p := sfStartProxy(t, sfAll(sfOnOutput("ready"), sfOnAnswer("/start")))
		s := ptyStart(t, bin, home, "-H", "unix://"+p.sock, "run", "-it", "--rm", "--label", f.Label(), Image, "sh")
		s.expect("/ # ")
		s.send("echo re''ady\r")
		select {
		case <-p.fired:
		case <-time.After(20 * time.Second):
			t.Fatalf("%s: no cut", who)
		}
		select {
		case <-s.done:
		case <-time.After(sfPrompt):
			t.Fatalf("%s hangs on the terminal after the daemon died; output: %q", who, s.out.String())
		}
		codes[i] = s.code
		s.modeRestored()
		// the client has exited; what it wrote last may still be in the pty
		for n, prev, deadline := 0, -1, time.Now().Add(3*time.Second); n < 3 && time.Now().Before(deadline); {
			time.Sleep(50 * time.Millisecond)
			s.mu.Lock()
			l := s.out.Len()
			s.mu.Unlock()
			if l == prev {
				n++
			} else {
				n, prev = 0, l
			}
		}
		s.mu.Lock()
		tails[i] = sfNorm(s.out.String(), p.sock)
		s.mu.Unlock()
		for _, bad := range []string{"panic:", "goroutine "} {
			if strings.Contains(tails[i], bad) {
				t.Errorf("%s: %q on the terminal: %q", who, bad, tails[i])
			}
		}
		t.Logf("%s: exit %d, after the prompt: %q", who, s.code, tails[i])
	}
	if codes[0] != codes[1] {
		t.Errorf("exit code: reference %d, skiff %d", codes[0], codes[1])
	}
	// what the client itself logged after the cut (the reference logs from a goroutine:
	// where it lands among the output varies)
	logged := regexp.MustCompile(`time="<TS>" level=[a-z]+ msg="[^"]*"`)
	if r, s := logged.FindAllString(tails[0], -1), logged.FindAllString(tails[1], -1); strings.Join(r, "\n") != strings.Join(s, "\n") {
		t.Errorf("logged on the terminal: reference %q, skiff %q", r, s)
	}
}
