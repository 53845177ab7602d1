package plugin

import (
	"strconv"

	"github.com/moby/moby/api/types/plugin"

	"github.com/skiff-cli/skiff/formatter"
)

// Plugin listing formats (docker plugin ls).
const (
	defaultPluginTableFormat = "table {{.ID}}\\t{{.Name}}\\t{{.Description}}\\t{{.Enabled}}"
	pluginRawFormat          = "plugin_id: {{.ID}}\\nname: {{.Name}}\\ndescription: {{.Description}}\\nenabled: {{.Enabled}}\\n"
	pluginQuietFormat        = "{{.ID}}"
	pluginQuietRawFormat     = "plugin_id: {{.ID}}"
	// pluginDescriptionWidth is where docker cuts a description unless --no-trunc.
	pluginDescriptionWidth = 45
)

// pluginFormat applies docker plugin ls's defaults to the --format value source ("",
// "table", "raw"; IDs only with quiet). Any other value is returned as is.
func pluginFormat(source string, quiet bool) formatter.Format {
	switch source {
	case "", formatter.TableFormatKey:
		if quiet {
			return pluginQuietFormat
		}
		return defaultPluginTableFormat
	case formatter.RawFormatKey:
		if quiet {
			return pluginQuietRawFormat
		}
		return pluginRawFormat
	}
	return formatter.Format(source)
}

func pluginHeaders() map[string]string {
	return map[string]string{
		"ID":              "ID",
		"Name":            "NAME",
		"Description":     "DESCRIPTION",
		"Enabled":         "ENABLED",
		"PluginReference": "PLUGIN REFERENCE",
	}
}

// pluginWrite renders plugins (docker plugin ls), in the order given. ctx.Trunc cuts
// IDs and descriptions. An empty ctx.Format means the default table.
func pluginWrite(ctx formatter.Context, plugins []plugin.Plugin) error {
	if ctx.Format == "" || ctx.Format == formatter.TableFormatKey {
		ctx.Format = pluginFormat(string(ctx.Format), false)
	}
	return ctx.Write(pluginHeaders(), func(emit func(any) error) error {
		for i := range plugins {
			if err := emit(&pluginContext{p: &plugins[i], trunc: ctx.Trunc}); err != nil {
				return err
			}
		}
		return nil
	})
}

// pluginContext is one row of docker plugin ls.
type pluginContext struct {
	formatter.RowHeader
	p     *plugin.Plugin
	trunc bool
}

func (c *pluginContext) Field(name string) (string, bool) {
	switch name {
	case "ID":
		return c.ID(), true
	case "Name":
		return c.Name(), true
	case "Description":
		return c.Description(), true
	case "Enabled":
		return strconv.FormatBool(c.Enabled()), true
	case "PluginReference":
		return c.PluginReference(), true
	}
	return "", false
}

// MarshalJSON is a row of --format json: Enabled stays a boolean, as docker prints it.
func (c *pluginContext) MarshalJSON() ([]byte, error) {
	return formatter.MarshalFields(c, []string{"ID", "Name", "Description", "PluginReference"}, map[string]any{"Enabled": c.Enabled()})
}

// ID is the plugin's ID (12 characters unless --no-trunc).
func (c *pluginContext) ID() string {
	if c.trunc {
		return formatter.TruncateID(c.p.ID)
	}
	return c.p.ID
}

// Name is the plugin's name with its tag.
func (c *pluginContext) Name() string { return c.p.Name }

// Description is the config's description, cut to 45 cells unless --no-trunc.
func (c *pluginContext) Description() string {
	d := c.p.Config.Description
	if c.trunc {
		return formatter.Ellipsis(d, pluginDescriptionWidth)
	}
	return d
}

// Enabled reports whether the plugin runs.
func (c *pluginContext) Enabled() bool { return c.p.Enabled }

// PluginReference is the reference the plugin was pulled or created from.
func (c *pluginContext) PluginReference() string { return c.p.PluginReference }
