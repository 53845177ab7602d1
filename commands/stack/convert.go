package stack

import (
	"fmt"
	"net/netip"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/mount"
	"github.com/moby/moby/api/types/network"
	"github.com/moby/moby/api/types/swarm"

	"github.com/skiff-cli/skiff/commands/opts"
	"github.com/skiff-cli/skiff/commands/service"
	"github.com/skiff-cli/skiff/compose"
)

// Conversion of the compose model into swarm specs. Names of stack objects are
// STACK_NAME unless the file gives a name of its own.

func scoped(stack, name string) string { return stack + "_" + name }

func stackLabels(stack string, labels map[string]string) map[string]string {
	out := make(map[string]string, len(labels)+1)
	for k, v := range labels {
		out[k] = v
	}
	out[namespaceLabel] = stack
	return out
}

// serviceNetworks are the networks a service is on: "default" when it names none.
func serviceNetworks(s compose.ServiceConfig) map[string]*compose.ServiceNet {
	if len(s.Networks) == 0 && s.NetworkMode == "" {
		return map[string]*compose.ServiceNet{"default": nil}
	}
	return s.Networks
}

// networkName is the engine's name of the file's network key.
func networkName(stack, key string, n compose.NetworkConfig) string {
	if n.Name != "" {
		return n.Name
	}
	if n.External {
		return key
	}
	return scoped(stack, key)
}

