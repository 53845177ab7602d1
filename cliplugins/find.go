package cliplugins

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// MetadataTimeout bounds how long a plugin may take to give its metadata. docker 28
// waits for ever (observed: `docker --help` hangs with a plugin that never answers);
// skiff never hangs: past this the plugin is killed and reported invalid.
const MetadataTimeout = 10 * time.Second

// Finder finds plugins in Dirs, in order: the first of a name wins, the others are
// shadowed. Builtin reports a name a built-in command has (such a plugin is invalid).
type Finder struct {
	Dirs    []string
	Builtin func(name string) bool
	// Timeout overrides MetadataTimeout when not zero.
	Timeout time.Duration
	// Cache, when set, keeps the plugins' metadata answers between runs.
	Cache *MetadataCache
}

// Dirs is where docker 28 looks for plugins, in its order: config.json's
// cliPluginsExtraDirs, the config directory's cli-plugins, then the system
// directories.
func Dirs(configDir string, extraDirs []string) []string {
	dirs := append([]string{}, extraDirs...)
	return append(dirs, filepath.Join(configDir, "cli-plugins"),
		"/usr/local/lib/docker/cli-plugins", "/usr/local/libexec/docker/cli-plugins",
		"/usr/lib/docker/cli-plugins", "/usr/libexec/docker/cli-plugins")
}

// Find returns the plugin called name (checked, metadata included), or nil when no
// directory has one. Only that plugin is run: finding one costs a stat per directory.
func (f Finder) Find(ctx context.Context, name string) *Plugin {
	var p *Plugin
	for _, dir := range f.Dirs {
		path := filepath.Join(dir, NamePrefix+name)
		if !candidate(path) {
			continue
		}
		if p == nil {
			p = &Plugin{Name: name, Path: path}
		} else {
			p.ShadowedPaths = append(p.ShadowedPaths, path)
		}
	}
	if p != nil {
		f.check(ctx, p)
		f.Cache.Save()
	}
	return p
}

// List returns every plugin in the directories, checked (their metadata asked at
// once), sorted by name.
func (f Finder) List(ctx context.Context) []Plugin {
	byName := map[string]*Plugin{}
	var names []string
	for _, dir := range f.Dirs {
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			name, ok := strings.CutPrefix(e.Name(), NamePrefix)
			path := filepath.Join(dir, e.Name())
			if !ok || name == "" || !candidate(path) {
				continue
			}
			if p := byName[name]; p != nil {
				p.ShadowedPaths = append(p.ShadowedPaths, path)
				continue
			}
			byName[name] = &Plugin{Name: name, Path: path}
			names = append(names, name)
		}
	}
	sort.Strings(names)
	out := make([]Plugin, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := byName[name]
			f.check(ctx, p)
			out[i] = *p
		}()
	}
	wg.Wait()
	f.Cache.Save()
	return out
}

// candidate reports a path docker takes for a plugin: anything but a directory (a
// dangling link or a file that cannot be run is a plugin that is not valid).
func candidate(path string) bool {
	fi, err := os.Stat(path)
	if err != nil {
		_, lerr := os.Lstat(path)
		return lerr == nil
	}
	return !fi.IsDir()
}

// check fills in p's metadata and Err, as docker validates a plugin.
func (f Finder) check(ctx context.Context, p *Plugin) {
	if err := checkName(p.Name, f.Builtin); err != nil {
		p.Err = err
		return
	}
	out, err := f.metadata(ctx, p.Path)
	if err != nil {
		p.Err = errorf("failed to fetch metadata: %v", err)
		return
	}
	p.Metadata, p.Err = parseMetadata(out)
}

// metadata runs the plugin for its metadata, within the time limit.
func (f Finder) metadata(ctx context.Context, path string) ([]byte, error) {
	if f.Cache != nil {
		if out, ok := f.Cache.get(path); ok {
			return out, nil
		}
	}
	timeout := f.Timeout
	if timeout == 0 {
		timeout = MetadataTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, MetadataArg)
	var out bytes.Buffer
	cmd.Stdout = &out
	// A child of the plugin holding its stdout must not hold skiff too.
	cmd.WaitDelay = time.Second
	err := cmd.Run()
	if err == nil && f.Cache != nil {
		f.Cache.put(path, out.Bytes())
	}
	return out.Bytes(), err
}
