package system

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"text/template"

	units "github.com/docker/go-units"
	"github.com/moby/moby/api/types/swarm"
	"github.com/moby/moby/api/types/system"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/cliplugins"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/formatter"
)

// infoOptions are the flags of docker info / docker system info.
type infoOptions struct {
	format string
}

func newInfoCommand(cli commands.Cli) *cobra.Command {
	opts := &infoOptions{}
	cmd := &cobra.Command{
		Use:               "info [OPTIONS]",
		Short:             "Display system-wide information",
		Args:              commands.NoArgs,
		ValidArgsFunction: completion.None,
		Annotations:       map[string]string{"aliases": "docker system info, docker info"},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runInfo(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		commands.AddInspectFormatFlag(flags, &opts.format)
	})
	return cmd
}

// dockerInfo is what docker info's template sees: the engine's /info plus this
// client's own. Its name shows in template errors ("in type system.dockerInfo").
type dockerInfo struct {
	serverInfo
	ServerErrors []string    `json:",omitempty"` // before ClientInfo in the JSON, as docker's
	ClientInfo   *clientInfo `json:",omitempty"`
	ClientErrors []string    `json:",omitempty"`
}

// clientOnlyInfo is what a --format template is first tried on: when it renders
// with the client's part alone, the engine is not asked at all.
type clientOnlyInfo struct {
	ClientInfo   *clientInfo
	ClientErrors []string
}

// clientInfo embeds the version command's client section, as docker's does: its
// JSON is flat, and {{.ClientInfo}} prints the embedded part as a nested struct
// ("{false {<nil> 28.2.2  1.50 ...} [] []}").
type clientInfo struct {
	Debug bool
	clientVersion
	Plugins  []cliplugins.Plugin
	Warnings []string
}

// pluginLister is the Cli that can list the CLI plugins (the root sets how).
type pluginLister interface {
	CLIPlugins(ctx context.Context) []cliplugins.Plugin
}

// serverInfo is GET /info with the fields, in the order, that docker 28 shows in
// --format json (it re-encodes the engine's answer with its own type).
type serverInfo struct {
	ID                  string
	Containers          int
	ContainersRunning   int
	ContainersPaused    int
	ContainersStopped   int
	Images              int
	Driver              string
	DriverStatus        [][2]string
	SystemStatus        [][2]string `json:",omitempty"`
	Plugins             system.PluginsInfo
	MemoryLimit         bool
	SwapLimit           bool
	KernelMemory        bool `json:",omitempty"`
	KernelMemoryTCP     bool `json:",omitempty"`
	CPUCfsPeriod        bool `json:"CpuCfsPeriod"`
	CPUCfsQuota         bool `json:"CpuCfsQuota"`
	CPUShares           bool
	CPUSet              bool
	PidsLimit           bool
	IPv4Forwarding      bool
	Debug               bool
	NFd                 int
	OomKillDisable      bool
	NGoroutines         int
	SystemTime          string
	LoggingDriver       string
	CgroupDriver        string
	CgroupVersion       string `json:",omitempty"`
	NEventsListener     int
	KernelVersion       string
	OperatingSystem     string
	OSVersion           string
	OSType              string
	Architecture        string
	IndexServerAddress  string
	RegistryConfig      *serviceConfig
	NCPU                int
	MemTotal            int64
	GenericResources    []swarm.GenericResource
	DockerRootDir       string
	HTTPProxy           string `json:"HttpProxy"`
	HTTPSProxy          string `json:"HttpsProxy"`
	NoProxy             string
	Name                string
	Labels              []string
	ExperimentalBuild   bool
	ServerVersion       string
	Runtimes            map[string]system.RuntimeWithStatus
	DefaultRuntime      string
	Swarm               swarm.Info
	LiveRestoreEnabled  bool
	Isolation           string
	InitBinary          string
	ContainerdCommit    commitInfo
	RuncCommit          commitInfo
	InitCommit          commitInfo
	SecurityOptions     []string
	ProductLicense      string               `json:",omitempty"`
	DefaultAddressPools []addressPool        `json:",omitempty"`
	FirewallBackend     *system.FirewallInfo `json:",omitempty"`
	CDISpecDirs         []string
	DiscoveredDevices   []system.DeviceInfo    `json:",omitempty"`
	Containerd          *system.ContainerdInfo `json:",omitempty"`
	Warnings            []string
}

