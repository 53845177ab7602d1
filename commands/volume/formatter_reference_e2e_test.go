//go:build e2e

package volume

import (
	"bytes"
	"net/url"
	"testing"

	"github.com/moby/moby/api/types/volume"

	"github.com/skiff-cli/skiff/formatter"
	"github.com/skiff-cli/skiff/formatter/formattertest"
)

// TestFormatterReference compares volume ls's columns with the reference's on a
// volume of this test's own (run with: go test -tags e2e).
func TestFormatterReference(t *testing.T) {
	formattertest.NeedRef(t)
	cleanup := func() { formattertest.RefQuiet("volume", "rm", "skf-fmtv-vol") }
	cleanup()
	t.Cleanup(cleanup)
	formattertest.Ref(t, "volume", "create", "--label", "x=y", "skf-fmtv-vol")

	for _, f := range append(formattertest.RefFormats(), "{{.Links}}|{{.Size}}|{{.Group}}|{{.Availability}}|{{.Status}}|{{.Mountpoint}}|{{.Label \"x\"}}") {
		formattertest.Compare(t, "volume ls", []string{"volume", "ls", "--format", f, "--filter", "name=skf-fmtv-"}, func(w *bytes.Buffer) error {
			var vl volume.ListResponse
			formattertest.EngineGet(t, "/volumes?filters="+url.QueryEscape(`{"name":{"skf-fmtv-":true}}`), &vl)
			return volumeWrite(formatter.Context{Output: w, Format: volumeFormat(f, false, false), Trunc: true}, vl.Volumes)
		})
	}
}
