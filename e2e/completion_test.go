//go:build e2e

package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestCompletionScripts: `docker completion SHELL` prints the reference's script byte for
// byte (both are cobra's), with and without descriptions; the command alone, with an
// unknown shell, with an extra argument or an unknown flag behaves as docker 28's.
func TestCompletionScripts(t *testing.T) {
	t.Parallel()
	for _, sh := range []string{"bash", "zsh", "fish", "powershell"} {
		Compare(t, "completion", sh)
		Compare(t, "completion", sh, "--no-descriptions")
		Compare(t, "completion", sh, "--help")
	}
	for _, args := range [][]string{
		{"completion"},                    // its help on stdout, 0
		{"completion", "foo"},             // an unknown shell: the same help, 0
		{"completion", "-h"},              // the -h notice first
		{"help", "completion"},            // hidden, but helped
		{"completion", "bash", "extra"},   // unknown command "extra" for "docker completion bash", 1
		{"completion", "bash", "--bogus"}, // unknown flag: --bogus, 125
		{"__complete", "completion", ""},
		{"__complete", "comp"}, // hidden: not offered
	} {
		Compare(t, args...)
	}
}

// completionFixture makes, on the shared engine, two running containers, a paused one
// and a created one, a network and a volume, all named with the fixture's prefix.
type completionFixture struct {
	f                           *Fix
	run1, run2, paused, created string
	network, volume             string
}

func newCompletionFixture(t *testing.T) *completionFixture {
	f := Fixture(t)
	c := &completionFixture{f: f}
	_, c.run1 = f.Container(Image, "sleep", "600")
	_, c.run2 = f.Container(Image, "sleep", "600")
	_, c.paused = f.Container(Image, "sleep", "600")
	_, c.created = f.Container()
	f.Start(c.run1, c.run2, c.paused)
	f.cli("pause", c.paused)
	c.network = f.Network()
	c.volume = f.Volume()
	return c
}

// prefix is what every object of the fixture's name starts with.
func (c *completionFixture) prefix() string { return c.f.id + "-" }

// keep reduces `__complete` output to the candidates that belong to this test (named
// with its prefix, or in also) and the directive line: the engine is shared.
func (c *completionFixture) keep(out string, also ...string) []string {
	var kept []string
	for _, l := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		name, _, _ := strings.Cut(l, "\t")
		if strings.HasPrefix(l, ":") || strings.HasPrefix(name, c.prefix()) || slices.Contains(also, name) {
			kept = append(kept, l)
		}
	}
	return kept
}

