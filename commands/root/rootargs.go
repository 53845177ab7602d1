package root

import (
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/config"
)

// rootArgs reads the global options before the command as docker does, which parses
// them on their own before the command tree sees the rest:
//   - the first "--" among them only ends them: `docker -- ps -a` runs ps -a (cobra
//     would take "ps" as an argument of the root);
//   - --help or -h among them asks for the help of the command that follows:
//     `docker --help rm x` shows rm's help (with cobra's traversal it would run rm).
//
// It returns the arguments without that "--" and without the help flags, and which
// help flags were given: "" when none, else the global one and/or the management
// command's, prefixed with rootMgmtHelp, separated by a space ("-h mgmt--help").
func rootArgs(root *cobra.Command, args []string) (rest []string, help string) {
	flags := root.Flags()
	out := make([]string, 0, len(args))
	i := 0
	dashes := false
scan:
	for ; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--" && !dashes:
			// dropped; the global options go on after it, as in docker (`docker --
			// --help ps`), up to a second "--", which cobra then reads
			dashes = true
			continue
		case a == "--":
			break scan
		case a == "--help" || a == "-h":
			help = a
			if dashes { // read again by cobra in docker: noted as after a management command
				help = rootMgmtHelp + a
			}
			continue
		case strings.HasPrefix(a, "--"):
			if f := flags.Lookup(a[2:]); !strings.Contains(a, "=") && rootTakesValue(f) && i+1 < len(args) {
				// joined ("--host=VALUE"): cobra's traversal misreads a value like "--"
				i++
				out = append(out, rootJoined(f, args[i]))
				continue
			}
		case strings.HasPrefix(a, "-") && len(a) > 2 && a[2] != '=':
			// A group of shorthands ("-Dl debug") is split ("-D --log-level=debug"):
			// cobra's traversal would take its value for the command.
			parts, h, used := rootSplitGroup(flags, a, args[i+1:])
			if h {
				help = "-h"
				if dashes {
					help = rootMgmtHelp + "-h"
				}
			}
			out = append(out, parts...)
			i += used
			continue
		case strings.HasPrefix(a, "-") && len(a) > 2: // "-l=debug": its value joined already
		case len(a) == 2 && a[0] == '-':
			if f := flags.ShorthandLookup(a[1:]); rootTakesValue(f) && i+1 < len(args) {
				i++
				out = append(out, rootJoined(f, args[i]))
				continue
			}
		default:
			break scan
		}
		out = append(out, args[i])
	}
	// The same for a management command's own options (only help): `docker container
	// --help rm x` shows rm's help.
	// Only when help flags are all there is between the two commands: with others, cobra
	// already errs as docker does.
	if i < len(args) && rootManagement(root, args[i]) != nil {
		j := i + 1
		for j < len(args) && (args[j] == "--help" || args[j] == "-h") {
			j++
		}
		if j > i+1 && j < len(args) && !strings.HasPrefix(args[j], "-") {
			if help != "" {
				help += " "
			}
			help += rootMgmtHelp + args[j-1]
			out = append(out, args[i])
			i = j
		}
	}
	return append(out, args[i:]...), help
}

// rootMgmtHelp prefixes rootArgs' help result when the flag followed a management
// command rather than the global options.
const rootMgmtHelp = "mgmt"

// rootManagement returns the management command (one with subcommands) named name.
func rootManagement(root *cobra.Command, name string) *cobra.Command {
	for _, c := range root.Commands() {
		if commands.HasSubcommands(c) && (c.Name() == name || c.HasAlias(name)) {
			return c
		}
	}
	return nil
}

// rootSplitGroup splits a group of shorthands ("-Dl") into one argument per letter, read
// as pflag (and so docker) reads them: a letter taking a value takes the rest of the
// group ("-lDEBUG", "-l=DEBUG") or, when last, the next argument (used: 1); a boolean
// followed by "=" takes the rest as its value ("-D=true"); "h" is the help flag (help).
// A group with an unknown letter stays whole, for pflag to refuse in docker's words
// ("unknown shorthand flag: 'x' in -x-": splitting "-D-" would make a "--").
func rootSplitGroup(flags *pflag.FlagSet, a string, next []string) (parts []string, help bool, used int) {
	for j := 1; j < len(a); j++ {
		c := a[j : j+1]
		f := flags.ShorthandLookup(c)
		switch {
		case c == "h" && (f == nil || f.Name == "help"):
			help = true
		case f == nil:
			return []string{a}, false, 0
		case f.NoOptDefVal != "" && j+1 < len(a) && a[j+1] == '=':
			return append(parts, "-"+a[j:]), help, 0
		case f.NoOptDefVal != "":
			parts = append(parts, "-"+c)
		case j+1 < len(a):
			return append(parts, "-"+a[j:]), help, 0
		case len(next) > 0:
			return append(parts, rootJoined(f, next[0])), help, 1
		default:
			return append(parts, "-"+c), help, 0 // pflag: "flag needs an argument"
		}
	}
	return parts, help, 0
}

// rootJoined is flag f given value, as one argument that cobra's traversal cannot misread.
// The long name, always: pflag reads "-H=" as the value "=" (docker too, for `-H=` typed
// so), but `-H ”` is the empty value.
func rootJoined(f *pflag.Flag, value string) string {
	return "--" + f.Name + "=" + value
}

