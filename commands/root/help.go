package root

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"text/template"

	"github.com/moby/term"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
)

// Help and usage come out in docker 28's shape: "Usage:  docker ps [OPTIONS]", the
// description, "Aliases:", "Options:", command groups on the root. The prose is ours.

const usageTemplate = `Usage:  {{if not .HasSubCommands}}{{.UseLine}}{{end}}{{if .HasSubCommands}}{{.CommandPath}}{{if hasOptions .}} [OPTIONS]{{end}} COMMAND{{end}}
{{if ne .Long ""}}
{{.Long | trim}}{{else if ne .Short ""}}
{{.Short | trim}}{{end}}
{{- if experimental .}}

EXPERIMENTAL:
  {{.CommandPath}} is an experimental feature: it may change, or go away, in a
  future release without notice. More about experimental features:
  https://docs.docker.com/go/experimental/
{{- end}}
{{- if hasAliases .}}

Aliases:
  {{aliases .}}
{{- end}}
{{- if .HasExample}}

Examples:
{{.Example}}
{{- end}}
{{- if and .HasParent .HasAvailableLocalFlags}}

Options:
{{flagUsages .LocalFlags}}
{{- end}}
{{- if not .HasParent}}{{range $g := groups .}}

{{$g.Title}}:
{{- range $g.Entries}}
  {{rpad .Name 11}} {{.Short}}
{{- end}}
{{- end}}
{{- with invalid}}

Invalid Plugins:
{{- range .}}
  {{rpad .Name 11}} {{.Short}}
{{- end}}
{{- end}}
{{- else if .HasSubCommands}}

Commands:
{{- range .Commands}}{{if .IsAvailableCommand}}
  {{rpad .Name 11}} {{.Short}}
{{- end}}{{end}}
{{- end}}
{{- if not .HasParent}}

Global Options:
{{flagUsages .Flags}}
{{- end}}
{{- if .HasSubCommands}}

Run '{{.CommandPath}} COMMAND --help' for more information on a command.
{{- end}}
{{- if not .HasParent}}

For more help on how to use Docker, head to https://docs.docker.com/go/guides/
{{- end}}
`

// group is one titled list of commands in the root's help.
type group struct {
	Title   string
	Entries []helpEntry
}

// helpEntry is one line of a list in the root's help: a command, or a CLI plugin.
type helpEntry struct{ Name, Short string }

// helpExtras is what the root's help lists beside the built-in commands: entries among
// the management commands, and entries under "Invalid Plugins:" (Short: the reason).
type helpExtras struct {
	Management []helpEntry
	Invalid    []helpEntry
}

// commonOrder is the order of docker's "Common Commands".
var commonOrder = []string{"run", "exec", "ps", "build", "pull", "push", "images", "login", "logout", "search", "version", "info"}

func groups(root *cobra.Command, extras helpExtras) []group {
	var common, mgmt, swarm, other []*cobra.Command
	rank := map[string]int{}
	for i, n := range commonOrder {
		rank[n] = i
	}
	for _, c := range root.Commands() {
		if !c.IsAvailableCommand() {
			continue
		}
		switch {
		case c.Annotations["swarm"] != "":
			swarm = append(swarm, c)
		case commands.HasSubcommands(c):
			mgmt = append(mgmt, c)
		default:
			if _, ok := rank[c.Name()]; ok {
				common = append(common, c)
			} else {
				other = append(other, c)
			}
		}
	}
	sort.SliceStable(common, func(i, j int) bool { return rank[common[i].Name()] < rank[common[j].Name()] })
	management := append(helpEntries(mgmt), extras.Management...)
	sort.SliceStable(management, func(i, j int) bool { return management[i].Name < management[j].Name })
	var out []group
	for _, g := range []group{{"Common Commands", helpEntries(common)}, {"Management Commands", management},
		{"Swarm Commands", helpEntries(swarm)}, {"Commands", legacyEntries(other)}} {
		if len(g.Entries) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// legacyEntries are the top-level shortcuts (docker attach = docker container attach):
// docker lists them unless DOCKER_HIDE_LEGACY_COMMANDS is set to anything but "".
func legacyEntries(cmds []*cobra.Command) []helpEntry {
	if os.Getenv("DOCKER_HIDE_LEGACY_COMMANDS") != "" {
		return nil
	}
	return helpEntries(cmds)
}

func helpEntries(cmds []*cobra.Command) []helpEntry {
	out := make([]helpEntry, 0, len(cmds))
	for _, c := range cmds {
		out = append(out, helpEntry{Name: c.Name(), Short: c.Short})
	}
	return out
}

// hasOptions reports flags worth an [OPTIONS] in the usage line: the help flag is not.
func hasOptions(c *cobra.Command) bool {
	found := false
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden && f.Name != "help" {
			found = true
		}
	})
	return found
}

