package client

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
)

// RegistryAuth is a registry's credentials as the engine takes them (the X-Registry-Auth
// header of pulls, pushes and plugin installs), fields in docker's order. The commands
// get them from config (config.RegistryAuth converts to this type).
type RegistryAuth struct {
	Username      string `json:"username,omitempty"`
	Password      string `json:"password,omitempty"`
	Auth          string `json:"auth,omitempty"`
	Email         string `json:"email,omitempty"`
	ServerAddress string `json:"serveraddress,omitempty"`
	IdentityToken string `json:"identitytoken,omitempty"`
	RegistryToken string `json:"registrytoken,omitempty"`
}

// Header is the X-Registry-Auth value: base64url of the JSON ("e30=", i.e. {}, when
// there are no credentials).
func (a RegistryAuth) Header() string {
	b, _ := json.Marshal(a) // strings only: cannot fail
	return base64.URLEncoding.EncodeToString(b)
}

// registryAuthHeader is the request header carrying a's credentials.
func registryAuthHeader(a RegistryAuth) http.Header {
	return http.Header{"X-Registry-Auth": {a.Header()}}
}
