package stack

import (
	"errors"
	"testing"

	"github.com/skiff-cli/skiff/compose"
)

// docker 28's stack deploy names the v2-only keys of a file, sorted, with a hint each
// (stack config only says the file has forbidden properties).
func TestUnsupportedOptions(t *testing.T) {
	_, _, err := compose.Load([]compose.File{{Name: "a", Content: []byte(
		"services:\n  b:\n    image: bb\n    mem_limit: 1m\n    extends: x\n  a:\n    image: bb\n    mem_limit: 2m\n")}}, compose.Options{})
	var f *compose.ForbiddenError
	if !errors.As(err, &f) || err.Error() != "Configuration contains forbidden properties" {
		t.Fatalf("load: %v", err)
	}
	want := "Compose file contains unsupported options:\n\nextends: Support for `extends` is not implemented yet.\n\nmem_limit: Set resource limits using deploy.resources\n"
	if got := unsupportedOptions(f.Keys).Error(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
