package volume

import (
	"testing"

	"github.com/moby/moby/api/types/volume"

	"github.com/skiff-cli/skiff/formatter"
	"github.com/skiff-cli/skiff/formatter/formattertest"
)

// TestMain fixes the golden files' time zone and -update.
func TestMain(m *testing.M) { formattertest.Main(m) }

func testVolumes() []volume.Volume {
	return []volume.Volume{
		{Name: "skf-vol1", Driver: "local", Scope: "local", Mountpoint: "/var/lib/docker/volumes/skf-vol1/_data", Labels: map[string]string{"x": "y"}},
		{Name: "used", Driver: "local", Scope: "local", Mountpoint: "/v/used", UsageData: &volume.UsageData{RefCount: 2, Size: 2048}},
		{Name: "csi", Driver: "csi-drv", Scope: "global", ClusterVolume: &volume.ClusterVolume{ID: "x", Spec: volume.ClusterVolumeSpec{Group: "grp", Availability: "active"}, Info: &volume.Info{VolumeID: "v1"}, PublishStatus: []*volume.PublishStatus{{}, {}}}},
		{Name: "csi-pending", Driver: "csi-drv", Scope: "global", ClusterVolume: &volume.ClusterVolume{ID: "y"}},
	}
}

func writeTestVolumes(ctx formatter.Context) error { return volumeWrite(ctx, testVolumes()) }

// TestFormatterGolden renders volume ls in every mode (testdata/volumes.golden).
func TestFormatterGolden(t *testing.T) {
	formattertest.Golden(t, formattertest.Listing{
		Name:   "volumes",
		Custom: `table {{.Name}}\t{{.Links}}\t{{.Size}}\t{{.Group}}\t{{.Availability}}\t{{.Status}}`,
		Raw:    `{{.Name}}|{{.Driver}}|{{.Scope}}|{{.Mountpoint}}|{{.Labels}}|{{.Label "x"}}|{{.Links}}|{{.Size}}|{{.Availability}}|{{.Group}}|{{.Status}}`,
		Format: func(s string, q bool) formatter.Format { return volumeFormat(s, q, false) },
		Write:  writeTestVolumes,
	})
}

// docker keeps volume ls's rows in its formatter package: its template errors name
// *formatter.volumeContext, and so do ours.
func TestFormatterTemplateError(t *testing.T) {
	formattertest.TemplateError(t, writeTestVolumes, "{{.Foo}}",
		`template parsing error: template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type *formatter.volumeContext`)
}

func TestFormatterRows(t *testing.T) {
	var rows []any
	for _, v := range testVolumes() {
		rows = append(rows, NewRow(&v))
	}
	formattertest.RowsMatchMethods(t, rows...)
	formattertest.RowHeaderSweep(t, "volume ls", func(ctx formatter.Context) error {
		return volumeWrite(ctx, []volume.Volume{{Name: "v"}})
	})
}

func FuzzVolumeFormat(f *testing.F) { formattertest.Fuzz(f, writeTestVolumes) }
