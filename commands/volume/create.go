package volume

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/moby/moby/api/types/volume"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	flagopts "github.com/skiff-cli/skiff/commands/opts"
	"github.com/skiff-cli/skiff/completion"
)

// createOptions are the flags and argument of docker volume create.
type createOptions struct {
	name       string
	driver     string
	labels     *flagopts.ListOpts
	driverOpts *flagopts.MapOpts

	// Cluster (CSI) volumes, API 1.42 and up. cluster is set when one of the flags
	// that make docker send a cluster spec was given.
	cluster           bool
	availability      string
	group             string
	accessType        string
	scope             string
	sharing           string
	secrets           *flagopts.MapOpts
	topologyRequired  *flagopts.ListOpts
	topologyPreferred *flagopts.ListOpts
	limitBytes        flagopts.MemBytes
	requiredBytes     flagopts.MemBytes
}

func newCreateCommand(cli commands.Cli) *cobra.Command {
	opts := &createOptions{
		labels:            flagopts.NewListOpts(flagopts.ValidateLabel),
		driverOpts:        flagopts.NewMapOpts(nil),
		secrets:           flagopts.NewMapOpts(nil),
		topologyRequired:  flagopts.NewListOpts(nil),
		topologyPreferred: flagopts.NewListOpts(nil),
	}
	cmd := &cobra.Command{
		Use:               "create [OPTIONS] [VOLUME]",
		Short:             "Create a volume",
		Args:              commands.RequiresMaxArgs(1),
		ValidArgsFunction: completion.None,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				if opts.name != "" {
					return errors.New("conflicting options: cannot specify a volume-name through both --name and as a positional arg")
				}
				opts.name = args[0]
			}
			// These flags make docker send a cluster volume spec; --secret and
			// --topology-* alone do not (they only fill one in).
			for _, f := range []string{"availability", "group", "limit-bytes", "required-bytes", "scope", "sharing", "type"} {
				opts.cluster = opts.cluster || cmd.Flags().Changed(f)
			}
			return runCreate(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.StringVarP(&opts.driver, "driver", "d", "local", "Volume driver to create it with")
		flags.StringVar(&opts.name, "name", "", "Name of the volume (the argument's older form)")
		_ = flags.MarkHidden("name")
		flags.Var(opts.labels, "label", "Add metadata to the volume (key=value)")
		flags.VarP(opts.driverOpts, "opt", "o", "Option for the volume driver (key=value)")

		flags.StringVar(&opts.availability, "availability", "active", `Availability of the cluster volume ("active", "pause", "drain")`)
		flags.StringVar(&opts.group, "group", "", "Group of the cluster volume")
		flags.StringVar(&opts.accessType, "type", "block", `How the cluster volume is accessed ("mount", "block")`)
		flags.StringVar(&opts.scope, "scope", "single", `Access scope of the cluster volume ("single", "multi")`)
		flags.StringVar(&opts.sharing, "sharing", "none", `Sharing of the cluster volume ("none", "readonly", "onewriter", "all")`)
		flags.Var(opts.secrets, "secret", "Secret passed to the cluster volume's plugin (key=secret)")
		flags.Var(opts.topologyRequired, "topology-required", "Topology the cluster volume must be reachable from (key=value,...)")
		flags.Var(opts.topologyPreferred, "topology-preferred", "Topology the cluster volume should preferably be in (key=value,...)")
		flags.Var(&opts.limitBytes, "limit-bytes", "Largest size of the cluster volume")
		flags.Var(&opts.requiredBytes, "required-bytes", "Smallest size of the cluster volume")
		for _, f := range []string{"availability", "group", "type", "scope", "sharing", "secret",
			"topology-required", "topology-preferred", "limit-bytes", "required-bytes"} {
			commands.RequiresAPI(flags, f, clusterAPIVersion)
		}
	})
	return cmd
}

// runCreate creates the volume and prints its name (the engine's, generated when none
// was given).
func runCreate(ctx context.Context, cli commands.Cli, opts *createOptions) error {
	req := volume.CreateRequest{
		Name:       opts.name,
		Driver:     opts.driver,
		DriverOpts: opts.driverOpts.GetAll(),
		Labels:     flagopts.KeyValueMap(opts.labels.GetAll()),
	}
	if opts.cluster {
		req.ClusterVolumeSpec = opts.clusterSpec()
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	v, err := c.VolumeCreate(ctx, req)
	if err != nil {
		return err
	}
	fmt.Fprintln(cli.Out(), v.Name)
	return nil
}

// clusterSpec is the cluster volume spec as docker 28 fills it: access mode, topology
// and capacity always present; the type is block or mount (any other word gives
// neither, left to the engine); secrets in key order.
func (o *createOptions) clusterSpec() *volume.ClusterVolumeSpec {
	mode := &volume.AccessMode{Scope: volume.Scope(o.scope), Sharing: volume.SharingMode(o.sharing)}
	switch o.accessType {
	case "block":
		mode.BlockVolume = &volume.TypeBlock{}
	case "mount":
		mode.MountVolume = &volume.TypeMount{}
	}
	spec := &volume.ClusterVolumeSpec{
		Group:      o.group,
		AccessMode: mode,
		AccessibilityRequirements: &volume.TopologyRequirement{
			Requisite: topologies(o.topologyRequired.GetAll()),
			Preferred: topologies(o.topologyPreferred.GetAll()),
		},
		CapacityRange: &volume.CapacityRange{
			RequiredBytes: o.requiredBytes.Value(),
			LimitBytes:    o.limitBytes.Value(),
		},
		Availability: volume.Availability(o.availability),
	}
	secrets := o.secrets.GetAll()
	keys := make([]string, 0, len(secrets))
	for k := range secrets {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		spec.Secrets = append(spec.Secrets, volume.Secret{Key: k, Secret: secrets[k]})
	}
	return spec
}

// topologies turns each --topology-* value, "k=v,k2=v2" (split on every comma, no
// quoting; a segment without '=' has an empty value), into one topology.
func topologies(values []string) []volume.Topology {
	var out []volume.Topology
	for _, v := range values {
		segs := map[string]string{}
		for _, kv := range strings.Split(v, ",") {
			k, val, _ := strings.Cut(kv, "=")
			segs[k] = val
		}
		out = append(out, volume.Topology{Segments: segs})
	}
	return out
}
