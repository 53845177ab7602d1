package registry

import (
	"strconv"
	"strings"

	"github.com/moby/moby/api/types/registry"

	"github.com/skiff-cli/skiff/formatter"
)

// docker search's default table: no AUTOMATED column in docker 28 (the field is
// deprecated and the template cannot name it).
const (
	defaultSearchTableFormat = "table {{.Name}}\\t{{.Description}}\\t{{.StarCount}}\\t{{.IsOfficial}}"
	searchDescriptionWidth   = 45
)

// searchFormat is the --format value with docker search's default ("" and "table").
func searchFormat(source string) formatter.Format {
	if source == "" || source == formatter.TableFormatKey {
		return defaultSearchTableFormat
	}
	return formatter.Format(source)
}

func searchHeaders() map[string]string {
	return map[string]string{
		"Name":        "NAME",
		"Description": "DESCRIPTION",
		"StarCount":   "STARS",
		"IsOfficial":  "OFFICIAL",
	}
}

// searchWrite renders docker search's results in the engine's order.
func searchWrite(ctx formatter.Context, results []registry.SearchResult) error {
	ctx.Format = searchFormat(string(ctx.Format))
	return ctx.Write(searchHeaders(), func(emit func(any) error) error {
		for i := range results {
			if err := emit(&searchContext{r: &results[i], trunc: ctx.Trunc}); err != nil {
				return err
			}
		}
		return nil
	})
}

// searchContext is one search result.
type searchContext struct {
	r     *registry.SearchResult
	trunc bool
}

func (c *searchContext) Field(name string) (string, bool) {
	switch name {
	case "Name":
		return c.Name(), true
	case "Description":
		return c.Description(), true
	case "StarCount":
		return c.StarCount(), true
	case "IsOfficial":
		return c.IsOfficial(), true
	}
	return "", false
}

// MarshalJSON gives json's keys: every column as a string, as docker 28 prints them
// (IsOfficial "true"/"false", not the table's "[OK]").
func (c *searchContext) MarshalJSON() ([]byte, error) {
	return formatter.MarshalFields(c, []string{"Name", "Description", "StarCount"},
		map[string]any{"IsOfficial": strconv.FormatBool(c.r.IsOfficial)})
}

// Name is the repository's name.
func (c *searchContext) Name() string { return c.r.Name }

// Description is on one line (newlines as spaces), cut to 45 cells unless --no-trunc.
func (c *searchContext) Description() string {
	d := strings.ReplaceAll(c.r.Description, "\n", " ")
	if c.trunc {
		d = formatter.Ellipsis(d, searchDescriptionWidth)
	}
	return d
}

// StarCount is the number of stars.
func (c *searchContext) StarCount() string { return strconv.Itoa(c.r.StarCount) }

// IsOfficial is "[OK]" for an official image, empty otherwise.
func (c *searchContext) IsOfficial() string {
	if c.r.IsOfficial {
		return "[OK]"
	}
	return ""
}
