//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The registry with bearer-token auth (Docker Hub's flow) that scripts/registry.sh
// starts for these tests (SKIFF_REGISTRY_AUTH=token), beside our token server
// (e2e/tokenserver), which logs every token request to tokenLog. Its users are
// loginUser and loginUser-ANYTHING (one per test, to find its requests by), all with
// loginPassword; it hands out refresh tokens, which docker login stores as identity
// tokens.
const (
	tokenRegistry = "127.0.0.1:5003"
	tokenLog      = "/tmp/skiff-registry-token/requests.log"
)

// tokenNeedRegistry starts the token registry, skipping the test when that is not
// possible (a failure under CI=true).
func tokenNeedRegistry(t *testing.T) {
	t.Helper()
	if !hasRef() {
		t.Skip("needs the reference client to compare with")
	}
	cmd := exec.Command(filepath.Join("..", "scripts", "registry.sh"), "up")
	cmd.Env = append(os.Environ(), "SKIFF_REGISTRY_AUTH=token", "SKIFF_REGISTRY_ADDR="+tokenRegistry,
		"SKIFF_REGISTRY_USER="+loginUser, "SKIFF_REGISTRY_PASSWORD="+loginPassword)
	if out, err := cmd.CombinedOutput(); err != nil {
		if isCI() {
			t.Fatalf("scripts/registry.sh up (token): %v\n%s", err, out)
		}
		t.Skipf("no token registry (scripts/registry.sh up: %v): %s", err, out)
	}
}

// tokenRecord is one line of the token server's log (what matters of it: no time).
type tokenRecord struct {
	Method      string   `json:"method"`
	GrantType   string   `json:"grant_type"`
	User        string   `json:"user"`
	Refresh     bool     `json:"refresh"`
	Service     string   `json:"service"`
	Scopes      []string `json:"scopes"`
	Account     string   `json:"account"`
	ClientID    string   `json:"client_id"`
	Offline     bool     `json:"offline"`
	Status      int      `json:"status"`
	GaveRefresh bool     `json:"gave_refresh"`
}

// String is the record as one comparable line, the test's user and repository named
// <USER> and <REPO>, scopes for other repositories left out (the engine mounts layers
// from whichever repository it last saw them in, another test's maybe).
func (r tokenRecord) String(user, repo string) string {
	r.Scopes = slices.DeleteFunc(slices.Clone(r.Scopes), func(s string) bool {
		return strings.HasPrefix(s, "repository:") && !strings.HasPrefix(s, "repository:"+repo+":")
	})
	b, _ := json.Marshal(r)
	s := strings.ReplaceAll(string(b), `"`+user+`"`, `"<USER>"`)
	return strings.ReplaceAll(s, ":"+repo+":", ":<REPO>:")
}