func convertService(stack, name string, s compose.ServiceConfig, cfg *compose.Config, secrets map[string]string, configs map[string]string) (swarm.ServiceSpec, error) {
	cs := &swarm.ContainerSpec{
		// as docker sends it: "bb" is "bb:latest" (the label keeps the file's word)
		Image:      service.NormalizeImage(s.Image),
		Labels:     stackLabels(stack, s.Labels),
		Command:    s.Entrypoint,
		Args:       s.Command,
		Hostname:   s.Hostname,
		Dir:        s.WorkingDir,
		User:       s.User,
		Init:       s.Init,
		StopSignal: s.StopSignal,
		TTY:        s.Tty,
		OpenStdin:  s.StdinOpen,
		ReadOnly:   s.ReadOnly,
		Sysctls:    s.Sysctls,
		Isolation:  container.Isolation(s.Isolation),
	}
	cs.Env = convertEnv(s.Environment)
	// docker always sends the privileges object, empty or not
	cs.Privileges = &swarm.Privileges{}
	if cr := s.CredentialSpec; len(cr) > 0 {
		cs.Privileges.CredentialSpec = &swarm.CredentialSpec{Config: cr["config"], File: cr["file"], Registry: cr["registry"]}
	}
	if s.StopGracePeriod != nil {
		d := time.Duration(*s.StopGracePeriod)
		cs.StopGracePeriod = &d
	}
	if len(s.CapAdd) > 0 {
		cs.CapabilityAdd = opts.NormalizeCaps(s.CapAdd)
	}
	if len(s.CapDrop) > 0 {
		cs.CapabilityDrop = opts.NormalizeCaps(s.CapDrop)
	}
	if len(s.DNS) > 0 || len(s.DNSSearch) > 0 {
		cs.DNSConfig = &swarm.DNSConfig{Search: s.DNSSearch}
		for _, ns := range s.DNS {
			a, err := netip.ParseAddr(ns)
			if err != nil {
				return swarm.ServiceSpec{}, fmt.Errorf("invalid dns address %q", ns)
			}
			cs.DNSConfig.Nameservers = append(cs.DNSConfig.Nameservers, a)
		}
	}
	for _, h := range s.ExtraHosts {
		// host:ip in the file, "ip host" for the engine
		if i := strings.IndexByte(h, ':'); i >= 0 {
			cs.Hosts = append(cs.Hosts, h[i+1:]+" "+h[:i])
		} else if i := strings.IndexByte(h, '='); i >= 0 {
			cs.Hosts = append(cs.Hosts, h[i+1:]+" "+h[:i])
		}
	}
	for _, n := range sortedUlimits(s.Ulimits) {
		u := s.Ulimits[n]
		soft, hard := int64(u.Soft), int64(u.Hard)
		if u.Single != 0 {
			soft, hard = int64(u.Single), int64(u.Single)
		}
		cs.Ulimits = append(cs.Ulimits, &container.Ulimit{Name: n, Soft: soft, Hard: hard})
	}
	hc, err := convertHealthcheck(s.Healthcheck)
	if err != nil {
		return swarm.ServiceSpec{}, err
	}
	cs.Healthcheck = hc
	mounts, err := convertVolumes(stack, s.Volumes, cfg)
	if err != nil {
		return swarm.ServiceSpec{}, err
	}
	cs.Mounts = mounts
	for _, r := range s.Secrets {
		obj, ok := cfg.Secrets[r.Source]
		if !ok {
			return swarm.ServiceSpec{}, fmt.Errorf("undefined secret %q", r.Source)
		}
		sname := fileObjectName(stack, r.Source, obj)
		id, ok := secrets[sname]
		if !ok {
			return swarm.ServiceSpec{}, fmt.Errorf("secret not found: %s", sname)
		}
		cs.Secrets = append(cs.Secrets, &swarm.SecretReference{
			File:     &swarm.SecretReferenceFileTarget{Name: fileTarget(r), UID: orZero(r.UID), GID: orZero(r.GID), Mode: fileMode(r)},
			SecretID: id, SecretName: sname,
		})
	}
	for _, r := range s.Configs {
		obj, ok := cfg.Configs[r.Source]
		if !ok {
			return swarm.ServiceSpec{}, fmt.Errorf("undefined config %q", r.Source)
		}
		cname := fileObjectName(stack, r.Source, obj)
		id, ok := configs[cname]
		if !ok {
			return swarm.ServiceSpec{}, fmt.Errorf("config not found: %s", cname)
		}
		t := fileTarget(r)
		cs.Configs = append(cs.Configs, &swarm.ConfigReference{
			File:     &swarm.ConfigReferenceFileTarget{Name: t, UID: orZero(r.UID), GID: orZero(r.GID), Mode: fileMode(r)},
			ConfigID: id, ConfigName: cname,
		})
	}

	spec := swarm.ServiceSpec{
		Annotations: swarm.Annotations{Name: scoped(stack, name), Labels: stackLabels(stack, nil)},
		TaskTemplate: swarm.TaskSpec{
			ContainerSpec: cs,
			// docker sends both, empty when the file sets neither
			Placement: &swarm.Placement{},
			Resources: &swarm.ResourceRequirements{},
		},
		EndpointSpec: &swarm.EndpointSpec{},
	}
	spec.Labels[imageLabel] = s.Image
	if s.Logging != nil {
		spec.TaskTemplate.LogDriver = &swarm.Driver{Name: s.Logging.Driver, Options: s.Logging.Options}
	}
	nets, err := convertServiceNetworks(stack, name, s, cfg)
	if err != nil {
		return swarm.ServiceSpec{}, err
	}
	spec.TaskTemplate.Networks = nets
	for _, p := range s.Ports {
		spec.EndpointSpec.Ports = append(spec.EndpointSpec.Ports, swarm.PortConfig{
			Protocol: network.IPProtocol(p.Protocol), TargetPort: p.Target,
			PublishedPort: p.Published, PublishMode: swarm.PortConfigPublishMode(p.Mode),
		})
	}
	mode := swarm.ServiceMode{Replicated: &swarm.ReplicatedService{}}
	one := uint64(1)
	mode.Replicated.Replicas = &one
	if d := s.Deploy; d != nil {
		for k, v := range d.Labels {
			spec.Labels[k] = v
		}
		switch d.Mode {
		case "global":
			if d.Replicas != nil {
				return swarm.ServiceSpec{}, fmt.Errorf("replicas can only be used with replicated or replicated-job mode")
			}
			mode = swarm.ServiceMode{Global: &swarm.GlobalService{}}
		case "", "replicated":
			if d.Replicas != nil {
				mode.Replicated.Replicas = d.Replicas
			}
		default:
			return swarm.ServiceSpec{}, fmt.Errorf("unknown mode: %s", d.Mode)
		}
		spec.EndpointSpec.Mode = swarm.ResolutionMode(d.EndpointMode)
		spec.UpdateConfig = convertUpdate(d.UpdateConfig)
		spec.RollbackConfig = convertUpdate(d.RollbackConfig)
		res, err := convertResources(d.Resources)
		if err != nil {
			return swarm.ServiceSpec{}, err
		}
		if res != nil {
			spec.TaskTemplate.Resources = res
		}
		if rp := d.RestartPolicy; rp != nil {
			spec.TaskTemplate.RestartPolicy = &swarm.RestartPolicy{
				Condition: swarm.RestartPolicyCondition(rp.Condition), Delay: dur(rp.Delay),
				MaxAttempts: rp.MaxAttempts, Window: dur(rp.Window),
			}
		}
		if p := d.Placement; p != nil {
			pl := &swarm.Placement{Constraints: p.Constraints, MaxReplicas: p.MaxReplicas}
			for _, pref := range p.Preferences {
				pl.Preferences = append(pl.Preferences, swarm.PlacementPreference{Spread: &swarm.SpreadOver{SpreadDescriptor: pref["spread"]}})
			}
			spec.TaskTemplate.Placement = pl
		}
	}
	if spec.TaskTemplate.RestartPolicy == nil && s.Restart != "" {
		spec.TaskTemplate.RestartPolicy = restartFromRestart(s.Restart)
	}
	spec.Mode = mode
	return spec, nil
}

