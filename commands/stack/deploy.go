package stack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/moby/moby/api/types/swarm"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/service"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/compose"
	"github.com/skiff-cli/skiff/imageref"
)

// deployOptions are the flags of docker stack deploy.
type deployOptions struct {
	files        []string
	prune        bool
	resolveImage string
	registryAuth bool
	detach       bool
	detachSet    bool
	quiet        bool
	stack        string
}

func newDeployCommand(cli commands.Cli) *cobra.Command {
	opts := &deployOptions{}
	cmd := &cobra.Command{
		Use:               "deploy [OPTIONS] STACK",
		Aliases:           []string{"up"},
		Short:             "Deploy a new stack or update an existing stack",
		Args:              commands.ExactArgs(1),
		ValidArgsFunction: completion.StackNames(cli),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.stack = args[0]
			opts.detachSet = cmd.Flags().Changed("detach")
			return runDeploy(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.StringSliceVarP(&opts.files, "compose-file", "c", nil, `Path to a Compose file, or "-" to read from stdin`)
		flags.BoolVar(&opts.registryAuth, "with-registry-auth", false, "Give the swarm's nodes the registry credentials to pull the images")
		flags.BoolVar(&opts.prune, "prune", false, "Remove the stack's services that the files no longer name")
		flags.StringVar(&opts.resolveImage, "resolve-image", "always", `Ask the registry for each image's digest and platforms ("always", "changed", "never")`)
		flags.BoolVarP(&opts.detach, "detach", "d", true, "Return at once instead of waiting for the services to converge")
		flags.BoolVarP(&opts.quiet, "quiet", "q", false, "Print no progress")
	})
	return cmd
}

// deployer holds what one deploy learns about the swarm.
type deployer struct {
	ctx   context.Context
	cli   commands.Cli
	c     *client.Client
	opts  *deployOptions
	cfg   *compose.Config
	out   io.Writer
	stack string
}

