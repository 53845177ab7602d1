package commands

import (
	"context"

	"github.com/skiff-cli/skiff/client"
)

// RegistryAuth is the credentials for a registry host ("docker.io", "127.0.0.1:5000",
// an image reference's domain) as the engine takes them: what config.json or its
// credential helper holds (a helper's stderr goes to the command's), empty when none.
// Every command that talks to a registry through the engine asks here.
func RegistryAuth(ctx context.Context, cli Cli, host string) (client.RegistryAuth, error) {
	a, err := cli.ConfigFile().AuthFor(ctx, host, cli.Err())
	return client.RegistryAuth(a), err
}
