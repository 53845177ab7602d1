package container

import (
	"fmt"
	"net"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/moby/moby/api/types/container"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"

	"github.com/skiff-cli/skiff/imageref"

	"github.com/skiff-cli/skiff/formatter"
)

// Container listing formats (docker ps).
const (
	defaultContainerTableFormat = "table {{.ID}}\\t{{.Image}}\\t{{.Command}}\\t{{.RunningFor}}\\t{{.Status}}\\t{{.Ports}}\\t{{.Names}}"
	containerSizeColumn         = "\\t{{.Size}}"
	containerRawFormat          = "container_id: {{.ID}}\\nimage: {{.Image}}\\ncommand: {{.Command}}\\ncreated_at: {{.CreatedAt}}\\nstate: {{- pad .State 1 0}}\\nstatus: {{- pad .Status 1 0}}\\nnames: {{.Names}}\\nlabels: {{- pad .Labels 1 0}}\\nports: {{- pad .Ports 1 0}}\\n"
	containerRawSizeLine        = "size: {{.Size}}\\n"
	containerQuietFormat        = "{{.ID}}"
	containerQuietRawFormat     = "container_id: {{.ID}}"

	commandTruncWidth = 20
	mountTruncWidth   = 15
)

// containerFormat applies docker ps's defaults to the --format value source:
// "" and "table" give the default table (with a SIZE column when size is
// set), "raw" the key/value listing; with quiet both give the IDs only. Any
// other value is returned as is (the reference's ps ignores a custom format
// with -q after a warning: the command decides that and passes "" here).
func containerFormat(source string, quiet, size bool) formatter.Format {
	switch source {
	case "", formatter.TableFormatKey:
		if quiet {
			return containerQuietFormat
		}
		if size {
			return defaultContainerTableFormat + containerSizeColumn
		}
		return defaultContainerTableFormat
	case formatter.RawFormatKey:
		if quiet {
			return containerQuietRawFormat
		}
		if size {
			return containerRawFormat + containerRawSizeLine
		}
		return containerRawFormat
	}
	return formatter.Format(source)
}

// containerHeaders are the column labels of docker ps.
// Headers are ps's column labels (system df -v lists containers too).
func Headers() map[string]string {
	return map[string]string{
		"ID":           "CONTAINER ID",
		"Image":        "IMAGE",
		"Command":      "COMMAND",
		"CreatedAt":    "CREATED AT",
		"RunningFor":   "CREATED",
		"Ports":        "PORTS",
		"State":        "STATE",
		"Status":       "STATUS",
		"Size":         "SIZE",
		"Names":        "NAMES",
		"Labels":       "LABELS",
		"Mounts":       "MOUNTS",
		"LocalVolumes": "LOCAL VOLUMES",
		"Networks":     "NETWORKS",
		"Platform":     "PLATFORM",
	}
}

// containerWrite renders containers (docker ps / docker container ls).
// size says whether the SIZE column belongs to the default table; an empty
// ctx.Format means the default table.
func containerWrite(ctx formatter.Context, containers []container.Summary, size bool) error {
	if ctx.Format == "" || ctx.Format == formatter.TableFormatKey {
		ctx.Format = containerFormat(string(ctx.Format), false, size)
	}
	now := ctx.Clock()
	err := ctx.WriteWithLabelHeader(Headers(), func(emit func(any) error) error {
		for i := range containers {
			if err := emit(&ContainerContext{c: &containers[i], trunc: ctx.Trunc, now: now}); err != nil {
				return err
			}
		}
		return nil
	})
	return formatter.NamedAs(err, rowType, dockerRowType)
}

// rowType and dockerRowType name ps's row, ours and as docker's template errors do:
// in its formatter package.
const (
	rowType       = "*container.ContainerContext"
	dockerRowType = "*formatter.ContainerContext"
)

