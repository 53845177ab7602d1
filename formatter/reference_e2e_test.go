//go:build e2e

package formatter

// Differential tests: render the engine's current state with this package
// and with the reference client (/usr/local/bin/docker), compare stdout,
// stderr's first line and the exit status. Run with: go test -tags e2e.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/moby/moby/api/types/container"
)

const refClient = "/usr/local/bin/docker"

// TestReference creates objects that exercise every column (ports, labels,
// mounts, links, long and wide commands, committed images with history),
// compares each listing with the reference, and removes the objects.
func TestReference(t *testing.T) {
	if _, err := os.Stat(refClient); err != nil {
		t.Skip("no reference client")
	}
	ref := func(args ...string) {
		t.Helper()
		if out, err := exec.Command(refClient, args...).CombinedOutput(); err != nil {
			t.Fatalf("docker %q: %v\n%s", args, err, out)
		}
	}
	quiet := func(args ...string) { _ = exec.Command(refClient, args...).Run() }
	cleanup := func() {
		quiet("rm", "-fv", "skf-fmt-c1", "skf-fmt-c2", "skf-fmt-c3", "skf-fmt-c4", "skf-fmt-c5", "skf-fmt-c6")
		quiet("rmi", "skf-fmt-img:v1", "skf-fmt-repo/x:1", "localhost:5000/skf-fmt:3")
		quiet("network", "rm", "skf-fmt-net")
		quiet("volume", "rm", "skf-fmt-vol")
	}
	cleanup()
	t.Cleanup(cleanup)
	// one label: docker joins several in random order (skiff sorts them; unit-tested)
	ref("network", "create", "--label", "a=b", "skf-fmt-net")
	ref("volume", "create", "--label", "x=y", "skf-fmt-vol")
	ref("run", "-d", "--name", "skf-fmt-c1", "--label", refLabel, "--label", "com.example=foo", "--label", "name=bar",
		"-p", "127.0.0.1:38080-38081:80-81", "-p", "127.0.0.1:39000:9000/udp", "-p", "127.0.0.1:37000:37000",
		"--expose", "5000-5003", "-v", "skf-fmt-vol:/data", "-v", "/tmp:/host", "--network", "skf-fmt-net",
		"bb:latest", "sh", "-c", "sleep 3600 # a very long command line that goes on and on")
	ref("create", "--name", "skf-fmt-c2", "--label", refLabel, "--link", "skf-fmt-c1:alias1", "bb:latest", "true")
	ref("create", "--name", "skf-fmt-c3", "--label", refLabel, "bb:latest", "echo", "héllo wörld 日本語日本語日本語日本語")
	ref("create", "--name", "skf-fmt-c4", "--label", refLabel, "-v", "/data2", "bb:latest", "echo", "a\"b\tc\\d")
	ref("create", "--name", "skf-fmt-c5", "--label", refLabel, "bb:latest", "sh", "-c", "echo a\tb  very long long long long long long long long <&> end")
	bbID, err := exec.Command(refClient, "images", "-q", "bb:latest").Output()
	if err != nil || len(bbID) < 6 {
		t.Fatalf("no bb:latest image: %v", err)
	}
	ref("create", "--name", "skf-fmt-c6", "--label", refLabel, string(bbID[:6]), "true") // created from a short ID
	ref("commit", "-m", "a comment", "skf-fmt-c5", "skf-fmt-img:v1")
	ref("tag", "bb:latest", "skf-fmt-repo/x:1")
	ref("tag", "bb:latest", "localhost:5000/skf-fmt:3")

	t.Run("containers", testReferenceContainers)
}

func engineGet(t *testing.T, path string, v any) {
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
	if _, err := os.Stat(refClient); err != nil {
		t.Skip("no reference client")
	}
	cmd := exec.Command(refClient, args...)
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

func ours(err error, out string) (string, string, int) {
	if err != nil {
		return "", err.Error(), 1
	}
	return out, "", 0
}

type refCase struct {
	args   []string
	render func(ctx Context) error
	trunc  bool
}

func compare(t *testing.T, name string, args []string, render func(w *bytes.Buffer) error) {
	t.Helper()
	for attempt := 0; ; attempt++ {
		ro, re, rc := runRef(t, args...)
		var b bytes.Buffer
		so, se, sc := ours(render(&b), b.String())
		// The engine lists a container's mounts in random order.
		ro = strings.ReplaceAll(ro, "skf-fmt-vol,/tmp", "/tmp,skf-fmt-vol")
		so = strings.ReplaceAll(so, "skf-fmt-vol,/tmp", "/tmp,skf-fmt-vol")
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

// refLabel marks this test's containers, and refImageFilters its images: the engine is
// shared with tests that create and remove objects concurrently, so every listing is
// filtered to this test's own.
const refLabel = "skiff.fmt=reference"

var refFormats = []string{
	"", "table", "json", "raw", "{{json .}}", "table {{.ID}}\\t{{json .}}",
	"{{.Foo}}", "{{.Foo", "table {{.Foo}}", "{{.ID}}|{{pad .ID 1 2}}|{{truncate .ID 3}}|{{upper .ID}}",
	"table {{upper .ID}}\\t{{lower .ID}}\\t{{title .ID}}\\t{{split .ID \"a\"}}\\t{{pad .ID 1 1}}|",
	" json", "json ", " table", "table ", "tablex",
}

func testReferenceContainers(t *testing.T) {
	for _, all := range []bool{false, true} {
		for _, noTrunc := range []bool{false, true} {
			for _, size := range []bool{false, true} {
				fields := []string{"{{.Labels}}|{{.Mounts}}|{{.LocalVolumes}}|{{.Networks}}|{{.Size}}|{{.CreatedAt}}|{{.State}}|{{.Status}}|{{.Label \"name\"}}|{{.Platform}}|{{.Ports}}|{{.Names}}|{{.Image}}|{{.Command}}"}
				for _, f := range append(append([]string{}, refFormats...), fields...) {
					args := []string{"ps", "--format", f, "--filter", "label=" + refLabel}
					q := "/containers/json?filters=" + url.QueryEscape(`{"label":{"`+refLabel+`":true}}`) + "&"
					if all {
						args = append(args, "-a")
						q += "all=1&"
					}
					if noTrunc {
						args = append(args, "--no-trunc")
					}
					if size {
						args = append(args, "-s")
					}
					compare(t, "ps", args, func(w *bytes.Buffer) error {
						needs, err := ContainerNeedsSize(f)
						if err != nil {
							return err
						}
						var cs []container.Summary
						engineGet(t, q+map[bool]string{true: "size=1", false: ""}[size || needs], &cs)
						return ContainerWrite(Context{Output: w, Format: ContainerFormat(f, false, size), Trunc: !noTrunc}, cs, size)
					})
				}
			}
		}
	}
}

func sameLines(a, b string) bool {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	slices.Sort(al)
	slices.Sort(bl)
	return slices.Equal(al, bl)
}
