//go:build e2e

package e2e

import (
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// The registry with htpasswd basic auth that scripts/registry.sh starts for these tests
// (SKIFF_REGISTRY_AUTH=1), and its one user. The engine reaches it: it treats 127.0.0.1
// registries as insecure (plain HTTP) without any daemon configuration.
const (
	loginRegistry = "127.0.0.1:5001"
	loginUser     = "skiff"
	loginPassword = "skiff-secret"
)

// loginNeedRegistry starts the auth registry, skipping the test when that is not
// possible (a failure under CI=true).
func loginNeedRegistry(t *testing.T) {
	t.Helper()
	cmd := exec.Command(filepath.Join("..", "scripts", "registry.sh"), "up")
	cmd.Env = append(os.Environ(), "SKIFF_REGISTRY_AUTH=1", "SKIFF_REGISTRY_ADDR="+loginRegistry,
		"SKIFF_REGISTRY_USER="+loginUser, "SKIFF_REGISTRY_PASSWORD="+loginPassword)
	if out, err := cmd.CombinedOutput(); err != nil {
		if isCI() {
			t.Fatalf("scripts/registry.sh up (auth): %v\n%s", err, out)
		}
		t.Skipf("no auth registry (scripts/registry.sh up: %v): %s", err, out)
	}
}

// loginStep is one command of a login/logout session.
type loginStep struct {
	stdin string
	args  []string
}

// loginSession runs steps with one client on a config directory of its own and returns
// each step's result (the directory's path replaced by <CONFIG>) and the directory.
// env is added to both clients' (PATH without credential helpers, or a pass store).
func loginSession(t *testing.T, who string, env []string, initial string, steps []loginStep) ([]Result, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "cfg")
	if initial != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(initial), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	env = append([]string{"DOCKER_CONFIG=" + dir}, env...)
	var out []Result
	for _, s := range steps {
		var r Result
		if who == "ref" {
			r = RefIn(t, s.stdin, env, s.args...)
		} else {
			r = SkiffIn(t, s.stdin, env, s.args...)
		}
		r.Stdout = loginNorm(strings.ReplaceAll(r.Stdout, dir, "<CONFIG>"))
		r.Stderr = loginNorm(strings.ReplaceAll(r.Stderr, dir, "<CONFIG>"))
		out = append(out, r)
	}
	return out, dir
}

// loginNorm hides the time and the memory address in docker's info lines about the
// registry endpoints a login without an engine tried.
func loginNorm(s string) string {
	s = regexp.MustCompile(`time="[^"]*"`).ReplaceAllString(s, `time="<TS>"`)
	return regexp.MustCompile(` 0x[0-9a-f]+}"`).ReplaceAllString(s, ` 0x<ADDR>}"`)
}

// loginCompareSessions runs the same session with both clients and compares, step by
// step, exit code, stdout and the whole of stderr, then the config.json each left.
func loginCompareSessions(t *testing.T, env []string, initial string, steps []loginStep) (refDir, skiffDir string) {
	t.Helper()
	ref, refDir := loginSession(t, "ref", env, initial, steps)
	got, skiffDir := loginSession(t, "skiff", env, initial, steps)
	for i, s := range steps {
		if ref[i].Code != got[i].Code || ref[i].Stdout != got[i].Stdout || ref[i].Stderr != got[i].Stderr {
			t.Errorf("step %d (%s): differs\nreference:\n%s\nskiff:\n%s", i, quoteArgs(s.args), ref[i], got[i])
		}
	}
	rb, rerr := os.ReadFile(filepath.Join(refDir, "config.json"))
	sb, serr := os.ReadFile(filepath.Join(skiffDir, "config.json"))
	if (rerr == nil) != (serr == nil) || string(rb) != string(sb) {
		t.Errorf("config.json differs (reference err %v, skiff err %v)\n%s", rerr, serr, Diff("reference", "skiff", string(rb), string(sb)))
	}
	return refDir, skiffDir
}

