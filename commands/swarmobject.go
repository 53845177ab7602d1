package commands

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/moby/moby/api/types/swarm"

	"github.com/skiff-cli/skiff/formatter"
)

// ReadSwarmObjectData reads the content of a secret or config: the file at path, or
// all of stdin for "-". Empty content is refused in docker's words, the swarm would
// refuse it anyway.
func ReadSwarmObjectData(stdin io.Reader, path string) ([]byte, error) {
	var (
		data []byte
		err  error
	)
	what := path
	if path == "-" {
		what = "STDIN"
		data, err = io.ReadAll(stdin)
	} else {
		data, err = os.ReadFile(path)
	}
	if err == nil && len(data) == 0 {
		err = errors.New("data is empty")
	}
	if err != nil {
		return nil, fmt.Errorf("error reading from %s: %w", what, err)
	}
	return data, nil
}

// PrintPretty is inspect --pretty of secrets and configs: every object is fetched
// first, and the first failure is the only output.
func PrintPretty(out io.Writer, names []string, get func(name string) (string, error)) error {
	var texts []string
	for _, n := range names {
		s, err := get(n)
		if err != nil {
			return err
		}
		texts = append(texts, s)
	}
	for _, s := range texts {
		if _, err := io.WriteString(out, s); err != nil {
			return err
		}
	}
	return nil
}

// RemoveEach removes the objects one after the other, printing each name as given once
// it is gone; the failures are reported together at the end.
func RemoveEach(out io.Writer, names []string, remove func(name string) error) error {
	var errs []error
	for _, n := range names {
		if err := remove(n); err != nil {
			errs = append(errs, err)
			continue
		}
		fmt.Fprintln(out, n)
	}
	return errors.Join(errs...)
}

// SwarmObjectFormat applies docker secret ls's and config ls's defaults to the --format
// value source ("" or "table" is table, IDs only with quiet). Any other value is
// returned as is.
func SwarmObjectFormat(source string, quiet bool, table formatter.Format) formatter.Format {
	switch source {
	case "", formatter.TableFormatKey:
		if quiet {
			return "{{.ID}}"
		}
		return table
	}
	return formatter.Format(source)
}

// SwarmObjectHeaders are the column labels of secret ls and config ls.
func SwarmObjectHeaders() map[string]string {
	return map[string]string{
		"ID":        "ID",
		"Name":      "NAME",
		"Driver":    "DRIVER",
		"CreatedAt": "CREATED",
		"UpdatedAt": "UPDATED",
		"Labels":    "LABELS",
	}
}

// SwarmObjectRow is what a secret's and a config's row share. The nouns embed it
// through an unexported alias so that templates cannot reach it as a field.
type SwarmObjectRow struct {
	formatter.RowHeader
	id, name string
	labels   map[string]string
	meta     swarm.Meta
	now      time.Time
}

// NewSwarmObjectRow is the row of one object, its times measured from now.
func NewSwarmObjectRow(id, name string, labels map[string]string, meta swarm.Meta, now time.Time) SwarmObjectRow {
	return SwarmObjectRow{id: id, name: name, labels: labels, meta: meta, now: now}
}

// SwarmObjectJSONFields are the string columns of the rows' JSON.
func SwarmObjectJSONFields() []string {
	return []string{"ID", "Name", "CreatedAt", "UpdatedAt", "Labels"}
}

// Field serves the table fast path (see formatter.FieldRow).
func (c *SwarmObjectRow) Field(name string) (string, bool) {
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
func (c *SwarmObjectRow) ID() string { return c.id }

// Name is the object's name.
func (c *SwarmObjectRow) Name() string { return c.name }

// CreatedAt is how long ago it was created ("2 hours ago").
func (c *SwarmObjectRow) CreatedAt() string { return formatter.HumanAgo(c.now, c.meta.CreatedAt) }

// UpdatedAt is how long ago it was last updated.
func (c *SwarmObjectRow) UpdatedAt() string { return formatter.HumanAgo(c.now, c.meta.UpdatedAt) }

// Labels is "k=v,..." (sorted).
func (c *SwarmObjectRow) Labels() string { return formatter.JoinLabels(c.labels) }

// Label is the value of one label.
func (c *SwarmObjectRow) Label(name string) string { return c.labels[name] }

// PrettyLabels lists labels by key, " - k=v" (" - k" for an empty value), under a
// "Labels:" line; nothing without labels (secret and config inspect --pretty).
func PrettyLabels(b *bytes.Buffer, labels map[string]string) {
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

// PrettyTime is Go's default rendering of a time, lower-cased as docker prints it
// ("2026-12-07 16:16:44.36425501 +0000 utc").
func PrettyTime(t time.Time) string { return strings.ToLower(t.String()) }