type commitInfo struct {
	ID       string
	Expected string `json:",omitempty"`
}

type addressPool struct {
	Base string
	Size int
}

// serviceConfig is the engine's registry configuration. docker prints it with its
// keys sorted and without the deprecated non-distributable artifacts lists.
type serviceConfig struct {
	AllowNondistributableArtifactsCIDRs     []string `json:",omitempty"`
	AllowNondistributableArtifactsHostnames []string `json:",omitempty"`
	InsecureRegistryCIDRs                   []string
	IndexConfigs                            map[string]*indexInfo
	Mirrors                                 []string
}

type indexInfo struct {
	Name     string
	Mirrors  []string
	Secure   bool
	Official bool
}

func (s *serviceConfig) MarshalJSON() ([]byte, error) {
	m := map[string]any{
		"InsecureRegistryCIDRs": s.InsecureRegistryCIDRs,
		"Mirrors":               s.Mirrors,
	}
	if s.IndexConfigs == nil {
		m["IndexConfigs"] = nil
	} else {
		idx := make(map[string]any, len(s.IndexConfigs))
		for k, v := range s.IndexConfigs {
			if v == nil {
				idx[k] = nil
				continue
			}
			idx[k] = map[string]any{"Name": v.Name, "Mirrors": v.Mirrors, "Secure": v.Secure, "Official": v.Official}
		}
		m["IndexConfigs"] = idx
	}
	if len(s.AllowNondistributableArtifactsCIDRs) > 0 {
		m["AllowNondistributableArtifactsCIDRs"] = s.AllowNondistributableArtifactsCIDRs
	}
	if len(s.AllowNondistributableArtifactsHostnames) > 0 {
		m["AllowNondistributableArtifactsHostnames"] = s.AllowNondistributableArtifactsHostnames
	}
	return json.Marshal(m)
}

// infoTypeNames maps our type names to the reference's in template errors.
var infoTypeNames = [][2]string{
	{"system.serviceConfig", "registry.ServiceConfig"},
	{"system.indexInfo", "registry.IndexInfo"},
	{"system.commitInfo", "system.Commit"},
	{"system.addressPool", "system.NetworkAddressPool"},
	{"system.pluginInfo", "system.pluginInfo"},
}

func runInfo(ctx context.Context, cli commands.Cli, opts *infoOptions) error {
	format := opts.format
	if format == formatter.JSONFormatKey {
		format = formatter.JSONFormat
	}
	var tmpl *template.Template
	if format != "" {
		t, err := formatter.Parse(format)
		if err != nil {
			return commands.StatusError{Status: "template parsing error: " + err.Error(), StatusCode: 64}
		}
		tmpl = t
	}
	info := dockerInfo{ClientInfo: &clientInfo{
		Debug:         cli.Options().Debug,
		clientVersion: newClientVersion(cli, nil),
		Plugins:       []cliplugins.Plugin{},
	}}
	if l, ok := cli.(pluginLister); ok {
		if ps := l.CLIPlugins(ctx); ps != nil {
			info.ClientInfo.Plugins = ps
		}
	}

	var srvErr error
	if tmpl == nil || needsServerInfo(format, tmpl, &info) {
		srvErr = fetchServerInfo(ctx, cli, &info.serverInfo)
		// As docker: an engine that answers, but with an error or what does not decode,
		// is reported and the client's part is still shown; only an engine that cannot be
		// reached ends the command at once.
		var ce *client.ConnectionError
		if srvErr != nil && !errors.As(srvErr, &ce) && !errors.Is(srvErr, context.Canceled) {
			msg := srvErr.Error()
			var de *client.DecodeError
			if errors.As(srvErr, &de) {
				msg = "Error reading remote info: " + msg
			}
			info.ServerErrors = append(info.ServerErrors, msg)
			info.serverInfo = serverInfo{}
			srvErr = nil
		}
	}

	if tmpl != nil {
		for _, e := range info.ServerErrors {
			fmt.Fprintln(cli.Err(), e)
		}
		var b bytes.Buffer
		err := tmpl.Execute(&b, info)
		b.WriteByte('\n')
		_, _ = cli.Out().Write(b.Bytes())
		if srvErr != nil {
			return srvErr
		}
		if err != nil {
			msg := err.Error()
			for _, r := range infoTypeNames {
				msg = strings.ReplaceAll(msg, r[0], r[1])
			}
			return commands.StatusError{Status: msg, StatusCode: 1}
		}
		return nil
	}

	var b bytes.Buffer
	writeClientInfo(&b, info.ClientInfo)
	// docker warns of the plugins that are not valid after the client's section
	for _, p := range info.ClientInfo.Plugins {
		if p.Err == nil {
			continue
		}
		if b.Len() > 0 {
			_, _ = cli.Out().Write(b.Bytes())
			b.Reset()
		}
		fmt.Fprintf(cli.Err(), "WARNING: Plugin %q is not valid: %s\n", p.Path, p.Err)
	}
	b.WriteString("\nServer:\n")
	if srvErr != nil {
		_, _ = cli.Out().Write(b.Bytes())
		return srvErr
	}
	if len(info.ServerErrors) > 0 {
		_, _ = cli.Out().Write(b.Bytes())
		for _, e := range info.ServerErrors {
			fmt.Fprintln(cli.Err(), "ERROR: "+e)
		}
		return commands.StatusError{Status: "errors pretty printing info", StatusCode: 1}
	}
	writeServerInfo(&b, &info.serverInfo, info.ClientInfo.Debug, registryUser(cli, info.IndexServerAddress))
	b.WriteByte('\n')
	_, _ = cli.Out().Write(b.Bytes())
	for _, w := range info.Warnings {
		fmt.Fprintln(cli.Err(), w)
	}
	return nil
}

