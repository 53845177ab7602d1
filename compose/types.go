package compose

import (
	"strconv"
	"time"

	"go.yaml.in/yaml/v3"
)

// Duration is a duration printed as Go prints it ("2m0s"), as docker does.
type Duration time.Duration

// MarshalYAML prints the duration.
func (d Duration) MarshalYAML() (any, error) { return time.Duration(d).String(), nil }

// UnmarshalYAML reads a normalised duration.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	*d = Duration(v)
	return err
}

// Bytes is a size in bytes, printed as a quoted number as docker does.
type Bytes int64

// MarshalYAML prints the size as a string.
func (b Bytes) MarshalYAML() (any, error) { return strconv.FormatInt(int64(b), 10), nil }

// UnmarshalYAML reads a normalised size.
func (b *Bytes) UnmarshalYAML(n *yaml.Node) error {
	v, err := strconv.ParseInt(n.Value, 10, 64)
	*b = Bytes(v)
	return err
}

// Ulimit is one ulimit: a single value or soft and hard.
type Ulimit struct {
	Single int `yaml:"-"`
	Soft   int `yaml:"soft"`
	Hard   int `yaml:"hard"`
}

// MarshalYAML prints the single value, or soft and hard.
func (u Ulimit) MarshalYAML() (any, error) {
	if u.Single != 0 {
		return u.Single, nil
	}
	type plain Ulimit
	return plain(u), nil
}

// UnmarshalYAML reads either form.
func (u *Ulimit) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		return n.Decode(&u.Single)
	}
	type plain Ulimit
	return n.Decode((*plain)(u))
}
