package config

import (
	"bytes"
	"fmt"

	"github.com/moby/moby/api/types/swarm"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/formatter"
)

// defaultTableFormat is docker config ls's table.
const defaultTableFormat = "table {{.ID}}\\t{{.Name}}\\t{{.CreatedAt}}\\t{{.UpdatedAt}}"

// configFormat applies docker config ls's defaults to the --format value source ("" or
// "table"; IDs only with quiet). Any other value is returned as is.
func configFormat(source string, quiet bool) formatter.Format {
	return commands.SwarmObjectFormat(source, quiet, defaultTableFormat)
}

// swarmObjectRow is embedded under an unexported name: templates cannot reach it as a
// field, as docker's rows have none such.
type swarmObjectRow = commands.SwarmObjectRow

// configContext is one row of docker config ls (named as docker's in template errors).
type configContext struct {
	swarmObjectRow
}

// MarshalJSON is a row of --format json.
func (c *configContext) MarshalJSON() ([]byte, error) {
	return formatter.MarshalFields(c, commands.SwarmObjectJSONFields(), nil)
}

// configWrite renders configs (docker config ls) in the order given.
func configWrite(ctx formatter.Context, configs []swarm.Config) error {
	if ctx.Format == "" || ctx.Format == formatter.TableFormatKey {
		ctx.Format = configFormat(string(ctx.Format), false)
	}
	now := ctx.Clock()
	return ctx.WriteWithLabelHeader(commands.SwarmObjectHeaders(), func(emit func(any) error) error {
		for i := range configs {
			s := &configs[i]
			row := &configContext{commands.NewSwarmObjectRow(s.ID, s.Spec.Name, s.Spec.Labels, s.Meta, now)}
			if err := emit(row); err != nil {
				return err
			}
		}
		return nil
	})
}

// configPretty is docker config inspect --pretty for one config: the data last, as is.
func configPretty(c swarm.Config) string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "ID:\t\t\t%s\nName:\t\t\t%s\n", c.ID, c.Spec.Name)
	commands.PrettyLabels(&b, c.Spec.Labels)
	fmt.Fprintf(&b, "Created at:            \t%s\nUpdated at:            \t%s\nData:\n%s\n",
		commands.PrettyTime(c.CreatedAt), commands.PrettyTime(c.UpdatedAt), c.Spec.Data)
	return b.String()
}
