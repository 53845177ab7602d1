package volume

import (
	"fmt"
	"strconv"

	"github.com/moby/moby/api/types/volume"

	"github.com/skiff-cli/skiff/formatter"
)

// Volume listing formats (docker volume ls).
const (
	defaultVolumeTableFormat = "table {{.Driver}}\\t{{.Name}}"
	clusterVolumeTableFormat = "table {{.Name}}\\t{{.Group}}\\t{{.Driver}}\\t{{.Availability}}\\t{{.Status}}"
	// RawFormat is volume ls --format raw (system df -v lists volumes so too).
	RawFormat            = "name: {{.Name}}\\ndriver: {{.Driver}}\\n"
	volumeQuietFormat    = "{{.Name}}"
	volumeQuietRawFormat = "name: {{.Name}}"
	// notAvailable is a cluster column of a volume outside a cluster.
	notAvailable = "N/A"
)

// volumeFormat applies docker volume ls's defaults to the --format value
// source ("", "table", "raw"; names only with quiet; cluster selects the
// --cluster table). Any other value is returned as is.
func volumeFormat(source string, quiet, cluster bool) formatter.Format {
	switch source {
	case "", formatter.TableFormatKey:
		if quiet {
			return volumeQuietFormat
		}
		if cluster {
			return clusterVolumeTableFormat
		}
		return defaultVolumeTableFormat
	case formatter.RawFormatKey:
		if quiet {
			return volumeQuietRawFormat
		}
		return RawFormat
	}
	return formatter.Format(source)
}

// Headers are volume ls's column labels (system df -v lists volumes too).
func Headers() map[string]string {
	return map[string]string{
		"ID":           "ID",
		"Name":         "VOLUME NAME",
		"Driver":       "DRIVER",
		"Scope":        "SCOPE",
		"Mountpoint":   "MOUNTPOINT",
		"Labels":       "LABELS",
		"Links":        "LINKS",
		"Size":         "SIZE",
		"Group":        "GROUP",
		"Availability": "AVAILABILITY",
		"Status":       "STATUS",
	}
}

// volumeWrite renders volumes (docker volume ls). An empty ctx.Format means
// the default table.
func volumeWrite(ctx formatter.Context, volumes []volume.Volume) error {
	if ctx.Format == "" || ctx.Format == formatter.TableFormatKey {
		ctx.Format = volumeFormat(string(ctx.Format), false, false)
	}
	err := ctx.WriteWithLabelHeader(Headers(), func(emit func(any) error) error {
		for i := range volumes {
			if err := emit(&volumeContext{v: &volumes[i]}); err != nil {
				return err
			}
		}
		return nil
	})
	// docker keeps this row in its formatter package, and its errors name it there
	return formatter.NamedAs(err, "*volume.volumeContext", "*formatter.volumeContext")
}

// volumeContext is one row of docker volume ls (the name shows in template
// errors, as in the reference: "in type *formatter.volumeContext").
type volumeContext struct {
	formatter.RowHeader
	v *volume.Volume
}

func (c *volumeContext) Field(name string) (string, bool) {
	switch name {
	case "Name":
		return c.Name(), true
	case "Driver":
		return c.Driver(), true
	case "Scope":
		return c.Scope(), true
	case "Mountpoint":
		return c.Mountpoint(), true
	case "Labels":
		return c.Labels(), true
	case "Links":
		return c.Links(), true
	case "Size":
		return c.Size(), true
	case "Group":
		return c.Group(), true
	case "Availability":
		return c.Availability(), true
	case "Status":
		return c.Status(), true
	}
	return "", false
}

func (c *volumeContext) MarshalJSON() ([]byte, error) {
	return formatter.MarshalFields(c, []string{"Name", "Driver", "Scope", "Mountpoint", "Labels", "Links", "Size", "Group", "Availability", "Status"}, nil)
}

// Name is the volume's name.
func (c *volumeContext) Name() string { return c.v.Name }

// Driver is the volume driver.
func (c *volumeContext) Driver() string { return c.v.Driver }

// Scope is "local" or "global".
func (c *volumeContext) Scope() string { return c.v.Scope }

// Mountpoint is where the volume lives on the host.
func (c *volumeContext) Mountpoint() string { return c.v.Mountpoint }

// Labels is "k=v,..." (sorted by key).
func (c *volumeContext) Labels() string { return formatter.JoinLabels(c.v.Labels) }

// Label is the value of one label.
func (c *volumeContext) Label(name string) string { return c.v.Labels[name] }

// Links counts the containers using the volume ("N/A" unless the engine
// computed usage, as for system df).
func (c *volumeContext) Links() string {
	if c.v.UsageData == nil {
		return notAvailable
	}
	return strconv.FormatInt(c.v.UsageData.RefCount, 10)
}

// Size is the volume's disk usage ("N/A" unless computed).
func (c *volumeContext) Size() string {
	if c.v.UsageData == nil {
		return notAvailable
	}
	return formatter.HumanSize(float64(c.v.UsageData.Size))
}

// Group is the cluster volume's group ("N/A" for local volumes).
func (c *volumeContext) Group() string {
	if c.v.ClusterVolume == nil {
		return notAvailable
	}
	return c.v.ClusterVolume.Spec.Group
}

// Availability is the cluster volume's availability ("N/A" for local
// volumes).
func (c *volumeContext) Availability() string {
	if c.v.ClusterVolume == nil {
		return notAvailable
	}
	return string(c.v.ClusterVolume.Spec.Availability)
}

// Status is the cluster volume's state ("N/A" for local volumes).
func (c *volumeContext) Status() string {
	cv := c.v.ClusterVolume
	if cv == nil {
		return notAvailable
	}
	if cv.Info == nil || cv.Info.VolumeID == "" {
		return "pending creation"
	}
	switch n := len(cv.PublishStatus); n {
	case 0:
		return "created"
	case 1:
		return "in use (1 node)"
	default:
		return fmt.Sprintf("in use (%d nodes)", n)
	}
}

// Row is a row of docker volume ls, as system df -v holds it.
type Row = volumeContext

// NewRow is v's row.
func NewRow(v *volume.Volume) *Row { return &volumeContext{v: v} }
