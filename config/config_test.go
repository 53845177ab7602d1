package config

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gotest.tools/v3/assert"
)

func TestLoadMissingIsEmpty(t *testing.T) {
	cf, err := Load(t.TempDir())
	assert.NilError(t, err)
	assert.Equal(t, cf.PsFormat, "")
}

func TestLoadValid(t *testing.T) {
	dir := t.TempDir()
	assert.NilError(t, os.WriteFile(filepath.Join(dir, FileName),
		[]byte(`{"psFormat":"table {{.ID}}","currentContext":"remote","unknownKey":1,"auths":{"r":{"auth":"eDp5"}}}`), 0o600))
	cf, err := Load(dir)
	assert.NilError(t, err)
	assert.Equal(t, cf.PsFormat, "table {{.ID}}")
	assert.Equal(t, cf.CurrentContext, "remote")
	assert.Equal(t, cf.AuthConfigs["r"].Auth, "eDp5")
}

// A broken file warns in docker's words and leaves every setting at its default.
func TestLoadWarnings(t *testing.T) {
	for name, body := range map[string]string{
		"syntax": `{bad`,
		"type":   `{"psFormat": 3}`,
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			assert.NilError(t, os.WriteFile(filepath.Join(dir, FileName), []byte(body), 0o600))
			cf, warn := LoadWarn(dir)
			assert.Assert(t, strings.HasPrefix(warn, "WARNING: Error parsing config file ("+filepath.Join(dir, FileName)+"): "), warn)
			assert.Equal(t, cf.PsFormat, "")
		})
	}
	_, warn := LoadWarn(t.TempDir())
	assert.Equal(t, warn, "")
}

func TestTypeErrorNamesConfigFile(t *testing.T) {
	dir := t.TempDir()
	assert.NilError(t, os.WriteFile(filepath.Join(dir, FileName), []byte(`{"psFormat": 3}`), 0o600))
	_, err := Load(dir)
	assert.ErrorContains(t, err, "Go struct field ConfigFile.psFormat of type string")
}

func TestContextStore(t *testing.T) {
	dir := t.TempDir()
	s := NewContextStore(dir)
	_, err := s.Load("nope")
	assert.ErrorContains(t, err, `context "nope": context not found: open `+s.MetaPath("nope"))
	assert.Assert(t, strings.Contains(s.MetaPath("nope"), "/contexts/meta/"))

	meta := ContextMeta{Name: "remote", Endpoints: map[string]any{"docker": Endpoint{Host: "tcp://10.0.0.1:2376"}}}
	data, _ := json.Marshal(meta)
	assert.NilError(t, os.MkdirAll(filepath.Dir(s.MetaPath("remote")), 0o755))
	assert.NilError(t, os.WriteFile(s.MetaPath("remote"), data, 0o644))
	got, err := s.Load("remote")
	assert.NilError(t, err)
	de, ok := got.DockerEndpoint()
	assert.Assert(t, ok)
	assert.Equal(t, de.Host, "tcp://10.0.0.1:2376")
	list, err := s.List()
	assert.NilError(t, err)
	assert.Equal(t, len(list), 1)
	assert.Equal(t, s.TLS("remote"), TLSFiles{})
}

func FuzzLoad(f *testing.F) {
	f.Add([]byte(`{"psFormat":"x","auths":{}}`))
	f.Add([]byte(`{bad`))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, FileName), data, 0o600); err != nil {
			t.Skip()
		}
		cf, _ := LoadWarn(dir)
		if cf == nil {
			t.Fatal("nil config")
		}
	})
}

// TestLoadAsDocker: docker 28's reading of odd files: empty means empty, only the first
// JSON value counts, type errors keep the settings that decoded (with docker's type
// names in the warning), bad auth fields warn, a file that cannot be opened is a
// "loading" warning.
func TestLoadAsDocker(t *testing.T) {
	for _, tc := range []struct {
		name, body, warn, psFormat string
	}{
		{"empty", "", "", ""},
		{"blank", " \n", "", ""},
		{"trailing text", `{"psFormat":"p"} x`, "", "p"},
		{"type error keeps the rest", `{"psFormat":"p","detachKeys":1}`,
			"json: cannot unmarshal number into Go struct field ConfigFile.detachKeys of type string", "p"},
		{"docker's type names", `{"psFormat":"p","auths":[]}`,
			"json: cannot unmarshal array into Go struct field ConfigFile.auths of type map[string]types.AuthConfig", "p"},
		{"top-level array", `[]`, "json: cannot unmarshal array into Go value of type configfile.ConfigFile", ""},
		{"auth not base64", `{"psFormat":"p","auths":{"r":{"auth":"!!"}}}`, "illegal base64 data at input byte 0", "p"},
		{"auth without colon", `{"auths":{"r":{"auth":"eA=="}}}`, "Invalid auth configuration file", ""},
		{"empty auth", `{"auths":{"r":{"auth":""}}}`, "", ""},
		{"syntax error loses all", `{"psFormat":"p", "auths": [}`, "invalid character '}' looking for beginning of value", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			assert.NilError(t, os.WriteFile(filepath.Join(dir, FileName), []byte(tc.body), 0o600))
			cf, warn := LoadWarn(dir)
			want := ""
			if tc.warn != "" {
				want = "WARNING: Error parsing config file (" + filepath.Join(dir, FileName) + "): " + tc.warn
			}
			assert.Equal(t, warn, want)
			assert.Equal(t, cf.PsFormat, tc.psFormat)
		})
	}
	file := filepath.Join(t.TempDir(), "file")
	assert.NilError(t, os.WriteFile(file, nil, 0o600))
	_, warn := LoadWarn(file)
	assert.Equal(t, warn, "WARNING: Error loading config file: open "+filepath.Join(file, FileName)+": not a directory")
}
