package image

import (
	"strconv"
	"strings"
	"time"

	"github.com/moby/moby/api/types/image"

	"github.com/skiff-cli/skiff/formatter"
)

// Image history formats (docker history / docker image history).
const (
	defaultHistoryTableFormat  = "table {{.ID}}\\t{{.CreatedSince}}\\t{{.CreatedBy}}\\t{{.Size}}\\t{{.Comment}}"
	nonHumanHistoryTableFormat = "table {{.ID}}\\t{{.CreatedAt}}\\t{{.CreatedBy}}\\t{{.Size}}\\t{{.Comment}}"
	historyQuietFormat         = "{{.ID}}"
	historyCreatedByTruncWidth = 45
	historyMissingID           = "<missing>"
)

// historyFormat applies docker history's defaults to the --format value
// source: "" and "table" give the default table (CREATED AT instead of
// CREATED with -H=false), or the IDs only with quiet. Any other value is
// returned as is (a custom format wins over -q, as in the reference).
func historyFormat(source string, quiet, human bool) formatter.Format {
	switch source {
	case "", formatter.TableFormatKey:
		if quiet {
			return historyQuietFormat
		}
		if !human {
			return nonHumanHistoryTableFormat
		}
		return defaultHistoryTableFormat
	}
	return formatter.Format(source)
}

func historyHeaders() map[string]string {
	return map[string]string{
		"ID":           "IMAGE",
		"CreatedSince": "CREATED",
		"CreatedAt":    "CREATED AT",
		"CreatedBy":    "CREATED BY",
		"Size":         "SIZE",
		"Comment":      "COMMENT",
	}
}

// historyWrite renders an image's history, newest layer first as the engine
// lists it. human selects human sizes and relative times (-H, the default).
// An empty ctx.Format means the default table.
func historyWrite(ctx formatter.Context, human bool, history []image.HistoryResponseItem) error {
	if ctx.Format == "" || ctx.Format == formatter.TableFormatKey {
		ctx.Format = historyFormat(string(ctx.Format), false, human)
	}
	now := ctx.Clock()
	return ctx.Write(historyHeaders(), func(emit func(any) error) error {
		for i := range history {
			if err := emit(&historyContext{h: &history[i], trunc: ctx.Trunc, human: human, now: now}); err != nil {
				return err
			}
		}
		return nil
	})
}

// historyContext is one layer of docker history.
type historyContext struct {
	h     *image.HistoryResponseItem
	trunc bool
	human bool
	now   time.Time
}

func (c *historyContext) Field(name string) (string, bool) {
	switch name {
	case "ID":
		return c.ID(), true
	case "CreatedAt":
		return c.CreatedAt(), true
	case "CreatedSince":
		return c.CreatedSince(), true
	case "CreatedBy":
		return c.CreatedBy(), true
	case "Size":
		return c.Size(), true
	case "Comment":
		return c.Comment(), true
	}
	return "", false
}

func (c *historyContext) MarshalJSON() ([]byte, error) {
	return formatter.MarshalFields(c, []string{"ID", "CreatedAt", "CreatedSince", "CreatedBy", "Size", "Comment"}, nil)
}

// ID is the layer's image ID (12 hex digits unless --no-trunc) or <missing>.
func (c *historyContext) ID() string {
	if c.trunc {
		return formatter.TruncateID(c.h.ID)
	}
	return c.h.ID
}

// CreatedAt is the creation time in RFC 3339.
func (c *historyContext) CreatedAt() string {
	return time.Unix(c.h.Created, 0).Format(time.RFC3339)
}

// CreatedSince is "5 minutes ago" (RFC 3339 with -H=false).
func (c *historyContext) CreatedSince() string {
	if !c.human {
		return c.CreatedAt()
	}
	return formatter.HumanAgo(c.now, time.Unix(c.h.Created, 0))
}

// CreatedBy is the instruction that made the layer, tabs shown as spaces,
// cut to 45 cells unless --no-trunc.
func (c *historyContext) CreatedBy() string {
	s := strings.ReplaceAll(c.h.CreatedBy, "\t", " ")
	if c.trunc {
		return formatter.Ellipsis(s, historyCreatedByTruncWidth)
	}
	return s
}

// Size is the layer's size ("1.98MB"; bytes with -H=false).
func (c *historyContext) Size() string {
	if c.human {
		return formatter.HumanSizeWithPrecision(float64(c.h.Size), 3)
	}
	return strconv.FormatInt(c.h.Size, 10)
}

// Comment is the layer's comment.
func (c *historyContext) Comment() string { return c.h.Comment }
