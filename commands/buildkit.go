package commands

import (
	"fmt"
	"os"
	"strconv"
)

// The legacy builder's notices, in docker 28's words, for when no buildx plugin takes
// `builder` and `build` over (commands/root hands them to one that is installed).
const (
	legacyBuilderNotice = "DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n" +
		"            Install the buildx component to build images with BuildKit:\n" +
		"            https://docs.docker.com/go/buildx/\n\n"
	legacyBuilderDisabled = "DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n" +
		"            BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0\n" +
		"            environment-variable.\n\n"
	buildkitMissing = "ERROR: BuildKit is enabled but the buildx component is missing or broken.\n" +
		"       Install the buildx component to build images with BuildKit:\n" +
		"       https://docs.docker.com/go/buildx/"
)

// AnnotationLegacyBuilder marks a command outside `docker builder` that docker 28
// (without buildx) also begins with LegacyBuilder: docker build and docker image build.
const AnnotationLegacyBuilder = "legacy-builder"

// LegacyBuilder is what docker 28 does before a `builder` command (even its help or a
// flag error): the deprecation notice on stderr, or, with DOCKER_BUILDKIT set true or
// not a boolean, an error (exit 1) and the command does not run.
func LegacyBuilder(cli Cli) error {
	v, set := os.LookupEnv("DOCKER_BUILDKIT")
	if !set {
		fmt.Fprint(cli.Err(), legacyBuilderNotice)
		return nil
	}
	on, err := strconv.ParseBool(v)
	if err != nil {
		return StatusError{Status: "DOCKER_BUILDKIT environment variable expects boolean value: " + err.Error(), StatusCode: 1}
	}
	if on {
		return StatusError{Status: buildkitMissing, StatusCode: 1}
	}
	fmt.Fprint(cli.Err(), legacyBuilderDisabled)
	return nil
}

// BuildkitMissing is docker 28's error when BuildKit is asked for (DOCKER_BUILDKIT=1,
// or config.json aliases builder to a plugin) and no valid plugin builds.
func BuildkitMissing() error { return StatusError{Status: buildkitMissing, StatusCode: 1} }
