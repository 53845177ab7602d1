package client

import (
	"context"
	"net/http"
)

// AuthResponse is the engine's answer to POST /auth: a status line and, from registries
// that hand them out, an identity token to store in place of the password.
type AuthResponse struct {
	Status        string `json:"Status"`
	IdentityToken string `json:"IdentityToken,omitempty"`
}

// RegistryLogin sends POST /auth: the engine logs in to auth.ServerAddress with the
// credentials (as docker login does, so that the engine's own registry settings, such
// as insecure registries, apply). A refusal is an *ErrorResponse in the engine's words.
func (c *Client) RegistryLogin(ctx context.Context, auth RegistryAuth) (AuthResponse, error) {
	var out AuthResponse
	err := c.DoJSON(ctx, http.MethodPost, "/auth", nil, auth, &out)
	return out, err
}