// TestCompleteNames compares `docker __complete LINE` with the reference's on the same
// engine state: which containers each command offers (by state, rm with -f), images,
// networks, volumes, fixed flag values, and the directive line, in the engine's order.
// Where docker's order is a map's (signals, log options) or the engine's map order
// (networks, volumes), the candidates are compared as sets.
func TestCompleteNames(t *testing.T) {
	t.Parallel()
	c := newCompletionFixture(t)
	builtin := []string{"bridge", "host", "none", Image}
	ordered := [][]string{
		{"stop", ""}, {"kill", ""}, {"wait", ""}, {"top", ""}, {"port", ""}, {"commit", ""},
		{"diff", ""}, {"stats", ""}, {"container", "stop", ""},
		{"attach", ""}, {"exec", ""}, {"pause", ""}, {"exec", c.run1, ""},
		{"unpause", ""},
		{"start", ""}, {"rm", ""}, {"rm", "--volumes", ""}, {"rm", "--force=false", ""},
		{"rm", "-f", ""}, {"rm", "-fv", c.run1, ""}, {"restart", ""}, {"logs", ""}, {"rename", ""},
		{"export", ""}, {"update", ""}, {"container", "inspect", ""}, {"stop", c.run1, ""},
		{"stop", c.prefix()},
		{"network", "connect", c.network, ""}, {"network", "disconnect", c.network, ""},
		{"run", "--volumes-from", ""}, {"run", "--link", ""},
		{"run", "bb"}, {"run", Image, ""}, {"create", Image, ""}, {"tag", Image, ""},
		{"tag", Image, "x", ""}, {"history", Image, ""}, {"rmi", ""}, {"save", ""}, {"push", ""},
		{"image", "inspect", ""}, {"pull", ""},
		{"run", "--restart", ""}, {"update", "--restart=", ""}, {"run", "--pull", ""},
		{"run", "--platform", ""}, {"pull", "--platform", ""}, {"run", "--log-driver", ""},
		{"run", "--cap-add", ""}, {"run", "--ulimit", ""}, {"run", "--ipc", ""}, {"run", "-a", ""},
		{"run", "--detach-keys", ""}, {"run", "--security-opt", ""}, {"run", "--storage-opt", ""},
		{"run", "--env-file", ""}, {"run", "--cidfile", ""}, {"run", "-v", ""}, {"events", "--filter", ""},
		{"inspect", "--type", ""}, {"inspect", ""}, {"--log-level", ""},
		{"ps", ""}, {"images", ""}, {"cp", ""}, {"build", ""}, {"help", ""}, {"version", ""},
		{"network", "create", ""}, {"volume", "ls", ""}, {"context", "ls", ""}, {"load", ""},
		{"load", "-i", ""}, {"import", ""},
		{"plugin", "create", ""}, {"plugin", "ls", ""}, {"plugin", "enable", ""}, {"plugin", "rm", ""},
	}
	for _, line := range ordered {
		args := append([]string{"__complete"}, line...)
		ref, sk := Ref(t, args...), Skiff(t, args...)
		if sk.Code != ref.Code || sk.FirstErrLine() != ref.FirstErrLine() {
			t.Errorf("docker %s: skiff exit %d %q, reference %d %q", quoteArgs(args), sk.Code, sk.FirstErrLine(), ref.Code, ref.FirstErrLine())
		}
		r, s := c.keep(ref.Stdout, builtin...), c.keep(sk.Stdout, builtin...)
		if !slices.Equal(r, s) {
			t.Errorf("docker %s:\n%s", quoteArgs(args), Diff("reference", "skiff", strings.Join(r, "\n"), strings.Join(s, "\n")))
		}
	}
	unordered := [][]string{
		{"kill", "-s", ""}, {"run", "--stop-signal", ""}, {"run", "--log-opt", ""},
		{"run", "--network", ""}, {"run", "--network=", ""}, {"network", "connect", ""},
		{"network", "rm", ""}, {"network", "inspect", ""}, {"network", "disconnect", ""},
		{"volume", "rm", ""}, {"volume", "inspect", ""},
	}
	for _, line := range unordered {
		args := append([]string{"__complete"}, line...)
		ref, sk := Ref(t, args...), Skiff(t, args...)
		r, s := c.keep(ref.Stdout, builtin...), c.keep(sk.Stdout, builtin...)
		if strings.HasPrefix(line[0], "kill") || strings.HasPrefix(line[1], "--stop") || strings.HasPrefix(line[1], "--log") {
			r, s = strings.Split(ref.Stdout, "\n"), strings.Split(sk.Stdout, "\n")
		}
		slices.Sort(r)
		slices.Sort(s)
		if !slices.Equal(r, s) || sk.Code != ref.Code {
			t.Errorf("docker %s (as sets):\n%s", quoteArgs(args), Diff("reference", "skiff", strings.Join(r, "\n"), strings.Join(s, "\n")))
		}
	}
	// What each command offers, asserted for itself too: a change of both would pass above.
	want := map[string][]string{
		"stop":    {c.paused, c.run2, c.run1},
		"attach":  {c.run2, c.run1},
		"unpause": {c.paused},
		"start":   {c.created},
		"rm":      {c.created},
		"rm -f":   {c.created, c.paused, c.run2, c.run1},
		"logs":    {c.created, c.paused, c.run2, c.run1},
	}
	for line, names := range want {
		args := append(append([]string{"__complete"}, strings.Fields(line)...), c.prefix())
		got := c.keep(Skiff(t, args...).Stdout)
		if w := append(slices.Clone(names), ":4"); !slices.Equal(got, w) {
			t.Errorf("skiff __complete %s %s = %q, want %q", line, c.prefix(), got, w)
		}
	}
}

