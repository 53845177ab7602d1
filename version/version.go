// Package version holds the build's identity, stamped by the Makefile's -ldflags.
package version

// These are set at link time; the defaults describe an unstamped development build.
var (
	// Version is skiff's own release.
	Version = "0.1.0-dev"
	// GitCommit is the short commit the binary was built from.
	GitCommit = "unknown"
	// BuildTime is when the binary was built, in RFC 1123 form like docker prints it.
	BuildTime = ""
)

// DockerVersion is the docker CLI release whose interface skiff reproduces. Scripts parse
// `docker --version`, so skiff reports this number there and in `docker version`.
const DockerVersion = "28.2.2"
