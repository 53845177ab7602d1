package config

import (
	"context"
	"encoding/json"
	"io"
)

// DetectCredsStore sets credsStore to Store(): docker 28 picks its default store when it
// reads a config.json that holds no credentials, and a login or logout then writes that
// choice into the file. The commands that only read credentials use Store() alone.
func (cf *ConfigFile) DetectCredsStore() {
	cf.CredentialsStore = cf.Store()
}

// LoginKey is the key a registry's credentials are kept under: the default registry's
// ("docker.io", or the index address itself) is IndexServer, any other's is as given.
func LoginKey(server string) string {
	if server == "" || server == "docker.io" {
		return IndexServer
	}
	return server
}

// StoredAuth is what config.json or the registry's credential helper holds for key,
// exactly that key (see LoginKey), empty when nothing; a helper that fails counts as
// nothing, as for docker login.
func (cf *ConfigFile) StoredAuth(ctx context.Context, key string, stderr io.Writer) RegistryAuth {
	a, err := cf.getAuth(ctx, key, stderr)
	if err != nil {
		return RegistryAuth{}
	}
	return a
}

// StoreAuth keeps a's credentials under key: with the registry's credential helper
// (`docker-credential-NAME store`, the secret on its stdin, an identity token under the
// user name "<token>") and an empty "auths" entry (the e-mail only), else in "auths".
// config.json itself is written by Save.
func (cf *ConfigFile) StoreAuth(ctx context.Context, key string, a RegistryAuth, stderr io.Writer) error {
	if cf.AuthConfigs == nil {
		cf.AuthConfigs = map[string]AuthConfig{}
	}
	helper := cf.credHelperFor(key)
	if helper == "" {
		e := NewFileAuthEntry(a)
		cf.AuthConfigs[key] = AuthConfig{Auth: e.Auth, Email: e.Email, IdentityToken: e.IdentityToken, RegistryToken: e.RegistryToken}
		return nil
	}
	creds := CredHelperCreds{ServerURL: key, Username: a.Username, Secret: a.Password}
	if a.IdentityToken != "" {
		creds.Username, creds.Secret = credHelperTokenUser, a.IdentityToken
	}
	in, err := json.Marshal(creds)
	if err != nil {
		return err
	}
	if _, err := credHelperRun(ctx, helper, "store", "storing", string(in), stderr); err != nil {
		return err
	}
	cf.AuthConfigs[key] = AuthConfig{Email: a.Email}
	return nil
}

// EraseAuth forgets the credentials under key: in its credential helper (`erase`) and
// then in "auths". changed reports whether "auths" lost an entry (config.json is then to
// be saved). A helper that fails leaves "auths" as it was.
func (cf *ConfigFile) EraseAuth(ctx context.Context, key string, stderr io.Writer) (changed bool, err error) {
	if helper := cf.credHelperFor(key); helper != "" {
		if _, err := credHelperRun(ctx, helper, "erase", "erasing", key, stderr); err != nil {
			return false, err
		}
	}
	if _, ok := cf.AuthConfigs[key]; !ok {
		return false, nil
	}
	delete(cf.AuthConfigs, key)
	return true, nil
}
