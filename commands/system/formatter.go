package system

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/image"
	"github.com/moby/moby/api/types/volume"

	"github.com/skiff-cli/skiff/client"
	containercmd "github.com/skiff-cli/skiff/commands/container"
	imagecmd "github.com/skiff-cli/skiff/commands/image"
	volumecmd "github.com/skiff-cli/skiff/commands/volume"
	"github.com/skiff-cli/skiff/formatter"
)

// docker system df formats.
const (
	defaultDiskUsageTableFormat = "table {{.Type}}\\t{{.TotalCount}}\\t{{.Active}}\\t{{.Size}}\\t{{.Reclaimable}}"
	diskUsageRawFormat          = "type: {{.Type}}\\ntotal: {{.TotalCount}}\\nactive: {{.Active}}\\nsize: {{.Size}}\\nreclaimable: {{.Reclaimable}}\\n"

	duImageTableFormat      = "table {{.Repository}}\\t{{.Tag}}\\t{{.ID}}\\t{{.CreatedSince}}\\t{{.Size}}\\t{{.SharedSize}}\\t{{.UniqueSize}}\\t{{.Containers}}"
	duContainerTableFormat  = "table {{.ID}}\\t{{.Image}}\\t{{.Command}}\\t{{.LocalVolumes}}\\t{{.Size}}\\t{{.RunningFor}}\\t{{.Status}}\\t{{.Names}}"
	duVolumeTableFormat     = "table {{.Name}}\\t{{.Links}}\\t{{.Size}}"
	duBuildCacheTableFormat = "table {{.ID}}\\t{{.CacheType}}\\t{{.Size}}\\t{{.CreatedSince}}\\t{{.LastUsedSince}}\\t{{.UsageCount}}\\t{{.Shared}}"

	// duBuildCacheRawFormat lists a build cache record in the key: value shape of the
	// other raw formats. Not checked against the reference: the engines this was
	// written with hold no build cache.
	duBuildCacheRawFormat = "build_cache_id: {{.ID}}\\nparent_id: {{.Parent}}\\nbuild_cache_type: {{.CacheType}}\\ndescription: {{.Description}}\\ncreated_at: {{.CreatedAt}}\\ncreated_since: {{.CreatedSince}}\\nlast_used_at: {{.LastUsedAt}}\\nlast_used_since: {{.LastUsedSince}}\\nusage_count: {{.UsageCount}}\\nin_use: {{.InUse}}\\nshared: {{.Shared}}\\nsize: {{.Size}}\\n"
)

// duVerboseRawFormat is system df -v --format raw: every object of every kind in the
// raw shape of its own listing (images with digests, containers with their writable
// layer's size), each after a "type:" line and followed by an empty line.
func duVerboseRawFormat() formatter.Format {
	return formatter.Format("{{range .Images}}type: Image\\n" + imagecmd.RawFormatWithDigest + "\\n{{end -}}\\n" +
		"{{range .Containers}}type: Container\\n" + containercmd.RawFormatWithSize + "\\n{{end -}}\\n" +
		"{{range .Volumes}}type: Volume\\n" + volumecmd.RawFormat + "\\n{{end -}}\\n" +
		"{{range .BuildCache}}type: Build Cache\\n" + duBuildCacheRawFormat + "\\n{{end -}}")
}

func diskUsageHeaders() map[string]string {
	return map[string]string{
		"Type":        "TYPE",
		"TotalCount":  "TOTAL",
		"Active":      "ACTIVE",
		"Size":        "SIZE",
		"Reclaimable": "RECLAIMABLE",
	}
}

func buildCacheHeaders() map[string]string {
	return map[string]string{
		"ID":            "CACHE ID",
		"Parent":        "PARENT",
		"CacheType":     "CACHE TYPE",
		"Description":   "DESCRIPTION",
		"Size":          "SIZE",
		"CreatedSince":  "CREATED",
		"CreatedAt":     "CREATED AT",
		"LastUsedSince": "LAST USED",
		"LastUsedAt":    "LAST USED AT",
		"UsageCount":    "USAGE",
		"InUse":         "IN USE",
		"Shared":        "SHARED",
	}
}

// diskUsageWrite renders docker system df: the summary table (one row per kind of
// object) or, verbose, one section per kind. ctx.Format is the --format value as
// given ("" for the default).
func diskUsageWrite(ctx formatter.Context, du client.DiskUsage, verbose bool) error {
	return formatter.NamedAs(diskUsageRender(ctx, du, verbose), diskUsageTypeNames()...)
}

