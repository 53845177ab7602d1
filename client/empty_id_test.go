package client

import (
	"context"
	"testing"

	"github.com/skiff-cli/skiff/client/fakeengine"
)

// Empty or blank names are refused before any request, in docker's words; the fake
// engine fails the test on any request.
func TestInspectEmptyNames(t *testing.T) {
	e := fakeengine.New(t)
	c := newTestClient(t, e, Options{APIVersion: "1.41"})
	ctx := context.Background()
	_, _, err := c.ContainerInspect(ctx, " ", false)
	checkEmptyName(t, err, "invalid container name or ID: value is empty", IsInvalidParameter)
	_, _, err = c.VolumeInspect(ctx, "")
	checkEmptyName(t, err, "invalid volume name or ID: value is empty", IsInvalidParameter)
	_, _, err = c.NetworkInspect(ctx, "\t", false, "")
	checkEmptyName(t, err, "invalid network name or ID: value is empty", IsInvalidParameter)
	_, _, err = c.ImageInspect(ctx, "")
	checkEmptyName(t, err, "Error: No such image: ", IsNotFound)
	_, _, err = c.ImageInspectPlatform(ctx, "", nil)
	checkEmptyName(t, err, "Error: No such image: ", IsNotFound)
}

func checkEmptyName(t *testing.T, err error, want string, is func(error) bool) {
	t.Helper()
	if err == nil || err.Error() != want || !is(err) {
		t.Errorf("error %v, want %q", err, want)
	}
}
