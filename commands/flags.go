package commands

import (
	"strings"
	"sync"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
)

// binders holds each command's flag-binding function until that command is the one
// being run, helped or completed: binding every flag of every command up front costs
// more start-up time than the whole of `docker --version` may take.
var binders sync.Map // *cobra.Command -> func(*pflag.FlagSet)

// LazyFlags registers bind to add cmd's local flags when BindFlags(cmd) is called.
func LazyFlags(cmd *cobra.Command, bind func(flags *pflag.FlagSet)) {
	binders.Store(cmd, bind)
}

// preparers holds, per command tree (its root), what readies a command the first time
// a command line reaches it; prepared, the commands already readied.
var preparers, prepared sync.Map // *cobra.Command -> func(*cobra.Command); -> struct{}

// LazySetup registers prepare to ready each command of root's tree, and its parents,
// when its flags are bound: setting every command up front would cost start-up time
// for the few a command line reaches.
func LazySetup(root *cobra.Command, prepare func(*cobra.Command)) {
	preparers.Store(root, prepare)
}

// MarkReady records cmd as readied by its maker, so that LazySetup's prepare leaves it
// alone.
func MarkReady(cmd *cobra.Command) { prepared.Store(cmd, struct{}{}) }

// BindFlags readies cmd and its parents (LazySetup) and binds cmd's flags if they are
// not bound yet.
func BindFlags(cmd *cobra.Command) {
	if p, ok := preparers.Load(cmd.Root()); ok {
		prepare := p.(func(*cobra.Command))
		// a readied command's parents were readied with it
		for c := cmd; c != nil; c = c.Parent() {
			if _, done := prepared.LoadOrStore(c, struct{}{}); done {
				break
			}
			prepare(c)
		}
	}
	if f, ok := binders.LoadAndDelete(cmd); ok {
		f.(func(*pflag.FlagSet))(cmd.Flags())
	}
}

// subcommands holds each management command's subcommand maker until a command line
// reaches that command (Expand): the tree below the ten-odd management commands is most
// of it, and a command line uses one branch.
var subcommands sync.Map // *cobra.Command -> func() []*cobra.Command

// LazySubcommands registers make to add cmd's subcommands when Expand(cmd) is called.
func LazySubcommands(cmd *cobra.Command, make func() []*cobra.Command) {
	subcommands.Store(cmd, make)
}

// Expand adds cmd's subcommands if they are not added yet.
func Expand(cmd *cobra.Command) {
	if f, ok := subcommands.LoadAndDelete(cmd); ok {
		cmd.AddCommand(f.(func() []*cobra.Command)()...)
	}
}

// HasSubcommands reports whether cmd has subcommands, added or still to add.
func HasSubcommands(cmd *cobra.Command) bool {
	if cmd.HasSubCommands() {
		return true
	}
	_, ok := subcommands.Load(cmd)
	return ok
}

// BindAll adds the subcommands of cmd and every command below it and binds their
// flags (help, completion, man pages, tests).
func BindAll(cmd *cobra.Command) {
	Expand(cmd)
	BindFlags(cmd)
	for _, c := range cmd.Commands() {
		BindAll(c)
	}
}

// FilterOpt is a repeatable --filter name=value flag.
type FilterOpt struct {
	values client.Filters
}

// NewFilterOpt returns an empty filter flag value.
func NewFilterOpt() *FilterOpt { return &FilterOpt{values: client.Filters{}} }

func (f *FilterOpt) String() string {
	var parts []string
	for k, vs := range f.values {
		for _, v := range vs {
			parts = append(parts, k+"="+v)
		}
	}
	return strings.Join(parts, " ")
}

// Set adds one name=value pair, parsed as docker parses it.
func (f *FilterOpt) Set(s string) error { return f.values.ParseFilterFlag(s) }

func (f *FilterOpt) Type() string { return "filter" }

// Value returns the filters given, for the client.
func (f *FilterOpt) Value() client.Filters { return f.values }

// ListOpt is a repeatable string flag shown as "list" in help (docker's -H, -e...).
type ListOpt struct {
	values []string
}

func (l *ListOpt) String() string {
	if len(l.values) == 0 {
		return ""
	}
	return "[" + strings.Join(l.values, " ") + "]"
}

func (l *ListOpt) Set(s string) error { l.values = append(l.values, s); return nil }
func (l *ListOpt) Type() string       { return "list" }

// Values returns the values in the order given.
func (l *ListOpt) Values() []string { return l.values }

// ListFormat is the format a listing command uses: --format when given, else the
// config.json setting for that listing (imagesFormat, ...) unless -q asks for IDs only,
// else the default table.
func ListFormat(flag, configured string, quiet bool) string {
	switch {
	case flag != "":
		return flag
	case configured != "" && !quiet:
		return configured
	}
	return "table"
}

// AddFormatFlag binds the --format flag with the help text every listing command shares.
func AddFormatFlag(flags *pflag.FlagSet, p *string) {
	flags.StringVar(p, "format", "", "Format output using a custom template:\n"+
		"'table':            Print output in table format with column headers (default)\n"+
		"'table TEMPLATE':   Print output in table format using the given Go template\n"+
		"'json':             Print in JSON format\n"+
		"'TEMPLATE':         Print output using the given Go template.\n"+
		"Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates")
}

// AddInspectFormatFlag binds -f/--format as the inspect commands do.
func AddInspectFormatFlag(flags *pflag.FlagSet, p *string) {
	flags.StringVarP(p, "format", "f", "", "Format output using a custom template:\n"+
		"'json':             Print in JSON format\n"+
		"'TEMPLATE':         Print output using the given Go template.\n"+
		"Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates")
}
