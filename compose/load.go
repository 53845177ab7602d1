package compose

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// File is one compose file: its name (as given, for errors) and its content.
type File struct {
	Name    string
	Content []byte
}

// Options tune a load.
type Options struct {
	// WorkingDir resolves relative paths (env_file, secret and config files, binds).
	WorkingDir string
	// Lookup gives a variable's value (nil: none is set).
	Lookup func(name string) (string, bool)
	// SkipInterpolation leaves $VAR as written (stack config --skip-interpolation).
	SkipInterpolation bool
}

// DefaultVersion is the version of a file that names none, as docker 28 reads it.
const DefaultVersion = "3.13"

// ReadFiles reads the named files ("-" is stdin).
func ReadFiles(names []string, stdin func() ([]byte, error)) ([]File, error) {
	files := make([]File, 0, len(names))
	for _, n := range names {
		var (
			b   []byte
			err error
		)
		if n == "-" {
			b, err = stdin()
		} else {
			b, err = os.ReadFile(n)
		}
		if err != nil {
			return nil, err
		}
		files = append(files, File{Name: n, Content: b})
	}
	return files, nil
}

// Load parses, interpolates, validates and merges files in order. warnings are
// docker's notes that do not stop the load (deprecated keys).
func Load(files []File, opts Options) (cfg *Config, warnings []string, err error) {
	if opts.Lookup == nil {
		opts.Lookup = func(string) (string, bool) { return "", false }
	}
	var (
		merged  map[string]any
		version string
	)
	for i, f := range files {
		m, v, err := loadOne(f, opts, &warnings)
		if err != nil {
			return nil, warnings, err
		}
		if i == 0 {
			merged, version = m, v
			continue
		}
		if v != version {
			return nil, warnings, fmt.Errorf("version mismatched between two composefiles : %s and %s", version, v)
		}
		mergeTop(merged, m)
	}
	merged["version"] = version
	if merged["services"] == nil {
		merged["services"] = map[string]any{}
	}
	var node yaml.Node
	if err := node.Encode(merged); err != nil {
		return nil, warnings, err
	}
	cfg = &Config{}
	if err := node.Decode(cfg); err != nil {
		return nil, warnings, err
	}
	return cfg, warnings, nil
}

// Marshal prints cfg as docker stack config does.
func Marshal(cfg *Config) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(cfg); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func loadOne(f File, opts Options, warnings *[]string) (map[string]any, string, error) {
	var doc any
	if err := yaml.Unmarshal(f.Content, &doc); err != nil {
		return nil, "", err
	}
	m, ok := doc.(map[string]any)
	if !ok {
		return nil, "", errors.New("top-level object must be a mapping")
	}
	version := DefaultVersion
	if v, ok := m["version"]; ok {
		s, ok := v.(string)
		if !ok {
			return nil, "", errors.New("version must be a string")
		}
		switch {
		case s == "3":
		case regexp.MustCompile(`^3\.(\d|1[0-3])$`).MatchString(s):
			version = s
		default:
			return nil, "", fmt.Errorf("unsupported Compose file version: %s", s)
		}
	}
	if !opts.SkipInterpolation {
		for _, k := range []string{"services", "networks", "volumes", "secrets", "configs"} {
			if v, ok := m[k]; ok {
				out, err := interpolateTree(v, k, opts.Lookup)
				if err != nil {
					return nil, "", err
				}
				m[k] = out
			}
		}
	}
	if keys := forbiddenKeys(m); keys != nil {
		return nil, "", &ForbiddenError{Keys: keys}
	}
	// "3" is the newest 3.x, as no version is.
	minor, _ := strconv.Atoi(strings.TrimPrefix(version, "3."))
	if err := rootSchema(minor).check(m, ""); err != nil {
		return nil, "", err
	}
	delete(m, "version")
	if err := normalize(m, minor, opts, warnings); err != nil {
		return nil, "", err
	}
	return m, version, nil
}

// ForbiddenError is a file using keys of the v2 format that v3 dropped: docker refuses
// it before the schema, with one line naming none of them (stack deploy names them).
type ForbiddenError struct {
	Keys []string // sorted, each once
}