func runDeploy(ctx context.Context, cli commands.Cli, opts *deployOptions) error {
	switch opts.resolveImage {
	case "always", "changed", "never":
	default:
		return fmt.Errorf("Invalid option %s for flag --resolve-image", opts.resolveImage)
	}
	cfg, err := loadCompose(cli, opts.files, false)
	var forbidden *compose.ForbiddenError
	if errors.As(err, &forbidden) {
		return unsupportedOptions(forbidden.Keys)
	}
	if err != nil {
		return err
	}
	if err := checkStackName(opts.stack); err != nil {
		return err
	}
	names := sortedServices(cfg)
	for _, n := range names {
		img := cfg.Services[n].Image
		if img == "" {
			return fmt.Errorf("invalid image reference for service %s: no image specified", n)
		}
		if _, err := imageref.Parse(img); err != nil {
			return fmt.Errorf("invalid image reference for service %s: invalid reference format", n)
		}
	}
	warnUnsupported(cli.Err(), cfg, names)
	if !opts.detachSet {
		fmt.Fprintln(cli.Err(), "Since --detach=false was not specified, tasks will be created in the background.\nIn a future release, --detach=false will become the default.")
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	d := &deployer{ctx: ctx, cli: cli, c: c, opts: opts, cfg: cfg, out: cli.Out(), stack: opts.stack}
	return d.run(names)
}

// checkStackName refuses names the engine could not take as a label value or prefix.
func checkStackName(name string) error {
	if strings.TrimSpace(name) == "" || strings.ContainsAny(name, " \t\n") {
		return fmt.Errorf("invalid stack name: %q", name)
	}
	return nil
}

func sortedServices(cfg *compose.Config) []string {
	names := make([]string, 0, len(cfg.Services))
	for n := range cfg.Services {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// warnUnsupported tells which keys of the file a swarm service cannot take, as docker does.
func warnUnsupported(w io.Writer, cfg *compose.Config, names []string) {
	var unsupported []string
	deprecated := map[string]string{}
	add := func(k string, set bool) {
		if set && !contains(unsupported, k) {
			unsupported = append(unsupported, k)
		}
	}
	for _, n := range names {
		s := cfg.Services[n]
		add("build", len(s.Build) > 0)
		add("cgroup_parent", s.CgroupParent != "")
		add("devices", len(s.Devices) > 0)
		add("domainname", s.DomainName != "")
		add("external_links", len(s.ExternalLinks) > 0)
		add("ipc", s.Ipc != "")
		add("links", len(s.Links) > 0)
		add("mac_address", s.MacAddress != "")
		add("network_mode", s.NetworkMode != "")
		add("pid", s.Pid != "")
		add("privileged", s.Privileged)
		add("restart", s.Restart != "")
		add("security_opt", len(s.SecurityOpt) > 0)
		add("shm_size", s.ShmSize != "")
		add("userns_mode", s.UsernsMode != "")
		if s.ContainerName != "" {
			deprecated["container_name"] = "Setting the container name is not supported."
		}
		if len(s.Expose) > 0 {
			deprecated["expose"] = "Exposing ports is unnecessary - services on the same network can access each other's containers on any port."
		}
	}
	sort.Strings(unsupported)
	if len(unsupported) > 0 {
		fmt.Fprintf(w, "Ignoring unsupported options: %s\n\n", strings.Join(unsupported, ", "))
	}
	if len(deprecated) > 0 {
		fmt.Fprint(w, "Ignoring deprecated options:\n\n")
		keys := make([]string, 0, len(deprecated))
		for k := range deprecated {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(w, "%s: %s\n\n", k, deprecated[k])
		}
	}
}

func contains(l []string, s string) bool {
	for _, e := range l {
		if e == s {
			return true
		}
	}
	return false
}

func (d *deployer) stackFilter() client.Filters {
	return client.NewFilters([2]string{"label", namespaceLabel + "=" + d.stack})
}

func (d *deployer) run(names []string) error {
	existing, err := d.c.ServiceList(d.ctx, d.stackFilter(), false)
	if err != nil {
		return err
	}
	byName := make(map[string]swarm.Service, len(existing))
	for _, s := range existing {
		byName[s.Spec.Name] = s
	}
	if d.opts.prune {
		if err := d.prune(existing); err != nil {
			return err
		}
	}
	if err := d.networks(names); err != nil {
		return err
	}
	secrets, err := d.fileObjects("secret", d.cfg.Secrets, names)
	if err != nil {
		return err
	}
	configs, err := d.fileObjects("config", d.cfg.Configs, names)
	if err != nil {
		return err
	}
	specs := make([]swarm.ServiceSpec, len(names))
	for i, n := range names {
		spec, err := convertService(d.stack, n, d.cfg.Services[n], d.cfg, secrets, configs)
		if err != nil {
			return fmt.Errorf("service %s: %w", n, err)
		}
		specs[i] = spec
	}
	var ids []string
	for i, n := range names {
		id, err := d.service(specs[i], byName[scoped(d.stack, n)])
		if err != nil {
			return err
		}
		ids = append(ids, id)
	}
	if !d.opts.detach {
		return d.wait(ids)
	}
	return nil
}

func (d *deployer) prune(existing []swarm.Service) error {
	var gone []string
	for _, s := range existing {
		short := strings.TrimPrefix(s.Spec.Name, d.stack+"_")
		if _, ok := d.cfg.Services[short]; !ok {
			gone = append(gone, s.Spec.Name)
		}
	}
	sort.Strings(gone)
	for _, name := range gone {
		fmt.Fprintf(d.out, "Removing service %s\n", name)
		if err := d.c.ServiceRemove(d.ctx, name); err != nil {
			fmt.Fprintf(d.cli.Err(), "Failed to remove service %s: %s\n", name, err)
		}
	}
	return nil
}

// networks checks the external networks the services use and creates the stack's own
// that do not exist yet (the default one first).
func (d *deployer) networks(names []string) error {
	used := map[string]bool{}
	for _, n := range names {
		for k := range serviceNetworks(d.cfg.Services[n]) {
			used[k] = true
		}
	}
	keys := make([]string, 0, len(used))
	for k := range used {
		if k != "default" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	if used["default"] {
		keys = append([]string{"default"}, keys...)
	}
	have, err := d.c.NetworkList(d.ctx, d.stackFilter())
	if err != nil {
		return err
	}
	exists := map[string]bool{}
	for _, n := range have {
		exists[n.Name] = true
	}
	for _, k := range keys {
		n := d.cfg.Networks[k]
		if n.External {
			name := networkName(d.stack, k, n)
			info, _, err := d.c.NetworkInspect(d.ctx, name, false, "")
			if err != nil || info.Scope != "swarm" {
				if err == nil || client.IsNotFound(err) {
					return fmt.Errorf("network %q is declared as external, but could not be found. You need to create a swarm-scoped network before the stack is deployed", name)
				}
				return err
			}
		}
	}
	for _, k := range keys {
		n := d.cfg.Networks[k]
		name := networkName(d.stack, k, n)
		if n.External || exists[name] {
			continue
		}
		req := client.NetworkCreateRequest{
			Name: name, Driver: n.Driver, Scope: "swarm", Labels: stackLabels(d.stack, n.Labels),
			Options: n.DriverOpts, Internal: n.Internal, Attachable: n.Attachable,
		}
		if req.Driver == "" {
			req.Driver = "overlay"
		}
		if n.Ipam != nil {
			req.IPAM = &client.NetworkIPAM{Driver: n.Ipam.Driver}
			for _, c := range n.Ipam.Config {
				req.IPAM.Config = append(req.IPAM.Config, client.NetworkIPAMConfig{Subnet: c["subnet"]})
			}
		}
		fmt.Fprintf(d.out, "Creating network %s\n", name)
		if _, err := d.c.NetworkCreate(d.ctx, req); err != nil {
			return fmt.Errorf("failed to create network %s: %w", name, err)
		}
	}
	return nil
}

// fileObjects creates the file's secrets (or configs) that do not exist yet and
// returns name -> ID of those the services may use, external ones included.
func (d *deployer) fileObjects(kind string, objs map[string]compose.FileObject, services []string) (map[string]string, error) {
	ids := map[string]string{}
	if len(objs) == 0 {
		return ids, nil
	}
	keys := make([]string, 0, len(objs))
	f := client.Filters{}
	for k, o := range objs {
		keys = append(keys, k)
		f.Add("name", fileObjectName(d.stack, k, o))
	}
	sort.Strings(keys)
	list := func() error {
		if kind == "secret" {
			l, err := d.c.SecretList(d.ctx, f)
			for _, s := range l {
				ids[s.Spec.Name] = s.ID
			}
			return err
		}
		l, err := d.c.ConfigList(d.ctx, f)
		for _, s := range l {
			ids[s.Spec.Name] = s.ID
		}
		return err
	}
	if err := list(); err != nil {
		return nil, err
	}
	for _, k := range keys {
		o := objs[k]
		name := fileObjectName(d.stack, k, o)
		if o.External {
			continue
		}
		if _, ok := ids[name]; ok {
			continue
		}
		var data []byte
		if o.File != "" {
			b, err := os.ReadFile(o.File)
			if err != nil {
				return nil, err
			}
			data = b
		}
		ann := swarm.Annotations{Name: name, Labels: stackLabels(d.stack, o.Labels)}
		fmt.Fprintf(d.out, "Creating %s %s\n", kind, name)
		var (
			id  string
			err error
		)
		if kind == "secret" {
			spec := swarm.SecretSpec{Annotations: ann, Data: data}
			if o.Driver != "" {
				spec.Driver = &swarm.Driver{Name: o.Driver, Options: o.DriverOpts}
			}
			if o.TemplateDriver != "" {
				spec.Templating = &swarm.Driver{Name: o.TemplateDriver}
			}
			id, err = d.c.SecretCreate(d.ctx, spec)
		} else {
			spec := swarm.ConfigSpec{Annotations: ann, Data: data}
			if o.TemplateDriver != "" {
				spec.Templating = &swarm.Driver{Name: o.TemplateDriver}
			}
			id, err = d.c.ConfigCreate(d.ctx, spec)
		}
		if err != nil {
			return nil, fmt.Errorf("failed to create %s %s: %w", kind, name, err)
		}
		ids[name] = id
	}
	return ids, nil
}

// service creates or updates one service and returns its ID.
func (d *deployer) service(spec swarm.ServiceSpec, old swarm.Service) (string, error) {
	auth := ""
	if d.opts.registryAuth {
		if ref, err := imageref.ParseWithDefaultTag(spec.TaskTemplate.ContainerSpec.Image); err == nil {
			domain, _ := imageref.SplitDomain(ref.Name())
			a, err := commands.RegistryAuth(d.ctx, d.cli, domain)
			if err != nil {
				return "", err
			}
			auth = a.Header()
		}
	}
	var warnings []string
	if old.ID != "" {
		// An update asks the registry for the image's digest always, or when the file
		// names another image (changed); else a service keeps the image it has. docker
		// warns after the update line when the registry cannot be asked (not on create).
		changed := old.Spec.Labels[imageLabel] != spec.Labels[imageLabel]
		resolve := d.opts.resolveImage == "always" || (d.opts.resolveImage == "changed" && changed)
		if d.opts.resolveImage == "changed" && !changed && old.Spec.TaskTemplate.ContainerSpec != nil {
			spec.TaskTemplate.ContainerSpec.Image = old.Spec.TaskTemplate.ContainerSpec.Image
		}
		if resolve {
			if w := service.ResolveImage(d.ctx, d.c, &spec, auth); w != "" {
				defer fmt.Fprintln(d.cli.Err(), w) // after the engine's own warnings
			}
		}
		spec.TaskTemplate.ForceUpdate = old.Spec.TaskTemplate.ForceUpdate
		fmt.Fprintf(d.out, "Updating service %s (id: %s)\n", spec.Name, old.ID)
		// docker 28 sends the version alone: no registryAuthFrom, whatever the flags
		resp, err := d.c.ServiceUpdate(d.ctx, old.ID, old.Version.Index, spec, client.ServiceUpdateOptions{EncodedAuth: auth})
		if err != nil {
			return "", fmt.Errorf("failed to update service %s: %w", spec.Name, err)
		}
		warnings = resp.Warnings
	} else {
		fmt.Fprintf(d.out, "Creating service %s\n", spec.Name)
		resp, err := d.c.ServiceCreate(d.ctx, spec, client.ServiceCreateOptions{EncodedAuth: auth})
		if err != nil {
			return "", fmt.Errorf("failed to create service %s: %w", spec.Name, err)
		}
		warnings = resp.Warnings
		old.ID = resp.ID
	}
	for _, w := range warnings {
		fmt.Fprintln(d.cli.Err(), w)
	}
	return old.ID, nil
}

// wait follows each service, in the order they were written, until it converges:
// docker 28 draws a board of its own for each (service create's, named by the ID). A
// service that fails (its update paused) does not stop the others: docker waits on
// them all, then fails with "ID: error" for each that failed.
func (d *deployer) wait(ids []string) error {
	var errs []string
	for _, id := range ids {
		if err := service.WaitConverged(d.ctx, d.cli, id, id, d.opts.quiet); err != nil {
			if d.ctx.Err() != nil {
				return err
			}
			errs = append(errs, id+": "+err.Error())
		}
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "\n"))
	}
	return nil
}

// unsupportedOptions is deploy's refusal of v2-only keys: each named with what to use
// instead, in docker 28's words (stack config says only that some are forbidden).
func unsupportedOptions(keys []string) error {
	var b strings.Builder
	b.WriteString("Compose file contains unsupported options:\n")
	for _, k := range keys {
		hint := "Set resource limits using deploy.resources"
		switch k {
		case "extends":
			hint = "Support for `extends` is not implemented yet."
		case "volume_driver":
			hint = "Instead of setting the volume driver on the service, define a volume using the top-level `volumes` option and specify the driver there."
		case "volumes_from":
			hint = "To share a volume between services, define it using the top-level `volumes` option and reference it from each service that shares it using the service-level `volumes` option."
		}
		fmt.Fprintf(&b, "\n%s: %s\n", k, hint)
	}
	return errors.New(b.String())
}