// loginNoHelpers is an environment without any credential helper on PATH: both clients
// keep credentials in config.json (docker 28 picks pass or secretservice by default
// when their helpers are installed).
func loginNoHelpers(t *testing.T) []string {
	return []string{"PATH=" + t.TempDir()}
}

// TestLoginLogout: a session against the auth registry (through the engine's /auth):
// -p with its warning, existing credentials (and a pull that uses them), --password-stdin, the same credentials
// again (not rewritten), wrong credentials in the registry's words, the http:// form,
// logout twice, then the flag errors, identical in both clients; config.json the same
// bytes, mode 0600 in a 0700 directory.
func TestLoginLogout(t *testing.T) {
	t.Parallel()
	loginNeedRegistry(t)
	steps := []loginStep{
		{"", []string{"login", "-u", loginUser, "-p", loginPassword, loginRegistry}},
		{"", []string{"login", loginRegistry}},
		// the stored credentials reach the registry (the image does not exist: nothing is made)
		{"", []string{"create", loginRegistry + "/skiff-login-none:x"}},
		{loginPassword + "\n", []string{"login", "-u", loginUser, "--password-stdin", loginRegistry}},
		{"  " + loginPassword + " \r\n", []string{"login", "-u", " " + loginUser, "--password-stdin", loginRegistry}},
		{"wrong\n", []string{"login", "-u", loginUser, "--password-stdin", loginRegistry}},
		{"", []string{"login", "-u", loginUser, "-p", "wrong", "http://" + loginRegistry + "/v2/"}},
		{"", []string{"login", "-u", "nobody", "-p", "x", "localhost:5001"}},
		{"", []string{"logout", "http://" + loginRegistry + "/"}},
		{"", []string{"logout", loginRegistry}},
		{"", []string{"create", loginRegistry + "/skiff-login-none:x"}},
		{"", []string{"login", loginRegistry}},
		{"x\n", []string{"login", "-p", "x", "--password-stdin", loginRegistry}},
		{"x\n", []string{"login", "--password-stdin", loginRegistry}},
		{"x\n", []string{"login", "-u", "", "--password-stdin", loginRegistry}},
		{"", []string{"login", "-u", "u", "-p", "", loginRegistry}},
		{"", []string{"login", "-u", "u", loginRegistry}},
		{"", []string{"login", "a", "b"}},
		{"", []string{"logout", "a", "b"}},
		{"", []string{"login", "--bogus"}},
	}
	refDir, skiffDir := loginCompareSessions(t, loginNoHelpers(t), "", steps)
	for _, d := range []string{refDir, skiffDir} {
		if st, err := os.Stat(d); err != nil || st.Mode().Perm() != 0o700 {
			t.Errorf("%s: %v, mode %v, want 0700", d, err, st.Mode().Perm())
		}
	}
	if st, err := os.Stat(filepath.Join(skiffDir, "config.json")); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("skiff's config.json: %v, want mode 0600", err)
	}
	if b, _ := os.ReadFile(filepath.Join(skiffDir, "config.json")); string(b) != "{\n\t\"auths\": {}\n}" {
		t.Errorf("config.json after logout: %q", b)
	}
	ents, _ := os.ReadDir(skiffDir)
	if len(ents) != 1 {
		t.Errorf("config dir holds %d entries, want config.json alone (a temporary file left?)", len(ents))
	}
}

// loginOtherKeys is a config.json with keys in another order, values docker rewrites,
// and keys docker 28 drops (kubernetes, stackOrchestrator, unknown ones): skiff keeps
// those, after docker's.
const loginOtherKeys = `{"zzz": [1, {"b": "c"}], "psFormat": "table {{.ID}}\t{{.Names}} <&>",
 "auths": {"other.example": {"auth": "` + "YTpi" + `"}}, "stackOrchestrator": "swarm",
 "proxies": {"default": {"noProxy": "n", "httpProxy": "h"}}, "credHelpers": {"x.example": "none"},
 "currentContext": "default", "aaa": "keep me", "detachKeys": "ctrl-a"}`

