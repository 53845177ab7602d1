package volume

import (
	"context"
	"errors"

	"github.com/moby/moby/api/types/volume"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

func newUpdateCommand(cli commands.Cli) *cobra.Command {
	var availability string
	cmd := &cobra.Command{
		Use:   "update [OPTIONS] [VOLUME]",
		Short: "Update a volume (cluster volumes only)",
		// cluster volumes came with API 1.42: docker refuses the command (even its
		// help) on an older engine.
		Annotations:       map[string]string{"version": clusterAPIVersion, "swarm": "manager"},
		Args:              commands.ExactArgs(1),
		ValidArgsFunction: completion.VolumeNames(cli),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runUpdate(cmd.Context(), cli, cmd.Flags(), args[0], availability)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.StringVar(&availability, "availability", "active", `Availability of the cluster volume ("active", "pause", "drain")`)
	})
	return cmd
}

// runUpdate sends the cluster volume's spec back, with the availability when given,
// by the volume's swarm ID and version; the engine checks the value.
func runUpdate(ctx context.Context, cli commands.Cli, flags *pflag.FlagSet, name, availability string) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	v, _, err := c.VolumeInspect(ctx, name)
	if err != nil {
		return err
	}
	if v.ClusterVolume == nil {
		return errors.New("can only update cluster volumes")
	}
	spec := v.ClusterVolume.Spec
	if flags.Changed("availability") {
		spec.Availability = volume.Availability(availability)
	}
	return c.VolumeUpdate(ctx, v.ClusterVolume.ID, v.ClusterVolume.Version.Index, spec)
}
