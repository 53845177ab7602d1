package system

import (
	"bytes"
	"context"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"text/template"
	"time"

	"github.com/moby/moby/api/types/system"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/formatter"
	"github.com/skiff-cli/skiff/version"
)

// versionOptions are the flags of docker version.
type versionOptions struct {
	format string
}

func newVersionCommand(cli commands.Cli) *cobra.Command {
	opts := &versionOptions{}
	cmd := &cobra.Command{
		Use:               "version [OPTIONS]",
		Short:             "Show the Docker version information",
		Args:              commands.NoArgs,
		ValidArgsFunction: completion.None,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runVersion(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		commands.AddInspectFormatFlag(flags, &opts.format)
	})
	return cmd
}

// versionInfo is what docker version's template sees. The type names matter: they
// show in template errors ("can't evaluate field Foo in type system.versionInfo").
type versionInfo struct {
	Client clientVersion
	Server *serverVersion
}

// clientVersion describes this client; its JSON is docker's.
type clientVersion struct {
	Platform          *struct{ Name string } `json:",omitempty"`
	Version           string
	APIVersion        string `json:"ApiVersion,omitempty"` // empty in info's ClientInfo
	DefaultAPIVersion string `json:"DefaultAPIVersion,omitempty"`
	GitCommit         string
	GoVersion         string
	Os                string
	Arch              string
	BuildTime         string
	Context           string
}

// serverVersion is GET /version with docker's field order (its --format json shows
// the engine's answer re-encoded in that order).
type serverVersion struct {
	Platform      struct{ Name string } `json:",omitempty"`
	Components    []componentVersion    `json:",omitempty"`
	Version       string
	APIVersion    string `json:"ApiVersion"`
	MinAPIVersion string `json:",omitempty"`
	GitCommit     string
	GoVersion     string
	Os            string
	Arch          string
	KernelVersion string `json:",omitempty"`
	Experimental  bool   `json:",omitempty"`
	BuildTime     string `json:",omitempty"`
}

type componentVersion struct {
	Name    string
	Version string
	Details map[string]string `json:",omitempty"`
}

// versionTypeNames maps our type names to the reference's in template errors.
var versionTypeNames = [][2]string{
	{"system.serverVersion", "types.Version"},
	{"system.componentVersion", "types.ComponentVersion"},
}

func runVersion(ctx context.Context, cli commands.Cli, opts *versionOptions) error {
	format := opts.format
	if format == formatter.JSONFormatKey {
		format = formatter.JSONFormat
	}
	var tmpl *template.Template
	if format != "" {
		t, err := formatter.ParseNamed("version", format)
		if err != nil {
			return commands.StatusError{Status: "template parsing error: " + err.Error(), StatusCode: 64}
		}
		tmpl = t
	}

	c, err := cli.Client()
	if err != nil {
		return err
	}
	vi := versionInfo{Client: newClientVersion(cli, c)}
	sv, srvErr := c.ServerVersion(ctx)
	// The API version is known once the engine answered (or not).
	vi.Client.APIVersion = c.ClientVersion()
	if srvErr == nil {
		vi.Server = newServerVersion(sv)
	}

	var b bytes.Buffer
	tw := tabwriter.NewWriter(&b, 20, 1, 1, ' ', 0)
	var execErr error
	if tmpl != nil {
		execErr = tmpl.Execute(tw, vi)
	} else {
		writeVersion(tw, vi)
	}
	_, _ = tw.Write([]byte{'\n'})
	tw.Flush()
	_, _ = cli.Out().Write(b.Bytes())
	if srvErr != nil {
		return srvErr
	}
	if execErr != nil {
		msg := execErr.Error()
		for _, r := range versionTypeNames {
			msg = strings.ReplaceAll(msg, r[0], r[1])
		}
		return commands.StatusError{Status: msg, StatusCode: 1}
	}
	return nil
}

// newClientVersion describes this client; c is nil for info, which shows no API version.
func newClientVersion(cli commands.Cli, c *client.Client) clientVersion {
	v := clientVersion{
		Version:           version.DockerVersion,
		DefaultAPIVersion: client.MaxAPIVersion,
		GitCommit:         version.GitCommit,
		GoVersion:         runtime.Version(),
		Os:                runtime.GOOS,
		Arch:              runtime.GOARCH,
		BuildTime:         reformatDate(version.BuildTime),
		Context:           cli.CurrentContext(),
	}
	if c != nil {
		v.APIVersion = c.ClientVersion()
	}
	return v
}

