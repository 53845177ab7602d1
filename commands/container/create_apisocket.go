package container

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/config"
)

// createSocketConfigDir is where --use-api-socket puts the credentials in the container.
const createSocketConfigDir = "/run/secrets/docker"

// createSocketCredentialsErr is the config.json --use-api-socket copies into the
// container: the credentials in DOCKER_AUTH_CONFIG when there are any, else every
// registry's credentials from config.json and the credential helpers; nil when there
// are none. A credential store that fails is an error, in docker's
// words.
func createSocketCredentialsErr(ctx context.Context, cli commands.Cli) ([]byte, error) {
	var all map[string]config.RegistryAuth
	// DOCKER_AUTH_CONFIG, when it holds credentials, replaces the configured ones
	if env := os.Getenv(config.EnvAuthConfig); env != "" {
		auths, err := config.AuthsFromJSON(env)
		if err != nil {
			return nil, fmt.Errorf("resolving credentials failed: failed to read credentials from %s: %w", config.EnvAuthConfig, err)
		}
		if len(auths) > 0 {
			all = auths
		}
	}
	if all == nil {
		var err error
		if all, err = cli.ConfigFile().GetAllAuths(ctx, cli.Err()); err != nil {
			return nil, fmt.Errorf("resolving credentials failed: resolving credentials failed: %w", err)
		}
	}
	if len(all) == 0 {
		return nil, nil
	}
	auths := make(map[string]config.FileAuthEntry, len(all))
	for k, a := range all {
		auths[k] = config.NewFileAuthEntry(a)
	}
	b, err := json.MarshalIndent(struct {
		Auths map[string]config.FileAuthEntry `json:"auths"`
	}{auths}, "", "\t")
	if err != nil {
		return nil, err
	}
	return b, nil
}

// createCopySocketCredentials writes the credentials into the new container as
// /run/secrets/docker/config.json (mode 0600).
func createCopySocketCredentials(ctx context.Context, cl *client.Client, id string, content []byte) error {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	hdr := &tar.Header{
		Name:     createSocketConfigDir + "/config.json",
		Mode:     0o600,
		Size:     int64(len(content)),
		Typeflag: tar.TypeReg,
		ModTime:  time.Unix(0, 0),
		Format:   tar.FormatUSTAR,
	}
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	if _, err := tw.Write(content); err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return cl.CopyToContainer(ctx, id, "/", &buf, client.CopyToContainerOptions{})
}
