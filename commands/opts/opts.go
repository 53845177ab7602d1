// Package opts parses flag values with docker 28's syntax and error wording, and holds
// the flag groups several nouns share, so that no noun imports another: run and create
// bind most of theirs from here, and service create and update take about sixty of the
// same flags. A group (EnvFlags, LabelFlags, DNSFlags, HealthFlags, LimitFlags,
// ProcessFlags, CapFlags, LogFlags), each in its own file, holds its values, binds
// them on any flag set (Bind; where docker's nouns name a flag differently, under the
// FlagName the command gives it) and turns them into what the API takes. API version
// needs and completions are the command's to set on the bound flags.
package opts

import (
	"fmt"
	"strings"
)

// ListOpts is a repeatable string flag ("list" in help) whose values are checked, and
// possibly rewritten, by an optional validator.
type ListOpts struct {
	values    []string
	validator func(string) (string, error)
}

// NewListOpts returns an empty list checked by validator (nil accepts anything).
func NewListOpts(validator func(string) (string, error)) *ListOpts {
	return &ListOpts{validator: validator}
}

func (l *ListOpts) String() string {
	if len(l.values) == 0 {
		return ""
	}
	return fmt.Sprintf("%v", l.values)
}

// Set validates and appends one value.
func (l *ListOpts) Set(s string) error {
	if l.validator != nil {
		v, err := l.validator(s)
		if err != nil {
			return err
		}
		s = v
	}
	l.values = append(l.values, s)
	return nil
}

func (l *ListOpts) Type() string { return "list" }

// GetAll returns the values in the order given.
func (l *ListOpts) GetAll() []string { return l.values }

// Len is the number of values.
func (l *ListOpts) Len() int { return len(l.values) }

// MapOpts is a repeatable key=value flag shown as "map" (docker's --sysctl).
type MapOpts struct {
	values    map[string]string
	validator func(string) (string, error)
}

// NewMapOpts returns an empty map flag checked by validator.
func NewMapOpts(validator func(string) (string, error)) *MapOpts {
	return &MapOpts{values: map[string]string{}, validator: validator}
}

func (m *MapOpts) String() string { return fmt.Sprintf("%v", m.values) }

// Set validates and stores one key=value (a value without '=' maps to "").
func (m *MapOpts) Set(s string) error {
	if m.validator != nil {
		v, err := m.validator(s)
		if err != nil {
			return err
		}
		s = v
	}
	k, v, _ := strings.Cut(s, "=")
	m.values[k] = v
	return nil
}

func (m *MapOpts) Type() string { return "map" }

// GetAll returns the map (never nil).
func (m *MapOpts) GetAll() map[string]string { return m.values }

// KeyValueMap turns "k=v" strings into a map; "k" alone maps to "".
func KeyValueMap(values []string) map[string]string {
	out := make(map[string]string, len(values))
	for _, v := range values {
		k, val, _ := strings.Cut(v, "=")
		out[k] = val
	}
	return out
}
