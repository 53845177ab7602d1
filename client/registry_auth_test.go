package client

import (
	"encoding/base64"
	"testing"
)

// The header is base64url (with padding) of the JSON in docker's field order, empty
// fields left out: the engine, and the e2e comparison with the reference, see the bytes.
func TestRegistryAuthHeader(t *testing.T) {
	if got := (RegistryAuth{}).Header(); got != "e30=" {
		t.Errorf("no credentials: %q", got)
	}
	a := RegistryAuth{Username: "u", Password: "p?>", Auth: "x", Email: "e@x", ServerAddress: "r:5000",
		IdentityToken: "i", RegistryToken: "r"}
	raw, err := base64.URLEncoding.DecodeString(a.Header())
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"username":"u","password":"p?\u003e","auth":"x","email":"e@x","serveraddress":"r:5000","identitytoken":"i","registrytoken":"r"}`
	if string(raw) != want {
		t.Errorf("got  %s\nwant %s", raw, want)
	}
}
