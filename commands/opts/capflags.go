package opts

import (
	"sort"
	"strings"

	"github.com/spf13/pflag"
)

// CapFlags is --cap-add and --cap-drop, Linux capabilities to grant and take away. run,
// create and service create bind them under these names (lists, in docker 28 checked
// by the engine only).
type CapFlags struct {
	Add  *ListOpts
	Drop *ListOpts
}

// NewCapFlags returns empty capability flags.
func NewCapFlags() *CapFlags { return &CapFlags{Add: NewListOpts(nil), Drop: NewListOpts(nil)} }

// Bind binds --cap-add and --cap-drop to flags.
func (c *CapFlags) Bind(flags *pflag.FlagSet) {
	flags.Var(c.Add, "cap-add", "Linux capability to grant")
	flags.Var(c.Drop, "cap-drop", "Linux capability to take away")
}

// Normalized is both lists as run and create send them (NormalizeCaps).
func (c *CapFlags) Normalized() (add, drop []string) {
	return NormalizeCaps(c.Add.GetAll()), NormalizeCaps(c.Drop.GetAll())
}

// NormalizeCaps writes capabilities as the engine names them: upper case with the CAP_
// prefix (ALL stays ALL), each once, sorted; nil when there are none.
func NormalizeCaps(caps []string) []string {
	if len(caps) == 0 {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, c := range caps {
		c = strings.ToUpper(c)
		if c != "ALL" && !strings.HasPrefix(c, "CAP_") {
			c = "CAP_" + c
		}
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}
