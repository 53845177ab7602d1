//go:build e2e

package e2e

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// manifestRepo pushes bb:latest to the local registry as REPO:a and REPO:b (a repository
// of its own, named after the test) and returns REPO; the local tags go in t.Cleanup.
func manifestRepo(t *testing.T, f *Fix, registry string) string {
	t.Helper()
	repo := registry + "/skiff-mf-" + strings.ToLower(f.Name())
	for _, tag := range []string{"a", "b"} {
		pullRefMust(t, "tag", Image, repo+":"+tag)
		t.Cleanup(func() { _, _ = fixtureRun("rmi", repo+":"+tag) })
		pullRefMust(t, "push", "-q", repo+":"+tag)
	}
	return repo
}

// manifestRun runs one client with its own config directory (its manifests store).
func manifestRun(t *testing.T, who, cfg string, args ...string) Result {
	t.Helper()
	env := []string{"DOCKER_CONFIG=" + cfg}
	if who == "ref" {
		return RefIn(t, "", env, args...)
	}
	return SkiffIn(t, "", env, args...)
}

// manifestCompare runs args with each client on its own config directory and compares
// exit code, stdout and the first stderr line.
func manifestCompare(t *testing.T, refCfg, skiffCfg string, args ...string) {
	t.Helper()
	r := manifestRun(t, "ref", refCfg, args...)
	s := manifestRun(t, "skiff", skiffCfg, args...)
	if r.Code != s.Code || r.Stdout != s.Stdout || r.FirstErrLine() != s.FirstErrLine() {
		t.Errorf("docker %s: reference exit %d, skiff exit %d\nfirst stderr: %q vs %q\n%s",
			quoteArgs(args), r.Code, s.Code, r.FirstErrLine(), s.FirstErrLine(), Diff("reference", "skiff", r.Stdout, s.Stdout))
	}
}

// The same session with each client, each on its own manifests store, against the same
// registry: create (with and without --insecure, amend), annotate, inspect of local and
// remote lists and images (-v too), push to a second repository (blob mounts), rm, and
// docker 28's errors; the stores must end up byte for byte the same.
func TestManifestSession(t *testing.T) {
	t.Parallel()
	pullNeedRegistry(t)
	f := Fixture(t)
	repo := manifestRepo(t, f, pullRegistry)
	refCfg, skiffCfg := t.TempDir(), t.TempDir()
	list, a, b := repo+":list", repo+":a", repo+":b"
	steps := [][]string{
		{"manifest"},
		{"manifest", "frob"},
		{"manifest", "inspect"},
		{"manifest", "inspect", a}, // 127.0.0.1 over http needs --insecure
		{"manifest", "inspect", "--insecure", a},
		{"manifest", "inspect", "-v", "--insecure", a},
		{"manifest", "inspect", "--insecure", repo + ":nope"},
		{"manifest", "inspect", "127.0.0.1:1/x:y"},
		{"manifest", "create", list, a},
		{"manifest", "create", "--insecure", list, a},
		{"manifest", "create", "--insecure", list, b},
		{"manifest", "create", "--insecure", "-a", list, b},
		{"manifest", "create", "--insecure", "BAD", a},
		{"manifest", "annotate", list, a, "--os", "linux", "--arch", "arm", "--variant", "v7", "--os-features", "f1,f2", "--os-version", "1.0"},
		{"manifest", "annotate", list, a, "--os-features", "f2,f3"},
		{"manifest", "annotate", list, a, "--arch", "foo"},
		{"manifest", "annotate", list, repo + ":zz", "--arch", "arm"},
		{"manifest", "inspect", list},
		{"manifest", "inspect", "-v", list},
		{"manifest", "inspect", list, a},
		{"manifest", "inspect", list, repo + ":zz"},
		{"manifest", "push", repo + ":nolist"},
	}
	for _, s := range steps {
		manifestCompare(t, refCfg, skiffCfg, s...)
	}
	refStore, skiffStore := filepath.Join(refCfg, "manifests"), filepath.Join(skiffCfg, "manifests")
	manifestSameTree(t, refStore, skiffStore)

	// push: each client its own target repository (blobs mounted from repo), then the
	// other client reads it back
	targets := map[string]string{}
	for _, who := range []string{"ref", "skiff"} {
		cfg := map[string]string{"ref": refCfg, "skiff": skiffCfg}[who]
		target := repo + "-" + who + ":l"
		targets[who] = target
		if r := manifestRun(t, who, cfg, "manifest", "create", "--insecure", target, a, b); r.Code != 0 {
			t.Fatalf("%s create: %s", who, r)
		}
		r := manifestRun(t, who, cfg, "manifest", "push", "--purge", target)
		if r.Code != 0 {
			t.Fatalf("%s push: %s", who, r)
		}
		targets[who+"-out"] = strings.ReplaceAll(r.Stdout, "-"+who, "-X")
	}
	if targets["ref-out"] != targets["skiff-out"] {
		t.Errorf("push output:\n%s", Diff("reference", "skiff", targets["ref-out"], targets["skiff-out"]))
	}
	for _, who := range []string{"ref", "skiff"} {
		manifestCompare(t, refCfg, skiffCfg, "manifest", "inspect", "--insecure", targets[who])
		manifestCompare(t, refCfg, skiffCfg, "manifest", "inspect", "-v", "--insecure", targets[who])
	}
	manifestCompare(t, refCfg, skiffCfg, "manifest", "rm", list, repo+":nolist")
	manifestCompare(t, refCfg, skiffCfg, "manifest", "rm", list)
}

