//go:build e2e

package container

import (
	"bytes"
	"net/url"
	"os/exec"
	"testing"

	"github.com/moby/moby/api/types/container"

	"github.com/skiff-cli/skiff/formatter"
	"github.com/skiff-cli/skiff/formatter/formattertest"
)

// refLabel marks this test's containers: the engine is shared with tests that create
// and remove objects concurrently, so every listing is filtered to this test's own.
const refLabel = "skiff.fmt=reference"

// TestFormatterReference creates containers that exercise every column of ps (ports,
// labels, mounts, links, long and wide commands), compares each listing with the
// reference's, and removes them (run with: go test -tags e2e).
func TestFormatterReference(t *testing.T) {
	formattertest.NeedRef(t)
	ref := func(args ...string) { t.Helper(); formattertest.Ref(t, args...) }
	quiet := formattertest.RefQuiet
	cleanup := func() {
		quiet("rm", "-fv", "skf-fmt-c1", "skf-fmt-c2", "skf-fmt-c3", "skf-fmt-c4", "skf-fmt-c5", "skf-fmt-c6")
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
	bbID, err := exec.Command(formattertest.RefClient, "images", "-q", "bb:latest").Output()
	if err != nil || len(bbID) < 6 {
		t.Fatalf("no bb:latest image: %v", err)
	}
	ref("create", "--name", "skf-fmt-c6", "--label", refLabel, string(bbID[:6]), "true") // created from a short ID

	for _, all := range []bool{false, true} {
		for _, noTrunc := range []bool{false, true} {
			for _, size := range []bool{false, true} {
				fields := []string{"{{.Labels}}|{{.Mounts}}|{{.LocalVolumes}}|{{.Networks}}|{{.Size}}|{{.CreatedAt}}|{{.State}}|{{.Status}}|{{.Label \"name\"}}|{{.Platform}}|{{.Ports}}|{{.Names}}|{{.Image}}|{{.Command}}"}
				for _, f := range append(formattertest.RefFormats(), fields...) {
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
					formattertest.Compare(t, "ps", args, func(w *bytes.Buffer) error {
						needs, err := containerNeedsSize(f)
						if err != nil {
							return err
						}
						var cs []container.Summary
						formattertest.EngineGet(t, q+map[bool]string{true: "size=1", false: ""}[size || needs], &cs)
						return containerWrite(formatter.Context{Output: w, Format: containerFormat(f, false, size), Trunc: !noTrunc}, cs, size)
					}, "skf-fmt-vol,/tmp", "/tmp,skf-fmt-vol") // the engine lists mounts in random order
				}
			}
		}
	}
}
