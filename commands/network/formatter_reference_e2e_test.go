//go:build e2e

package network

import (
	"bytes"
	"net/url"
	"sort"
	"testing"

	"github.com/moby/moby/api/types/network"

	"github.com/skiff-cli/skiff/formatter"
	"github.com/skiff-cli/skiff/formatter/formattertest"
)

// TestFormatterReference compares network ls's columns with the reference's on a
// network of this test's own (run with: go test -tags e2e).
func TestFormatterReference(t *testing.T) {
	formattertest.NeedRef(t)
	cleanup := func() { formattertest.RefQuiet("network", "rm", "skf-fmtn-net") }
	cleanup()
	t.Cleanup(cleanup)
	// one label: docker joins several in random order (skiff sorts them; unit-tested)
	formattertest.Ref(t, "network", "create", "--label", "a=b", "skf-fmtn-net")

	for _, noTrunc := range []bool{false, true} {
		for _, f := range append(formattertest.RefFormats(), "{{.IPv6}}|{{.IPv4}}|{{.Internal}}|{{.Label \"a\"}}|{{.CreatedAt}}") {
			// Only this test's network: others' come and go meanwhile.
			args := []string{"network", "ls", "--format", f, "--filter", "name=skf-fmtn-"}
			if noTrunc {
				args = append(args, "--no-trunc")
			}
			formattertest.Compare(t, "network ls", args, func(w *bytes.Buffer) error {
				var ns []network.Summary
				formattertest.EngineGet(t, "/networks?filters="+url.QueryEscape(`{"name":{"skf-fmtn-":true}}`), &ns)
				// the reference sorts by name
				sort.SliceStable(ns, func(i, j int) bool { return ns[i].Name < ns[j].Name })
				return networkWrite(formatter.Context{Output: w, Format: networkFormat(f, false), Trunc: !noTrunc}, ns)
			})
		}
	}
}