// A list made by one client is annotated and pushed by the other.
func TestManifestStoreShared(t *testing.T) {
	t.Parallel()
	pullNeedRegistry(t)
	f := Fixture(t)
	repo := manifestRepo(t, f, pullRegistry)
	for _, order := range [][2]string{{"ref", "skiff"}, {"skiff", "ref"}} {
		cfg := t.TempDir()
		list := repo + ":by-" + order[0]
		if r := manifestRun(t, order[0], cfg, "manifest", "create", "--insecure", list, repo+":a", repo+":b"); r.Code != 0 {
			t.Fatalf("%s create: %s", order[0], r)
		}
		if r := manifestRun(t, order[1], cfg, "manifest", "annotate", list, repo+":b", "--arch", "arm64", "--variant", "v8"); r.Code != 0 {
			t.Fatalf("%s annotate: %s", order[1], r)
		}
		want := manifestRun(t, order[0], cfg, "manifest", "inspect", list)
		if r := manifestRun(t, order[1], cfg, "manifest", "inspect", list); r.Code != 0 || r.Stdout != want.Stdout {
			t.Errorf("%s inspect of %s's list:\n%s", order[1], order[0], Diff(order[0], order[1], want.Stdout, r.Stdout))
		}
		r := manifestRun(t, order[1], cfg, "manifest", "push", list)
		if r.Code != 0 {
			t.Fatalf("%s push: %s", order[1], r)
		}
		if got := manifestRun(t, order[0], cfg, "manifest", "inspect", "--insecure", list+"@"+strings.TrimSpace(r.Stdout)); got.Code != 0 || got.Stdout != want.Stdout {
			t.Errorf("pushed list read back by %s:\n%s", order[0], Diff("local", "pushed", want.Stdout, got.Stdout))
		}
	}
}

// The auth registry: no credentials, wrong ones, right ones.
func TestManifestAuth(t *testing.T) {
	t.Parallel()
	loginNeedRegistry(t)
	f := Fixture(t)
	repo := loginRegistry + "/skiff-mf-" + strings.ToLower(f.Name())
	refCfg, skiffCfg := t.TempDir(), t.TempDir()
	auth := func(user, pass string) {
		for _, d := range []string{refCfg, skiffCfg} {
			doc := `{"auths":{"` + loginRegistry + `":{"auth":"` + b64(user+":"+pass) + `"}}}`
			if err := os.WriteFile(filepath.Join(d, "config.json"), []byte(doc), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	manifestCompare(t, refCfg, skiffCfg, "manifest", "inspect", "--insecure", repo+":a")
	auth(loginUser, loginPassword)
	// the image goes up with the reference, the right credentials in its config
	r := RefIn(t, "", []string{"DOCKER_CONFIG=" + refCfg}, "tag", Image, repo+":a")
	t.Cleanup(func() { _, _ = fixtureRun("rmi", repo+":a") })
	if r.Code != 0 {
		t.Fatal(r)
	}
	if r := RefIn(t, "", []string{"DOCKER_CONFIG=" + refCfg}, "push", "-q", repo+":a"); r.Code != 0 {
		t.Fatal(r)
	}
	manifestCompare(t, refCfg, skiffCfg, "manifest", "inspect", "--insecure", repo+":a")
	manifestCompare(t, refCfg, skiffCfg, "manifest", "inspect", "--insecure", repo+":nope")
	manifestCompare(t, refCfg, skiffCfg, "manifest", "create", "--insecure", repo+":l", repo+":a")
	manifestCompare(t, refCfg, skiffCfg, "manifest", "push", repo+":l")
	auth(loginUser, "wrong")
	manifestCompare(t, refCfg, skiffCfg, "manifest", "inspect", "--insecure", repo+":a")
	manifestCompare(t, refCfg, skiffCfg, "manifest", "push", repo+":l")
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// manifestSameTree fails unless both directories hold the same files with the same bytes.
func manifestSameTree(t *testing.T, a, b string) {
	t.Helper()
	files := func(root string) map[string]string {
		out := map[string]string{}
		_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				body, _ := os.ReadFile(p)
				rel, _ := filepath.Rel(root, p)
				out[rel] = string(body)
			}
			return nil
		})
		return out
	}
	fa, fb := files(a), files(b)
	if len(fa) == 0 {
		t.Errorf("no files in %s", a)
	}
	for k, v := range fa {
		if fb[k] != v {
			t.Errorf("store file %s differs:\n%s", k, Diff("reference", "skiff", v, fb[k]))
		}
	}
	for k := range fb {
		if _, ok := fa[k]; !ok {
			t.Errorf("skiff's store has %s, the reference's not", k)
		}
	}
}