func (e *ForbiddenError) Error() string { return "Configuration contains forbidden properties" }

// forbiddenKeys are the v2-only keys the services of m use (nil: none).
func forbiddenKeys(m map[string]any) []string {
	services, _ := m["services"].(map[string]any)
	var keys []string
	for _, k := range []string{"cpu_quota", "cpu_shares", "cpuset", "extends", "mem_limit", "memswap_limit", "volume_driver", "volumes_from"} {
		for _, svc := range services {
			sm, _ := svc.(map[string]any)
			if _, ok := sm[k]; ok {
				keys = append(keys, k)
				break
			}
		}
	}
	return keys
}

// mergeTop merges over into base: services key by key, the other sections name by name
// (an entry of a later file replaces the earlier one whole), as docker does.
func mergeTop(base, over map[string]any) {
	for k, v := range over {
		bm, _ := base[k].(map[string]any)
		om, _ := v.(map[string]any)
		if bm == nil || om == nil || strings.HasPrefix(k, "x-") {
			base[k] = v
			continue
		}
		for name, e := range om {
			if k == "services" {
				if bs, ok := bm[name].(map[string]any); ok {
					if over, ok := e.(map[string]any); ok {
						mergeService(bs, over)
						continue
					}
				}
			}
			bm[name] = e
		}
	}
}

// mergeService merges a service of a later file into the earlier one: maps key by key,
// most lists appended, command/entrypoint/healthcheck test replaced, volumes by target
// and secrets/configs by source.
func mergeService(base, over map[string]any) {
	for k, v := range over {
		switch k {
		case "command", "entrypoint":
			base[k] = v
			continue
		case "volumes":
			base[k] = mergeByKey(base[k], v, "target")
			continue
		case "secrets", "configs":
			base[k] = mergeByKey(base[k], v, "source")
			continue
		case "ports":
			base[k] = mergePorts(base[k], v)
			continue
		}
		base[k] = mergeValue(base[k], v)
	}
}

func mergeValue(b, o any) any {
	switch ov := o.(type) {
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok {
			return o
		}
		for k, e := range ov {
			if k == "test" {
				bv[k] = e
				continue
			}
			bv[k] = mergeValue(bv[k], e)
		}
		return bv
	case []any:
		bv, ok := b.([]any)
		if !ok {
			return o
		}
		out := append([]any{}, bv...)
		for _, e := range ov {
			if !containsValue(out, e) {
				out = append(out, e)
			}
		}
		return out
	}
	return o
}

func containsValue(l []any, v any) bool {
	for _, e := range l {
		if fmt.Sprint(e) == fmt.Sprint(v) {
			return true
		}
	}
	return false
}

func mergeByKey(b, o any, key string) any {
	bl, _ := b.([]any)
	ol, _ := o.([]any)
	byKey := map[string]any{}
	var order []string
	for _, l := range [][]any{bl, ol} {
		for _, e := range l {
			em, _ := e.(map[string]any)
			k := fmt.Sprint(em[key])
			if _, seen := byKey[k]; !seen {
				order = append(order, k)
			}
			byKey[k] = e
		}
	}
	sort.Strings(order)
	out := make([]any, 0, len(order))
	for _, k := range order {
		out = append(out, byKey[k])
	}
	return out
}

// absPath resolves p against the working directory.
func absPath(dir, p string) string {
	if strings.HasPrefix(p, "~/") {
		if h, err := os.UserHomeDir(); err == nil {
			return filepath.Join(h, p[2:])
		}
	}
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, p)
}

// mergePorts appends the later file's ports that are new; docker prints the result
// sorted by published, then target port.
func mergePorts(b, o any) any {
	out := mergeValue(b, o)
	l, ok := out.([]any)
	if !ok {
		return out
	}
	num := func(e any, k string) uint64 {
		m, _ := e.(map[string]any)
		switch v := m[k].(type) {
		case uint64:
			return v
		case int:
			return uint64(v)
		}
		return 0
	}
	sort.SliceStable(l, func(i, j int) bool {
		if a, b := num(l[i], "published"), num(l[j], "published"); a != b {
			return a < b
		}
		return num(l[i], "target") < num(l[j], "target")
	})
	return l
}