// TestLoginKeepsConfig: login rewrites config.json as docker 28 does (its keys, order,
// tab layout) and keeps every key it does not know, after docker's, in their order.
func TestLoginKeepsConfig(t *testing.T) {
	t.Parallel()
	loginNeedRegistry(t)
	steps := []loginStep{{"", []string{"login", "-u", loginUser, "-p", loginPassword, loginRegistry}}}
	env := loginNoHelpers(t)
	ref, refDir := loginSession(t, "ref", env, loginOtherKeys, steps)
	got, skiffDir := loginSession(t, "skiff", env, loginOtherKeys, steps)
	if ref[0].String() != got[0].String() {
		t.Errorf("login differs\nreference:\n%s\nskiff:\n%s", ref[0], got[0])
	}
	rb, _ := os.ReadFile(filepath.Join(refDir, "config.json"))
	sb, _ := os.ReadFile(filepath.Join(skiffDir, "config.json"))
	want := strings.TrimSuffix(string(rb), "\n}") + ",\n" +
		"\t\"zzz\": [\n\t\t1,\n\t\t{\n\t\t\t\"b\": \"c\"\n\t\t}\n\t],\n" +
		"\t\"stackOrchestrator\": \"swarm\",\n" +
		"\t\"aaa\": \"keep me\"\n}"
	if string(sb) != want {
		t.Errorf("config.json:\n%s", Diff("want", "skiff", want, string(sb)))
	}
	if !strings.Contains(string(rb), `"auth": "`+base64.StdEncoding.EncodeToString([]byte(loginUser+":"+loginPassword))+`"`) {
		t.Errorf("reference's config.json lacks the new entry:\n%s", rb)
	}
}