// diskUsageTypeNames name the rows of system df as docker's template errors do: in its
// formatter package.
func diskUsageTypeNames() []string {
	var oldnew []string
	for _, t := range []string{"*system.diskUsageImagesContext", "*system.diskUsageContainersContext",
		"*system.diskUsageVolumesContext", "*system.diskUsageBuilderContext", "*system.diskUsageContext",
		"*system.buildCacheContext", "*volume.volumeContext", "*image.imageContext",
		"*container.diskUsageContainerContext"} {
		_, name, _ := strings.Cut(t, ".")
		oldnew = append(oldnew, t, "*formatter."+name)
	}
	return oldnew
}

func diskUsageRender(ctx formatter.Context, du client.DiskUsage, verbose bool) error {
	if verbose {
		return diskUsageWriteVerbose(ctx, du)
	}
	switch ctx.Format {
	case "", formatter.TableFormatKey:
		ctx.Format = defaultDiskUsageTableFormat
	case formatter.RawFormatKey:
		ctx.Format = diskUsageRawFormat
	}
	rows := []any{
		&diskUsageImagesContext{layersSize: du.LayersSize, images: du.Images},
		&diskUsageContainersContext{containers: du.Containers},
		&diskUsageVolumesContext{volumes: du.Volumes},
		&diskUsageBuilderContext{records: du.BuildCache},
	}
	return ctx.Write(diskUsageHeaders(), func(emit func(any) error) error {
		for _, r := range rows {
			if err := emit(r); err != nil {
				return err
			}
		}
		return nil
	})
}

// withPercent is "size (N%)" of total, or size alone when total is not positive.
func withPercent(size, total int64) string {
	s := formatter.HumanSize(float64(size))
	if total <= 0 {
		return s
	}
	return fmt.Sprintf("%s (%d%%)", s, int(float64(size)*100/float64(total)))
}

// diskUsageImagesContext is the Images row (the type names show in template errors,
// renamed as the reference's: "in type *formatter.diskUsageImagesContext").
type diskUsageImagesContext struct {
	formatter.RowHeader
	layersSize int64
	images     []image.Summary
}

func (c *diskUsageImagesContext) MarshalJSON() ([]byte, error) { return formatter.MarshalMethods(c) }
func (c *diskUsageImagesContext) Type() string                 { return "Images" }
func (c *diskUsageImagesContext) TotalCount() string           { return strconv.Itoa(len(c.images)) }

// Active counts the images some container uses.
func (c *diskUsageImagesContext) Active() string {
	n := 0
	for _, i := range c.images {
		if i.Containers > 0 {
			n++
		}
	}
	return strconv.Itoa(n)
}

// Size is the size of all layers.
func (c *diskUsageImagesContext) Size() string { return formatter.HumanSize(float64(c.layersSize)) }

// Reclaimable is what removing the unused images would free: all layers but the
// ones only used images have to themselves.
func (c *diskUsageImagesContext) Reclaimable() string {
	var used int64
	for _, i := range c.images {
		if i.Containers == 0 || i.Size == -1 || i.SharedSize == -1 {
			continue
		}
		used += i.Size - i.SharedSize
	}
	return withPercent(c.layersSize-used, c.layersSize)
}

type diskUsageContainersContext struct {
	formatter.RowHeader
	containers []container.Summary
}

func containerActive(c *container.Summary) bool {
	s := string(c.State)
	return strings.Contains(s, "running") || strings.Contains(s, "paused") || strings.Contains(s, "restarting")
}

func (c *diskUsageContainersContext) MarshalJSON() ([]byte, error) {
	return formatter.MarshalMethods(c)
}
func (c *diskUsageContainersContext) Type() string       { return "Containers" }
func (c *diskUsageContainersContext) TotalCount() string { return strconv.Itoa(len(c.containers)) }

// Active counts running, paused and restarting containers.
func (c *diskUsageContainersContext) Active() string {
	n := 0
	for i := range c.containers {
		if containerActive(&c.containers[i]) {
			n++
		}
	}
	return strconv.Itoa(n)
}

// Size is the containers' writable layers.
func (c *diskUsageContainersContext) Size() string {
	var size int64
	for _, ct := range c.containers {
		size += ct.SizeRw
	}
	return formatter.HumanSize(float64(size))
}

// Reclaimable is the writable layers of the containers that are not active.
func (c *diskUsageContainersContext) Reclaimable() string {
	var size, reclaimable int64
	for i := range c.containers {
		size += c.containers[i].SizeRw
		if !containerActive(&c.containers[i]) {
			reclaimable += c.containers[i].SizeRw
		}
	}
	return withPercent(reclaimable, size)
}

type diskUsageVolumesContext struct {
	formatter.RowHeader
	volumes []volume.Volume
}

