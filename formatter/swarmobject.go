package formatter

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/moby/moby/api/types/swarm"
)

// Secret and config listing formats (docker secret ls, docker config ls): the two
// nouns share their rows but for the secret's driver.
const (
	defaultSecretTableFormat = "table {{.ID}}\\t{{.Name}}\\t{{.Driver}}\\t{{.CreatedAt}}\\t{{.UpdatedAt}}"
	defaultConfigTableFormat = "table {{.ID}}\\t{{.Name}}\\t{{.CreatedAt}}\\t{{.UpdatedAt}}"
	swarmObjectQuietFormat   = "{{.ID}}"
)

// SecretFormat applies docker secret ls's defaults to the --format value source ("" or
// "table"; IDs only with quiet). Any other value is returned as is.
func SecretFormat(source string, quiet bool) Format {
	return swarmObjectFormat(source, quiet, defaultSecretTableFormat)
}

// ConfigFormat is SecretFormat for docker config ls.
func ConfigFormat(source string, quiet bool) Format {
	return swarmObjectFormat(source, quiet, defaultConfigTableFormat)
}

func swarmObjectFormat(source string, quiet bool, table Format) Format {
	switch source {
	case "", TableFormatKey:
		if quiet {
			return swarmObjectQuietFormat
		}
		return table
	}
	return Format(source)
}

func swarmObjectHeaders() map[string]string {
	return map[string]string{
		"ID":        "ID",
		"Name":      "NAME",
		"Driver":    "DRIVER",
		"CreatedAt": "CREATED",
		"UpdatedAt": "UPDATED",
		"Labels":    "LABELS",
	}
}

// swarmObjectRow is what a secret and a config row share.
type swarmObjectRow struct {
	RowHeader
	id, name string
	labels   map[string]string
	meta     swarm.Meta
	now      time.Time
}

func (c *swarmObjectRow) Field(name string) (string, bool) {
	switch name {
	case "ID":
		return c.ID(), true
	case "Name":
		return c.Name(), true
	case "CreatedAt":
		return c.CreatedAt(), true
	case "UpdatedAt":
		return c.UpdatedAt(), true
	case "Labels":
		return c.Labels(), true
	}
	return "", false
}

// ID is the object's full ID.
func (c *swarmObjectRow) ID() string { return c.id }

// Name is the object's name.
func (c *swarmObjectRow) Name() string { return c.name }

// CreatedAt is how long ago it was created ("2 hours ago").
func (c *swarmObjectRow) CreatedAt() string { return HumanAgo(c.now, c.meta.CreatedAt) }

// UpdatedAt is how long ago it was last updated.
func (c *swarmObjectRow) UpdatedAt() string { return HumanAgo(c.now, c.meta.UpdatedAt) }

// Labels is "k=v,..." (sorted).
func (c *swarmObjectRow) Labels() string { return JoinLabels(c.labels) }

// Label is the value of one label.
func (c *swarmObjectRow) Label(name string) string { return c.labels[name] }

var swarmObjectJSONFields = []string{"ID", "Name", "CreatedAt", "UpdatedAt", "Labels"}

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
	return MarshalFields(c, swarmObjectJSONFields, map[string]any{"Driver": c.driver})
}

// Driver is the secret's driver ("" for secrets held by the swarm).
func (c *secretContext) Driver() string { return c.driver }

// configContext is one row of docker config ls.
type configContext struct {
	swarmObjectRow
}

// MarshalJSON is a row of --format json.
func (c *configContext) MarshalJSON() ([]byte, error) {
	return MarshalFields(c, swarmObjectJSONFields, nil)
}

// SecretWrite renders secrets (docker secret ls) in the order given. An empty
// ctx.Format means the default table.
func SecretWrite(ctx Context, secrets []swarm.Secret) error {
	if ctx.Format == "" || ctx.Format == TableFormatKey {
		ctx.Format = SecretFormat(string(ctx.Format), false)
	}
	now := ctx.Clock()
	return NamedAs(ctx.write(labelHeader(swarmObjectHeaders()), func(emit func(any) error) error {
		for i := range secrets {
			s := &secrets[i]
			row := &secretContext{swarmObjectRow: swarmObjectRow{id: s.ID, name: s.Spec.Name, labels: s.Spec.Labels, meta: s.Meta, now: now}}
			if s.Spec.Driver != nil {
				row.driver = s.Spec.Driver.Name
			}
			if err := emit(row); err != nil {
				return err
			}
		}
		return nil
	}), "*formatter.secretContext", "*secret.secretContext")
}

// ConfigWrite renders configs (docker config ls) in the order given.
func ConfigWrite(ctx Context, configs []swarm.Config) error {
	if ctx.Format == "" || ctx.Format == TableFormatKey {
		ctx.Format = ConfigFormat(string(ctx.Format), false)
	}
	now := ctx.Clock()
	return NamedAs(ctx.write(labelHeader(swarmObjectHeaders()), func(emit func(any) error) error {
		for i := range configs {
			s := &configs[i]
			row := &configContext{swarmObjectRow{id: s.ID, name: s.Spec.Name, labels: s.Spec.Labels, meta: s.Meta, now: now}}
			if err := emit(row); err != nil {
				return err
			}
		}
		return nil
	}), "*formatter.configContext", "*config.configContext")
}

// SecretPretty is docker secret inspect --pretty for one secret, its odd alignment
// included.
func SecretPretty(s swarm.Secret) string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "ID:              %s\nName:              %s\n", s.ID, s.Spec.Name)
	prettyLabels(&b, s.Spec.Labels)
	driver := ""
	if s.Spec.Driver != nil {
		driver = s.Spec.Driver.Name
	}
	fmt.Fprintf(&b, "Driver:            %s\nCreated at:        %s\nUpdated at:        %s\n",
		driver, prettyTime(s.CreatedAt), prettyTime(s.UpdatedAt))
	return b.String()
}

// ConfigPretty is docker config inspect --pretty for one config: the data last, as is.
func ConfigPretty(c swarm.Config) string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "ID:\t\t\t%s\nName:\t\t\t%s\n", c.ID, c.Spec.Name)
	prettyLabels(&b, c.Spec.Labels)
	fmt.Fprintf(&b, "Created at:            \t%s\nUpdated at:            \t%s\nData:\n%s\n",
		prettyTime(c.CreatedAt), prettyTime(c.UpdatedAt), c.Spec.Data)
	return b.String()
}

// prettyLabels lists labels by key, " - k=v" (" - k" for an empty value), under a
// "Labels:" line; nothing without labels.
func prettyLabels(b *bytes.Buffer, labels map[string]string) {
	if len(labels) == 0 {
		return
	}
	keys := make([]string, 0, len(labels))
	for k := range labels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b.WriteString("Labels:\n")
	for _, k := range keys {
		if v := labels[k]; v != "" {
			fmt.Fprintf(b, " - %s=%s\n", k, v)
		} else {
			fmt.Fprintf(b, " - %s\n", k)
		}
	}
}

// prettyTime is Go's default rendering of a time, lower-cased as docker prints it
// ("2026-12-07 16:16:44.36425501 +0000 utc").
func prettyTime(t time.Time) string { return strings.ToLower(t.String()) }