// loginPassEnv makes a throwaway gpg key and a pass store for it (no passphrase) and
// returns the environment that points pass and docker-credential-pass at them, the
// helper wrapped by a script that records its arguments in argvLog.
func loginPassEnv(t *testing.T) (env []string, argvLog string) {
	t.Helper()
	for _, tool := range []string{"gpg", "pass", "docker-credential-pass"} {
		if _, err := exec.LookPath(tool); err != nil {
			if isCI() {
				t.Fatalf("%s missing (Debian: gnupg, pass, golang-docker-credential-helpers)", tool)
			}
			t.Skipf("%s missing", tool)
		}
	}
	// gpg-agent's socket path must be short: not under t.TempDir()
	gnupg, err := os.MkdirTemp("", "skg")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(gnupg, 0o700); err != nil {
		t.Fatal(err)
	}
	base := t.TempDir()
	wrap := filepath.Join(base, "bin")
	argvLog = filepath.Join(base, "argv.log")
	if err := os.Mkdir(wrap, 0o755); err != nil {
		t.Fatal(err)
	}
	real, _ := exec.LookPath("docker-credential-pass")
	script := "#!/bin/sh\necho \"$@\" >>" + argvLog + "\nexec " + real + " \"$@\"\n"
	if err := os.WriteFile(filepath.Join(wrap, "docker-credential-pass"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	env = []string{"GNUPGHOME=" + gnupg, "PASSWORD_STORE_DIR=" + filepath.Join(base, "store"),
		"PATH=" + wrap + string(os.PathListSeparator) + os.Getenv("PATH")}
	t.Cleanup(func() {
		kill := exec.Command("gpgconf", "--kill", "gpg-agent")
		kill.Env = append(os.Environ(), env...)
		_ = kill.Run()
		os.RemoveAll(gnupg)
	})
	gen := exec.Command("gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "",
		"--quick-gen-key", "skiff-e2e <skiff-e2e@test.invalid>", "default", "default", "never")
	gen.Env = append(os.Environ(), env...)
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("gpg --quick-gen-key: %v\n%s", err, out)
	}
	init := exec.Command("pass", "init", "skiff-e2e@test.invalid")
	init.Env = append(os.Environ(), env...)
	if out, err := init.CombinedOutput(); err != nil {
		t.Fatalf("pass init: %v\n%s", err, out)
	}
	return env, argvLog
}

// loginPassGet is what docker-credential-pass holds for the registry.
func loginPassGet(t *testing.T, env []string) string {
	t.Helper()
	cmd := exec.Command("docker-credential-pass", "get")
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin = strings.NewReader(loginRegistry)
	out, _ := cmd.CombinedOutput()
	return strings.TrimSpace(string(out))
}

// TestLoginCredsStorePass: with pass and docker-credential-pass installed and no
// credsStore configured, login picks the pass store as docker 28 does: the secret lands
// in pass (never on a command line), config.json holds only credsStore and an empty
// entry; the stored credentials are used again; logout erases them. Each client has its
// own pass store; outputs and config.json are compared.
func TestLoginCredsStorePass(t *testing.T) {
	t.Parallel()
	loginNeedRegistry(t)
	steps := []loginStep{
		{loginPassword + "\n", []string{"login", "-u", loginUser, "--password-stdin", loginRegistry}},
		{"", []string{"login", loginRegistry}},
	}
	var dirs [2]string
	for i, who := range []string{"ref", "skiff"} {
		env, argvLog := loginPassEnv(t)
		res, dir := loginSession(t, who, env, "", steps)
		dirs[i] = dir
		for j, r := range res {
			if r.Code != 0 || r.Stdout != "Login Succeeded\n" {
				t.Errorf("%s step %d: %s", who, j, r)
			}
		}
		if got := loginPassGet(t, env); !strings.Contains(got, `"Secret":"`+loginPassword+`"`) {
			t.Errorf("%s: pass holds %q, want the secret", who, got)
		}
		cfg, _ := os.ReadFile(filepath.Join(dir, "config.json"))
		if string(cfg) != "{\n\t\"auths\": {\n\t\t\""+loginRegistry+"\": {}\n\t},\n\t\"credsStore\": \"pass\"\n}" {
			t.Errorf("%s: config.json:\n%s", who, cfg)
		}
		if argv, _ := os.ReadFile(argvLog); strings.Contains(string(argv), loginPassword) || !strings.Contains(string(argv), "store") {
			t.Errorf("%s: helper command lines %q: want store, never the secret", who, argv)
		}
		r := map[string]func(*testing.T, string, []string, ...string) Result{"ref": RefIn, "skiff": SkiffIn}[who](
			t, "", append([]string{"DOCKER_CONFIG=" + dir}, env...), "logout", loginRegistry)
		if r.Code != 0 || r.Stdout != "Removing login credentials for "+loginRegistry+"\n" || r.Stderr != "" {
			t.Errorf("%s logout: %s", who, r)
		}
		if got := loginPassGet(t, env); strings.Contains(got, loginPassword) {
			t.Errorf("%s: pass still holds the secret after logout: %q", who, got)
		}
	}
	rb, _ := os.ReadFile(filepath.Join(dirs[0], "config.json"))
	sb, _ := os.ReadFile(filepath.Join(dirs[1], "config.json"))
	if string(rb) != string(sb) {
		t.Errorf("config.json after logout differs:\n%s", Diff("reference", "skiff", string(rb), string(sb)))
	}
}

// TestLoginNoSecretInDebug: -D shows no secret, on success or failure.
func TestLoginNoSecretInDebug(t *testing.T) {
	t.Parallel()
	loginNeedRegistry(t)
	env := append(loginNoHelpers(t), "DOCKER_CONFIG="+t.TempDir())
	for _, stdin := range []string{loginPassword + "\n", "wrong-secret-x\n"} {
		r := SkiffIn(t, stdin, env, "-D", "login", "-u", loginUser, "--password-stdin", loginRegistry)
		secret := strings.TrimSpace(stdin)
		b64 := base64.StdEncoding.EncodeToString([]byte(loginUser + ":" + secret))
		if strings.Contains(r.String(), secret) || strings.Contains(r.String(), b64) {
			t.Errorf("the secret is shown:\n%s", r)
		}
	}
}

// loginPtyTranscript runs login on a terminal with each client, answers the prompts
// with user and password (an empty password answer is a ^C instead), and returns what
// the terminal showed, the exit code and whether echo was off at the password prompt.
func loginPtyTranscript(t *testing.T, who, user, password string) (string, int, bool) {
	t.Helper()
	bin, home := clientOf(t, who)
	dir := filepath.Join(t.TempDir(), "cfg")
	s := ptyStartEnv(t, bin, home, append(loginNoHelpers(t), "DOCKER_CONFIG="+dir), "login", loginRegistry)
	shown := s.until("Username: ") + "Username: "
	s.send(user + "\r")
	shown += s.until("Password: ") + "Password: "
	// the prompt is written before echo goes off: wait for the mode to change
	echoOff := false
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		tio, err := unix.IoctlGetTermios(int(s.tty.Fd()), unix.TCGETS)
		if err != nil {
			t.Fatal(err)
		}
		if tio.Lflag&unix.ECHO == 0 {
			echoOff = true
			break
		}
	}
	if password == "" {
		s.send("\x03")
	} else {
		s.send(password + "\r")
	}
	code := s.wait()
	// all the client wrote is in the terminal before a marker written after its exit:
	// what comes before the marker is its whole output (read as it arrives)
	if _, err := s.tty.Write([]byte("<end of client>")); err != nil {
		t.Fatal(err)
	}
	shown += s.until("<end of client>")
	s.modeRestored()
	return strings.ReplaceAll(shown, dir, "<CONFIG>"), code, echoOff
}

