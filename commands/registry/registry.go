// Package registry holds the commands that talk to a registry: docker login, docker
// logout and docker search (top-level only, as in docker 28: there is no "image search").
package registry

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/config"
)

// Shortcuts returns docker login, docker logout and docker search.
func Shortcuts(cli commands.Cli) []*cobra.Command {
	return []*cobra.Command{newLoginCommand(cli), newLogoutCommand(cli), newSearchCommand(cli)}
}

// serverKey is the config key of the registry a login or logout names: Docker Hub's
// (no server, "docker.io" or the index address) is config.IndexServer; any other is its
// host[:port], scheme and path dropped ("http://localhost:5001/" is "localhost:5001").
func serverKey(server string) string {
	if k := config.LoginKey(server); k == config.IndexServer {
		return k
	}
	return hostname(server)
}

func hostname(server string) string {
	h := strings.TrimPrefix(strings.TrimPrefix(server, "http://"), "https://")
	h, _, _ = strings.Cut(h, "/")
	return h
}
