package completion

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/client"
)

// ImageNames completes images as repo:tag, every tag of every image in the engine's
// order (an untagged image as the engine names it: "<none>:<none>" before API 1.43).
func ImageNames(cli Clienter) cobra.CompletionFunc {
	return names(cli, func(ctx context.Context, c *client.Client) ([]string, error) {
		list, err := c.ImageList(ctx, client.ImageListOptions{})
		if err != nil {
			return nil, err
		}
		var out []string
		for _, img := range list {
			out = append(out, img.RepoTags...)
		}
		return out, nil
	})
}

// NetworkNames completes network names in the engine's order.
func NetworkNames(cli Clienter) cobra.CompletionFunc {
	return names(cli, func(ctx context.Context, c *client.Client) ([]string, error) {
		list, err := c.NetworkList(ctx, nil)
		if err != nil {
			return nil, err
		}
		out := make([]string, 0, len(list))
		for _, n := range list {
			out = append(out, n.Name)
		}
		return out, nil
	})
}

// VolumeNames completes volume names in the engine's order.
func VolumeNames(cli Clienter) cobra.CompletionFunc {
	return names(cli, func(ctx context.Context, c *client.Client) ([]string, error) {
		list, err := c.VolumeList(ctx, nil)
		if err != nil {
			return nil, err
		}
		out := make([]string, 0, len(list.Volumes))
		for _, v := range list.Volumes {
			out = append(out, v.Name)
		}
		return out, nil
	})
}

// VolumeDrivers completes the volume plugins the engine reports (--volume-driver).
func VolumeDrivers(cli Clienter) cobra.CompletionFunc {
	return names(cli, func(ctx context.Context, c *client.Client) ([]string, error) {
		info, err := c.Info(ctx)
		if err != nil {
			return nil, err
		}
		return info.Plugins.Volume, nil
	})
}
