package service

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/mount"
	"github.com/moby/moby/api/types/swarm"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/opts"
	"github.com/skiff-cli/skiff/completion"
)

// addRm is one --X-add/--X-rm pair of lists.
type addRm struct{ add, rm *opts.ListOpts }

func newAddRm(addCheck, rmCheck func(string) (string, error)) addRm {
	return addRm{add: opts.NewListOpts(addCheck), rm: opts.NewListOpts(rmCheck)}
}

// updateOptions are the flags and argument of docker service update.
type updateOptions struct {
	serviceOptions
	flags      *pflag.FlagSet
	service    string
	image      string
	args       commandValue
	force      bool
	doRollback bool
	env        addRm
	labels     addRm
	clabels    addRm
	constraint addRm
	dns        addRm
	dnsOption  addRm
	dnsSearch  addRm
	hosts      addRm
	generic    addRm
	sysctls    addRm
	capAdd     *opts.ListOpts
	capDrop    *opts.ListOpts
	groupRm    *opts.ListOpts
	mountAdd   opts.MountOpt
	mountRm    *opts.ListOpts
	publishAdd portValue
	publishRm  portValue
	secretAdd  fileRefValue
	secretRm   *opts.ListOpts
	configAdd  fileRefValue
	configRm   *opts.ListOpts
	networkAdd opts.NetworkOpt
	networkRm  *opts.ListOpts
	prefAdd    prefValue
	prefRm     prefValue
	ulimitAdd  *opts.UlimitOpt
	ulimitRm   *opts.ListOpts
}

func newUpdateCommand(cli commands.Cli) *cobra.Command {
	o := &updateOptions{
		serviceOptions: newServiceOptions(),
		env:            newAddRm(opts.ValidateEnv, nil),
		labels:         newAddRm(opts.ValidateLabel, nil),
		clabels:        newAddRm(opts.ValidateLabel, nil),
		constraint:     newAddRm(nil, nil),
		dns:            newAddRm(opts.ValidateIPAddress, nil),
		dnsOption:      newAddRm(nil, nil),
		dnsSearch:      newAddRm(opts.ValidateDNSSearch, nil),
		hosts:          newAddRm(opts.ValidateExtraHost, nil),
		generic:        newAddRm(validateGenericResource, nil),
		sysctls:        newAddRm(nil, nil),
		capAdd:         opts.NewListOpts(nil),
		capDrop:        opts.NewListOpts(nil),
		groupRm:        opts.NewListOpts(nil),
		mountRm:        opts.NewListOpts(nil),
		secretAdd:      fileRefValue{kind: "secret"},
		secretRm:       opts.NewListOpts(nil),
		configAdd:      fileRefValue{kind: "config"},
		configRm:       opts.NewListOpts(nil),
		networkRm:      opts.NewListOpts(nil),
		ulimitAdd:      opts.NewUlimitOpt(),
		ulimitRm:       opts.NewListOpts(nil),
	}
	cmd := &cobra.Command{
		Use:               "update [OPTIONS] SERVICE",
		Short:             "Update a service",
		Args:              commands.ExactArgs(1),
		ValidArgsFunction: completion.ServiceNames(cli),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.service = args[0]
			return runUpdate(cmd.Context(), cli, o)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		o.flags = flags
		o.bindCommon(flags, opts.ProcessNames{
			Hostname: opts.FlagName{Name: "hostname", Usage: "Host name inside the task's container"},
			Groups:   opts.FlagName{Name: "group-add", Usage: "Add an extra group for the task's process"},
		})
		flags.StringVar(&o.image, "image", "", "Image (tag) of the service")
		flags.Var(&o.args, "args", "Arguments of the service's command")
		flags.BoolVar(&o.force, "force", false, "Update even when nothing changed")
		flags.BoolVar(&o.doRollback, "rollback", false, "Go back to the previous spec")
		pair := func(name string, p addRm, what string) {
			flags.Var(p.add, name+"-add", "Add or update "+what)
			flags.Var(p.rm, name+"-rm", "Remove "+what)
		}
		pair("env", o.env, "an environment variable")
		pair("label", o.labels, "a service label")
		pair("container-label", o.clabels, "a container label")
		pair("constraint", o.constraint, "a placement constraint")
		pair("dns", o.dns, "a DNS server")
		pair("dns-option", o.dnsOption, "a DNS option")
		pair("dns-search", o.dnsSearch, "a DNS search domain")
		pair("host", o.hosts, "an /etc/hosts entry (host:ip)")
		pair("generic-resource", o.generic, "a user-defined resource")
		pair("sysctl", o.sysctls, "a sysctl option")
		flags.Var(o.capAdd, "cap-add", "Add Linux capabilities")
		flags.Var(o.capDrop, "cap-drop", "Drop Linux capabilities")
		flags.Var(o.groupRm, "group-rm", "Remove an extra group")
		flags.Var(&o.mountAdd, "mount-add", "Add or update a mount")
		flags.Var(o.mountRm, "mount-rm", "Remove a mount by its target path")
		flags.Var(&o.publishAdd, "publish-add", "Add or update a published port")
		flags.Var(&o.publishRm, "publish-rm", "Remove a published port by its target port")
		flags.Var(&o.secretAdd, "secret-add", "Add or update a secret")
		flags.Var(o.secretRm, "secret-rm", "Remove a secret")
		flags.Var(&o.configAdd, "config-add", "Add or update a config file")
		flags.Var(o.configRm, "config-rm", "Remove a config file")
		flags.Var(&o.networkAdd, "network-add", "Attach the service to a network")
		flags.Var(o.networkRm, "network-rm", "Detach the service from a network")
		flags.Var(&o.prefAdd, "placement-pref-add", "Add a placement preference")
		flags.Var(&o.prefRm, "placement-pref-rm", "Remove a placement preference")
		flags.Var(o.ulimitAdd, "ulimit-add", "Add or update a ulimit")
		flags.Var(o.ulimitRm, "ulimit-rm", "Remove a ulimit")
		// update changes only what is given: docker 28's help shows no defaults here
		flags.VisitAll(func(f *pflag.Flag) {
			switch {
			case f.Name == "ulimit-add":
			case f.Value.Type() == "bool":
				f.DefValue = "false"
			case f.Value.Type() == "int" || f.Value.Type() == "int64":
				f.DefValue = "0"
			default:
				f.DefValue = ""
			}
			f.Usage = strings.TrimSuffix(f.Usage, " (default 0)")
		})
		completeSpecFlags(cli, cmd)
	})
	return cmd
}

