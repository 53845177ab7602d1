package image

import (
	"strconv"
	"time"

	"github.com/moby/moby/api/types/image"

	"github.com/skiff-cli/skiff/imageref"

	"github.com/skiff-cli/skiff/formatter"
)

// Image listing formats (docker images / docker image ls).
const (
	defaultImageTableFormat           = "table {{.Repository}}\\t{{.Tag}}\\t{{.ID}}\\t{{.CreatedSince}}\\t{{.Size}}"
	defaultImageTableFormatWithDigest = "table {{.Repository}}\\t{{.Tag}}\\t{{.Digest}}\\t{{.ID}}\\t{{.CreatedSince}}\\t{{.Size}}"
	imageRawFormat                    = "repository: {{ .Repository }}\\ntag: {{.Tag}}\\nimage_id: {{.ID}}\\ncreated_at: {{.CreatedAt}}\\nvirtual_size: {{.Size}}\\n"
	RawFormatWithDigest               = "repository: {{ .Repository }}\\ntag: {{.Tag}}\\ndigest: {{.Digest}}\\nimage_id: {{.ID}}\\ncreated_at: {{.CreatedAt}}\\nvirtual_size: {{.Size}}\\n"
	imageQuietFormat                  = "{{.ID}}"
	imageQuietRawFormat               = "image_id: {{.ID}}"
	imageDigestColumn                 = "\\t{{.Digest}}"
	imageDigestField                  = "{{.Digest}}"
	noneValue                         = "<none>"
	notAvailable                      = "N/A"
	imageSizePrecision                = 3
)

// imageFormat applies docker images's defaults to the --format value source:
// "" and "table" give the default table (with a DIGEST column when digests is
// set), "raw" the key/value listing; with quiet both give the IDs only. Any
// other value is returned as is (the reference lets a custom format win over
// -q).
func imageFormat(source string, quiet, digests bool) formatter.Format {
	switch source {
	case "", formatter.TableFormatKey:
		if quiet {
			return imageQuietFormat
		}
		if digests {
			return defaultImageTableFormatWithDigest
		}
		return defaultImageTableFormat
	case formatter.RawFormatKey:
		if quiet {
			return imageQuietRawFormat
		}
		if digests {
			return RawFormatWithDigest
		}
		return imageRawFormat
	}
	return formatter.Format(source)
}

// Headers are docker images' column labels (system df -v lists images too).
func Headers() map[string]string {
	return map[string]string{
		"ID":           "IMAGE ID",
		"Repository":   "REPOSITORY",
		"Tag":          "TAG",
		"Digest":       "DIGEST",
		"CreatedSince": "CREATED",
		"CreatedAt":    "CREATED AT",
		"Size":         "SIZE",
		"Containers":   "CONTAINERS",
		"VirtualSize":  "SIZE",
		"SharedSize":   "SHARED SIZE",
		"UniqueSize":   "UNIQUE SIZE",
	}
}

// imageWrite renders images, one row per repository:tag (a dangling image
// gets one <none> row). With digests, rows carry the repository's digest, a
// digest-only reference gets its own row, and a custom table format that
// does not mention {{.Digest}} gets a DIGEST column appended, like the
// reference. An empty ctx.Format means the default table.
func imageWrite(ctx formatter.Context, images []image.Summary, digests bool) error {
	switch {
	case ctx.Format == "" || ctx.Format == formatter.TableFormatKey:
		ctx.Format = imageFormat(string(ctx.Format), false, digests)
	case digests && ctx.Format.IsTable() && !ctx.Format.Contains(imageDigestField):
		ctx.Format += imageDigestColumn
	}
	now := ctx.Clock()
	err := ctx.Write(Headers(), func(emit func(any) error) error {
		for i := range images {
			for _, r := range imageRefs(&images[i], digests) {
				row := &imageContext{i: &images[i], repo: r.repo, tag: r.tag, digest: r.digest, trunc: ctx.Trunc, now: now}
				if err := emit(row); err != nil {
					return err
				}
			}
		}
		return nil
	})
	// docker keeps this row in its formatter package, and its errors name it there
	return formatter.NamedAs(err, "*image.imageContext", "*formatter.imageContext")
}

type imageRef struct{ repo, tag, digest string }

// imageRefs lists the rows of one image. Repositories come in the order the
// engine lists their first tag (the reference uses map order).
func imageRefs(img *image.Summary, digests bool) []imageRef {
	var repos []string
	tags := map[string][]string{}
	for _, rt := range img.RepoTags {
		r, err := imageref.Parse(rt)
		if err != nil || r.Tag == "" || r.Digest != "" {
			continue
		}
		name, tag := r.FamiliarName(), r.Tag
		if _, ok := tags[name]; !ok {
			repos = append(repos, name)
		}
		tags[name] = append(tags[name], tag)
	}
	var digestRepos []string
	dgsts := map[string][]string{}
	for _, rd := range img.RepoDigests {
		r, err := imageref.Parse(rd)
		if err != nil || r.Digest == "" || r.Tag != "" {
			continue
		}
		name, dgst := r.FamiliarName(), r.Digest
		if _, ok := dgsts[name]; !ok {
			digestRepos = append(digestRepos, name)
		}
		dgsts[name] = append(dgsts[name], dgst)
	}

	var rows []imageRef
	for _, repo := range repos {
		ds := dgsts[repo]
		delete(dgsts, repo)
		if !digests {
			ds = nil
		}
		for _, tag := range tags[repo] {
			if len(ds) == 0 {
				rows = append(rows, imageRef{repo, tag, noneValue})
				continue
			}
			for _, d := range ds {
				rows = append(rows, imageRef{repo, tag, d})
			}
		}
	}
	for _, repo := range digestRepos {
		ds, ok := dgsts[repo]
		if !ok {
			continue
		}
		if !digests {
			rows = append(rows, imageRef{repo, noneValue, noneValue})
			continue
		}
		for _, d := range ds {
			rows = append(rows, imageRef{repo, noneValue, d})
		}
	}
	if len(rows) == 0 && imageDangling(img) {
		rows = append(rows, imageRef{noneValue, noneValue, noneValue})
	}
	return rows
}

