package opts

// Platform specifiers ("os[/arch[/variant]]") for --platform flags.

import (
	"errors"
	"fmt"
	"runtime"
	"strings"

	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
)

// errInvalidArgument ends docker's platform errors (": invalid argument").
var errInvalidArgument = errors.New("invalid argument")

// Patterns shown in platform errors, as docker words them.
const (
	osComponentPattern  = `^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.-]*)\))?$`
	platformPartPattern = `^[A-Za-z0-9_.-]+$`
	platformErrorPrefix = "invalid platform: "
)

// ParsePlatform reads an "os[/arch[/variant]]" specifier the way docker does
// (containerd's rules): names are normalised ("x86_64" → "amd64", "aarch64" →
// "arm64"), an OS alone gets this machine's architecture, an architecture alone this
// machine's OS. Errors read like docker's (history prefixes them "invalid platform: ",
// image inspect does not).
func ParsePlatform(spec string) (ocispec.Platform, error) {
	var p ocispec.Platform
	if strings.Contains(spec, "*") {
		return p, fmt.Errorf("%q: wildcards not yet supported: %w", spec, errInvalidArgument)
	}
	parts := strings.SplitN(spec, "/", 4)
	for i, part := range parts {
		if i == 0 {
			osName, osVersion, ok := splitOSVersion(part)
			if !ok {
				return ocispec.Platform{}, fmt.Errorf("%q is an invalid OS component of %q: OSAndVersion specifier component must match %q: %w",
					part, spec, osComponentPattern, errInvalidArgument)
			}
			p.OS, p.OSVersion = normalizeOS(osName), osVersion
			continue
		}
		if !isSpecChars(part, true) || part == "" {
			return ocispec.Platform{}, fmt.Errorf("%q is an invalid component of %q: platform specifier component must match %q: %w",
				part, spec, platformPartPattern, errInvalidArgument)
		}
	}
	switch len(parts) {
	case 1:
		if knownOS(p.OS) {
			p.Architecture = runtime.GOARCH
			return p, nil
		}
		p.Architecture, p.Variant = normalizeArch(parts[0], "")
		if p.Architecture == "arm" && p.Variant == "v7" {
			p.Variant = ""
		}
		if knownArch(p.Architecture) {
			p.OS = runtime.GOOS
			return p, nil
		}
		return ocispec.Platform{}, fmt.Errorf("%q: unknown operating system or architecture: %w", spec, errInvalidArgument)
	case 2:
		p.Architecture, p.Variant = normalizeArch(parts[1], "")
		if p.Architecture == "arm" && p.Variant == "v7" {
			p.Variant = ""
		}
		return p, nil
	case 3:
		p.Architecture, p.Variant = normalizeArch(parts[1], parts[2])
		if p.Architecture == "arm64" && p.Variant == "" {
			p.Variant = "v8"
		}
		return p, nil
	}
	return ocispec.Platform{}, fmt.Errorf("%q: cannot parse platform specifier: %w", spec, errInvalidArgument)
}

// splitOSVersion splits "os" or "os(version)".
func splitOSVersion(s string) (name, version string, ok bool) {
	name = s
	if i := strings.IndexByte(s, '('); i >= 0 {
		if !strings.HasSuffix(s, ")") {
			return "", "", false
		}
		name, version = s[:i], s[i+1:len(s)-1]
		if !isSpecChars(version, true) {
			return "", "", false
		}
	}
	if name == "" || !isSpecChars(name, false) {
		return "", "", false
	}
	return name, version, true
}

// isSpecChars reports whether s holds only letters, digits, '_' and '-' (and '.'
// when dots are allowed).
func isSpecChars(s string, dots bool) bool {
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_', r == '-':
		case r == '.' && dots:
		default:
			return false
		}
	}
	return true
}

func normalizeOS(os string) string {
	os = strings.ToLower(os)
	if os == "macos" {
		return "darwin"
	}
	return os
}

func normalizeArch(arch, variant string) (string, string) {
	arch, variant = strings.ToLower(arch), strings.ToLower(variant)
	switch arch {
	case "i386":
		return "386", ""
	case "x86_64", "x86-64", "amd64":
		if variant == "v1" {
			variant = ""
		}
		return "amd64", variant
	case "aarch64", "arm64":
		switch variant {
		case "8", "v8", "v8.0":
			variant = "v8"
		}
		return "arm64", variant
	case "armhf":
		return "arm", "v7"
	case "armel":
		return "arm", "v6"
	case "arm":
		switch variant {
		case "", "7":
			variant = "v7"
		case "5", "6", "8":
			variant = "v" + variant
		}
		return "arm", variant
	}
	return arch, variant
}

func knownOS(os string) bool {
	switch os {
	case "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js",
		"linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "windows", "zos":
		return true
	}
	return false
}

func knownArch(arch string) bool {
	switch arch {
	case "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "ppc64", "ppc64le",
		"loong64", "mips", "mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le",
		"ppc", "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm":
		return true
	}
	return false
}
