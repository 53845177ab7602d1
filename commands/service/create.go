package service

import (
	"context"
	"fmt"

	"github.com/moby/moby/api/types/swarm"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/opts"
	"github.com/skiff-cli/skiff/completion"
)

// createOptions are the flags and arguments of docker service create.
type createOptions struct {
	serviceOptions
	flags           *pflag.FlagSet
	name            string
	image           string
	args            []string
	env             *opts.EnvFlags
	labels          *opts.LabelFlags
	containerLabels *opts.LabelFlags
	secrets         fileRefValue
	configs         fileRefValue
	publish         portValue
	mounts          opts.MountOpt
	constraints     *opts.ListOpts
	prefs           prefValue
	ulimits         *opts.UlimitOpt
	dns             *opts.DNSFlags
	hosts           *opts.ListOpts
	networks        opts.NetworkOpt
	caps            *opts.CapFlags
	sysctls         *opts.ListOpts
	generic         *opts.ListOpts
}

func newCreateCommand(cli commands.Cli) *cobra.Command {
	o := &createOptions{
		serviceOptions:  newServiceOptions(),
		env:             opts.NewEnvFlags(),
		labels:          opts.NewLabelFlags(),
		containerLabels: opts.NewLabelFlags(),
		secrets:         fileRefValue{kind: "secret"},
		configs:         fileRefValue{kind: "config"},
		constraints:     opts.NewListOpts(nil),
		ulimits:         opts.NewUlimitOpt(),
		dns:             opts.NewDNSFlags(),
		hosts:           opts.NewListOpts(opts.ValidateExtraHost),
		caps:            opts.NewCapFlags(),
		sysctls:         opts.NewListOpts(nil),
		generic:         opts.NewListOpts(validateGenericResource),
	}
	cmd := &cobra.Command{
		Use:               "create [OPTIONS] IMAGE [COMMAND] [ARG...]",
		Short:             "Create a new service",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: completion.None,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.image, o.args = args[0], args[1:]
			return runCreate(cmd.Context(), cli, o)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		o.flags = flags
		flags.SetInterspersed(false)
		o.bindCommon(flags, opts.ProcessNames{
			Hostname: opts.FlagName{Name: "hostname", Usage: "Host name inside the task's container"},
			Groups:   opts.FlagName{Name: "group", Usage: "Extra group for the task's process"},
		})
		flags.StringVar(&o.name, "name", "", "Service name")
		flags.StringVar(&o.mode, "mode", "replicated", `Service mode ("replicated", "global", "replicated-job", "global-job")`)
		o.env.Bind(flags)
		o.labels.Bind(flags, opts.FlagName{Name: "label", Shorthand: "l", Usage: "Label to set on the service (key=value)"}, opts.FlagName{})
		o.containerLabels.Bind(flags, opts.FlagName{Name: "container-label", Usage: "Label to set on the task containers (key=value)"}, opts.FlagName{})
		flags.Var(&o.secrets, "secret", "Secret to give the service (name, or source=,target=,uid=,gid=,mode=)")
		flags.Var(&o.configs, "config", "Config to give the service (name, or source=,target=,uid=,gid=,mode=)")
		flags.VarP(&o.publish, "publish", "p", "Port to publish on every node ([published:]target[/proto], or published=,target=,protocol=,mode=)")
		flags.Var(&o.mounts, "mount", "Mount to add to the task containers (type=...,source=...,target=...)")
		flags.Var(o.constraints, "constraint", "Placement constraint (node.role==manager)")
		flags.Var(&o.prefs, "placement-pref", "Placement preference (spread=<label>)")
		flags.Var(o.ulimits, "ulimit", "Resource limit (name=soft[:hard])")
		o.dns.Bind(flags)
		flags.Var(o.hosts, "host", "Extra /etc/hosts entry (host:ip)")
		flags.Var(&o.networks, "network", "Network to attach the service to")
		o.caps.Bind(flags)
		flags.Var(o.sysctls, "sysctl", "Namespaced kernel parameter (key=value)")
		flags.Var(o.generic, "generic-resource", "User-defined resource to reserve (kind=value)")
		completeSpecFlags(cli, cmd)
	})
	return cmd
}

// runCreate makes the spec, creates the service and, unless detached, follows it until
// it converges.
func runCreate(ctx context.Context, cli commands.Cli, o *createOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	spec, err := o.spec(ctx, cli)
	if err != nil {
		return err
	}
	var auth string
	if o.registryAuth {
		a, err := imageAuth(ctx, cli, spec.TaskTemplate.ContainerSpec.Image)
		if err != nil {
			return err
		}
		auth = a
	}
	var warnings []string
	if !o.noResolveImage {
		if w := ResolveImage(ctx, c, &spec, auth); w != "" {
			warnings = append(warnings, w)
		}
	}
	resp, err := c.ServiceCreate(ctx, spec, clientCreateOptions(auth))
	if err != nil {
		return err
	}
	for _, w := range append(warnings, resp.Warnings...) {
		fmt.Fprintln(cli.Err(), w)
	}
	fmt.Fprintln(cli.Out(), resp.ID)
	if o.detach {
		return nil
	}
	return WaitConverged(ctx, cli, resp.ID, resp.ID, o.quiet)
}

