package opts

import (
	"runtime"
	"testing"

	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
	"gotest.tools/v3/assert"
)

// The expectations were taken from docker 28's requests (the platform query it sends)
// and errors for the same specifiers.
func TestParsePlatform(t *testing.T) {
	tests := []struct {
		spec string
		want ocispec.Platform
		err  string
	}{
		{spec: "linux", want: ocispec.Platform{OS: "linux", Architecture: runtime.GOARCH}},
		{spec: "linux/amd64", want: ocispec.Platform{OS: "linux", Architecture: "amd64"}},
		{spec: "Linux/x86_64", want: ocispec.Platform{OS: "linux", Architecture: "amd64"}},
		{spec: "linux/amd64/v1", want: ocispec.Platform{OS: "linux", Architecture: "amd64"}},
		{spec: "linux/aarch64", want: ocispec.Platform{OS: "linux", Architecture: "arm64"}},
		{spec: "LINUX/ARM64/V8", want: ocispec.Platform{OS: "linux", Architecture: "arm64", Variant: "v8"}},
		{spec: "linux/arm64/8.2", want: ocispec.Platform{OS: "linux", Architecture: "arm64", Variant: "8.2"}},
		{spec: "linux/arm", want: ocispec.Platform{OS: "linux", Architecture: "arm"}},
		{spec: "linux/arm/v7", want: ocispec.Platform{OS: "linux", Architecture: "arm", Variant: "v7"}},
		{spec: "linux/arm/6", want: ocispec.Platform{OS: "linux", Architecture: "arm", Variant: "v6"}},
		{spec: "armhf", want: ocispec.Platform{OS: runtime.GOOS, Architecture: "arm"}},
		{spec: "i386", want: ocispec.Platform{OS: runtime.GOOS, Architecture: "386"}},
		{spec: "riscv64", want: ocispec.Platform{OS: runtime.GOOS, Architecture: "riscv64"}},
		{spec: "macos/arm64", want: ocispec.Platform{OS: "darwin", Architecture: "arm64"}},
		{spec: "windows(10.0.17763)/amd64", want: ocispec.Platform{OS: "windows", OSVersion: "10.0.17763", Architecture: "amd64"}},
		{spec: "linux/x", want: ocispec.Platform{OS: "linux", Architecture: "x"}},
		{spec: "x", err: `"x": unknown operating system or architecture: invalid argument`},
		{spec: "a/b/c/d", err: `"a/b/c/d": cannot parse platform specifier: invalid argument`},
		{spec: "*", err: `"*": wildcards not yet supported: invalid argument`},
		{spec: "linux/", err: `"" is an invalid component of "linux/": platform specifier component must match "^[A-Za-z0-9_.-]+$": invalid argument`},
		{spec: "/amd64", err: `"" is an invalid OS component of "/amd64": OSAndVersion specifier component must match "^([A-Za-z0-9_-]+)(?:\\(([A-Za-z0-9_.-]*)\\))?$": invalid argument`},
		{spec: "lin.ux/amd64", err: `"lin.ux" is an invalid OS component of "lin.ux/amd64": OSAndVersion specifier component must match "^([A-Za-z0-9_-]+)(?:\\(([A-Za-z0-9_.-]*)\\))?$": invalid argument`},
	}
	for _, tc := range tests {
		t.Run(tc.spec, func(t *testing.T) {
			got, err := ParsePlatform(tc.spec)
			if tc.err != "" {
				assert.Error(t, err, tc.err)
				return
			}
			assert.NilError(t, err)
			assert.DeepEqual(t, got, tc.want)
		})
	}
}
