package container

import (
	"fmt"
	"strconv"
	"strings"

	units "github.com/docker/go-units"
	"github.com/moby/moby/api/types/container"

	"github.com/skiff-cli/skiff/formatter"
)

// Stats formats (docker stats).
const (
	defaultStatsTableFormat = "table {{.ID}}\\t{{.Name}}\\t{{.CPUPerc}}\\t{{.MemUsage}}\\t{{.MemPerc}}\\t{{.NetIO}}\\t{{.BlockIO}}\\t{{.PIDs}}"
	// statsMissing is what a column shows when the container has no valid sample.
	statsMissing = "--"
)

// statsFormat applies docker stats's default to the --format value source: "" and
// "table" give the default table; anything else is returned as is.
func statsFormat(source string) formatter.Format {
	if source == "" || source == formatter.TableFormatKey {
		return defaultStatsTableFormat
	}
	return formatter.Format(source)
}

func statsHeaders() map[string]string {
	return map[string]string{
		"Container": "CONTAINER",
		"ID":        "CONTAINER ID",
		"Name":      "NAME",
		"CPUPerc":   "CPU %",
		"MemUsage":  "MEM USAGE / LIMIT",
		"MemPerc":   "MEM %",
		"NetIO":     "NET I/O",
		"BlockIO":   "BLOCK I/O",
		"PIDs":      "PIDS",
	}
}

// statsEntry is what one row of docker stats shows, computed from the last sample of
// one container.
type statsEntry struct {
	// Container is the container as the user named it (or its short ID when docker
	// stats lists every container).
	Container string
	// Name and ID come from the engine's sample ("" before the first one).
	Name, ID string

	CPUPercentage    float64
	Memory           float64 // bytes in use, page cache that can be reclaimed excluded
	MemoryLimit      float64
	MemoryPercentage float64
	NetworkRx        float64
	NetworkTx        float64
	BlockRead        float64
	BlockWrite       float64
	PidsCurrent      uint64
	// Windows samples have no limit nor pids; memory is the private working set.
	Windows bool
	// IsInvalid marks a row with no usable sample (not received yet, or the stream
	// failed): every value column shows "--".
	IsInvalid bool
}

// newStatsEntry computes a row from one sample: CPU % from the sample's own previous
// reading (precpu_stats), memory without the inactive page cache, network and block
// I/O summed over interfaces and devices.
func newStatsEntry(name string, s *container.StatsResponse) statsEntry {
	e := statsEntry{Container: name, Name: s.Name, ID: s.ID}
	if s.OSType == "windows" {
		e.Windows = true
		e.CPUPercentage = statsCPUPercentWindows(s)
		e.Memory = float64(s.MemoryStats.PrivateWorkingSet)
	} else {
		e.CPUPercentage = statsCPUPercent(s)
		e.Memory = statsMemoryUsage(s.MemoryStats)
		e.MemoryLimit = float64(s.MemoryStats.Limit)
		if e.MemoryLimit != 0 {
			e.MemoryPercentage = e.Memory / e.MemoryLimit * 100
		}
		e.PidsCurrent = s.PidsStats.Current
	}
	for _, n := range s.Networks {
		e.NetworkRx += float64(n.RxBytes)
		e.NetworkTx += float64(n.TxBytes)
	}
	for _, b := range s.BlkioStats.IoServiceBytesRecursive {
		switch strings.ToLower(b.Op) {
		case "read":
			e.BlockRead += float64(b.Value)
		case "write":
			e.BlockWrite += float64(b.Value)
		}
	}
	return e
}

// statsCPUPercent is the share of the host's CPU time the container used between the
// two readings of the sample, scaled by the number of CPUs (200% = two CPUs busy).
func statsCPUPercent(s *container.StatsResponse) float64 {
	used := float64(s.CPUStats.CPUUsage.TotalUsage) - float64(s.PreCPUStats.CPUUsage.TotalUsage)
	system := float64(s.CPUStats.SystemUsage) - float64(s.PreCPUStats.SystemUsage)
	cpus := float64(s.CPUStats.OnlineCPUs)
	if cpus == 0 {
		cpus = float64(len(s.CPUStats.CPUUsage.PercpuUsage))
	}
	if used > 0 && system > 0 {
		return used / system * cpus * 100
	}
	return 0
}

// statsCPUPercentWindows: Windows reports 100 ns units over the wall time between the
// two readings, for every CPU.
func statsCPUPercentWindows(s *container.StatsResponse) float64 {
	intervals := uint64(s.Read.Sub(s.PreRead).Nanoseconds()) / 100 * uint64(s.NumProcs)
	used := s.CPUStats.CPUUsage.TotalUsage - s.PreCPUStats.CPUUsage.TotalUsage
	if intervals > 0 {
		return float64(used) / float64(intervals) * 100
	}
	return 0
}

