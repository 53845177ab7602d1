package context

import "github.com/skiff-cli/skiff/formatter"

// Context listing formats (docker context ls). The current context is marked by the
// default table alone: a template of the user's shows its name bare.
const (
	defaultContextTableFormat = "table {{.Name}}{{if .Current}} *{{end}}\\t{{.Description}}\\t{{.DockerEndpoint}}\\t{{.Error}}"
	contextQuietFormat        = "{{.Name}}"
	// contextErrorWidth is where docker cuts a context's error, in every format.
	contextErrorWidth = 45
)

// contextFormat applies docker context ls's defaults to the --format value: -q prints
// names whatever the format, "" and "table" are the default table.
func contextFormat(source string, quiet bool) formatter.Format {
	switch {
	case quiet:
		return contextQuietFormat
	case source == "" || source == formatter.TableFormatKey:
		return defaultContextTableFormat
	}
	return formatter.Format(source)
}

// contextRow is one context as docker context ls shows it. Error is the reason its
// docker endpoint cannot be read, as it is: the listing cuts it.
type contextRow struct {
	Name, Description, DockerEndpoint, Error string
	Current                                  bool
}

// contextWrite renders rows (docker context ls), in the order given.
func contextWrite(ctx formatter.Context, rows []contextRow) error {
	header := map[string]string{"Name": "NAME", "Description": "DESCRIPTION", "DockerEndpoint": "DOCKER ENDPOINT", "Error": "ERROR"}
	err := ctx.Write(header, func(emit func(any) error) error {
		for i := range rows {
			if err := emit(&clientContextContext{r: &rows[i]}); err != nil {
				return err
			}
		}
		return nil
	})
	// docker keeps this row in its formatter package, and its errors name it there
	return formatter.NamedAs(err, "*context.clientContextContext", "*formatter.clientContextContext")
}

// clientContextContext is one row of docker context ls (the name shows in template
// errors, as in the reference).
type clientContextContext struct {
	formatter.RowHeader
	r *contextRow
}

func (c *clientContextContext) Field(name string) (string, bool) {
	switch name {
	case "Name":
		return c.Name(), true
	case "Description":
		return c.Description(), true
	case "DockerEndpoint":
		return c.DockerEndpoint(), true
	case "Error":
		return c.Error(), true
	}
	return "", false
}

func (c *clientContextContext) MarshalJSON() ([]byte, error) {
	return formatter.MarshalFields(c, []string{"Name", "Description", "DockerEndpoint", "Error"}, map[string]any{"Current": c.Current()})
}

// Name is the context's name.
func (c *clientContextContext) Name() string { return c.r.Name }

// Description is the metadata's description (default's is docker's sentence).
func (c *clientContextContext) Description() string { return c.r.Description }

// DockerEndpoint is the docker endpoint's host.
func (c *clientContextContext) DockerEndpoint() string { return c.r.DockerEndpoint }

// Current reports whether the context is the one in use.
func (c *clientContextContext) Current() bool { return c.r.Current }

// Error is why the context cannot be used, cut to docker's width.
func (c *clientContextContext) Error() string {
	return formatter.Ellipsis(c.r.Error, contextErrorWidth)
}