func hasAliases(c *cobra.Command) bool { return c.Annotations["aliases"] != "" || len(c.Aliases) > 0 }

// aliases lists every path that reaches c, like "docker container ls, docker ps".
func aliases(c *cobra.Command) string {
	if a := c.Annotations["aliases"]; a != "" {
		return a
	}
	parent := ""
	if c.HasParent() {
		parent = c.Parent().CommandPath() + " "
	}
	names := []string{parent + c.Name()}
	for _, a := range c.Aliases {
		names = append(names, parent+a)
	}
	return strings.Join(names, ", ")
}

// flagUsages wraps flag help to the terminal's width, at most 80 columns.
func flagUsages(fs *pflag.FlagSet) string {
	width := 80
	if ws, err := term.GetWinsize(1); err == nil && ws != nil && ws.Width > 0 && int(ws.Width) < width {
		width = int(ws.Width)
	}
	return strings.TrimRight(fs.FlagUsagesWrapped(width-1), "\n")
}

// experimental reports a command docker marks experimental, or one below such a command.
func experimental(c *cobra.Command) bool {
	for ; c != nil; c = c.Parent() {
		if c.Annotations[commands.ExperimentalAnnotation] != "" {
			return true
		}
	}
	return false
}

func rpad(s string, n int) string { return fmt.Sprintf("%-*s", n, s) }

// usage renders c's help in docker's shape to c's output.
func usage(c *cobra.Command) error { return usageWith(c, helpExtras{}) }

// usageWith renders c's help with extras listed too (on the root only).
func usageWith(c *cobra.Command, extras helpExtras) error {
	tmpl, err := template.New("usage").Funcs(template.FuncMap{
		"groups":  func(root *cobra.Command) []group { return groups(root, extras) },
		"invalid": func() []helpEntry { return extras.Invalid }, "hasOptions": hasOptions, "hasAliases": hasAliases, "aliases": aliases,
		"flagUsages": flagUsages, "rpad": rpad, "trim": strings.TrimSpace, "experimental": experimental,
	}).Parse(usageTemplate)
	if err != nil {
		return err
	}
	// One write, as docker: `docker --help | head -1` then ends with 0, not SIGPIPE.
	var b bytes.Buffer
	if err := tmpl.Execute(&b, c); err != nil {
		return err
	}
	_, err = c.OutOrStdout().Write(b.Bytes())
	return err
}

func setHelp(root *cobra.Command, cli *commands.DockerCli) {
	root.SetUsageFunc(usage)
	root.SetHelpFunc(func(c *cobra.Command, _ []string) {
		markTLSVerifySet(c, cli.Options())
		rootInitQuiet(cli) // as docker: the config's warning, debug logs, also for help
		if msg := helpShowSupported(cli, c); msg != "" {
			fmt.Fprintln(c.OutOrStdout(), msg)
			return
		}
		var extras helpExtras
		if !c.HasParent() {
			extras = rootHelpExtras(cli, c)
		}
		_ = usageWith(c, extras)
	})
}

// rootHelpExtras lists the CLI plugins in the root's help as docker 28 does: the valid
// ones among the management commands, NAME*, the others under "Invalid Plugins:".
func rootHelpExtras(cli *commands.DockerCli, root *cobra.Command) helpExtras {
	var extras helpExtras
	for _, p := range pluginFinder(cli, root).List(context.Background()) {
		if p.Err != nil {
			extras.Invalid = append(extras.Invalid, helpEntry{Name: p.Name, Short: p.Err.Error()})
			continue
		}
		extras.Management = append(extras.Management, helpEntry{Name: p.Name + "*", Short: p.ShortDescription})
	}
	return extras
}