// statsMemoryUsage is the usage minus the inactive file cache the kernel can reclaim:
// total_inactive_file on cgroup v1, inactive_file on cgroup v2 (when smaller than the
// usage).
func statsMemoryUsage(m container.MemoryStats) float64 {
	if v, v1 := m.Stats["total_inactive_file"]; v1 && v < m.Usage {
		return float64(m.Usage - v)
	}
	if v := m.Stats["inactive_file"]; v < m.Usage {
		return float64(m.Usage - v)
	}
	return float64(m.Usage)
}

// statsWrite renders rows (docker stats). An empty ctx.Format means the default table.
func statsWrite(ctx formatter.Context, entries []statsEntry) error {
	if ctx.Format == "" || ctx.Format == formatter.TableFormatKey {
		ctx.Format = statsFormat(string(ctx.Format))
	}
	return ctx.Write(statsHeaders(), func(emit func(any) error) error {
		for i := range entries {
			if err := emit(&statsContext{e: &entries[i], trunc: ctx.Trunc}); err != nil {
				return err
			}
		}
		return nil
	})
}

// statsContext is one row of docker stats (its type name shows in template errors as
// the reference's: "*container.statsContext").
type statsContext struct {
	e     *statsEntry
	trunc bool
}

func (c *statsContext) Field(name string) (string, bool) {
	switch name {
	case "Container":
		return c.Container(), true
	case "ID":
		return c.ID(), true
	case "Name":
		return c.Name(), true
	case "CPUPerc":
		return c.CPUPerc(), true
	case "MemUsage":
		return c.MemUsage(), true
	case "MemPerc":
		return c.MemPerc(), true
	case "NetIO":
		return c.NetIO(), true
	case "BlockIO":
		return c.BlockIO(), true
	case "PIDs":
		return c.PIDs(), true
	}
	return "", false
}

func (c *statsContext) MarshalJSON() ([]byte, error) {
	return formatter.MarshalFields(c, []string{"Container", "ID", "Name", "CPUPerc", "MemUsage", "MemPerc", "NetIO", "BlockIO", "PIDs"}, nil)
}

// Container is the container as named on the command line.
func (c *statsContext) Container() string { return c.e.Container }

// ID is the container's ID (12 characters unless --no-trunc).
func (c *statsContext) ID() string {
	if c.trunc {
		return formatter.TruncateID(c.e.ID)
	}
	return c.e.ID
}

// Name is the container's name without its leading "/" ("--" before the first sample).
func (c *statsContext) Name() string {
	if len(c.e.Name) > 1 {
		return c.e.Name[1:]
	}
	return statsMissing
}

// CPUPerc is "12.34%".
func (c *statsContext) CPUPerc() string {
	if c.e.IsInvalid {
		return statsMissing
	}
	return fmt.Sprintf("%.2f%%", c.e.CPUPercentage)
}

// MemUsage is "1.855MiB / 23.54GiB" (binary units); on Windows the private working set
// alone.
func (c *statsContext) MemUsage() string {
	if c.e.IsInvalid {
		return statsMissing + " / " + statsMissing
	}
	if c.e.Windows {
		return units.BytesSize(c.e.Memory)
	}
	return units.BytesSize(c.e.Memory) + " / " + units.BytesSize(c.e.MemoryLimit)
}

// MemPerc is "0.01%" ("--" on Windows).
func (c *statsContext) MemPerc() string {
	if c.e.IsInvalid || c.e.Windows {
		return statsMissing
	}
	return fmt.Sprintf("%.2f%%", c.e.MemoryPercentage)
}

// NetIO is "received / sent" in decimal units, 3 significant digits ("1.02kB / 0B").
func (c *statsContext) NetIO() string {
	if c.e.IsInvalid {
		return statsMissing
	}
	return formatter.HumanSizeWithPrecision(c.e.NetworkRx, 3) + " / " + formatter.HumanSizeWithPrecision(c.e.NetworkTx, 3)
}

// BlockIO is "read / written" like NetIO.
func (c *statsContext) BlockIO() string {
	if c.e.IsInvalid {
		return statsMissing
	}
	return formatter.HumanSizeWithPrecision(c.e.BlockRead, 3) + " / " + formatter.HumanSizeWithPrecision(c.e.BlockWrite, 3)
}

// PIDs is the number of processes ("--" on Windows).
func (c *statsContext) PIDs() string {
	if c.e.IsInvalid || c.e.Windows {
		return statsMissing
	}
	return strconv.FormatUint(c.e.PidsCurrent, 10)
}
