// Package cliplugins finds, checks and runs docker CLI plugins as docker 28 does: an
// executable docker-NAME in ~/.docker/cli-plugins (or $DOCKER_CONFIG/cli-plugins),
// config.json's cliPluginsExtraDirs or the system directories, which describes itself
// on `docker-NAME docker-cli-plugin-metadata` and is run as `docker NAME ...`.
//
// It knows no command tree (whether a name is a built-in command is asked of the
// caller) and no cobra: the root uses it to run a plugin or list plugins in help,
// `docker info` to list them.
package cliplugins

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// MetadataArg is the argument a plugin answers with its metadata.
const MetadataArg = "docker-cli-plugin-metadata"

// NamePrefix starts the file name of every plugin.
const NamePrefix = "docker-"

// schemaVersion is the only metadata schema docker 28 accepts.
const schemaVersion = "0.1.0"

// namePattern is docker's rule for a plugin's name, compiled on first use.
const namePattern = "^[a-z][a-z0-9]*$"

// Metadata is what a plugin says of itself. Its fields, their order and JSON are
// docker's: `docker info --format '{{json .ClientInfo.Plugins}}'` shows them.
type Metadata struct {
	SchemaVersion    string `json:",omitempty"`
	Vendor           string `json:",omitempty"`
	Version          string `json:",omitempty"`
	ShortDescription string `json:",omitempty"`
	URL              string `json:",omitempty"`
}

// Plugin is one plugin found: valid when Err is nil. The shape is docker's for
// templates: {{.ClientInfo.Plugins}} prints "{{META} NAME PATH ERR [SHADOWED]}".
type Plugin struct {
	Metadata
	Name string
	Path string
	// Err says why the plugin is not valid, in docker's words.
	Err error `json:",omitempty"`
	// ShadowedPaths are plugins of the same name further down the search order.
	ShadowedPaths []string `json:",omitempty"`
}

// Error is why a plugin is not valid; its JSON is its text, as docker's.
type Error struct{ msg string }

func (e Error) Error() string { return e.msg }

// MarshalText makes the JSON of a plugin's Err its message.
func (e Error) MarshalText() ([]byte, error) { return []byte(e.msg), nil }

func errorf(format string, args ...any) error { return Error{fmt.Sprintf(format, args...)} }

// checkName refuses a name docker's pattern or the built-in commands refuse.
func checkName(name string, builtin func(string) bool) error {
	if !regexp.MustCompile(namePattern).MatchString(name) {
		return errorf("plugin candidate %q did not match %q", name, namePattern)
	}
	if builtin != nil && builtin(name) {
		return errorf("plugin %q duplicates builtin command", name)
	}
	return nil
}

// parseMetadata reads a plugin's answer to MetadataArg and checks it as docker does.
func parseMetadata(out []byte) (Metadata, error) {
	var m Metadata
	if err := json.Unmarshal(out, &m); err != nil {
		// docker's type has another name in its messages
		msg := strings.ReplaceAll(err.Error(), "cliplugins.Metadata", "metadata.Metadata")
		return Metadata{}, errorf("invalid metadata: %s", msg)
	}
	if m.SchemaVersion != schemaVersion {
		return m, errorf("plugin SchemaVersion %q is not valid, must be %s", m.SchemaVersion, schemaVersion)
	}
	if m.Vendor == "" {
		return m, errorf("plugin metadata does not define a vendor")
	}
	return m, nil
}