func restartFromRestart(r string) *swarm.RestartPolicy {
	switch {
	case r == "no":
		return &swarm.RestartPolicy{Condition: swarm.RestartPolicyConditionNone}
	case r == "always" || r == "unless-stopped":
		return &swarm.RestartPolicy{Condition: swarm.RestartPolicyConditionAny}
	case strings.HasPrefix(r, "on-failure"):
		rp := &swarm.RestartPolicy{Condition: swarm.RestartPolicyConditionOnFailure}
		if _, n, ok := strings.Cut(r, ":"); ok {
			if v, err := strconv.ParseUint(n, 10, 64); err == nil {
				rp.MaxAttempts = &v
			}
		}
		return rp
	}
	return nil
}

func convertEnv(env map[string]*string) []string {
	out := make([]string, 0, len(env))
	for k, v := range env {
		if v == nil {
			out = append(out, k)
		} else {
			out = append(out, k+"="+*v)
		}
	}
	sort.Strings(out)
	if len(out) == 0 {
		return nil
	}
	return out
}

func sortedUlimits(m map[string]compose.Ulimit) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func dur(d *compose.Duration) *time.Duration {
	if d == nil {
		return nil
	}
	v := time.Duration(*d)
	return &v
}

func durVal(d *compose.Duration) time.Duration {
	if d == nil {
		return 0
	}
	return time.Duration(*d)
}

func convertHealthcheck(h *compose.Healthcheck) (*container.HealthConfig, error) {
	if h == nil {
		return nil, nil
	}
	if h.Disable {
		if len(h.Test) > 0 {
			return nil, fmt.Errorf("test and disable can't be set at the same time")
		}
		return &container.HealthConfig{Test: []string{"NONE"}}, nil
	}
	hc := &container.HealthConfig{
		Test: h.Test, Interval: durVal(h.Interval), Timeout: durVal(h.Timeout),
		StartPeriod: durVal(h.StartPeriod), StartInterval: durVal(h.StartInterval),
	}
	if h.Retries != nil {
		hc.Retries = int(*h.Retries)
	}
	return hc, nil
}

func convertUpdate(u *compose.UpdateConfig) *swarm.UpdateConfig {
	if u == nil {
		return nil
	}
	par := uint64(1)
	if u.Parallelism != nil {
		par = *u.Parallelism
	}
	return &swarm.UpdateConfig{
		Parallelism: par, Delay: durVal(u.Delay), FailureAction: swarm.FailureAction(u.FailureAction),
		Monitor: durVal(u.Monitor), MaxFailureRatio: u.MaxFailureRatio, Order: swarm.UpdateOrder(u.Order),
	}
}