// TestCompleteCommandsAndFlags: commands and subcommands with their descriptions, flag
// names (docker's descriptions are its prose: only the names are compared), the
// __completeNoDesc form, and contexts with the current one described.
func TestCompleteCommandsAndFlags(t *testing.T) {
	t.Parallel()
	names := func(out string) string {
		var b strings.Builder
		for _, l := range strings.Split(out, "\n") {
			n, _, _ := strings.Cut(l, "\t")
			b.WriteString(n + "\n")
		}
		return b.String()
	}
	for _, line := range [][]string{
		{"network", "c"}, {"container", ""}, {"image", ""}, {"network", ""}, {"volume", "r"},
		{"system", ""}, {"context", ""}, {"builder", ""}, {"manifest", ""}, {"completion", ""}, {"plugin", ""},
		{"star"}, {"sto"}, {"ru"}, {"network", "co"}, {"context", "use", ""}, {"context", "rm", ""},
		{"--context", ""}, {"-c", ""}, {"context", "export", "default", ""},
	} {
		Compare(t, append([]string{"__complete"}, line...)...)
		Compare(t, append([]string{"__completeNoDesc"}, line...)...)
	}
	for _, line := range [][]string{
		{"run", "--net"}, {"-"}, {"--"}, {"stop", "-"}, {"rm", "--"}, {"volume", "create", "--d"},
	} {
		args := append([]string{"__complete"}, line...)
		ref, sk := Ref(t, args...), Skiff(t, args...)
		if names(ref.Stdout) != names(sk.Stdout) || ref.Code != sk.Code {
			t.Errorf("docker %s (names):\n%s", quoteArgs(args), Diff("reference", "skiff", names(ref.Stdout), names(sk.Stdout)))
		}
	}
}

// TestCompleteEngineDown: names from an engine that does not answer: no candidates and
// cobra's error directive (":1"), status 0, as docker 28.
func TestCompleteEngineDown(t *testing.T) {
	t.Parallel()
	env := []string{"DOCKER_HOST=unix://" + filepath.Join(t.TempDir(), "none.sock")}
	for _, line := range [][]string{{"stop", ""}, {"run", ""}, {"run", "--network", ""}, {"volume", "rm", ""}} {
		CompareEnv(t, env, "", append([]string{"__complete"}, line...)...)
	}
	// -H on the line wins over DOCKER_HOST, as for any command: the names come from it.
	args := []string{"__complete", "-H", engineHost(), "run", ""}
	for _, r := range []Result{RefIn(t, "", env, args...), SkiffIn(t, "", env, args...)} {
		if !strings.HasSuffix(r.Stdout, ":4\n") || !strings.Contains(r.Stdout, Image+"\n") || r.Code != 0 {
			t.Errorf("docker %s with DOCKER_HOST unreachable: %s", quoteArgs(args), r)
		}
	}
}

// shellRun runs shell with args (a script and its arguments) with who's client first on
// PATH as `docker`, in who's HOME; the shell must be there (.ci/run installs them).
func shellRun(t *testing.T, who, shell string, args ...string) string {
	t.Helper()
	path, err := exec.LookPath(shell)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed (.ci/run installs it)", shell)
		}
		t.Skipf("%s is not installed", shell)
	}
	bin, home := clientOf(t, who)
	dir := t.TempDir()
	if err := os.Symlink(bin, filepath.Join(dir, "docker")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = cleanEnv(home, []string{"PATH=" + dir + ":" + os.Getenv("PATH"), "TERM=dumb"})
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s (%s): %v\n%s", shell, quoteArgs(args), who, err, out)
	}
	return string(out)
}

// shellCandidates splits a driver's output ("== LINE" then candidates) per line.
func shellCandidates(out string) map[string][]string {
	got := map[string][]string{}
	cur := ""
	for _, l := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(l, "== "); ok {
			cur = rest
			got[cur] = []string{}
			continue
		}
		if l = strings.TrimSpace(l); l != "" && cur != "" {
			got[cur] = append(got[cur], l)
		}
	}
	return got
}

// bashDriver sources bash-completion and `docker completion bash`, then completes each
// argument as bash would at the end of that line (COMP_WORDS, COMP_CWORD, COMP_LINE,
// COMP_POINT), printing COMPREPLY.
const bashDriver = `source /usr/share/bash-completion/bash_completion
source <(docker completion bash)
compopt() { :; } # outside a real completion: options do not matter here
for line in "$@"; do
  COMP_LINE="$line"; COMP_POINT=${#line}
  read -ra COMP_WORDS <<< "$line"
  [[ "$line" == *" " ]] && COMP_WORDS+=("")
  COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
  COMPREPLY=()
  __start_docker docker "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
  echo "== $line"
  printf '%s\n' "${COMPREPLY[@]}"
done
`

// fishDriver asks fish for each line's completions (complete -C) with the script loaded.
const fishDriver = `docker completion fish | source
for line in $argv
  echo "== $line"
  complete -C"$line"
end
`