// spec is the service spec of the flags and arguments; names of networks, secrets and
// configs are resolved through the engine.
func (o *createOptions) spec(ctx context.Context, cli commands.Cli) (swarm.ServiceSpec, error) {
	var spec swarm.ServiceSpec
	flags := o.flags
	mode, err := o.specMode(flags)
	if err != nil {
		return spec, err
	}
	env, err := o.env.Variables()
	if err != nil {
		return spec, err
	}
	labels, err := o.labels.Map()
	if err != nil {
		return spec, err
	}
	if labels == nil {
		labels = map[string]string{}
	}
	clabels, err := o.containerLabels.Map()
	if err != nil {
		return spec, err
	}
	if len(clabels) == 0 {
		clabels = nil
	}
	health, err := o.health.Config()
	if err != nil {
		return spec, err
	}
	generic, err := genericResources(o.generic.GetAll())
	if err != nil {
		return spec, err
	}
	c, err := cli.Client()
	if err != nil {
		return spec, err
	}
	nets, err := resolveNetworks(ctx, c, o.networks.Value())
	if err != nil {
		return spec, err
	}
	secrets, err := resolveSecrets(ctx, c, o.secrets.refs)
	if err != nil {
		return spec, err
	}
	configs, err := resolveConfigs(ctx, c, o.configs.refs)
	if err != nil {
		return spec, err
	}
	servers, err := o.dns.Addresses()
	if err != nil {
		return spec, err
	}
	init := o.process.Init
	cs := &swarm.ContainerSpec{
		Image:       NormalizeImage(o.image),
		Labels:      clabels,
		Command:     o.entrypoint.words,
		Args:        o.args,
		Hostname:    o.process.Hostname,
		Env:         env,
		Dir:         o.process.Workdir,
		User:        o.process.User,
		Groups:      o.process.Groups.GetAll(),
		Init:        &init,
		StopSignal:  o.process.StopSignal,
		TTY:         o.process.TTY,
		ReadOnly:    o.process.ReadOnly,
		Mounts:      o.mounts.Value(),
		Healthcheck: health,
		DNSConfig: &swarm.DNSConfig{
			Nameservers: servers,
			Search:      o.dns.Search.GetAll(),
			Options:     o.dns.Options.GetAll(),
		},
		Secrets:     secrets,
		Configs:     configs,
		Isolation:   isolation(o.process.Isolation),
		OomScoreAdj: o.oomScoreAdj,
	}
	if len(o.args) == 0 {
		cs.Args = nil
	}
	for _, h := range o.hosts.GetAll() {
		cs.Hosts = append(cs.Hosts, hostEntry(h))
	}
	if flags.Changed("stop-grace-period") {
		cs.StopGracePeriod = durationPtr(o.stopGrace.d)
	}
	if o.credSpec.spec != nil {
		cs.Privileges = &swarm.Privileges{CredentialSpec: o.credSpec.spec}
	}
	if s := o.sysctls.GetAll(); len(s) > 0 {
		cs.Sysctls = opts.KeyValueMap(s)
	}
	cs.CapabilityAdd, cs.CapabilityDrop = o.caps.Normalized()
	if len(o.ulimits.GetList()) > 0 {
		cs.Ulimits = o.ulimits.GetList()
	}
	spec = swarm.ServiceSpec{
		Annotations: swarm.Annotations{Name: o.name, Labels: labels},
		TaskTemplate: swarm.TaskSpec{
			ContainerSpec: cs,
			Resources: &swarm.ResourceRequirements{
				Limits: &swarm.Limit{NanoCPUs: o.limits.CPUs.Value(), MemoryBytes: o.limits.Memory.Value(), Pids: o.limits.Pids},
				Reservations: &swarm.Resources{NanoCPUs: o.reserve.CPUs.Value(), MemoryBytes: o.reserve.Memory.Value(),
					GenericResources: generic},
			},
			RestartPolicy: o.restartPolicy(flags),
			Placement: &swarm.Placement{
				Constraints: o.constraints.GetAll(),
				Preferences: o.prefs.prefs,
				MaxReplicas: uint64(o.maxReplicas),
			},
			Networks: nets,
		},
		Mode:           mode,
		UpdateConfig:   policyConfig(flags, "update", &o.update),
		RollbackConfig: policyConfig(flags, "rollback", &o.rollback),
		EndpointSpec:   &swarm.EndpointSpec{Mode: swarm.ResolutionMode(o.endpointMode), Ports: o.publish.ports},
	}
	if o.log.Driver != "" {
		lc := o.log.Config()
		spec.TaskTemplate.LogDriver = &swarm.Driver{Name: lc.Type, Options: lc.Config}
	}
	return spec, nil
}
