package commands

import (
	"strings"

	"github.com/skiff-cli/skiff/client"
)

// PruneFilters adds config.json's "pruneFilters" to the filters a prune command was
// given, as docker 28 does (observed): entries in order, each "key=value" (others are
// ignored); a "label" entry is added only when the filters so far have a "label!"
// that does not hold its value, a "label!" entry only when they have a "label" that
// does not hold it; any other key is always added (a second "until" is the engine's
// error).
func PruneFilters(cli Cli, f client.Filters) client.Filters {
	entries := cli.ConfigFile().PruneFilters
	if len(entries) == 0 {
		return f
	}
	f = f.Clone()
	for _, e := range entries {
		k, v, ok := strings.Cut(e, "=")
		if !ok {
			continue
		}
		switch k {
		case "label":
			if exactOrAbsent(f, "label!", v) {
				continue
			}
		case "label!":
			if exactOrAbsent(f, "label", v) {
				continue
			}
		}
		f.Add(k, v)
	}
	return f
}

// exactOrAbsent reports whether key has no value or has v among its values.
func exactOrAbsent(f client.Filters, key, v string) bool {
	vs := f.Get(key)
	if len(vs) == 0 {
		return true
	}
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}
