package commands

import (
	"sort"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/config"
)

// CompleteFlag has flag name of cmd complete with f. Call it where the flag is bound
// (inside LazyFlags): a flag's completion exists only once the flag does, so start-up
// registers none.
func CompleteFlag(cmd *cobra.Command, name string, f cobra.CompletionFunc) {
	_ = cmd.RegisterFlagCompletionFunc(name, f)
}

// CompleteFlags is CompleteFlag for several flags that complete alike.
func CompleteFlags(cmd *cobra.Command, f cobra.CompletionFunc, names ...string) {
	for _, n := range names {
		CompleteFlag(cmd, n, f)
	}
}

// ContextNames completes the names of the contexts, default included, in name order;
// with describeCurrent the one in use is described "current", as docker 28 does for the
// context commands (not for --context).
func ContextNames(cli Cli, describeCurrent bool) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		metas, err := config.NewContextStore(config.Dir(cli.Options().ConfigDir)).List()
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		names := []string{config.DefaultContextName}
		for _, m := range metas {
			names = append(names, m.Name)
		}
		sort.Strings(names)
		if describeCurrent {
			current := cli.CurrentContext()
			for i, n := range names {
				if n == current {
					names[i] = cobra.CompletionWithDesc(n, "current")
				}
			}
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	}
}