func (c *diskUsageVolumesContext) MarshalJSON() ([]byte, error) { return formatter.MarshalMethods(c) }
func (c *diskUsageVolumesContext) Type() string                 { return "Local Volumes" }
func (c *diskUsageVolumesContext) TotalCount() string           { return strconv.Itoa(len(c.volumes)) }

// Active counts the volumes some container uses.
func (c *diskUsageVolumesContext) Active() string {
	n := 0
	for _, v := range c.volumes {
		if v.UsageData != nil && v.UsageData.RefCount > 0 {
			n++
		}
	}
	return strconv.Itoa(n)
}

// Size is the volumes' disk usage (volumes whose size is unknown left out).
func (c *diskUsageVolumesContext) Size() string {
	size, _ := c.sizes()
	return formatter.HumanSize(float64(size))
}

// Reclaimable is the size of the volumes no container uses.
func (c *diskUsageVolumesContext) Reclaimable() string {
	size, reclaimable := c.sizes()
	return withPercent(reclaimable, size)
}

func (c *diskUsageVolumesContext) sizes() (size, reclaimable int64) {
	for _, v := range c.volumes {
		if v.UsageData == nil || v.UsageData.Size == -1 {
			continue
		}
		size += v.UsageData.Size
		if v.UsageData.RefCount == 0 {
			reclaimable += v.UsageData.Size
		}
	}
	return size, reclaimable
}

type diskUsageBuilderContext struct {
	formatter.RowHeader
	records []client.BuildCacheRecord
}

func (c *diskUsageBuilderContext) MarshalJSON() ([]byte, error) { return formatter.MarshalMethods(c) }
func (c *diskUsageBuilderContext) Type() string                 { return "Build Cache" }
func (c *diskUsageBuilderContext) TotalCount() string           { return strconv.Itoa(len(c.records)) }

// Active counts the records in use.
func (c *diskUsageBuilderContext) Active() string {
	n := 0
	for _, r := range c.records {
		if r.InUse {
			n++
		}
	}
	return strconv.Itoa(n)
}

// Size is the size of the records that are not shared.
func (c *diskUsageBuilderContext) Size() string {
	return formatter.HumanSize(float64(buildCacheSize(c.records)))
}

// Reclaimable is the size of the records neither shared nor in use.
func (c *diskUsageBuilderContext) Reclaimable() string {
	var size int64
	for _, r := range c.records {
		if !r.Shared && !r.InUse {
			size += r.Size
		}
	}
	return formatter.HumanSize(float64(size))
}

func buildCacheSize(records []client.BuildCacheRecord) int64 {
	var size int64
	for _, r := range records {
		if !r.Shared {
			size += r.Size
		}
	}
	return size
}

// diskUsageContext is what a -v template other than the default sees: the rows of
// the verbose tables, untruncated (its JSON is these four lists).
type diskUsageContext struct {
	Images     []*imagecmd.Row
	Containers []*containercmd.DiskUsageRow
	Volumes    []*volumecmd.Row
	BuildCache []*buildCacheContext
}

func newDiskUsageContext(du client.DiskUsage, now time.Time) *diskUsageContext {
	dc := &diskUsageContext{
		Images:     []*imagecmd.Row{},
		Containers: []*containercmd.DiskUsageRow{},
		Volumes:    []*volumecmd.Row{},
		BuildCache: []*buildCacheContext{},
	}
	for i := range du.Images {
		if row, ok := imagecmd.NewDiskUsageRow(&du.Images[i], false, now); ok {
			dc.Images = append(dc.Images, row)
		}
	}
	for i := range du.Containers {
		dc.Containers = append(dc.Containers, containercmd.NewDiskUsageRow(du.Containers[i], false, now))
	}
	for i := range du.Volumes {
		dc.Volumes = append(dc.Volumes, volumecmd.NewRow(&du.Volumes[i]))
	}
	for _, r := range sortedBuildCache(du.BuildCache) {
		dc.BuildCache = append(dc.BuildCache, &buildCacheContext{r: r, now: now})
	}
	return dc
}

// sortedBuildCache orders the records by last use, never used first.
func sortedBuildCache(records []client.BuildCacheRecord) []*client.BuildCacheRecord {
	out := make([]*client.BuildCacheRecord, len(records))
	for i := range records {
		out[i] = &records[i]
	}
	lastUsed := func(r *client.BuildCacheRecord) time.Time {
		if r.LastUsedAt == nil {
			return time.Time{}
		}
		return *r.LastUsedAt
	}
	sort.SliceStable(out, func(i, j int) bool { return lastUsed(out[i]).Before(lastUsed(out[j])) })
	return out
}

// buildCacheContext is one build cache record of system df -v.
type buildCacheContext struct {
	r     *client.BuildCacheRecord
	trunc bool
	now   time.Time
}

func (c *buildCacheContext) MarshalJSON() ([]byte, error) { return formatter.MarshalMethods(c) }

