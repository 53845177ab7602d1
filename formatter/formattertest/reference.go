package formattertest

// Differential checks of a noun's columns: render the engine's current state with the
// noun's writer and with the reference client (/usr/local/bin/docker), compare stdout,
// stderr's first line and the exit status. Used by e2e-tagged tests only.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"
)

// RefClient is the reference docker client.
const RefClient = "/usr/local/bin/docker"

// NeedRef skips the test without the reference client.
func NeedRef(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(RefClient); err != nil {
		t.Skip("no reference client")
	}
}

// Ref runs the reference and fails the test when it fails (fixtures).
func Ref(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command(RefClient, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("docker %q: %v\n%s", args, err, out)
	}
	return string(out)
}

// RefQuiet runs the reference, whatever it says (clean-ups).
func RefQuiet(args ...string) { _ = exec.Command(RefClient, args...).Run() }

// RefFormats are the --format values every listing is compared with.
func RefFormats() []string {
	return []string{
		"", "table", "json", "raw", "{{json .}}", "table {{.ID}}\\t{{json .}}",
		"{{.Foo}}", "{{.Foo", "table {{.Foo}}", "{{.ID}}|{{pad .ID 1 2}}|{{truncate .ID 3}}|{{upper .ID}}",
		"table {{upper .ID}}\\t{{lower .ID}}\\t{{title .ID}}\\t{{split .ID \"a\"}}\\t{{pad .ID 1 1}}|",
		" json", "json ", " table", "table ", "tablex",
	}
}

// EngineGet decodes the engine's answer to GET path into v.
func EngineGet(t *testing.T, path string, v any) {
	t.Helper()
	c := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, "unix", "/var/run/docker.sock")
	}}}
	resp, err := c.Get("http://docker" + path)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no engine: %v", err)
		}
		t.Skipf("no engine: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		t.Skipf("%s: not found", path)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %s", path, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

func runRef(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	NeedRef(t)
	cmd := exec.Command(RefClient, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(errb.String(), "\n")
	return out.String(), first, code
}

// Compare runs the reference with args and render, and reports a difference in
// stdout, stderr's first line or status (a render error is status 1 and its text).
// oldnew pairs are replaced in both outputs before comparing (orders the engine
// varies from call to call).
func Compare(t *testing.T, name string, args []string, render func(w *bytes.Buffer) error, oldnew ...string) {
	t.Helper()
	norm := strings.NewReplacer(oldnew...)
	for attempt := 0; ; attempt++ {
		ro, re, rc := runRef(t, args...)
		var b bytes.Buffer
		so, se, sc := b.String(), "", 0
		if err := render(&b); err != nil {
			so, se, sc = "", err.Error(), 1
		} else {
			so = b.String()
		}
		ro, so = norm.Replace(ro), norm.Replace(so)
		if ro == so && re == se && rc == sc {
			return
		}
		// The reference walks maps (an image's repositories, a container's
		// mounts as the engine lists them) in random order: accept the same
		// lines in another order.
		if re == se && rc == sc && sameLines(ro, so) {
			return
		}
		if attempt < 2 { // a relative time may have ticked over
			time.Sleep(300 * time.Millisecond)
			continue
		}
		t.Errorf("%s: docker %q\nreference (exit %d, stderr %q):\n%s\nours (exit %d, stderr %q):\n%s", name, args, rc, re, ro, sc, se, so)
		return
	}
}

func sameLines(a, b string) bool {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	slices.Sort(al)
	slices.Sort(bl)
	return slices.Equal(al, bl)
}