// tokenMark is where the token log ends now: tokenSince reads what comes after.
func tokenMark(t *testing.T) int64 {
	t.Helper()
	st, err := os.Stat(tokenLog)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

// tokenSince returns the token requests logged after mark that are the test's: made as
// user or asking for repo (anonymous ones). Each once, sorted: which requests, not how
// many (a client may ask twice for the same token).
func tokenSince(t *testing.T, mark int64, user, repo string) []string {
	t.Helper()
	b, err := os.ReadFile(tokenLog)
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(b)) < mark {
		t.Fatalf("token log shorter than at the mark (%d < %d bytes)", len(b), mark)
	}
	// whole lines only: another test's request may have been half written at the mark,
	// or be now
	rest := b[mark:]
	if mark > 0 && b[mark-1] != '\n' {
		_, rest, _ = bytes.Cut(rest, []byte("\n"))
	}
	b = rest[:bytes.LastIndexByte(rest, '\n')+1]
	var out []string
	for _, line := range bytes.Split(bytes.TrimSuffix(b, []byte("\n")), []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		var r tokenRecord
		if err := json.Unmarshal(line, &r); err != nil {
			t.Fatalf("token log: %v: %s", err, line)
		}
		// anonymous requests by the first scope: another test's push may ask to mount
		// from this test's repository
		mine := r.User == user || r.User == "" && len(r.Scopes) > 0 && strings.HasPrefix(r.Scopes[0], "repository:"+repo+":")
		if mine {
			out = append(out, r.String(user, repo))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// tokenStep is one command of a session; want, when set, are token requests (as
// tokenRecord.String gives them) the step must have made.
type tokenStep struct {
	stdin string
	args  []string
	want  []string
}

// tokenSession runs each step with the reference, then with skiff, each client on a
// config directory of its own (written with initial first, when set) and the same
// engine and registries, and compares exit code, stdout and the whole of stderr, the
// config.json each left (identity tokens hidden) and the token requests each made. env
// is added to both clients' environment.
func tokenSession(t *testing.T, user, repo string, env []string, initial string, steps []tokenStep) {
	t.Helper()
	// identity tokens hidden: each login gets a new one
	identity := regexp.MustCompile(`"identitytoken": "[0-9a-f]+"`)
	dirs := map[string]string{}
	for _, who := range []string{"ref", "skiff"} {
		dirs[who] = filepath.Join(t.TempDir(), "cfg")
		if initial != "" {
			if err := os.MkdirAll(dirs[who], 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dirs[who], "config.json"), []byte(initial), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i, s := range steps {
		var res [2]Result
		var toks [2][]string
		var cfgs [2]string
		for j, who := range []string{"ref", "skiff"} {
			e := append([]string{"DOCKER_CONFIG=" + dirs[who]}, env...)
			mark := tokenMark(t)
			if who == "ref" {
				res[j] = RefIn(t, s.stdin, e, s.args...)
			} else {
				res[j] = SkiffIn(t, s.stdin, e, s.args...)
			}
			toks[j] = tokenSince(t, mark, user, repo)
			res[j].Stdout = loginNorm(strings.ReplaceAll(res[j].Stdout, dirs[who], "<CONFIG>"))
			res[j].Stderr = loginNorm(strings.ReplaceAll(res[j].Stderr, dirs[who], "<CONFIG>"))
			b, _ := os.ReadFile(filepath.Join(dirs[who], "config.json"))
			cfgs[j] = identity.ReplaceAllString(string(b), `"identitytoken": "<TOKEN>"`)
		}
		step := quoteArgs(s.args)
		if res[0].String() != res[1].String() {
			t.Errorf("step %d (%s): differs\nreference:\n%s\nskiff:\n%s", i, step, res[0], res[1])
		}
		if cfgs[0] != cfgs[1] {
			t.Errorf("step %d (%s): config.json differs\n%s", i, step, Diff("reference", "skiff", cfgs[0], cfgs[1]))
		}
		if !slices.Equal(toks[0], toks[1]) {
			t.Errorf("step %d (%s): token requests differ\n%s", i, step,
				Diff("reference", "skiff", strings.Join(toks[0], "\n")+"\n", strings.Join(toks[1], "\n")+"\n"))
		}
		for _, w := range s.want {
			if !slices.Contains(toks[1], w) {
				t.Errorf("step %d (%s): skiff's token requests lack\n%s\nthey are:\n%s", i, step, w, strings.Join(toks[1], "\n"))
			}
		}
	}
}

// tokenUserRepo is the test's own user of the token server and its own repository
// (without the registry host, as scopes name it).
func tokenUserRepo(t *testing.T) (user, repo string) {
	f := Fixture(t)
	name := strings.ToLower(f.Name())
	return loginUser + "-" + name, "skiff-tok-" + name
}

// tokenTag tags bb:latest as REGISTRY/repo:tag, removed again in t.Cleanup.
func tokenTag(t *testing.T, repo, tag string) string {
	t.Helper()
	ref := tokenRegistry + "/" + repo + ":" + tag
	pullRefMust(t, "tag", Image, ref)
	t.Cleanup(func() { _, _ = fixtureRun("rmi", ref) })
	return ref
}

// A login session against the token registry, both clients on the same state: a wrong
// and the right password (the engine's /auth does the token dance and the refresh token
// becomes the identity token), push and pull through the engine with the stored
// identity token, docker manifest inspect/create/push doing the dance itself (an OAuth2
// refresh-token grant with docker's scopes), logout, then everything again without
// credentials: docker's refusals.
func TestRegistryTokenSession(t *testing.T) {
	t.Parallel()
	tokenNeedRegistry(t)
	user, repo := tokenUserRepo(t)
	a := tokenTag(t, repo, "a")
	full := tokenRegistry + "/" + repo
	rec := func(r tokenRecord) string { return r.String(user, repo) }
	engineLogin := tokenRecord{Method: "GET", User: user, Service: "skiff-registry", Account: user, ClientID: "docker", Offline: true}
	wrongLogin, rightLogin := engineLogin, engineLogin
	wrongLogin.Status = 401
	rightLogin.Status, rightLogin.GaveRefresh = 200, true
	refresh := func(client string, scope string) string {
		return rec(tokenRecord{Method: "POST", GrantType: "refresh_token", User: user, Refresh: true, Service: "skiff-registry",
			Scopes: []string{"repository:" + repo + ":" + scope}, ClientID: client, Status: 200, GaveRefresh: true})
	}
	steps := []tokenStep{
		{"wrong\n", []string{"login", "-u", user, "--password-stdin", tokenRegistry}, []string{rec(wrongLogin)}},
		{loginPassword + "\n", []string{"login", "-u", user, "--password-stdin", tokenRegistry}, []string{rec(rightLogin)}},
		{"", []string{"push", "-q", a}, []string{refresh("docker", "push,pull")}},
		{"", []string{"pull", "-q", a}, []string{refresh("docker", "pull")}},
		{"", []string{"manifest", "inspect", "--insecure", a}, []string{refresh("registry-client", "pull")}},
		{"", []string{"manifest", "inspect", "-v", "--insecure", a}, nil},
		{"", []string{"manifest", "inspect", a}, nil}, // https only: not found
		{"", []string{"manifest", "inspect", "--insecure", full + ":nope"}, nil},
		{"", []string{"manifest", "create", "--insecure", full + ":list", a}, nil},
		{"", []string{"manifest", "push", full + ":list"}, []string{refresh("registry-client", "pull,push")}},
		{"", []string{"manifest", "inspect", "--insecure", full + ":list"}, nil},
		{"", []string{"login", tokenRegistry}, nil}, // the stored identity token
		{"", []string{"logout", tokenRegistry}, nil},
		{"", []string{"pull", "-q", a}, nil},
		{"", []string{"push", "-q", a}, nil},
		{"", []string{"manifest", "inspect", "--insecure", a}, nil},
		{"", []string{"manifest", "create", "--insecure", full + ":list2", a}, nil},
	}
	tokenSession(t, user, repo, loginNoHelpers(t), "", steps)
}

// Stored credentials without an identity token (a password, as a registry without
// refresh tokens leaves them): the token is asked with basic auth by the engine and by
// docker manifest; then a wrong password, an unknown user (Docker Hub's shape of the
// refusal) and an identity token the token server does not know.
func TestRegistryTokenStoredCredentials(t *testing.T) {
	t.Parallel()
	tokenNeedRegistry(t)
	user, repo := tokenUserRepo(t)
	a := tokenTag(t, repo, "a")
	full := tokenRegistry + "/" + repo
	conf := func(auth string) string {
		return `{"auths":{"` + tokenRegistry + `":{` + auth + `}}}`
	}
	basic := conf(`"auth":"` + b64(user+":"+loginPassword) + `"`)
	get := func(scope, client string) string {
		return tokenRecord{Method: "GET", User: user, Service: "skiff-registry", Scopes: []string{"repository:" + repo + ":" + scope},
			Account: user, ClientID: client, Status: 200}.String(user, repo)
	}
	tokenSession(t, user, repo, loginNoHelpers(t), basic, []tokenStep{
		{"", []string{"push", "-q", a}, nil},
		{"", []string{"pull", "-q", a}, nil},
		{"", []string{"manifest", "inspect", "--insecure", a}, []string{get("pull", "")}},
		{"", []string{"manifest", "create", "--insecure", full + ":list", a}, nil},
		{"", []string{"manifest", "push", full + ":list"}, []string{get("pull,push", "")}},
	})
	for _, initial := range []string{
		conf(`"auth":"` + b64(user+":wrong") + `"`),
		conf(`"auth":"` + b64("nobody-"+user+":x") + `"`),
		conf(`"auth":"` + b64(user+":") + `","identitytoken":"0123456789abcdef"`),
	} {
		tokenSession(t, user, repo, loginNoHelpers(t), initial, []tokenStep{
			{"", []string{"pull", "-q", a}, nil},
			{"", []string{"push", "-q", a}, nil},
			{"", []string{"manifest", "inspect", "--insecure", a}, nil},
			{"", []string{"manifest", "create", "--insecure", full + ":list", a}, nil},
			{"", []string{"login", tokenRegistry}, nil},
		})
	}
}

// Without an engine docker 28 logs in to the registry itself: https, then http for a
// loopback registry; the token dance with its own requests. A wrong password (the
// distribution spec's errors) is reported for the endpoint and the login goes on; an
// unknown user (Docker Hub's {"details"}) ends it at once.
func TestRegistryTokenNoEngine(t *testing.T) {
	t.Parallel()
	tokenNeedRegistry(t)
	user, repo := tokenUserRepo(t)
	env := append(loginNoHelpers(t), "DOCKER_HOST=unix://"+filepath.Join(t.TempDir(), "none.sock"))
	login := tokenRecord{Method: "GET", User: user, Service: "skiff-registry", Account: user, ClientID: "docker", Offline: true, Status: 200, GaveRefresh: true}
	tokenSession(t, user, repo, env, "", []tokenStep{
		{"wrong\n", []string{"login", "-u", user, "--password-stdin", tokenRegistry}, nil},
		{"x\n", []string{"login", "-u", "nobody-" + user, "--password-stdin", tokenRegistry}, nil},
		{loginPassword + "\n", []string{"login", "-u", user, "--password-stdin", tokenRegistry}, []string{login.String(user, repo)}},
		{"", []string{"login", tokenRegistry}, nil},
		{"", []string{"logout", tokenRegistry}, nil},
	})
}
