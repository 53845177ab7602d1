package cliplugins

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"syscall"
)

// MetadataCache remembers each plugin's metadata answer together with the identity of
// the file that gave it (device, inode, size, modification and change times). Asking a
// plugin for its metadata costs as much as the plugin's own run, and docker asks at
// every `docker NAME`; a plugin file that changes in any way is asked again. Only
// answers of runs that succeeded are kept. The file is a cache: lost or broken, it is
// rebuilt; it is replaced whole (rename), never left half-written.
type MetadataCache struct {
	path    string
	once    sync.Once
	mu      sync.Mutex
	entries map[string]cacheEntry
	dirty   bool
}

type cacheEntry struct {
	Dev, Ino     uint64
	Size         int64
	Mtime, Ctime int64
	Output       []byte
}

// NewMetadataCache returns the cache kept in file path (nil: no cache).
func NewMetadataCache(path string) *MetadataCache {
	if path == "" {
		return nil
	}
	return &MetadataCache{path: path}
}

// DefaultCachePath is where skiff keeps the cache: the user's cache directory
// ($XDG_CACHE_HOME, else ~/.cache), "" when there is none.
func DefaultCachePath() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "skiff", "cli-plugin-metadata.json")
}

func (c *MetadataCache) load() {
	c.entries = map[string]cacheEntry{}
	if b, err := os.ReadFile(c.path); err == nil {
		_ = json.Unmarshal(b, &c.entries) // broken: rebuilt
	}
}

// identity is the file's identity as the cache compares it; false when it cannot be
// read (nothing is then cached).
func identity(path string) (cacheEntry, bool) {
	fi, err := os.Stat(path)
	if err != nil {
		return cacheEntry{}, false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return cacheEntry{}, false
	}
	return cacheEntry{
		Dev: uint64(st.Dev), Ino: st.Ino, Size: st.Size,
		Mtime: st.Mtim.Nano(), Ctime: st.Ctim.Nano(),
	}, true
}

// get returns the cached answer of the plugin at path, if its file is unchanged.
func (c *MetadataCache) get(path string) ([]byte, bool) {
	id, ok := identity(path)
	if !ok {
		return nil, false
	}
	c.once.Do(c.load)
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[path]
	if !ok || e.Dev != id.Dev || e.Ino != id.Ino || e.Size != id.Size || e.Mtime != id.Mtime || e.Ctime != id.Ctime {
		return nil, false
	}
	return e.Output, true
}

// put records the answer the plugin at path gave.
func (c *MetadataCache) put(path string, output []byte) {
	id, ok := identity(path)
	if !ok {
		return
	}
	c.once.Do(c.load)
	c.mu.Lock()
	defer c.mu.Unlock()
	id.Output = output
	c.entries[path] = id
	c.dirty = true
}

// Save writes the cache when it changed, dropping the plugins that are gone. Failing
// to write it is not an error of the command: the next one asks the plugins again.
func (c *MetadataCache) Save() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.dirty {
		return
	}
	for path := range c.entries {
		if _, ok := identity(path); !ok {
			delete(c.entries, path)
		}
	}
	b, err := json.Marshal(c.entries)
	if err != nil {
		return
	}
	dir := filepath.Dir(c.path)
	if os.MkdirAll(dir, 0o700) != nil {
		return
	}
	tmp, err := os.CreateTemp(dir, ".cli-plugin-metadata*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(b)
	if cerr := tmp.Close(); werr != nil || cerr != nil || os.Rename(tmp.Name(), c.path) != nil {
		os.Remove(tmp.Name())
		return
	}
	c.dirty = false
}