// runUpdate sends the service's spec changed by the flags, with the version it had.
func runUpdate(ctx context.Context, cli commands.Cli, o *updateOptions) error {
	flags := o.flags
	c, err := cli.Client()
	if err != nil {
		return err
	}
	if o.doRollback {
		others := false
		flags.Visit(func(f *pflag.Flag) {
			switch f.Name {
			case "rollback", "detach", "quiet":
			default:
				others = true
			}
		})
		if others {
			return errors.New("other flags may not be combined with --rollback")
		}
	}
	svc, _, err := c.ServiceInspect(ctx, o.service, false)
	if err != nil {
		return err
	}
	spec := svc.Spec
	uo := client.ServiceUpdateOptions{RegistryAuthFrom: string(swarm.RegistryAuthFromSpec)}
	if o.doRollback {
		uo.Rollback = "previous"
	} else {
		if err := o.apply(ctx, c, &spec); err != nil {
			return err
		}
	}
	if o.registryAuth {
		image := ""
		if spec.TaskTemplate.ContainerSpec != nil {
			image = spec.TaskTemplate.ContainerSpec.Image
		}
		if uo.EncodedAuth, err = imageAuth(ctx, cli, image); err != nil {
			return err
		}
		uo.RegistryAuthFrom = "" // the credentials sent replace the spec's, as docker 28

	}
	var warnings []string
	if flags.Changed("image") && !o.noResolveImage {
		if w := ResolveImage(ctx, c, &spec, uo.EncodedAuth); w != "" {
			warnings = append(warnings, w)
		}
	}
	resp, err := c.ServiceUpdate(ctx, svc.ID, svc.Version.Index, spec, uo)
	if err != nil {
		return err
	}
	for _, w := range append(warnings, resp.Warnings...) {
		fmt.Fprintln(cli.Err(), w)
	}
	fmt.Fprintln(cli.Out(), o.service)
	if o.detach {
		return nil
	}
	return waitService(ctx, cli, svc.ID, o.service, o.quiet, o.doRollback)
}

