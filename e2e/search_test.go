//go:build e2e

package e2e

import (
	"net/http"
	"strings"
	"testing"
)

// docker search through a fake engine (the local registry has no search API, and there
// is no internet): both clients get the same answer and must print the same.
func TestSearchFake(t *testing.T) {
	t.Parallel()
	host := fakeEngine(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Api-Version", "1.41")
		switch {
		case strings.HasSuffix(r.URL.Path, "/_ping"):
			w.Write([]byte("OK"))
		case strings.HasSuffix(r.URL.Path, "/images/search"):
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`[{"name":"busybox","description":"Busybox base image with a long description that goes on and on.","star_count":3456,"is_official":true},
{"name":"someone/tool","description":"short","star_count":7,"is_automated":true},
{"name":"x/ünïcode","description":"ünïcödé description — with dashes and more text to truncate here","star_count":0},
{"name":"y/nl","description":"line1\nline2","star_count":1}]`))
		default:
			http.Error(w, `{"message":"unexpected"}`, http.StatusNotFound)
		}
	})
	env := []string{"DOCKER_HOST=" + host}
	for _, args := range [][]string{
		{"search", "busybox"},
		{"search", "--no-trunc", "busybox"},
		{"search", "--limit", "5", "-f", "stars=3", "-f", "is-official=true", "busybox"},
		{"search", "--format", "json", "busybox"},
		{"search", "--format", "table {{.Name}}\t{{.StarCount}}", "busybox"},
		{"search", "--format", "{{.IsAutomated}}", "busybox"},
		{"search", "--limit", "abc", "busybox"},
		{"search", "-f", "foo", "busybox"},
		{"search"},
		{"search", "a", "b"},
	} {
		CompareEnv(t, env, "", args...)
	}
}

// The real engine cannot reach Docker Hub's index: its error, as the reference prints it.
func TestSearchUnreachableIndex(t *testing.T) {
	t.Parallel()
	Compare(t, "search", "busybox")
	Compare(t, "search", "--limit", "101", "busybox")
}
