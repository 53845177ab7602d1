//go:build e2e

package image

import (
	"bytes"
	"net/url"
	"testing"

	"github.com/moby/moby/api/types/image"

	"github.com/skiff-cli/skiff/formatter"
	"github.com/skiff-cli/skiff/formatter/formattertest"
)

// TestFormatterReference compares images' and history's columns with the reference's
// on images of this test's own: tags in several repositories and a committed image
// with a comment and a long, wide command (run with: go test -tags e2e).
func TestFormatterReference(t *testing.T) {
	formattertest.NeedRef(t)
	cleanup := func() {
		formattertest.RefQuiet("rm", "-fv", "skf-fmti-c")
		formattertest.RefQuiet("rmi", "skf-fmti-img:v1", "skf-fmti-repo/x:1", "localhost:5000/skf-fmti:3")
	}
	cleanup()
	t.Cleanup(cleanup)
	formattertest.Ref(t, "create", "--name", "skf-fmti-c", "bb:latest", "sh", "-c", "echo a\tb  very long long long long long long long long <&> end")
	formattertest.Ref(t, "commit", "-m", "a comment", "skf-fmti-c", "skf-fmti-img:v1")
	formattertest.Ref(t, "tag", "bb:latest", "skf-fmti-repo/x:1")
	formattertest.Ref(t, "tag", "bb:latest", "localhost:5000/skf-fmti:3")

	t.Run("images", func(t *testing.T) {
		filters := []string{"reference=bb", "reference=skf-fmti*", "reference=skf-fmti-repo/*", "reference=localhost:5000/skf-fmti"}
		for _, digests := range []bool{false, true} {
			for _, noTrunc := range []bool{false, true} {
				formats := append(formattertest.RefFormats(), "table {{.Tag}}|{{.ID}}", "{{.Containers}}|{{.SharedSize}}|{{.UniqueSize}}|{{.VirtualSize}}|{{.CreatedAt}}|{{.Digest}}")
				for _, f := range formats {
					args := []string{"images", "--format", f}
					for _, flt := range filters {
						args = append(args, "--filter", flt)
					}
					if digests {
						args = append(args, "--digests")
					}
					if noTrunc {
						args = append(args, "--no-trunc")
					}
					formattertest.Compare(t, "images", args, func(w *bytes.Buffer) error {
						var is []image.Summary
						formattertest.EngineGet(t, "/images/json?filters="+url.QueryEscape(`{"reference":{"bb":true,"skf-fmti*":true,"skf-fmti-repo/*":true,"localhost:5000/skf-fmti":true}}`), &is)
						return imageWrite(formatter.Context{Output: w, Format: imageFormat(f, false, digests), Trunc: !noTrunc}, is, digests)
					})
				}
			}
		}
	})
	t.Run("history", func(t *testing.T) {
		for _, img := range []string{"bb:latest", "skf-fmti-img:v1"} {
			for _, human := range []bool{false, true} {
				for _, noTrunc := range []bool{false, true} {
					for _, f := range formattertest.RefFormats() {
						if f == "raw" {
							continue
						}
						args := []string{"history", "--format", f, "-H=" + map[bool]string{true: "true", false: "false"}[human], img}
						if noTrunc {
							args = append(args, "--no-trunc")
						}
						formattertest.Compare(t, "history", args, func(w *bytes.Buffer) error {
							var h []image.HistoryResponseItem
							formattertest.EngineGet(t, "/images/"+img+"/history", &h)
							return historyWrite(formatter.Context{Output: w, Format: historyFormat(f, false, human), Trunc: !noTrunc}, human, h)
						})
					}
				}
			}
		}
	})
}