// rootTakesValue reports whether f is a root flag given its value in the next argument.
func rootTakesValue(f *pflag.Flag) bool {
	return f != nil && f.NoOptDefVal == ""
}

// rootHelpFor shows the help of the command rest selects, as docker does for a help
// flag among the global options (the root's own help when none or an unknown one is
// named). -h is deprecated, which docker notes on stderr.
//
// After a management command (`docker container -h ls`), docker notes -h's deprecation
// on stdout, three times when a command follows that it knows and once when not (its
// flag parsing runs that often); an unknown command shows the management command's help.
func rootHelpFor(root *cobra.Command, rest []string, help string) error {
	// The global options count for what help says and loads (config, endpoint).
	_ = root.ParseFlags(rest[:rootGlobalCount(root, rest)])
	target := root
	if len(rest) > 0 {
		if t, _, err := root.Find(rest); err == nil && t != nil {
			target = t
		}
	}
	const note = "Flag shorthand -h has been deprecated, use --help\n"
	globalFlag, mgmtFlag, _ := strings.Cut(help, " ")
	if strings.HasPrefix(globalFlag, rootMgmtHelp) {
		globalFlag, mgmtFlag = "", globalFlag
	}
	if globalFlag == "-h" {
		io.WriteString(root.ErrOrStderr(), note)
	}
	if mgmtFlag == rootMgmtHelp+"-h" {
		if target.HasSubCommands() { // no command of it named: its own help
			io.WriteString(root.OutOrStdout(), note)
		} else {
			io.WriteString(root.OutOrStdout(), note+note+note)
		}
	}
	return target.Help()
}

// rootCheckFlags parses the global options in args (up to the command) on a copy of the
// root's flags, so that an error in them is reported with docker's usage and status 125:
// cobra returns it bare when a command follows them (`docker --tls=x ps`). An error of a
// management command's own flags (`docker container -q=1 ls`) stays bare, as docker's.
func rootCheckFlags(root *cobra.Command, args []string) error {
	n := rootGlobalCount(root, args)
	if n == 0 || n == len(args) {
		return nil // no global options, or no command after them: cobra reports it well
	}
	fs := pflag.NewFlagSet("docker", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	root.Flags().VisitAll(func(f *pflag.Flag) {
		cp := *f
		cp.Value = rootCheckValue{f.Value.Type()}
		fs.AddFlag(&cp)
	})
	if err := fs.Parse(args[:n]); err != nil {
		return commands.FlagError(root, err)
	}
	return nil
}

// rootGlobalCount is the number of leading arguments of args (as rootArgs returns
// them) that are global options and their values.
func rootGlobalCount(root *cobra.Command, args []string) int {
	n := 0
	for n < len(args) && strings.HasPrefix(args[n], "-") && args[n] != "-" {
		if a := args[n]; !strings.Contains(a, "=") && n+1 < len(args) &&
			((strings.HasPrefix(a, "--") && rootTakesValue(root.Flags().Lookup(a[2:]))) ||
				(len(a) == 2 && rootTakesValue(root.Flags().ShorthandLookup(a[1:])))) {
			n++
		}
		n++
	}
	return n
}

// rootCheckValue accepts what the real flag value of its type accepts, and keeps nothing.
type rootCheckValue struct{ typ string }

func (v rootCheckValue) String() string { return "" }
func (v rootCheckValue) Type() string   { return v.typ }
func (v rootCheckValue) Set(s string) error {
	if v.typ == "bool" {
		_, err := strconv.ParseBool(s)
		return err
	}
	return nil
}

// rootEarlyChecks refuses, as docker does before anything else of the command line is
// looked at (the command, its arguments and flags, --help, an unknown or malformed global
// option), a bad --log-level, then -H with --context. -H counts even given empty;
// --context does not. args are rootArgs' result.
func rootEarlyChecks(root *cobra.Command, args []string) error {
	var hosts int
	var context, level string
	fs := pflag.NewFlagSet("docker", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.ParseErrorsWhitelist.UnknownFlags = true
	root.Flags().VisitAll(func(f *pflag.Flag) {
		cp := *f
		switch f.Name {
		case "host":
			cp.Value = rootRecordValue{typ: f.Value.Type(), set: func(string) { hosts++ }}
		case "context":
			cp.Value = rootRecordValue{typ: f.Value.Type(), set: func(s string) { context = s }}
		case "log-level":
			cp.Value = rootRecordValue{typ: f.Value.Type(), set: func(s string) { level = s }}
		default:
			cp.Value = rootRecordValue{typ: f.Value.Type()}
		}
		fs.AddFlag(&cp)
	})
	_ = fs.Parse(args[:rootGlobalCount(root, args)]) // what does not parse is reported later
	if err := checkLogLevel(level); err != nil {
		return err
	}
	if hosts == 0 || context == "" {
		return nil
	}
	return commands.StatusError{Status: config.ErrHostAndContext.Error(), StatusCode: 1}
}

// rootRecordValue accepts any value and hands it to set.
type rootRecordValue struct {
	typ string
	set func(string)
}

func (v rootRecordValue) String() string { return "" }
func (v rootRecordValue) Type() string   { return v.typ }
func (v rootRecordValue) Set(s string) error {
	if v.set != nil {
		v.set(s)
	}
	return nil
}
