package stack

import (
	"fmt"

	"github.com/skiff-cli/skiff/formatter"
)

// Columns of stack ls (stack services and stack ps list as service ls and service ps).

const defaultStackTableFormat = "table {{.Name}}\t{{.Services}}"

// stackContext is one row of stack ls.
type stackContext struct {
	formatter.RowHeader
	name     string
	services int
}

func (c *stackContext) Field(name string) (string, bool) {
	switch name {
	case "Name":
		return c.Name(), true
	case "Services":
		return c.Services(), true
	}
	return "", false
}

// Name is the stack's name.
func (c *stackContext) Name() string { return c.name }

// Services is how many services it has.
func (c *stackContext) Services() string { return fmt.Sprint(c.services) }

// MarshalJSON is a row of --format json.
func (c *stackContext) MarshalJSON() ([]byte, error) {
	return formatter.MarshalFields(c, []string{"Name", "Services"}, nil)
}