// TestLoginPty: on a terminal login asks for the user name (echoed) and the password
// (echo off), stores them and says "Login Succeeded"; a ^C at the password prompt ends
// it with status 0 as docker 28 does. The terminal's mode is restored in both cases and
// the transcript is the reference's.
func TestLoginPty(t *testing.T) {
	t.Parallel()
	loginNeedRegistry(t)
	for _, tc := range []struct{ name, password string }{{"ok", loginPassword}, {"interrupt", ""}} {
		t.Run(tc.name, func(t *testing.T) {
			ref, refCode, _ := loginPtyTranscript(t, "ref", loginUser, tc.password)
			got, code, echoOff := loginPtyTranscript(t, "skiff", loginUser, tc.password)
			if !echoOff {
				t.Error("skiff: echo still on at the password prompt")
			}
			if code != refCode || got != ref {
				t.Errorf("terminal differs: reference exit %d, skiff exit %d\n%s", refCode, code, Diff("reference", "skiff", ref, got))
			}
			if strings.Contains(got, loginPassword) {
				t.Errorf("the password was echoed: %q", got)
			}
		})
	}
}

// TestLoginNoEngine: docker 28 logs in to the registry directly when the engine cannot
// be reached (https, then http for a loopback registry, an info line for each endpoint
// that failed); stored credentials are not tried that way.
func TestLoginNoEngine(t *testing.T) {
	t.Parallel()
	loginNeedRegistry(t)
	env := append(loginNoHelpers(t), "DOCKER_HOST=unix://"+filepath.Join(t.TempDir(), "none.sock"))
	steps := []loginStep{
		{"", []string{"login", "-u", loginUser, "-p", loginPassword, loginRegistry}},
		{"wrong\n", []string{"login", "-u", loginUser, "--password-stdin", loginRegistry}},
		{"x\n", []string{"login", "-u", loginUser, "--password-stdin", "localhost:1"}},
		{"", []string{"login", loginRegistry}},
		{"", []string{"--log-level", "warn", "login", "-u", loginUser, "-p", loginPassword, "localhost:5001"}},
	}
	loginCompareSessions(t, env, "", steps)
}