// apply changes spec as the flags ask.
func (o *updateOptions) apply(ctx context.Context, c *client.Client, spec *swarm.ServiceSpec) error {
	flags := o.flags
	ch := flags.Changed
	tt := &spec.TaskTemplate
	if tt.ContainerSpec == nil {
		tt.ContainerSpec = &swarm.ContainerSpec{}
	}
	cs := tt.ContainerSpec

	// networks
	if ch("network-add") || ch("network-rm") {
		var rmIDs []string
		for _, n := range o.networkRm.GetAll() {
			nw, _, err := c.NetworkInspect(ctx, n, false, "swarm")
			if err != nil {
				return err
			}
			rmIDs = append(rmIDs, nw.ID)
		}
		added, err := resolveNetworks(ctx, c, o.networkAdd.Value())
		if err != nil {
			return err
		}
		nets := tt.Networks
		var kept []swarm.NetworkAttachmentConfig
		for _, n := range nets {
			if !contains(rmIDs, n.Target) {
				kept = append(kept, n)
			}
		}
		for _, a := range added {
			for _, k := range kept {
				if k.Target == a.Target {
					return fmt.Errorf("service is already attached to network %s", a.Target)
				}
			}
			kept = append(kept, a)
		}
		tt.Networks = kept
	}

	// mode
	if ch("replicas") {
		switch {
		case spec.Mode.Replicated != nil:
			n := uint64(o.replicas)
			spec.Mode.Replicated.Replicas = &n
		default: // jobs too, in docker 28's words
			return errors.New("replicas can only be used with replicated mode")
		}
	}
	// docker 28 leaves --max-concurrent unheard for a service that is no job
	if ch("max-concurrent") && spec.Mode.ReplicatedJob != nil {
		n := uint64(o.maxConcurrent)
		spec.Mode.ReplicatedJob.MaxConcurrent = &n
	}

	// labels
	spec.Labels = updateMap(spec.Labels, o.labels)
	if ch("container-label-add") || ch("container-label-rm") {
		cs.Labels = updateMap(cs.Labels, o.clabels)
	}

	// container
	if ch("image") {
		cs.Image = NormalizeImage(o.image)
	}
	if ch("args") {
		cs.Args = o.args.words
	}
	if ch("entrypoint") {
		cs.Command = o.entrypoint.words
	}
	if ch("env-add") || ch("env-rm") {
		cs.Env = updateEnv(cs.Env, o.env.add.GetAll(), o.env.rm.GetAll())
	}
	setString(ch("hostname"), &cs.Hostname, o.process.Hostname)
	setString(ch("workdir"), &cs.Dir, o.process.Workdir)
	setString(ch("user"), &cs.User, o.process.User)
	setString(ch("stop-signal"), &cs.StopSignal, o.process.StopSignal)
	if ch("isolation") {
		cs.Isolation = container.Isolation(o.process.Isolation)
	}
	if ch("tty") {
		cs.TTY = o.process.TTY
	}
	if ch("read-only") {
		cs.ReadOnly = o.process.ReadOnly
	}
	if ch("init") {
		v := o.process.Init
		cs.Init = &v
	}
	if ch("stop-grace-period") {
		cs.StopGracePeriod = durationPtr(o.stopGrace.d)
	}
	if ch("oom-score-adj") {
		cs.OomScoreAdj = o.oomScoreAdj
	}
	if ch("group-add") || ch("group-rm") {
		cs.Groups = updateList(cs.Groups, o.process.Groups.GetAll(), o.groupRm.GetAll(), false)
	}
	if ch("credential-spec") && o.credSpec.spec != nil {
		if cs.Privileges == nil {
			cs.Privileges = &swarm.Privileges{}
		}
		cs.Privileges.CredentialSpec = o.credSpec.spec
	}
	if anyChanged(flags, "health-", "cmd", "interval", "retries", "timeout", "start-period", "start-interval") || ch("no-healthcheck") {
		h, err := o.health.Config()
		if err != nil {
			return err
		}
		if o.health.Disable {
			cs.Healthcheck = h
		} else {
			if cs.Healthcheck == nil || (len(cs.Healthcheck.Test) == 1 && cs.Healthcheck.Test[0] == "NONE") {
				cs.Healthcheck = &container.HealthConfig{}
			}
			if ch("health-cmd") {
				cs.Healthcheck.Test = h.Test
				if o.health.Cmd == "" {
					cs.Healthcheck.Test = nil
				}
			}
			if ch("health-interval") {
				cs.Healthcheck.Interval = h.Interval
			}
			if ch("health-timeout") {
				cs.Healthcheck.Timeout = h.Timeout
			}
			if ch("health-retries") {
				cs.Healthcheck.Retries = h.Retries
			}
			if ch("health-start-period") {
				cs.Healthcheck.StartPeriod = h.StartPeriod
			}
			if ch("health-start-interval") {
				cs.Healthcheck.StartInterval = h.StartInterval
			}
		}
	}
	if ch("host-add") || ch("host-rm") {
		var add, rm []string
		for _, h := range o.hosts.add.GetAll() {
			add = append(add, hostEntry(h))
		}
		for _, h := range o.hosts.rm.GetAll() {
			if strings.Contains(h, ":") {
				h = hostEntry(h)
			}
			rm = append(rm, h)
		}
		cs.Hosts = updateHosts(cs.Hosts, add, rm)
	}
	if ch("dns-add") || ch("dns-rm") || ch("dns-option-add") || ch("dns-option-rm") || ch("dns-search-add") || ch("dns-search-rm") {
		if cs.DNSConfig == nil {
			cs.DNSConfig = &swarm.DNSConfig{}
		}
		var servers []string
		for _, a := range cs.DNSConfig.Nameservers {
			servers = append(servers, a.String())
		}
		servers = updateList(servers, o.dns.add.GetAll(), o.dns.rm.GetAll(), true)
		addrs, err := opts.ParseDNS(servers)
		if err != nil {
			return err
		}
		cs.DNSConfig.Nameservers = addrs
		cs.DNSConfig.Search = updateList(cs.DNSConfig.Search, o.dnsSearch.add.GetAll(), o.dnsSearch.rm.GetAll(), true)
		cs.DNSConfig.Options = updateList(cs.DNSConfig.Options, o.dnsOption.add.GetAll(), o.dnsOption.rm.GetAll(), true)
	}
	if ch("sysctl-add") || ch("sysctl-rm") {
		cs.Sysctls = updateMap(cs.Sysctls, o.sysctls)
	}
	if ch("cap-add") || ch("cap-drop") {
		cs.CapabilityAdd, cs.CapabilityDrop = updateCaps(cs.CapabilityAdd, cs.CapabilityDrop, o.capAdd.GetAll(), o.capDrop.GetAll())
	}
	if ch("ulimit-add") || ch("ulimit-rm") {
		cs.Ulimits = updateUlimits(cs.Ulimits, o.ulimitAdd.GetList(), o.ulimitRm.GetAll())
	}
	if ch("mount-add") || ch("mount-rm") {
		cs.Mounts = updateMounts(cs.Mounts, o.mountAdd.Value(), o.mountRm.GetAll())
	}
	if ch("secret-add") || ch("secret-rm") {
		added, err := resolveSecrets(ctx, c, o.secretAdd.refs)
		if err != nil {
			return err
		}
		cs.Secrets = updateSecrets(cs.Secrets, added, o.secretRm.GetAll())
	}
	if ch("config-add") || ch("config-rm") {
		added, err := resolveConfigs(ctx, c, o.configAdd.refs)
		if err != nil {
			return err
		}
		cs.Configs = updateConfigs(cs.Configs, added, o.configRm.GetAll())
	}

	// resources
	if anyChanged(flags, "limit-", "cpu", "memory", "pids") {
		if tt.Resources == nil {
			tt.Resources = &swarm.ResourceRequirements{}
		}
		if tt.Resources.Limits == nil {
			tt.Resources.Limits = &swarm.Limit{}
		}
		if ch("limit-cpu") {
			tt.Resources.Limits.NanoCPUs = o.limits.CPUs.Value()
		}
		if ch("limit-memory") {
			tt.Resources.Limits.MemoryBytes = o.limits.Memory.Value()
		}
		if ch("limit-pids") {
			tt.Resources.Limits.Pids = o.limits.Pids
		}
	}
	if anyChanged(flags, "reserve-", "cpu", "memory") || ch("generic-resource-add") || ch("generic-resource-rm") {
		if tt.Resources == nil {
			tt.Resources = &swarm.ResourceRequirements{}
		}
		if tt.Resources.Reservations == nil {
			tt.Resources.Reservations = &swarm.Resources{}
		}
		r := tt.Resources.Reservations
		if ch("reserve-cpu") {
			r.NanoCPUs = o.reserve.CPUs.Value()
		}
		if ch("reserve-memory") {
			r.MemoryBytes = o.reserve.Memory.Value()
		}
		g, err := updateGeneric(r.GenericResources, o.generic.add.GetAll(), o.generic.rm.GetAll())
		if err != nil {
			return err
		}
		r.GenericResources = g
	}

	// restart policy
	if anyChanged(flags, "restart-", "condition", "delay", "max-attempts", "window") {
		if tt.RestartPolicy == nil {
			d, m := o.restartDelay.d, uint64(0)
			if !ch("restart-delay") {
				d = newServiceOptions().restartDelay.d
			}
			tt.RestartPolicy = &swarm.RestartPolicy{Condition: swarm.RestartPolicyConditionAny, Delay: &d, MaxAttempts: &m}
		}
		rp := tt.RestartPolicy
		if ch("restart-condition") {
			rp.Condition = swarm.RestartPolicyCondition(o.restartCond)
		}
		if ch("restart-delay") {
			rp.Delay = durationPtr(o.restartDelay.d)
		}
		if ch("restart-max-attempts") {
			n := uint64(o.restartMax)
			rp.MaxAttempts = &n
		}
		if ch("restart-window") {
			rp.Window = durationPtr(o.restartWindow.d)
		}
	}

	// placement
	if ch("constraint-add") || ch("constraint-rm") || ch("placement-pref-add") || ch("placement-pref-rm") || ch("replicas-max-per-node") {
		if tt.Placement == nil {
			tt.Placement = &swarm.Placement{}
		}
		p := tt.Placement
		if ch("constraint-add") || ch("constraint-rm") {
			p.Constraints = updateList(p.Constraints, o.constraint.add.GetAll(), o.constraint.rm.GetAll(), true)
		}
		if ch("placement-pref-add") || ch("placement-pref-rm") {
			p.Preferences = updatePrefs(p.Preferences, o.prefAdd.prefs, o.prefRm.prefs)
		}
		if ch("replicas-max-per-node") {
			p.MaxReplicas = uint64(o.maxReplicas)
		}
	}

	// logging
	if ch("log-driver") || ch("log-opt") {
		lc := o.log.Config()
		if ch("log-driver") {
			tt.LogDriver = &swarm.Driver{Name: lc.Type, Options: lc.Config}
		} else if tt.LogDriver != nil {
			tt.LogDriver.Options = lc.Config
		}
	}

	// update and rollback policies
	spec.UpdateConfig = updatePolicy(flags, "update", spec.UpdateConfig, &o.update)
	spec.RollbackConfig = updatePolicy(flags, "rollback", spec.RollbackConfig, &o.rollback)

	// endpoint
	if ch("endpoint-mode") || ch("publish-add") || ch("publish-rm") {
		if spec.EndpointSpec == nil {
			spec.EndpointSpec = &swarm.EndpointSpec{}
		}
		if ch("endpoint-mode") {
			spec.EndpointSpec.Mode = swarm.ResolutionMode(o.endpointMode)
		}
		if ch("publish-add") || ch("publish-rm") {
			spec.EndpointSpec.Ports = updatePorts(spec.EndpointSpec.Ports, o.publishAdd.ports, o.publishRm.ports)
		}
	}

	if o.force {
		tt.ForceUpdate++
	}
	return nil
}

