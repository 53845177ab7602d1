//go:build e2e

package e2e

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// TestAPIVersionCommandGateFirst: a command the API version in use lacks is refused
// before its arguments are counted (but after an unknown flag), as docker does.
func TestAPIVersionCommandGateFirst(t *testing.T) {
	t.Parallel()
	env := []string{"DOCKER_API_VERSION=1.24"}
	CompareEnv(t, env, "", "image", "prune", "extra")
	CompareEnv(t, env, "", "container", "prune", "a", "b")
	CompareEnv(t, env, "", "system", "df", "extra")
	CompareEnv(t, env, "", "image", "prune", "--bogus")
}

// recordingEngine answers /_ping with API-Version version and every other request
// with a fixed answer per route kind, and records what each client sent (method, path
// with query, and create's body).
type recordingEngine struct {
	mu   sync.Mutex
	reqs []string
}

func (e *recordingEngine) take() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	r := e.reqs
	e.reqs = nil
	return r
}

func newRecordingEngine(t *testing.T, version string) (*recordingEngine, string) {
	e := &recordingEngine{}
	const id = "c0ffee0000000000000000000000000000000000000000000000000000000001"
	host := fakeEngine(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("API-Version", version)
		p := r.URL.Path
		if strings.HasSuffix(p, "/_ping") {
			w.Write([]byte("OK"))
			return
		}
		body, _ := io.ReadAll(r.Body)
		rec := r.Method + " " + r.URL.RequestURI()
		if strings.HasSuffix(p, "/containers/create") {
			// the fields that differ by version, not the whole body (docker's has a
			// trailing newline and fields of its own order)
			rec += fmt.Sprintf(" AutoRemove=%v", strings.Contains(string(body), `"AutoRemove":true`))
		}
		e.mu.Lock()
		e.reqs = append(e.reqs, rec)
		e.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.HasSuffix(p, "/containers/create"):
			w.WriteHeader(201)
			fmt.Fprintf(w, `{"Id":%q}`, id)
		case strings.HasSuffix(p, "/json"):
			w.Write([]byte("[]"))
		default:
			w.WriteHeader(500)
			w.Write([]byte(`{"message":"recording engine"}`))
		}
	})
	return e, host
}

// TestAPIVersionOldRequests: against engines below API 1.22 and 1.25 skiff sends what
// docker 28 sends: filters as lists below 1.22, the reference filter as ?filter=
// below 1.25, AutoRemove false below 1.25 (the client removes the container).
func TestAPIVersionOldRequests(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"1.18", "1.21", "1.24", "1.25", "1.41"} {
		e, host := newRecordingEngine(t, v)
		env := []string{"DOCKER_HOST=" + host}
		for _, args := range [][]string{
			{"ps", "-a", "-f", "label=a", "-f", "status=exited"},
			{"images", "bb", "-f", "dangling=false"},
			{"images", "-f", "reference=bb"},
			{"create", "--rm", "bb"},
		} {
			ref := RefIn(t, "", env, args...)
			refReqs := e.take()
			sk := SkiffIn(t, "", env, args...)
			skReqs := e.take()
			if strings.Join(refReqs, "\n") != strings.Join(skReqs, "\n") {
				t.Errorf("%s at %s: requests differ\n%s", strings.Join(args, " "), v, Diff("docker", "skiff", strings.Join(refReqs, "\n"), strings.Join(skReqs, "\n")))
			}
			if ref.Code != sk.Code || ref.FirstErrLine() != sk.FirstErrLine() {
				t.Errorf("%s at %s: docker exit %d %q, skiff exit %d %q", strings.Join(args, " "), v, ref.Code, ref.FirstErrLine(), sk.Code, sk.FirstErrLine())
			}
		}
	}
}
