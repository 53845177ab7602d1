package commands

import (
	"errors"
	"os"
	"strconv"
)

// ContentTrustEnv reports whether DOCKER_CONTENT_TRUST turns content trust on, as
// docker reads it: set to anything but a false boolean ("0", "false", "f"...). It is
// the default of --disable-content-trust's opposite (pull, push, build).
func ContentTrustEnv() bool {
	v := os.Getenv("DOCKER_CONTENT_TRUST")
	if v == "" {
		return false
	}
	on, err := strconv.ParseBool(v)
	return err != nil || on
}

// CheckContentTrust refuses content trust (--disable-content-trust=false or
// DOCKER_CONTENT_TRUST): skiff has no Notary client, and pulling an image unverified,
// or pushing it unsigned, when verification was asked for would be worse than failing.
func CheckContentTrust(untrusted bool) error {
	if untrusted {
		return nil
	}
	return errors.New("Error: content trust is not supported: use --disable-content-trust or unset DOCKER_CONTENT_TRUST") //nolint:staticcheck // printed as docker prints its trust errors
}