func setString(changed bool, dst *string, v string) {
	if changed {
		*dst = v
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// updateMap removes the -rm keys, then sets the -add key=value pairs.
func updateMap(m map[string]string, p addRm) map[string]string {
	if m == nil && p.add.Len() > 0 {
		m = map[string]string{}
	}
	for _, k := range p.rm.GetAll() {
		k, _, _ = strings.Cut(k, "=")
		delete(m, k)
	}
	for k, v := range opts.KeyValueMap(p.add.GetAll()) {
		m[k] = v
	}
	return m
}

// updateEnv keeps the variables not removed, in place with a new value when added
// again, and appends the new ones in the order given.
func updateEnv(env, add, rm []string) []string {
	var out []string
	for _, e := range env {
		k, _, _ := strings.Cut(e, "=")
		if contains(rm, k) {
			continue
		}
		out = append(out, e)
	}
	for _, a := range add {
		k, _, _ := strings.Cut(a, "=")
		replaced := false
		for i, e := range out {
			if ek, _, _ := strings.Cut(e, "="); ek == k {
				out[i], replaced = a, true
			}
		}
		if !replaced {
			out = append(out, a)
		}
	}
	return out
}

// updateList removes the -rm values and adds the -add ones not there yet, sorted when
// docker sorts that list.
func updateList(list, add, rm []string, sorted bool) []string {
	var out []string
	for _, v := range list {
		if !contains(rm, v) {
			out = append(out, v)
		}
	}
	for _, a := range add {
		if !contains(out, a) {
			out = append(out, a)
		}
	}
	if sorted {
		sort.Strings(out)
	}
	return out
}

func updateHosts(hosts, add, rm []string) []string {
	var out []string
	for _, h := range hosts {
		keep := true
		for _, r := range rm {
			if h == r || strings.HasSuffix(h, " "+r) {
				keep = false
			}
		}
		if keep {
			out = append(out, h)
		}
	}
	for _, a := range add {
		if !contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

func updateCaps(add, drop, newAdd, newDrop []string) ([]string, []string) {
	na, nd := opts.NormalizeCaps(newAdd), opts.NormalizeCaps(newDrop)
	// a drop of a capability the service adds only takes the add away (and the
	// other way round), as docker 28 does
	var outAdd, outDrop []string
	for _, c := range add {
		if !contains(nd, c) {
			outAdd = append(outAdd, c)
		}
	}
	for _, c := range drop {
		if !contains(na, c) {
			outDrop = append(outDrop, c)
		}
	}
	for _, c := range na {
		if !contains(drop, c) {
			outAdd = append(outAdd, c)
		}
	}
	for _, c := range nd {
		if !contains(add, c) {
			outDrop = append(outDrop, c)
		}
	}
	return opts.NormalizeCaps(outAdd), opts.NormalizeCaps(outDrop)
}

func updateUlimits(cur []*container.Ulimit, add []*container.Ulimit, rm []string) []*container.Ulimit {
	m := map[string]*container.Ulimit{}
	for _, u := range cur {
		m[u.Name] = u
	}
	for _, r := range rm {
		delete(m, r)
	}
	for _, u := range add {
		m[u.Name] = u
	}
	var out []*container.Ulimit
	for _, u := range m {
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func updateMounts(cur, add []mount.Mount, rm []string) []mount.Mount {
	var out []mount.Mount
	for _, m := range cur {
		if contains(rm, m.Target) {
			continue
		}
		replaced := false
		for _, a := range add {
			if a.Target == m.Target {
				replaced = true
			}
		}
		if !replaced {
			out = append(out, m)
		}
	}
	out = append(out, add...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Target < out[j].Target })
	return out
}

// updateRefs drops the references rm names (by name or ID) and adds add, an added one
// taking the place of one with the same target file: secrets and configs alike. key
// gives a reference's name, ID and target file (ok false when it has none).
func updateRefs[R any](cur, add []R, rm []string, key func(R) (name, id, file string, ok bool)) []R {
	var out []R
	for _, r := range cur {
		if name, id, _, _ := key(r); contains(rm, name) || contains(rm, id) {
			continue
		}
		out = append(out, r)
	}
	for _, a := range add {
		_, _, af, aok := key(a)
		replaced := false
		for i, r := range out {
			if _, _, f, ok := key(r); ok && aok && f == af {
				out[i], replaced = a, true
			}
		}
		if !replaced {
			out = append(out, a)
		}
	}
	return out
}

func updateSecrets(cur, add []*swarm.SecretReference, rm []string) []*swarm.SecretReference {
	return updateRefs(cur, add, rm, func(s *swarm.SecretReference) (string, string, string, bool) {
		if s.File == nil {
			return s.SecretName, s.SecretID, "", false
		}
		return s.SecretName, s.SecretID, s.File.Name, true
	})
}

func updateConfigs(cur, add []*swarm.ConfigReference, rm []string) []*swarm.ConfigReference {
	return updateRefs(cur, add, rm, func(c *swarm.ConfigReference) (string, string, string, bool) {
		if c.File == nil {
			return c.ConfigName, c.ConfigID, "", false
		}
		return c.ConfigName, c.ConfigID, c.File.Name, true
	})
}

func updateGeneric(cur []swarm.GenericResource, add, rm []string) ([]swarm.GenericResource, error) {
	var out []swarm.GenericResource
	for _, g := range cur {
		kind := ""
		if g.DiscreteResourceSpec != nil {
			kind = g.DiscreteResourceSpec.Kind
		} else if g.NamedResourceSpec != nil {
			kind = g.NamedResourceSpec.Kind
		}
		if contains(rm, kind) {
			continue
		}
		out = append(out, g)
	}
	added, err := genericResources(add)
	return append(out, added...), err
}

func updatePrefs(cur, add, rm []swarm.PlacementPreference) []swarm.PlacementPreference {
	var out []swarm.PlacementPreference
	for _, p := range cur {
		drop := false
		for _, r := range rm {
			if p.Spread != nil && r.Spread != nil && p.Spread.SpreadDescriptor == r.Spread.SpreadDescriptor {
				drop = true
			}
		}
		if !drop {
			out = append(out, p)
		}
	}
	return append(out, add...)
}

// updatePorts removes the ports published for the -rm targets and adds the new ones,
// in docker's order (by published port, then target, then protocol).
func updatePorts(cur, add, rm []swarm.PortConfig) []swarm.PortConfig {
	var out []swarm.PortConfig
	for _, p := range cur {
		drop := false
		for _, r := range rm {
			if p.TargetPort == r.TargetPort && p.Protocol == r.Protocol {
				drop = true
			}
		}
		for _, a := range add {
			if a == p {
				drop = true
			}
		}
		if !drop {
			out = append(out, p)
		}
	}
	out = append(out, add...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].PublishedPort != out[j].PublishedPort {
			return out[i].PublishedPort < out[j].PublishedPort
		}
		return out[i].TargetPort < out[j].TargetPort
	})
	return out
}

// updatePolicy changes the given fields of an update or rollback config, made with
// the defaults first when the service has none.
func updatePolicy(flags *pflag.FlagSet, kind string, cur *swarm.UpdateConfig, p *policyOptions) *swarm.UpdateConfig {
	if !anyChanged(flags, kind+"-", policySuffixes...) {
		return cur
	}
	if cur == nil {
		d := newServiceOptions().update
		cur = &swarm.UpdateConfig{Parallelism: uint64(d.parallelism), Monitor: d.monitor.d,
			FailureAction: swarm.FailureAction(d.failureAction), Order: swarm.UpdateOrder(d.order)}
	}
	ch := func(s string) bool { return flags.Changed(kind + "-" + s) }
	if ch("parallelism") {
		cur.Parallelism = uint64(p.parallelism)
	}
	if ch("delay") {
		cur.Delay = p.delay.d
	}
	if ch("monitor") {
		cur.Monitor = p.monitor.d
	}
	if ch("failure-action") {
		cur.FailureAction = swarm.FailureAction(p.failureAction)
	}
	if ch("max-failure-ratio") {
		cur.MaxFailureRatio = float32(p.maxFailureRatio)
	}
	if ch("order") {
		cur.Order = swarm.UpdateOrder(p.order)
	}
	return cur
}
