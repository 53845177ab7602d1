package container

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"sort"
	"time"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
)

// createSocketConfigDir is where --use-api-socket puts the credentials in the container.
const createSocketConfigDir = "/run/secrets/docker"

// createSocketAuth is one "auths" entry of the config.json given to the container, in
// the field order docker writes.
type createSocketAuth struct {
	Auth          string `json:"auth,omitempty"`
	Email         string `json:"email,omitempty"`
	IdentityToken string `json:"identitytoken,omitempty"`
	RegistryToken string `json:"registrytoken,omitempty"`
}

// createSocketCredentials is the config.json --use-api-socket copies into the container:
// the registry credentials of the user's config.json, or nil when there are none.
func createSocketCredentials(cli commands.Cli) []byte {
	cf := cli.ConfigFile()
	if cf == nil || len(cf.AuthConfigs) == 0 {
		return nil
	}
	auths := map[string]createSocketAuth{}
	keys := make([]string, 0, len(cf.AuthConfigs))
	for k := range cf.AuthConfigs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		a := cf.AuthConfigs[k]
		e := createSocketAuth{Auth: a.Auth, Email: a.Email, IdentityToken: a.IdentityToken, RegistryToken: a.RegistryToken}
		if a.Username != "" || a.Password != "" {
			e.Auth = base64.StdEncoding.EncodeToString([]byte(a.Username + ":" + a.Password))
		}
		auths[k] = e
	}
	b, err := json.MarshalIndent(struct {
		Auths map[string]createSocketAuth `json:"auths"`
	}{auths}, "", "\t")
	if err != nil {
		return nil
	}
	return b
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
