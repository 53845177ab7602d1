package system

import (
	"bytes"
	"testing"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/image"
	"github.com/moby/moby/api/types/volume"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/formatter"
	"github.com/skiff-cli/skiff/formatter/formattertest"
)

func TestFormatterRowHeader(t *testing.T) {
	formattertest.RowHeaderSweep(t, "system df", func(ctx formatter.Context) error {
		return diskUsageWrite(ctx, client.DiskUsage{}, false)
	})
}

// docker keeps system df's rows, and the images', containers' and volumes' rows its
// -v lists, in its formatter package: template errors name them there, whichever
// package ours live in.
func TestFormatterVerboseTypeNames(t *testing.T) {
	du := client.DiskUsage{
		Images:     []image.Summary{{ID: "sha256:aa", RepoTags: []string{"bb:latest"}}},
		Containers: []container.Summary{{ID: "abc", Names: []string{"/x"}}},
		Volumes:    []volume.Volume{{Name: "v"}},
	}
	for list, typ := range map[string]string{
		"Images": "*formatter.imageContext", "Containers": "*formatter.diskUsageContainerContext",
		"Volumes": "*formatter.volumeContext",
	} {
		var b bytes.Buffer
		err := diskUsageWrite(formatter.Context{Output: &b, Format: formatter.Format("{{range ." + list + "}}{{.Foo}}{{end}}")}, du, true)
		want := `template: :1:` + map[string]string{"Images": "19", "Containers": "23", "Volumes": "20"}[list] +
			`: executing "" at <.Foo>: can't evaluate field Foo in type ` + typ
		if err == nil || err.Error() != want {
			t.Errorf("%s: got %v, want %s", list, err, want)
		}
	}
}
