package commands

import (
	"context"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/config"
)

// RegistryAuth is the credentials for a registry host ("docker.io", "127.0.0.1:5000",
// an image reference's domain) as the engine takes them: what config.json or its
// credential helper holds (a helper's stderr goes to the command's). With none, it
// still names the registry ({"serveraddress":"127.0.0.1:5000"}, Docker Hub's
// "https://index.docker.io/v1/"), as docker 28 sends it for pull, push and run's pull.
// Every command that talks to a registry through the engine asks here.
func RegistryAuth(ctx context.Context, cli Cli, host string) (client.RegistryAuth, error) {
	a, err := cli.ConfigFile().AuthFor(ctx, host, cli.Err())
	if err != nil {
		return client.RegistryAuth{}, err
	}
	if (a == config.RegistryAuth{}) {
		a.ServerAddress = host
		if host == "docker.io" || host == "index.docker.io" {
			a.ServerAddress = config.IndexServer
		}
	}
	return client.RegistryAuth(a), nil
}
