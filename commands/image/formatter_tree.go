package image

import (
	"bufio"
	"io"
	"path"
	"sort"
	"strings"

	"github.com/mattn/go-runewidth"
	"github.com/moby/moby/api/types/image"

	"github.com/skiff-cli/skiff/formatter"
)

// imageTreeOptions shape `docker images --tree`.
type imageTreeOptions struct {
	// All shows images without any name (no tag, no digest), hidden by default.
	All bool
	// Terminal: colours, the legend's symbols and the terminal's width; otherwise
	// plain text (headers excepted, as docker does) 80 columns wide.
	Terminal bool
	// Width is the terminal's width (0: 80).
	Width int
}

// Escape sequences of the tree view.
const (
	imageTreeReset    = "\x1b[0m"
	imageTreeHeader   = "\x1b[39m\x1b[1m"
	imageTreeTagged   = "\x1b[34m\x1b[1m"
	imageTreeDim      = "\x1b[39m\x1b[2m"
	imageTreePlain    = "\x1b[39m"
	imageTreeInUse    = "\x1b[38;5;0m\x1b[48;5;14m"
	imageTreeWarnings = "\x1b[93m"
	imageTreeInfoIcon = "\x1b[1m\x1b[106m\x1b[30m"
	imageTreeInfoText = "\x1b[96m"
)

const (
	imageTreeGap         = 3  // spaces between columns
	imageTreeMinName     = 12 // columns are dropped (right first) below this name width
	imageTreeMinWidth    = 20
	imageTreeDefaultWide = 80
	imageTreeWarning     = "WARNING: This is an experimental feature. The output may change and shouldn't be depended on."
)

// imageTreeDetails are the cells after the name.
type imageTreeDetails struct {
	id, diskUsage, contentSize string
	inUse                      bool
}

type imageTreeChild struct {
	platform  string
	available bool
	details   imageTreeDetails
}

type imageTreeImage struct {
	names    []string
	created  int64
	details  imageTreeDetails
	children []imageTreeChild
}

// imageTreeColumn is one column after the name: its header, width and alignment.
type imageTreeColumn struct {
	header string
	width  int
	right  bool
	cell   func(d imageTreeDetails, tty bool) (text string, color string)
}

func imageTreeShortID(id string) string {
	if _, hex, ok := strings.Cut(id, ":"); ok {
		id = hex
	}
	if len(id) > 12 {
		id = id[:12]
	}
	return id
}

// imageTreePlatform is os/arch[/variant], "unknown" without an OS.
func imageTreePlatform(p image.ManifestSummary) string {
	if p.ImageData == nil || p.ImageData.Platform.OS == "" {
		return "unknown"
	}
	pl := p.ImageData.Platform
	return path.Join(pl.OS, pl.Architecture, pl.Variant)
}

func imageTreeSize(n int64) string { return formatter.HumanSizeWithPrecision(float64(n), 3) }

// imageTreeView turns the engine's answer into the rows docker draws: newest image
// first, longest names first, image manifests only (attestations are counted in the
// content size, not shown).
func imageTreeView(images []image.Summary, all bool) []imageTreeImage {
	view := make([]imageTreeImage, 0, len(images))
	for _, img := range images {
		if !all && len(img.RepoTags) == 0 && len(img.RepoDigests) == 0 {
			continue
		}
		ti := imageTreeImage{
			names:   append([]string(nil), img.RepoTags...),
			created: img.Created,
			details: imageTreeDetails{id: imageTreeShortID(img.ID), diskUsage: imageTreeSize(img.Size)},
		}
		var content int64
		for _, m := range img.Manifests {
			content += m.Size.Content
			if m.Kind != image.ManifestKindImage {
				continue
			}
			inUse := m.ImageData != nil && len(m.ImageData.Containers) > 0
			if inUse {
				ti.details.inUse = true
			}
			ti.children = append(ti.children, imageTreeChild{
				platform:  imageTreePlatform(m),
				available: m.Available,
				details: imageTreeDetails{
					id:          imageTreeShortID(m.ID),
					diskUsage:   imageTreeSize(m.Size.Total),
					contentSize: imageTreeSize(m.Size.Content),
					inUse:       inUse,
				},
			})
		}
		ti.details.contentSize = imageTreeSize(content)
		// docker's order: longest name first (unstable among equals, as docker's)
		sort.Slice(ti.names, func(i, j int) bool { return len(ti.names[i]) > len(ti.names[j]) })
		view = append(view, ti)
	}
	sort.Slice(view, func(i, j int) bool { return view[i].created > view[j].created })
	return view
}