// newServerVersion copies the engine's answer; like docker, it makes sure there is an
// Engine component (old engines list none) and shows its build time as a date.
func newServerVersion(sv system.VersionResponse) *serverVersion {
	s := &serverVersion{
		Version:       sv.Version,
		APIVersion:    sv.APIVersion,
		MinAPIVersion: sv.MinAPIVersion,
		GitCommit:     sv.GitCommit,
		GoVersion:     sv.GoVersion,
		Os:            sv.Os,
		Arch:          sv.Arch,
		KernelVersion: sv.KernelVersion,
		Experimental:  sv.Experimental,
		BuildTime:     sv.BuildTime,
	}
	s.Platform.Name = sv.Platform.Name
	engine := false
	for _, comp := range sv.Components {
		cv := componentVersion{Name: comp.Name, Version: comp.Version, Details: comp.Details}
		if comp.Name == "Engine" {
			engine = true
			if bt, ok := cv.Details["BuildTime"]; ok {
				details := make(map[string]string, len(cv.Details))
				for k, v := range cv.Details {
					details[k] = v
				}
				details["BuildTime"] = reformatDate(bt)
				cv.Details = details
			}
		}
		s.Components = append(s.Components, cv)
	}
	if !engine {
		s.Components = append(s.Components, componentVersion{
			Name:    "Engine",
			Version: sv.Version,
			Details: map[string]string{
				"ApiVersion":    sv.APIVersion,
				"MinAPIVersion": sv.MinAPIVersion,
				"GitCommit":     sv.GitCommit,
				"GoVersion":     sv.GoVersion,
				"Os":            sv.Os,
				"Arch":          sv.Arch,
				"BuildTime":     reformatDate(sv.BuildTime),
				"Experimental":  strconv.FormatBool(sv.Experimental),
			},
		})
	}
	return s
}

// reformatDate shows an RFC 3339 (engine) or RFC 1123 (our build stamp) time the way
// docker version does ("Fri May 30 12:07:14 2025"); anything else is shown as is.
func reformatDate(s string) string {
	for _, layout := range []string{time.RFC3339Nano, time.RFC1123, time.RFC1123Z} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format(time.ANSIC)
		}
	}
	return s
}

// writeVersion is the default output: cells separated by tabs for the tabwriter.
func writeVersion(w *tabwriter.Writer, vi versionInfo) {
	var b strings.Builder
	cl := vi.Client
	b.WriteString("Client:")
	if cl.Platform != nil && cl.Platform.Name != "" {
		b.WriteString(" " + cl.Platform.Name)
	}
	b.WriteString("\n Version:\t" + cl.Version)
	b.WriteString("\n API version:\t" + cl.APIVersion)
	if cl.APIVersion != cl.DefaultAPIVersion {
		b.WriteString(" (downgraded from " + cl.DefaultAPIVersion + ")")
	}
	b.WriteString("\n Go version:\t" + cl.GoVersion)
	b.WriteString("\n Git commit:\t" + cl.GitCommit)
	b.WriteString("\n Built:\t" + cl.BuildTime)
	b.WriteString("\n OS/Arch:\t" + cl.Os + "/" + cl.Arch)
	b.WriteString("\n Context:\t" + cl.Context)
	if s := vi.Server; s != nil {
		b.WriteString("\n\nServer:")
		if s.Platform.Name != "" {
			b.WriteString(" " + s.Platform.Name)
		}
		for _, comp := range s.Components {
			b.WriteString("\n " + comp.Name + ":")
			if comp.Name == "Engine" {
				d := comp.Details
				b.WriteString("\n  Version:\t" + comp.Version)
				b.WriteString("\n  API version:\t" + d["ApiVersion"] + " (minimum version " + d["MinAPIVersion"] + ")")
				b.WriteString("\n  Go version:\t" + d["GoVersion"])
				b.WriteString("\n  Git commit:\t" + d["GitCommit"])
				b.WriteString("\n  Built:\t" + d["BuildTime"])
				b.WriteString("\n  OS/Arch:\t" + d["Os"] + "/" + d["Arch"])
				b.WriteString("\n  Experimental:\t" + d["Experimental"])
				continue
			}
			b.WriteString("\n  Version:\t" + comp.Version)
			keys := make([]string, 0, len(comp.Details))
			for k := range comp.Details {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				b.WriteString("\n  " + k + ":\t" + comp.Details[k])
			}
		}
	}
	_, _ = w.Write([]byte(b.String()))
}