func fetchServerInfo(ctx context.Context, cli commands.Cli, si *serverInfo) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	return c.DoJSON(ctx, http.MethodGet, "/info", nil, nil, si)
}

// needsServerInfo reports whether the template needs more than the client's part.
func needsServerInfo(format string, tmpl *template.Template, info *dockerInfo) bool {
	// A rough test for a template that looks at data (".Name"); compiled here, not at
	// start-up.
	if !regexp.MustCompile(`\.[a-zA-Z]`).MatchString(format) {
		// "{{json .}}", plain text...: the whole object.
		return true
	}
	return tmpl.Execute(io.Discard, clientOnlyInfo{ClientInfo: info.ClientInfo, ClientErrors: info.ClientErrors}) != nil
}

// registryUser is the user name config.json holds for the engine's default registry.
func registryUser(cli commands.Cli, server string) string {
	cf := cli.ConfigFile()
	if cf == nil || server == "" {
		return ""
	}
	ac, ok := cf.AuthConfigs[server]
	if !ok {
		return ""
	}
	if ac.Username != "" {
		return ac.Username
	}
	if ac.Auth == "" {
		return ""
	}
	dec, err := base64.StdEncoding.DecodeString(ac.Auth)
	if err != nil {
		return ""
	}
	user, _, _ := strings.Cut(string(dec), ":")
	return user
}

func writeClientInfo(b *bytes.Buffer, ci *clientInfo) {
	b.WriteString("Client:\n")
	fmt.Fprintf(b, " Version:    %s\n", ci.Version)
	fmt.Fprintf(b, " Context:    %s\n", ci.Context)
	fmt.Fprintf(b, " Debug Mode: %v\n", ci.Debug)
	if len(ci.Plugins) > 0 {
		b.WriteString(" Plugins:\n")
		for _, p := range ci.Plugins {
			if p.Err != nil {
				continue // a warning on stderr
			}
			fmt.Fprintf(b, "  %s: %s (%s)\n", p.Name, p.ShortDescription, p.Vendor)
			if p.Version != "" {
				fmt.Fprintf(b, "    Version:  %s\n", p.Version)
			}
			fmt.Fprintf(b, "    Path:     %s\n", p.Path)
		}
	}
	for _, w := range ci.Warnings {
		b.WriteString(w + "\n")
	}
}