func imageTreeColumns() []imageTreeColumn {
	return []imageTreeColumn{
		{header: "ID", width: 12, cell: func(d imageTreeDetails, _ bool) (string, string) { return d.id, imageTreePlain }},
		{header: "DISK USAGE", width: 10, right: true, cell: func(d imageTreeDetails, _ bool) (string, string) {
			return d.diskUsage, imageTreePlain
		}},
		{header: "CONTENT SIZE", width: 12, right: true, cell: func(d imageTreeDetails, _ bool) (string, string) {
			return d.contentSize, imageTreePlain
		}},
		{header: "EXTRA", width: 5, cell: func(d imageTreeDetails, tty bool) (string, string) {
			switch {
			case !d.inUse:
				return "", ""
			case tty:
				return " U ", imageTreeInUse
			}
			return "U", ""
		}},
	}
}

// imageTreeWrite draws `docker images --tree`.
func imageTreeWrite(out io.Writer, images []image.Summary, opts imageTreeOptions) error {
	view := imageTreeView(images, opts.All)
	tty := opts.Terminal
	width := imageTreeDefaultWide
	if tty && opts.Width > 0 {
		width = opts.Width
	}
	if width < imageTreeMinWidth {
		width = imageTreeMinWidth
	}

	// the name column: as wide as the longest name (measured in bytes, as docker
	// does: the tree's box-drawing prefix counts 7), within what the columns leave.
	nameWidth := len("IMAGE")
	for _, img := range view {
		names := img.names
		if len(names) == 0 {
			names = []string{"<untagged>"}
		}
		for _, n := range names {
			nameWidth = max(nameWidth, len(n))
		}
		for _, c := range img.children {
			nameWidth = max(nameWidth, len("└─ "+c.platform))
		}
	}
	cols := imageTreeColumns()
	avail := func() int {
		w := width
		for _, c := range cols {
			w -= c.width + imageTreeGap
		}
		return w
	}
	for len(cols) > 0 && avail() < imageTreeMinName {
		cols = cols[:len(cols)-1]
	}
	nameWidth = min(nameWidth, avail())

	bw := bufio.NewWriter(out)
	color := func(text, code string) string {
		if !tty || code == "" || text == "" {
			return text
		}
		return code + text + imageTreeReset
	}
	pad := func(text string, w int, right bool, code string) string {
		n := w - runewidth.StringWidth(text)
		text = color(text, code)
		if n <= 0 {
			return text
		}
		if right {
			return strings.Repeat(" ", n) + text
		}
		return text + strings.Repeat(" ", n)
	}

	if tty {
		bw.WriteString(imageTreeWarnings + imageTreeWarning + imageTreeReset + "\n")
		legend := imageTreeInfoIcon + "i" + imageTreeReset + imageTreeReset + " " +
			imageTreeInfoText + "Info → " + imageTreeReset + imageTreeReset + " " +
			imageTreeInUse + " U " + imageTreeReset + " In Use "
		bw.WriteString(strings.Repeat(" ", max(0, width-21)) + legend + "\n\n")
	} else {
		bw.WriteString(imageTreeWarning + "\n")
		bw.WriteString(strings.Repeat(" ", max(0, width-18)) + "Info ->  U In Use \n\n")
	}

	// headers are coloured also off a terminal, as docker's are
	header := imageTreeHeader + "IMAGE" + imageTreeReset + strings.Repeat(" ", max(0, nameWidth-len("IMAGE")))
	for _, c := range cols {
		h := imageTreeHeader + c.header + imageTreeReset
		n := max(0, c.width-len(c.header))
		if c.right {
			h = strings.Repeat(" ", n) + h
		} else {
			h += strings.Repeat(" ", n)
		}
		header += strings.Repeat(" ", imageTreeGap) + h
	}
	bw.WriteString(header + "\n")

	row := func(name, nameColor string, d imageTreeDetails, dim bool) {
		line := pad(formatter.Ellipsis(name, nameWidth), nameWidth, false, nameColor)
		for _, c := range cols {
			text, code := c.cell(d, tty)
			if dim && code == imageTreePlain {
				code = imageTreeDim
			}
			line += strings.Repeat(" ", imageTreeGap) + pad(text, c.width, c.right, code)
		}
		bw.WriteString(line + "\n")
	}
	// images are set apart by a blank line once any of them has a platform below it
	spaced := false
	for _, img := range view {
		spaced = spaced || len(img.children) > 0
	}
	for _, img := range view {
		name, nameColor := "<untagged>", imageTreeDim
		if n := len(img.names); n > 0 {
			for _, extra := range img.names[:n-1] {
				bw.WriteString(color(extra, imageTreeTagged) + "\n") // never shortened, as docker

			}
			name, nameColor = img.names[n-1], imageTreeTagged
		}
		row(name, nameColor, img.details, false)
		for i, c := range img.children {
			prefix := "├─ "
			if i == len(img.children)-1 {
				prefix = "└─ "
			}
			code := imageTreePlain
			if !c.available {
				code = imageTreeDim
			}
			row(prefix+c.platform, code, c.details, !c.available)
		}
		if spaced {
			bw.WriteString("\n")
		}
	}
	return bw.Flush()
}
