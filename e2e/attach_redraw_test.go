//go:build e2e

package e2e

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestPtyAttachRedraws: attaching to a TTY container whose terminal already has the
// attaching terminal's size shows the shell's prompt at once, with nothing typed: docker
// 28 sends the size one row and column larger, then the real one, so the shell gets a
// SIGWINCH and redraws (observed: POST /resize?h=25&w=81 then ?h=24&w=80 after the
// attach). Sending only the real size changes nothing, and the screen stayed blank.
func TestPtyAttachRedraws(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	for _, who := range []string{"ref", "skiff"} {
		bin, home := clientOf(t, who)
		id, _ := f.Container("-it", Image, "sh")
		f.Start(id)
		// the container's terminal gets the size of the test's (24x80, see ptyStartEnv)
		// before the client attaches; the shell's redraw for that change is read here,
		// so that it cannot pass for one the client caused
		engineResize(t, id, 24, 80)
		s := ptyStart(t, bin, home, "attach", id)
		s.expect("/ # ")
		s.send("\x10\x11")
		s.expect("read escape sequence")
		if code := s.wait(); code != 1 {
			t.Errorf("%s: attach detach: exit %d, want 1", who, code)
		}
		s.modeRestored()
	}
}

// engineResize sets a container's terminal size through the API (no docker command does
// so without attaching) while attached to its output itself, and returns once the shell
// in it has redrawn its prompt for the change.
func engineResize(t *testing.T, id string, h, w int) {
	t.Helper()
	network, addr, ok := strings.Cut(engineHost(), "://")
	if !ok || (network != "unix" && network != "tcp") {
		t.Skipf("engineResize needs a plain unix:// or tcp:// engine, not %s", engineHost())
	}
	dial := func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}
	conn, err := dial(context.Background(), "", "")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(20 * time.Second))
	fmt.Fprintf(conn, "POST /containers/%s/attach?stream=1&stdout=1 HTTP/1.1\r\nHost: engine\r\n"+
		"Connection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n", id)
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusSwitchingProtocols && resp.StatusCode != http.StatusOK {
		t.Fatalf("attach %s: %s", id, resp.Status)
	}
	c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DialContext: dial}}
	r, err := c.Post(fmt.Sprintf("http://engine/containers/%s/resize?h=%d&w=%d", id, h, w), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != http.StatusOK {
		t.Fatalf("resize %s: %s", id, r.Status)
	}
	var seen []byte
	buf := make([]byte, 1024)
	for !bytes.Contains(seen, []byte("/ # ")) {
		n, err := br.Read(buf)
		seen = append(seen, buf[:n]...)
		if err != nil {
			t.Fatalf("the shell did not redraw after a resize: %v (output %q)", err, seen)
		}
	}
}