// writeServerInfo writes the Server: section's lines in docker's order; a line for
// an optional value is left out when the engine did not give it.
func writeServerInfo(b *bytes.Buffer, si *serverInfo, debug bool, user string) {
	line := func(format string, a ...any) { fmt.Fprintf(b, format+"\n", a...) }
	nonEmpty := func(label, v string) {
		if v != "" {
			line("%s: %s", label, v)
		}
	}
	line(" Containers: %d", si.Containers)
	line("  Running: %d", si.ContainersRunning)
	line("  Paused: %d", si.ContainersPaused)
	line("  Stopped: %d", si.ContainersStopped)
	line(" Images: %d", si.Images)
	nonEmpty(" Server Version", si.ServerVersion)
	nonEmpty(" Storage Driver", si.Driver)
	for _, kv := range si.DriverStatus {
		line("  %s: %s", kv[0], kv[1])
	}
	for _, kv := range si.SystemStatus {
		line(" %s: %s", kv[0], kv[1])
	}
	nonEmpty(" Logging Driver", si.LoggingDriver)
	nonEmpty(" Cgroup Driver", si.CgroupDriver)
	nonEmpty(" Cgroup Version", si.CgroupVersion)

	line(" Plugins:")
	line("  Volume: %s", strings.Join(si.Plugins.Volume, " "))
	line("  Network: %s", strings.Join(si.Plugins.Network, " "))
	if len(si.Plugins.Authorization) > 0 {
		line("  Authorization: %s", strings.Join(si.Plugins.Authorization, " "))
	}
	line("  Log: %s", strings.Join(si.Plugins.Log, " "))
	if len(si.CDISpecDirs) > 0 {
		line(" CDI spec directories:")
		for _, d := range si.CDISpecDirs {
			line("  %s", d)
		}
	}
	if len(si.DiscoveredDevices) > 0 {
		line(" Discovered Devices:")
		for _, d := range si.DiscoveredDevices {
			line("  %s: %s", d.Source, d.ID)
		}
	}

	writeSwarmInfo(b, &si.Swarm)

	if si.OSType == "linux" {
		if len(si.Runtimes) > 0 {
			names := make([]string, 0, len(si.Runtimes))
			for n := range si.Runtimes {
				names = append(names, n)
			}
			sort.Strings(names)
			line(" Runtimes: %s", strings.Join(names, " "))
		}
		nonEmpty(" Default Runtime", si.DefaultRuntime)
		line(" Init Binary: %s", si.InitBinary)
		line(" containerd version: %s", si.ContainerdCommit.ID)
		line(" runc version: %s", si.RuncCommit.ID)
		line(" init version: %s", si.InitCommit.ID)
		if len(si.SecurityOptions) > 0 {
			line(" Security Options:")
			for _, o := range si.SecurityOptions {
				name, profile := parseSecurityOption(o)
				line("  %s", name)
				if profile != "" {
					line("   Profile: %s", profile)
				}
			}
		}
	}
	if si.OSType == "windows" {
		nonEmpty(" Default Isolation", si.Isolation)
	}

	nonEmpty(" Kernel Version", si.KernelVersion)
	nonEmpty(" Operating System", si.OperatingSystem)
	nonEmpty(" OSType", si.OSType)
	nonEmpty(" Architecture", si.Architecture)
	line(" CPUs: %d", si.NCPU)
	line(" Total Memory: %s", units.BytesSize(float64(si.MemTotal)))
	nonEmpty(" Name", si.Name)
	nonEmpty(" ID", si.ID)
	line(" Docker Root Dir: %s", si.DockerRootDir)
	line(" Debug Mode: %v", si.Debug)
	if si.Debug || debug {
		line("  File Descriptors: %d", si.NFd)
		line("  Goroutines: %d", si.NGoroutines)
		line("  System Time: %s", si.SystemTime)
		line("  EventsListeners: %d", si.NEventsListener)
	}
	nonEmpty(" HTTP Proxy", si.HTTPProxy)
	nonEmpty(" HTTPS Proxy", si.HTTPSProxy)
	nonEmpty(" No Proxy", si.NoProxy)
	nonEmpty(" Username", user)
	if len(si.Labels) > 0 {
		line(" Labels:")
		for _, l := range si.Labels {
			line("  %s", l)
		}
	}
	line(" Experimental: %v", si.ExperimentalBuild)
	if rc := si.RegistryConfig; rc != nil {
		var insecure []string
		for name, idx := range rc.IndexConfigs {
			if idx != nil && !idx.Secure {
				insecure = append(insecure, name)
			}
		}
		sort.Strings(insecure)
		insecure = append(insecure, rc.InsecureRegistryCIDRs...)
		if len(insecure) > 0 {
			line(" Insecure Registries:")
			for _, r := range insecure {
				line("  %s", r)
			}
		}
		if len(rc.Mirrors) > 0 {
			line(" Registry Mirrors:")
			for _, m := range rc.Mirrors {
				line("  %s", m)
			}
		}
	}
	line(" Live Restore Enabled: %v", si.LiveRestoreEnabled)
	nonEmpty(" Product License", si.ProductLicense)
	if len(si.DefaultAddressPools) > 0 {
		line(" Default Address Pools:")
		for _, p := range si.DefaultAddressPools {
			line("   Base: %s, Size: %d", p.Base, p.Size)
		}
	}
}

