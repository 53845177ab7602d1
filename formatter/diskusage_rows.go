package formatter

import (
	"time"

	"github.com/moby/moby/api/types/container"
)

// What docker system df -v shows of images, containers and volumes: their rows and
// columns, under names system df can hold (aliases keep the rows' own type names,
// which its template errors show).

// ContainerRawFormatWithSize is ps --format raw --size.
const ContainerRawFormatWithSize = containerRawFormat + containerRawSizeLine

// ContainerHeaders are ps's column labels.
func ContainerHeaders() map[string]string { return containerHeaders() }

// DiskUsageContainerRow is a container row of system df -v.
type DiskUsageContainerRow = diskUsageContainerContext

// NewDiskUsageContainerRow is c as system df -v lists it.
func NewDiskUsageContainerRow(c container.Summary, trunc bool, now time.Time) *DiskUsageContainerRow {
	return &diskUsageContainerContext{ContainerContext: NewContainerContext(c, trunc, now)}
}

// diskUsageContainerContext is a container row of system df -v: docker ps's, but its
// SIZE is the writable layer alone.
type diskUsageContainerContext struct {
	*ContainerContext
}

func (c *diskUsageContainerContext) MarshalJSON() ([]byte, error) { return MarshalMethods(c) }

// Size is the size of the container's writable layer (3 significant digits).
func (c *diskUsageContainerContext) Size() string {
	return HumanSizeWithPrecision(float64(c.c.SizeRw), 3)
}

// field serves the table fast path (see FieldRow) with this row's Size.
func (c *diskUsageContainerContext) Field(name string) (string, bool) {
	if name == "Size" {
		return c.Size(), true
	}
	if f, ok := any(c.ContainerContext).(FieldRow); ok {
		return f.Field(name)
	}
	return "", false
}
