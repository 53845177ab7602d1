package secret

import (
	"bytes"
	"fmt"

	"github.com/moby/moby/api/types/swarm"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/formatter"
)

// defaultTableFormat is docker secret ls's table: config ls's and the driver.
const defaultTableFormat = "table {{.ID}}\\t{{.Name}}\\t{{.Driver}}\\t{{.CreatedAt}}\\t{{.UpdatedAt}}"

// secretFormat applies docker secret ls's defaults to the --format value source ("" or
// "table"; IDs only with quiet). Any other value is returned as is.
func secretFormat(source string, quiet bool) formatter.Format {
	return commands.SwarmObjectFormat(source, quiet, defaultTableFormat)
}

// swarmObjectRow is embedded under an unexported name: templates cannot reach it as a
// field, as docker's rows have none such.
type swarmObjectRow = commands.SwarmObjectRow

// secretContext is one row of docker secret ls (named as docker's in template errors).
type secretContext struct {
	swarmObjectRow
	driver string
}

func (c *secretContext) Field(name string) (string, bool) {
	if name == "Driver" {
		return c.driver, true
	}
	return c.swarmObjectRow.Field(name)
}

// MarshalJSON is a row of --format json.
func (c *secretContext) MarshalJSON() ([]byte, error) {
	return formatter.MarshalFields(c, commands.SwarmObjectJSONFields(), map[string]any{"Driver": c.driver})
}

// Driver is the secret's driver ("" for secrets held by the swarm).
func (c *secretContext) Driver() string { return c.driver }

// secretWrite renders secrets (docker secret ls) in the order given. An empty
// ctx.Format means the default table.
func secretWrite(ctx formatter.Context, secrets []swarm.Secret) error {
	if ctx.Format == "" || ctx.Format == formatter.TableFormatKey {
		ctx.Format = secretFormat(string(ctx.Format), false)
	}
	now := ctx.Clock()
	return ctx.WriteWithLabelHeader(commands.SwarmObjectHeaders(), func(emit func(any) error) error {
		for i := range secrets {
			s := &secrets[i]
			row := &secretContext{swarmObjectRow: commands.NewSwarmObjectRow(s.ID, s.Spec.Name, s.Spec.Labels, s.Meta, now)}
			if s.Spec.Driver != nil {
				row.driver = s.Spec.Driver.Name
			}
			if err := emit(row); err != nil {
				return err
			}
		}
		return nil
	})
}

// secretPretty is docker secret inspect --pretty for one secret, its odd alignment
// included.
func secretPretty(s swarm.Secret) string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "ID:              %s\nName:              %s\n", s.ID, s.Spec.Name)
	commands.PrettyLabels(&b, s.Spec.Labels)
	driver := ""
	if s.Spec.Driver != nil {
		driver = s.Spec.Driver.Name
	}
	fmt.Fprintf(&b, "Driver:            %s\nCreated at:        %s\nUpdated at:        %s\n",
		driver, commands.PrettyTime(s.CreatedAt), commands.PrettyTime(s.UpdatedAt))
	return b.String()
}