// containerNeedsSize probes a docker ps --format value the way the reference
// does before listing: it reports whether the template asks for .Size (so the
// command requests sizes from the engine). Its errors are the reference's:
// "failed to parse template: ..." and "failed to execute template: ..."
// (exit status 1). The value is parsed as given (no "table" stripping).
func containerNeedsSize(format string) (bool, error) {
	if format == "" {
		return false, nil
	}
	tmpl, err := formatter.Parse(format)
	if err != nil {
		return false, formatter.NamedAs(&formatter.TemplateError{Prefix: "failed to parse template", Err: err}, rowType, dockerRowType)
	}
	probe := &ContainerContext{c: &container.Summary{}, trunc: true, probe: new(bool)}
	if err := tmpl.Execute(discard{}, probe); err != nil {
		return false, formatter.NamedAs(&formatter.TemplateError{Prefix: "failed to execute template", Err: err}, rowType, dockerRowType)
	}
	return *probe.probe, nil
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// ContainerContext is one row of docker ps; its exported methods are the
// fields a --format template can use. (Its name shows in template errors,
// as in the reference: "in type *formatter.ContainerContext".)
type ContainerContext struct {
	formatter.RowHeader
	c     *container.Summary
	trunc bool
	now   time.Time
	probe *bool // set by Size() while probing a template
}

// newContainerContext wraps one container for templates (trunc as without
// --no-trunc).
func newContainerContext(c container.Summary, trunc bool, now time.Time) *ContainerContext {
	return &ContainerContext{c: &c, trunc: trunc, now: now}
}

// MarshalJSON renders the row for --format json.
func (c *ContainerContext) Field(name string) (string, bool) {
	switch name {
	case "ID":
		return c.ID(), true
	case "Names":
		return c.Names(), true
	case "Image":
		return c.Image(), true
	case "Command":
		return c.Command(), true
	case "CreatedAt":
		return c.CreatedAt(), true
	case "RunningFor":
		return c.RunningFor(), true
	case "Ports":
		return c.Ports(), true
	case "State":
		return c.State(), true
	case "Status":
		return c.Status(), true
	case "Size":
		return c.Size(), true
	case "Labels":
		return c.Labels(), true
	case "Mounts":
		return c.Mounts(), true
	case "LocalVolumes":
		return c.LocalVolumes(), true
	case "Networks":
		return c.Networks(), true
	}
	return "", false
}

func (c *ContainerContext) MarshalJSON() ([]byte, error) {
	return formatter.MarshalFields(c, []string{"ID", "Names", "Image", "Command", "CreatedAt", "RunningFor", "Ports", "State", "Status", "Size", "Labels", "Mounts", "LocalVolumes", "Networks"},
		map[string]any{"Platform": c.Platform()})
}

// ID is the container ID (12 characters unless --no-trunc).
func (c *ContainerContext) ID() string {
	if c.trunc {
		return formatter.TruncateID(c.c.ID)
	}
	return c.c.ID
}

// Names is the container's name without the leading "/"; with --no-trunc all
// its names, including link aliases, comma-separated.
func (c *ContainerContext) Names() string {
	names := make([]string, 0, len(c.c.Names))
	for _, n := range c.c.Names {
		names = append(names, strings.TrimPrefix(n, "/"))
	}
	if c.trunc {
		for _, n := range names {
			if !strings.Contains(n, "/") {
				return n
			}
		}
	}
	return strings.Join(names, ",")
}

// Image is the image the container was created from: a short ID when it was
// created from an ID, the familiar name without digest otherwise (unless
// --no-trunc).
func (c *ContainerContext) Image() string {
	img := c.c.Image
	if img == "" {
		return "<no image>"
	}
	if !c.trunc {
		return img
	}
	if short := formatter.TruncateID(c.c.ImageID); short != "" && short == formatter.TruncateID(img) {
		return short
	}
	if name, ok := trimDigest(img); ok {
		return name
	}
	return img
}

// trimDigest drops an "@algo:hex" suffix and the default registry prefixes
// from an image reference; ok is false when ref is not a valid reference.
func trimDigest(ref string) (string, bool) {
	if i := strings.IndexByte(ref, '@'); i >= 0 {
		ref = ref[:i]
	}
	r, err := imageref.Parse(ref)
	if err != nil {
		return "", false
	}
	return r.Familiar(), true
}

// Command is the quoted command line, cut to 20 cells unless --no-trunc.
func (c *ContainerContext) Command() string {
	cmd := c.c.Command
	if c.trunc {
		cmd = formatter.Ellipsis(cmd, commandTruncWidth)
	}
	return strconv.Quote(cmd)
}

// CreatedAt is the creation time, "2006-01-02 15:04:05 -0700 MST".
func (c *ContainerContext) CreatedAt() string {
	return time.Unix(c.c.Created, 0).String()
}

// RunningFor is the time since creation, "5 minutes ago".
func (c *ContainerContext) RunningFor() string {
	return formatter.HumanAgo(c.now, time.Unix(c.c.Created, 0))
}

// Ports lists published and exposed ports, grouping consecutive ports.
func (c *ContainerContext) Ports() string { return displayablePorts(c.c.Ports) }

// State is the container's state ("running", "exited", ...).
func (c *ContainerContext) State() string { return string(c.c.State) }

// Status is the engine's status text ("Up 5 minutes", "Exited (0) ...").
func (c *ContainerContext) Status() string { return c.c.Status }

// Size is the writable layer's size and, when known, the virtual size:
// "0B (virtual 1.98MB)".
func (c *ContainerContext) Size() string {
	if c.probe != nil {
		*c.probe = true
	}
	srw := formatter.HumanSizeWithPrecision(float64(c.c.SizeRw), 3)
	if c.c.SizeRootFs > 0 {
		return srw + " (virtual " + formatter.HumanSizeWithPrecision(float64(c.c.SizeRootFs), 3) + ")"
	}
	return srw
}

// Labels is "k=v,..." (sorted by key).
func (c *ContainerContext) Labels() string { return formatter.JoinLabels(c.c.Labels) }

// Label is the value of one label.
func (c *ContainerContext) Label(name string) string { return c.c.Labels[name] }

// Mounts lists the volume names (or bind sources), each cut to 15 cells
// unless --no-trunc.
func (c *ContainerContext) Mounts() string {
	names := make([]string, 0, len(c.c.Mounts))
	for _, m := range c.c.Mounts {
		n := m.Name
		if n == "" {
			n = m.Source
		}
		if c.trunc {
			n = formatter.Ellipsis(n, mountTruncWidth)
		}
		names = append(names, n)
	}
	return strings.Join(names, ",")
}

// LocalVolumes counts the mounts of the "local" volume driver.
func (c *ContainerContext) LocalVolumes() string {
	n := 0
	for _, m := range c.c.Mounts {
		if m.Driver == "local" {
			n++
		}
	}
	return strconv.Itoa(n)
}

// Networks lists the names of the networks the container is attached to,
// sorted.
func (c *ContainerContext) Networks() string {
	if c.c.NetworkSettings == nil {
		return ""
	}
	names := make([]string, 0, len(c.c.NetworkSettings.Networks))
	for n := range c.c.NetworkSettings.Networks {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ",")
}

// Platform is the platform of the image manifest the container runs, if the
// engine reports it (nil otherwise).
func (c *ContainerContext) Platform() *ocispec.Platform {
	if d := c.c.ImageManifestDescriptor; d != nil && d.Platform != nil {
		return d.Platform
	}
	return nil
}

// displayablePorts renders ports as docker ps does: ports are sorted (by
// private port, host IP, public port, protocol); a port published on the
// same host port number, or only exposed, is grouped with its neighbours
// into ranges per host IP and protocol ("5000-5003/tcp",
// "0.0.0.0:7000-7001->7000-7001/tcp"); ports published on another host
// port number are listed one by one at the end ("0.0.0.0:8080->80/tcp").
func displayablePorts(ports []container.PortSummary) string {
	if len(ports) == 0 {
		return ""
	}
	type group struct{ first, last uint16 }
	sorted := slices.Clone(ports)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if a.PrivatePort != b.PrivatePort {
			return a.PrivatePort < b.PrivatePort
		}
		if ai, bi := portIP(a), portIP(b); ai != bi {
			return ai < bi
		}
		if a.PublicPort != b.PublicPort {
			return a.PublicPort < b.PublicPort
		}
		return a.Type < b.Type
	})
	groups := map[string]*group{}
	var order, result, mappings []string
	for _, p := range sorted {
		key := p.Type
		if ip := portIP(p); ip != "" {
			if p.PublicPort != p.PrivatePort {
				mappings = append(mappings, fmt.Sprintf("%s->%d/%s", net.JoinHostPort(ip, strconv.Itoa(int(p.PublicPort))), p.PrivatePort, p.Type))
				continue
			}
			key = ip + "/" + p.Type
		}
		g := groups[key]
		if g == nil {
			groups[key] = &group{first: p.PrivatePort, last: p.PrivatePort}
			order = append(order, key)
			continue
		}
		if p.PrivatePort == g.last+1 {
			g.last = p.PrivatePort
			continue
		}
		result = append(result, portGroup(key, g.first, g.last))
		groups[key] = &group{first: p.PrivatePort, last: p.PrivatePort}
	}
	for _, k := range order {
		g := groups[k]
		result = append(result, portGroup(k, g.first, g.last))
	}
	result = append(result, mappings...)
	return strings.Join(result, ", ")
}