// ID is the record's ID (12 characters unless untruncated), marked "*" when in use.
func (c *buildCacheContext) ID() string {
	id := c.r.ID
	if c.trunc {
		id = formatter.TruncateID(id)
	}
	if c.r.InUse {
		id += "*"
	}
	return id
}

// Parent is the parent record (or records, on newer engines).
func (c *buildCacheContext) Parent() string {
	p := c.r.Parent
	if len(c.r.Parents) > 0 {
		p = strings.Join(c.r.Parents, ", ")
	}
	if c.trunc {
		p = formatter.TruncateID(p)
	}
	return p
}

func (c *buildCacheContext) CacheType() string   { return c.r.Type }
func (c *buildCacheContext) Description() string { return c.r.Description }

// Size is the record's size with 3 significant digits.
func (c *buildCacheContext) Size() string {
	return formatter.HumanSizeWithPrecision(float64(c.r.Size), 3)
}

func (c *buildCacheContext) CreatedSince() string { return formatter.HumanAgo(c.now, c.r.CreatedAt) }
func (c *buildCacheContext) CreatedAt() string    { return c.r.CreatedAt.String() }

// LastUsedSince is "5 minutes ago", or empty for a record never used.
func (c *buildCacheContext) LastUsedSince() string {
	if c.r.LastUsedAt == nil {
		return ""
	}
	return formatter.HumanAgo(c.now, *c.r.LastUsedAt)
}

// LastUsedAt is the time of last use, or empty.
func (c *buildCacheContext) LastUsedAt() string {
	if c.r.LastUsedAt == nil {
		return ""
	}
	return c.r.LastUsedAt.String()
}

func (c *buildCacheContext) UsageCount() string { return strconv.Itoa(c.r.UsageCount) }
func (c *buildCacheContext) InUse() string      { return strconv.FormatBool(c.r.InUse) }
func (c *buildCacheContext) Shared() string     { return strconv.FormatBool(c.r.Shared) }

// diskUsageWriteVerbose is system df -v: with the default format, one table per kind
// of object; otherwise the template over all the lists, printed once, as is.
func diskUsageWriteVerbose(ctx formatter.Context, du client.DiskUsage) error {
	now := ctx.Clock()
	if ctx.Format == formatter.RawFormatKey {
		ctx.Format = duVerboseRawFormat()
	}
	if ctx.Format != "" && ctx.Format != formatter.TableFormatKey {
		dc := newDiskUsageContext(du, now)
		tmpl, err := formatter.Parse(ctx.TemplateText())
		if err != nil {
			return &formatter.TemplateError{Prefix: "template parsing error", Err: err}
		}
		var b bytes.Buffer
		if err := tmpl.Execute(&b, dc); err != nil {
			// docker runs the template straight onto its output: what came before the
			// failure is printed
			_, _ = ctx.Output.Write(b.Bytes())
			return err
		}
		_, err = ctx.Output.Write(b.Bytes())
		return err
	}

	var b bytes.Buffer
	section := func(format formatter.Format, header map[string]string, rows func(emit func(any) error) error) error {
		sub := formatter.Context{Output: &b, Format: format, Trunc: true, Now: func() time.Time { return now }}
		return sub.Write(header, rows)
	}
	b.WriteString("Images space usage:\n\n")
	if err := section(duImageTableFormat, imagecmd.Headers(), func(emit func(any) error) error {
		for i := range du.Images {
			if row, ok := imagecmd.NewDiskUsageRow(&du.Images[i], true, now); ok {
				if err := emit(row); err != nil {
					return err
				}
			}
		}
		return nil
	}); err != nil {
		return err
	}
	b.WriteString("\nContainers space usage:\n\n")
	if err := section(duContainerTableFormat, containercmd.Headers(), func(emit func(any) error) error {
		for i := range du.Containers {
			if err := emit(containercmd.NewDiskUsageRow(du.Containers[i], true, now)); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	b.WriteString("\nLocal Volumes space usage:\n\n")
	if err := section(duVolumeTableFormat, volumecmd.Headers(), func(emit func(any) error) error {
		for i := range du.Volumes {
			if err := emit(volumecmd.NewRow(&du.Volumes[i])); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	fmt.Fprintf(&b, "\nBuild cache usage: %s\n\n", formatter.HumanSize(float64(buildCacheSize(du.BuildCache))))
	if err := section(duBuildCacheTableFormat, buildCacheHeaders(), func(emit func(any) error) error {
		for _, r := range sortedBuildCache(du.BuildCache) {
			if err := emit(&buildCacheContext{r: r, trunc: true, now: now}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	_, err := ctx.Output.Write(b.Bytes())
	return err
}