// imageDangling reports whether img has no name: no tags and no digests, or (engines
// before API 1.42) exactly the placeholders "<none>:<none>" and "<none>@<none>". An
// image whose names are all unreadable otherwise (only "<none>:<none>", as the first
// engines list an untagged one) gets no row at all, as in docker 28 (observed).
func imageDangling(img *image.Summary) bool {
	if len(img.RepoTags) == 0 && len(img.RepoDigests) == 0 {
		return true
	}
	return len(img.RepoTags) == 1 && img.RepoTags[0] == "<none>:<none>" &&
		len(img.RepoDigests) == 1 && img.RepoDigests[0] == "<none>@<none>"
}

// imageContext is one row of docker images (the name shows in template
// errors, as in the reference: "in type *formatter.imageContext").
type imageContext struct {
	formatter.RowHeader
	i                 *image.Summary
	repo, tag, digest string
	trunc             bool
	now               time.Time
}

func (c *imageContext) Field(name string) (string, bool) {
	switch name {
	case "ID":
		return c.ID(), true
	case "Repository":
		return c.Repository(), true
	case "Tag":
		return c.Tag(), true
	case "Digest":
		return c.Digest(), true
	case "CreatedSince":
		return c.CreatedSince(), true
	case "CreatedAt":
		return c.CreatedAt(), true
	case "Size":
		return c.Size(), true
	case "Containers":
		return c.Containers(), true
	case "VirtualSize":
		return c.VirtualSize(), true
	case "SharedSize":
		return c.SharedSize(), true
	case "UniqueSize":
		return c.UniqueSize(), true
	}
	return "", false
}

func (c *imageContext) MarshalJSON() ([]byte, error) {
	return formatter.MarshalFields(c, []string{"ID", "Repository", "Tag", "Digest", "CreatedSince", "CreatedAt", "Size", "Containers", "VirtualSize", "SharedSize", "UniqueSize"}, nil)
}

// ID is the image ID (12 hex digits unless --no-trunc, then "sha256:...").
func (c *imageContext) ID() string {
	if c.trunc {
		return formatter.TruncateID(c.i.ID)
	}
	return c.i.ID
}

// Repository is the repository name, or <none>.
func (c *imageContext) Repository() string { return c.repo }

// Tag is the tag, or <none>.
func (c *imageContext) Tag() string { return c.tag }

// Digest is the repository digest, or <none>.
func (c *imageContext) Digest() string { return c.digest }

// CreatedSince is "5 minutes ago".
func (c *imageContext) CreatedSince() string {
	return formatter.HumanAgo(c.now, time.Unix(c.i.Created, 0))
}

// CreatedAt is the creation time, "2006-01-02 15:04:05 -0700 MST".
func (c *imageContext) CreatedAt() string { return time.Unix(c.i.Created, 0).String() }

// Size is the image size with 3 significant digits ("1.98MB").
func (c *imageContext) Size() string {
	return formatter.HumanSizeWithPrecision(float64(c.i.Size), imageSizePrecision)
}

// Containers counts the containers using the image ("N/A" if not computed).
func (c *imageContext) Containers() string {
	if c.i.Containers == -1 {
		return notAvailable
	}
	return strconv.FormatInt(c.i.Containers, 10)
}

// VirtualSize is the size including parent layers (the engine reports it as
// the size), with 4 significant digits.
func (c *imageContext) VirtualSize() string { return formatter.HumanSize(float64(c.i.Size)) }

// SharedSize is the size shared with other images ("N/A" if not computed).
func (c *imageContext) SharedSize() string {
	if c.i.SharedSize == -1 {
		return notAvailable
	}
	return formatter.HumanSize(float64(c.i.SharedSize))
}

// UniqueSize is Size minus SharedSize ("N/A" if not computed).
func (c *imageContext) UniqueSize() string {
	if c.i.SharedSize == -1 {
		return notAvailable
	}
	return formatter.HumanSize(float64(c.i.Size - c.i.SharedSize))
}

// Row is a row of docker images, as system df -v holds it (an alias keeps the row's
// own type name, which template errors show).
type Row = imageContext

// NewDiskUsageRow is an image as system df -v lists it: under its first tag only,
// <none> when untagged; an image whose first tag is not a valid reference is left
// out, as the reference does.
func NewDiskUsageRow(img *image.Summary, trunc bool, now time.Time) (*Row, bool) {
	repo, tag := noneValue, noneValue
	if len(img.RepoTags) > 0 && !danglingImage(img) {
		r, err := imageref.Parse(img.RepoTags[0])
		if err != nil {
			return nil, false
		}
		if r.Tag != "" {
			repo, tag = r.FamiliarName(), r.Tag
		}
	}
	return &imageContext{i: img, repo: repo, tag: tag, trunc: trunc, now: now}, true
}

func danglingImage(img *image.Summary) bool {
	return len(img.RepoTags) == 1 && img.RepoTags[0] == "<none>:<none>" &&
		len(img.RepoDigests) == 1 && img.RepoDigests[0] == "<none>@<none>"
}