func portIP(p container.PortSummary) string {
	if !p.IP.IsValid() {
		return ""
	}
	return p.IP.String()
}

// portGroup renders one group; key is "proto" or "ip/proto".
func portGroup(key string, first, last uint16) string {
	rng := strconv.Itoa(int(first))
	if last != first {
		rng += "-" + strconv.Itoa(int(last))
	}
	i := strings.LastIndexByte(key, '/')
	if i < 0 {
		return rng + "/" + key
	}
	ip, proto := key[:i], key[i+1:]
	return net.JoinHostPort(ip, rng) + "->" + rng + "/" + proto
}

// RawFormatWithSize is ps --format raw --size (system df -v lists containers so too).
const RawFormatWithSize = containerRawFormat + containerRawSizeLine

// DiskUsageRow is a container row of system df -v (an alias keeps the row's own type
// name, which template errors show).
type DiskUsageRow = diskUsageContainerContext

// NewDiskUsageRow is c as system df -v lists it.
func NewDiskUsageRow(c container.Summary, trunc bool, now time.Time) *DiskUsageRow {
	return &diskUsageContainerContext{ContainerContext: newContainerContext(c, trunc, now)}
}

// diskUsageContainerContext is a container row of system df -v: docker ps's, but its
// SIZE is the writable layer alone.
type diskUsageContainerContext struct {
	*ContainerContext
}

func (c *diskUsageContainerContext) MarshalJSON() ([]byte, error) { return formatter.MarshalMethods(c) }

// Size is the size of the container's writable layer (3 significant digits).
func (c *diskUsageContainerContext) Size() string {
	return formatter.HumanSizeWithPrecision(float64(c.c.SizeRw), 3)
}

// field serves the table fast path (see FieldRow) with this row's Size.
func (c *diskUsageContainerContext) Field(name string) (string, bool) {
	if name == "Size" {
		return c.Size(), true
	}
	if f, ok := any(c.ContainerContext).(formatter.FieldRow); ok {
		return f.Field(name)
	}
	return "", false
}