func convertResources(r *compose.Resources) (*swarm.ResourceRequirements, error) {
	if r == nil {
		return nil, nil
	}
	out := &swarm.ResourceRequirements{}
	if l := r.Limits; l != nil {
		cpus, err := nanoCPUs(l.NanoCPUs)
		if err != nil {
			return nil, err
		}
		out.Limits = &swarm.Limit{NanoCPUs: cpus, MemoryBytes: int64(l.MemoryBytes), Pids: l.Pids}
	}
	if rs := r.Reservations; rs != nil {
		cpus, err := nanoCPUs(rs.NanoCPUs)
		if err != nil {
			return nil, err
		}
		out.Reservations = &swarm.Resources{NanoCPUs: cpus, MemoryBytes: int64(rs.MemoryBytes)}
		for _, g := range rs.GenericResources {
			if g.DiscreteResourceSpec != nil {
				out.Reservations.GenericResources = append(out.Reservations.GenericResources, swarm.GenericResource{
					DiscreteResourceSpec: &swarm.DiscreteGenericResource{Kind: g.DiscreteResourceSpec.Kind, Value: g.DiscreteResourceSpec.Value},
				})
			}
		}
	}
	return out, nil
}

func nanoCPUs(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("invalid cpus %q", s)
	}
	return int64(f * 1e9), nil
}

func convertServiceNetworks(stack, service string, s compose.ServiceConfig, cfg *compose.Config) ([]swarm.NetworkAttachmentConfig, error) {
	nets := serviceNetworks(s)
	keys := make([]string, 0, len(nets))
	for k := range nets {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []swarm.NetworkAttachmentConfig
	for _, k := range keys {
		n, ok := cfg.Networks[k]
		if !ok && k != "default" {
			return nil, fmt.Errorf("service %s: undefined network %q", service, k)
		}
		var aliases []string
		if sn := nets[k]; sn != nil {
			aliases = append(aliases, sn.Aliases...)
		}
		aliases = append(aliases, service)
		out = append(out, swarm.NetworkAttachmentConfig{Target: networkName(stack, k, n), Aliases: aliases})
	}
	return out, nil
}

func convertVolumes(stack string, vols []compose.Volume, cfg *compose.Config) ([]mount.Mount, error) {
	var out []mount.Mount
	for _, v := range vols {
		m := mount.Mount{Type: mount.Type(v.Type), Source: v.Source, Target: v.Target, ReadOnly: v.ReadOnly,
			Consistency: mount.Consistency(v.Consistency)}
		switch v.Type {
		case "volume":
			if v.Source != "" {
				top, ok := cfg.Volumes[v.Source]
				if !ok {
					return nil, fmt.Errorf("undefined volume %q", v.Source)
				}
				vo := &mount.VolumeOptions{}
				if v.Volume != nil {
					vo.NoCopy = v.Volume.NoCopy
				}
				switch {
				case top.External:
					m.Source = v.Source
					if top.Name != "" {
						m.Source = top.Name
					}
				default:
					m.Source = scoped(stack, v.Source)
					if top.Name != "" {
						m.Source = top.Name
					}
					vo.Labels = stackLabels(stack, top.Labels)
					if top.Driver != "" || len(top.DriverOpts) > 0 {
						vo.DriverConfig = &mount.Driver{Name: top.Driver, Options: top.DriverOpts}
					}
				}
				m.VolumeOptions = vo
			}
		case "bind":
			if v.Bind != nil {
				m.BindOptions = &mount.BindOptions{Propagation: mount.Propagation(v.Bind.Propagation), CreateMountpoint: v.Bind.CreateHostPath}
			}
		case "tmpfs":
			if v.Tmpfs != nil {
				m.TmpfsOptions = &mount.TmpfsOptions{SizeBytes: v.Tmpfs.Size, Mode: os.FileMode(v.Tmpfs.Mode)}
			}
		}
		out = append(out, m)
	}
	return out, nil
}

// fileObjectName is the engine's name of a secret or config of the file.
func fileObjectName(stack, key string, o compose.FileObject) string {
	if o.Name != "" {
		return o.Name
	}
	return scoped(stack, key)
}

func fileTarget(r compose.FileRef) string {
	if r.Target != "" {
		return r.Target
	}
	return r.Source
}

func orZero(s string) string {
	if s == "" {
		return "0"
	}
	return s
}

func fileMode(r compose.FileRef) os.FileMode {
	if r.Mode != nil {
		return os.FileMode(*r.Mode)
	}
	return 0o444
}
