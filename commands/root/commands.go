package root

import (
	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/builder"
	swarmconfig "github.com/skiff-cli/skiff/commands/config"
	"github.com/skiff-cli/skiff/commands/container"
	"github.com/skiff-cli/skiff/commands/context"
	"github.com/skiff-cli/skiff/commands/image"
	"github.com/skiff-cli/skiff/commands/imagebuild"
	"github.com/skiff-cli/skiff/commands/manifest"
	"github.com/skiff-cli/skiff/commands/network"
	"github.com/skiff-cli/skiff/commands/node"
	"github.com/skiff-cli/skiff/commands/plugin"
	"github.com/skiff-cli/skiff/commands/registry"
	"github.com/skiff-cli/skiff/commands/secret"
	"github.com/skiff-cli/skiff/commands/service"
	"github.com/skiff-cli/skiff/commands/system"
	"github.com/skiff-cli/skiff/commands/volume"
)

// addCommands registers every command. Each noun package gives its management command
// and the top-level shortcuts docker has for it (`docker ps` = `docker container ls`).
func addCommands(root *cobra.Command, cli commands.Cli) {
	root.AddCommand(container.NewCommand(cli))
	root.AddCommand(container.Shortcuts(cli)...)
	root.AddCommand(image.NewCommand(cli))
	root.AddCommand(image.Shortcuts(cli)...)
	root.AddCommand(manifest.NewCommand(cli))
	root.AddCommand(imagebuild.NewBuildCommand(cli))
	root.AddCommand(network.NewCommand(cli))
	root.AddCommand(volume.NewCommand(cli))
	root.AddCommand(plugin.NewCommand(cli))
	root.AddCommand(node.NewCommand(cli))
	root.AddCommand(system.NewCommand(cli))
	root.AddCommand(system.Shortcuts(cli)...)
	root.AddCommand(registry.Shortcuts(cli)...)
	root.AddCommand(builder.NewCommand(cli))
	root.AddCommand(context.NewCommand(cli))
	root.AddCommand(swarmconfig.NewCommand(cli))
	root.AddCommand(secret.NewCommand(cli))
	root.AddCommand(service.NewCommand(cli))
}