// parseSecurityOption splits "name=seccomp,profile=default" into its name and profile.
func parseSecurityOption(o string) (name, profile string) {
	for i, kv := range strings.Split(o, ",") {
		k, v, ok := strings.Cut(kv, "=")
		switch {
		case !ok && i == 0:
			name = kv
		case k == "name":
			name = v
		case k == "profile":
			profile = v
		}
	}
	return name, profile
}

func writeSwarmInfo(b *bytes.Buffer, s *swarm.Info) {
	line := func(format string, a ...any) { fmt.Fprintf(b, format+"\n", a...) }
	line(" Swarm: %v", s.LocalNodeState)
	if s.LocalNodeState == swarm.LocalNodeStateInactive || s.LocalNodeState == swarm.LocalNodeStateLocked {
		return
	}
	line("  NodeID: %s", s.NodeID)
	if s.Error != "" {
		line("  Error: %v", s.Error)
	}
	line("  Is Manager: %v", s.ControlAvailable)
	if s.Cluster != nil && s.ControlAvailable && s.Error == "" && s.LocalNodeState != swarm.LocalNodeStateError {
		c := s.Cluster
		line("  ClusterID: %s", c.ID)
		line("  Managers: %d", s.Managers)
		line("  Nodes: %d", s.Nodes)
		var pools strings.Builder
		for _, p := range c.DefaultAddrPool {
			pools.WriteString(p.String() + "  ")
		}
		line("  Default Address Pool: %s", pools.String())
		line("  SubnetSize: %d", c.SubnetSize)
		line("  Data Path Port: %d", c.DataPathPort)
		line("  Orchestration:")
		var retention int64
		if c.Spec.Orchestration.TaskHistoryRetentionLimit != nil {
			retention = *c.Spec.Orchestration.TaskHistoryRetentionLimit
		}
		line("   Task History Retention Limit: %d", retention)
		line("  Raft:")
		line("   Snapshot Interval: %d", c.Spec.Raft.SnapshotInterval)
		if c.Spec.Raft.KeepOldSnapshots != nil {
			line("   Number of Old Snapshots to Retain: %d", *c.Spec.Raft.KeepOldSnapshots)
		}
		line("   Heartbeat Tick: %d", c.Spec.Raft.HeartbeatTick)
		line("   Election Tick: %d", c.Spec.Raft.ElectionTick)
		line("  Dispatcher:")
		line("   Heartbeat Period: %s", units.HumanDuration(c.Spec.Dispatcher.HeartbeatPeriod))
		line("  CA Configuration:")
		line("   Expiry Duration: %s", units.HumanDuration(c.Spec.CAConfig.NodeCertExpiry))
		line("   Force Rotate: %d", c.Spec.CAConfig.ForceRotate)
		if len(c.Spec.CAConfig.ExternalCAs) > 0 {
			line("   External CAs:")
			for _, ca := range c.Spec.CAConfig.ExternalCAs {
				line("     %s: %s", ca.Protocol, ca.URL)
			}
		}
		line("  Autolock Managers: %v", c.Spec.EncryptionConfig.AutoLockManagers)
		line("  Root Rotation In Progress: %v", c.RootRotationInProgress)
	}
	line("  Node Address: %s", s.NodeAddr)
	if len(s.RemoteManagers) > 0 {
		line("  Manager Addresses:")
		addrs := make([]string, 0, len(s.RemoteManagers))
		for _, m := range s.RemoteManagers {
			addrs = append(addrs, m.Addr)
		}
		sort.Strings(addrs)
		for _, a := range addrs {
			line("   %s", a)
		}
	}
}