// zshDriver types each line and a TAB into an interactive zsh (zpty) that loaded
// compinit and the script, and prints what the terminal shows until a marker printed
// after the line is cleared: completion is synchronous, so the listing comes first.
const zshDriver = `zmodload zsh/zpty
zpty z 'zsh -f -i'
# the prompt says when zle is ready: zsh drops what is typed before
zpty -w z 'PROMPT="RE""ADY> "; autoload -Uz compinit; compinit -u -D; source <(docker completion zsh); compdef _docker docker; zstyle ":completion:*" list-rows-first true'
zpty -r z out '*READY> *'
i=0
for line in "$@"; do
  (( i++ ))
  zpty -w -n z "$line"$'\t'
  zpty -w -n z $'\C-u'
  zpty -w z "print -r -- MARK\$(( $i * 1000 ))"
  zpty -r z out "*MARK$(( i * 1000 ))*"
  print -r -- "== $line"
  print -r -- "$out" | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' | tr -d '\a' | tr '\r' '\n' | tr -s ' \t' '\n\n'
  zpty -r z rest '*READY> *'
done
zpty -d z
`

// TestCompletionShells sources each client's generated script into real bash (with
// Debian's bash-completion), fish and zsh and completes the same lines with both: the
// fixture's names, commands, flags and images offered the same, as docker 28's.
func TestCompletionShells(t *testing.T) {
	t.Parallel()
	c := newCompletionFixture(t)
	p := c.prefix()
	lines := []string{"docker st", "docker stop " + p, "docker rm " + p, "docker rm -f " + p,
		"docker start " + p, "docker unpause " + p, "docker run --net", "docker run bb",
		"docker network c", "docker run --restart ", "docker kill -s KI"}
	// Candidates of this test's objects, commands, flags and fixed values; docker 28 has
	// commands skiff lacks (stack, secret...), which are not compared.
	ours := regexp.MustCompile(`^(` + regexp.QuoteMeta(p) + `\S+|start|stats|stop|--network(-alias)?|bb:latest|connect|create|no|always|on-failure|unless-stopped|KILL)$`)
	pick := func(cands []string) []string {
		var out []string
		for _, s := range cands {
			name, _, _ := strings.Cut(s, "\t")
			if ours.MatchString(name) && !slices.Contains(out, name) {
				out = append(out, name)
			}
		}
		slices.Sort(out)
		return out
	}
	want := map[string][]string{
		"docker st":             {"start", "stats", "stop"},
		"docker stop " + p:      sorted(c.paused, c.run1, c.run2),
		"docker rm " + p:        {c.created},
		"docker rm -f " + p:     sorted(c.created, c.paused, c.run1, c.run2),
		"docker start " + p:     {c.created},
		"docker unpause " + p:   {c.paused},
		"docker run --net":      {"--network", "--network-alias"},
		"docker run bb":         {"bb:latest"},
		"docker network c":      {"connect", "create"},
		"docker run --restart ": {"always", "no", "on-failure", "unless-stopped"},
		"docker kill -s KI":     {"KILL"},
	}
	for _, sh := range []struct {
		name string
		run  func(who string) map[string][]string
	}{
		{"bash", func(who string) map[string][]string {
			return shellCandidates(shellRun(t, who, "bash", append([]string{"--norc", "--noprofile", "-c", bashDriver, "bash"}, lines...)...))
		}},
		{"fish", func(who string) map[string][]string {
			return shellCandidates(shellRun(t, who, "fish", append([]string{"--no-config", "-c", fishDriver, "--"}, lines...)...))
		}},
		{"zsh", func(who string) map[string][]string {
			script := filepath.Join(t.TempDir(), "driver.zsh")
			if err := os.WriteFile(script, []byte(zshDriver), 0o600); err != nil {
				t.Fatal(err)
			}
			return shellCandidates(shellRun(t, who, "zsh", append([]string{"-f", script}, lines...)...))
		}},
	} {
		ref, sk := sh.run("ref"), sh.run("skiff")
		for _, line := range lines {
			r, s := pick(ref[line]), pick(sk[line])
			if sh.name == "zsh" { // the line as typed is on the screen too
				r, s = notTyped(r, line), notTyped(s, line)
			}
			w := want[line]
			if sh.name == "zsh" && line == "docker run --net" {
				w = []string{"--network"} // zsh inserts the common part and lists nothing yet
			}
			if !slices.Equal(r, s) {
				t.Errorf("%s: %q: reference %q, skiff %q", sh.name, line, r, s)
			}
			if !slices.Equal(s, w) {
				t.Errorf("%s: %q: skiff offers %q, want %q", sh.name, line, s, w)
			}
		}
	}
}

func sorted(s ...string) []string { slices.Sort(s); return s }

// notTyped drops from words those of the line as typed.
func notTyped(words []string, line string) []string {
	return slices.DeleteFunc(words, func(w string) bool { return slices.Contains(strings.Fields(line), w) })
}
