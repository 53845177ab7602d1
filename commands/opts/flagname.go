package opts

import "github.com/spf13/pflag"

// FlagName is what one command calls a flag of a shared group, where docker's nouns
// differ (run's --label is service create's --container-label, --cpus is --limit-cpu):
// its name, shorthand ("" for none) and help. A zero FlagName binds nothing.
type FlagName struct {
	Name, Shorthand, Usage string
}

// bindVar binds v as n; a flag without a name is left out.
func (n FlagName) bindVar(flags *pflag.FlagSet, v pflag.Value) {
	if n.Name != "" {
		flags.VarP(v, n.Name, n.Shorthand, n.Usage)
	}
}
