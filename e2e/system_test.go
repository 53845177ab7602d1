//go:build e2e

package e2e

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// docker version, info, inspect, system df and events against the reference.
//
// What legitimately differs, and is normalised away:
//   - the client's own build: Go version, git commit and build time (skiff is built
//     with another toolchain, from another tree). The Server section and the shape
//     of the Client one are compared as they are.
//   - docker info's counters that move while other tests run (containers, images,
//     file descriptors, goroutines, event listeners) and the Runtimes line, which
//     docker prints in Go map order (it varies from run to run of docker itself).
//   - system df's totals, for the same reason: the shared engine changes between the
//     two runs; rows of this test's own objects are compared exactly.

// clientBuild hides the client's Go version, git commit and build time, in the text
// (one-space indented lines of the Client section) and JSON forms.
func clientBuild(s string) string {
	for _, r := range []struct{ re, repl string }{
		{`(?m)^( Go version: +)\S.*$`, "${1}<GO>"},
		{`(?m)^( Git commit: +).*$`, "${1}<COMMIT>"},
		{`(?m)^( Built: +).*$`, "${1}<BUILT>"},
		{`("GoVersion":")go[0-9.]+(")`, "${1}<GO>${2}"},
		{`("Version":"28\.2\.2",(?:"ApiVersion":"[0-9.]+",)?"DefaultAPIVersion":"[0-9.]+","GitCommit":")[^"]*(")`, "${1}<COMMIT>${2}"},
		{`("Arch":"[a-z0-9]+","BuildTime":")[^"]*(","Context")`, "${1}<BUILT>${2}"},
	} {
		s = regexp.MustCompile(r.re).ReplaceAllString(s, r.repl)
	}
	return s
}

func TestSystemVersion(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"version"},
		{"version", "--format", "json"},
		{"version", "-f", "{{json .Client}}"},
		{"version", "-f", "{{json .Server}}"},
		{"version", "--format", "{{.Client.Version}} {{.Client.APIVersion}} {{.Client.DefaultAPIVersion}} {{.Client.Os}}/{{.Client.Arch}} {{.Client.Context}}"},
		{"version", "--format", "{{.Server.Version}}\t{{.Server.APIVersion}}\t{{range .Server.Components}}{{.Name}}={{.Version}} {{end}}"},
		{"version", "--format", "{{.Server.Experimental}} {{.Server.Platform.Name}} {{.Server.MinAPIVersion}}"},
	} {
		CompareWith(t, clientBuild, nil, "", args...)
	}
	CompareWith(t, clientBuild, []string{"DOCKER_API_VERSION=1.40"}, "", "version")
}

func TestSystemVersionErrors(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"version", "--format", "{{.Foo}}"},
		{"version", "--format", "x{{.Server.Foo}}"},
		{"version", "--format", "{{range .Server.Components}}{{.Foo}}{{end}}"},
		{"version", "--format", "{{"},
		{"version", "extra"},
		{"version", "--bogus"},
		// The engine unreachable: the Client section, then the error (exit 1).
		{"-H", "unix:///nonexistent/docker.sock", "version"},
		{"-H", "unix:///nonexistent/docker.sock", "version", "--format", "{{json .}}"},
		{"-H", "unix:///nonexistent/docker.sock", "version", "--format", "{{.Client.Version}}"},
	} {
		CompareWith(t, clientBuild, nil, "", args...)
	}
}

// infoCounters hides what other tests change while both clients run, and sorts the
// Runtimes line (docker prints it in map order).
func infoCounters(s string) string {
	for _, re := range []string{
		`(?m)^( Containers: | {2}Running: | {2}Paused: | {2}Stopped: | Images: | {2}File Descriptors: | {2}Goroutines: | {2}EventsListeners: )\d+$`,
		`("(?:Containers|ContainersRunning|ContainersPaused|ContainersStopped|Images|NFd|NGoroutines|NEventsListener)":)\d+`,
	} {
		s = regexp.MustCompile(re).ReplaceAllString(s, "${1}<N>")
	}
	return regexp.MustCompile(`(?m)^( Runtimes: )(.*)$`).ReplaceAllStringFunc(s, func(line string) string {
		words := strings.Fields(strings.TrimPrefix(line, " Runtimes: "))
		sort.Strings(words)
		return " Runtimes: " + strings.Join(words, " ")
	})
}

func TestSystemInfo(t *testing.T) {
	t.Parallel()
	norm := func(s string) string { return infoCounters(clientBuild(s)) }
	for _, args := range [][]string{
		{"info"},
		{"system", "info"},
		{"-D", "info"},
		{"info", "--format", "json"},
		{"system", "info", "-f", "{{json .}}"},
		{"info", "--format", "{{.ServerVersion}} {{.OSType}} {{.Driver}} {{json .DriverStatus}} {{json .Plugins}} {{.MemTotal}} {{.NCPU}}"},
		{"info", "--format", "{{json .RegistryConfig}} {{json .Swarm}} {{json .Runtimes}} {{.ContainerdCommit.ID}} {{.SecurityOptions}}"},
		{"info", "--format", "{{json .ClientInfo}}"},
		{"info", "--format", "{{.ClientInfo.Version}} {{.ClientInfo.Context}} {{.ClientInfo.Plugins}} {{.ClientErrors}} {{.ServerErrors}} {{.Warnings}}"},
	} {
		CompareWith(t, norm, nil, "", args...)
	}
}

func TestSystemInfoErrors(t *testing.T) {
	t.Parallel()
	norm := func(s string) string { return infoCounters(clientBuild(s)) }
	for _, args := range [][]string{
		{"info", "--format", "{{.Foo}}"},
		{"info", "--format", "{{.RegistryConfig.Foo}}"},
		{"info", "--format", "{{.ClientInfo.Foo}}"},
		{"info", "--format", "{{.Swarm.Foo}}"},
		{"info", "--format", "{{"},
		{"info", "extra"},
		{"system", "info", "extra"},
		{"-H", "unix:///nonexistent/docker.sock", "info"},
		{"-H", "unix:///nonexistent/docker.sock", "info", "--format", "{{json .}}"},
		{"-H", "unix:///nonexistent/docker.sock", "info", "--format", "{{.ServerVersion}}"},
		// A template that needs only the client's part does not ask the engine.
		{"-H", "unix:///nonexistent/docker.sock", "info", "--format", "{{.ClientInfo.Version}} {{.ClientInfo.Debug}}"},
	} {
		CompareWith(t, norm, nil, "", args...)
	}
}

func TestSystemInspect(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	vol := f.Volume("--label", "app=web")
	net := f.Network()
	_, ctr := f.Container("-v", vol+":/data", "--network", net)

	for _, args := range [][]string{
		{"inspect", ctr, vol, net},
		{"inspect", "--format", "json", vol, ctr},
		{"inspect", "-f", "{{.Name}}", vol, net, ctr},
		{"inspect", "-f", "{{.ID}} {{.Os}} {{.Size}} {{.Config.Cmd}}", Image},
		{"inspect", "-s", "-f", "{{.SizeRw}} {{.SizeRootFs}} {{.State.Status}}", ctr},
		{"inspect", "--size", "--type", "container", "-f", "{{.Config.Image}} {{json .Mounts}}", ctr},
		{"inspect", "--type", "volume", "-f", "{{.Name}} {{.Labels}}", vol},
		{"inspect", "--type", "network", "-f", "{{.Name}} {{.Driver}} {{.Labels}}", net},
		{"inspect", "--type", "image", "-f", "{{.Os}}", Image},
		{"inspect", "-f", "{{json .IPAM.Config}}", net},
		// Images and networks through docker 28's shapes, as their own inspect commands.
		{"inspect", "-f", "{{json .}}", Image},
		{"inspect", "-f", "{{.Id}} {{.VirtualSize}} {{.Parent}} {{.DockerVersion}}", Image},
		{"inspect", "--type", "network", "-f", "{{json .}}", net},
		{"inspect", "-f", "{{.Mountpoint}}", vol},
	} {
		compareStable(t, args...) // bb's RepoTags change as other tests tag it
	}
}

func TestSystemInspectErrors(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	vol := f.Volume()
	_, ctr := f.Container()
	missing := f.Name()
	for _, args := range [][]string{
		{"inspect", missing},
		{"inspect", missing, vol},
		{"inspect", "--type", "volume", ctr},
		{"inspect", "--type", "container", vol},
		{"inspect", "--type", "image", missing},
		{"inspect", "--type", "network", missing},
		{"inspect", "--type", "plugin", missing},
		{"inspect", "--type", "service", missing},
		{"inspect", "--type", "node", missing},
		{"inspect", "--type", "bogus", vol},
		{"inspect", "-f", "{{.Foo}}", vol},
		{"inspect", "-f", "{{.Name}}", vol, missing, ctr},
		{"inspect", "-f", "{{", vol},
		{"inspect"},
		{"-H", "unix:///nonexistent/docker.sock", "inspect", vol},
		// empty and blank names: docker's client refuses them before asking
		{"inspect", ""},
		{"inspect", " ", vol},
		{"inspect", "--type", "image", ""},
		{"inspect", "--type", "volume", " "},
		{"inspect", "--type", "network", ""},
		{"image", "inspect", ""},
		{"volume", "inspect", " "},
		{"network", "inspect", ""},
		{"container", "inspect", "", vol},
		{"history", ""},
		// a name that is no image reference: docker goes on to the other kinds
		{"inspect", "-f", "{{.Name}}", " " + vol},
		{"inspect", "UPPER-" + missing},
	} {
		Compare(t, args...)
	}
}

// dfCells hides system df's totals (the engine is shared), keeping each row's kind
// and the table's shape.
func dfCells(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if i == 0 || l == "" {
			continue
		}
		kind := l
		if j := strings.Index(l, "  "); j >= 0 {
			kind = l[:j]
		}
		lines[i] = kind + " <cells>"
	}
	return strings.Join(lines, "\n")
}

func TestSystemDiskUsage(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	vol := f.Volume()
	_, ctr := f.Container("-v", vol+":/data", Image, "echo", "a very long command line for truncation")

	CompareWith(t, dfCells, nil, "", "system", "df")
	CompareWith(t, dfCells, nil, "", "system", "df", "--format", "table")
	for _, args := range [][]string{
		{"system", "df", "--format", "{{.Type}}"},
		{"system", "df", "--format", "table {{.Type}}"},
		{"system", "df", "-v", "--format", "{{range .Volumes}}{{if eq .Name \"" + vol + "\"}}{{json .}}{{end}}{{end}}"},
		{"system", "df", "-v", "--format", "{{range .Containers}}{{if eq .Names \"" + ctr + "\"}}{{json .}}{{end}}{{end}}"},
		{"system", "df", "--verbose", "--format", "{{range .Containers}}{{if eq .Names \"" + ctr + "\"}}{{.Command}} {{.LocalVolumes}} {{.Size}} {{.Mounts}}{{end}}{{end}}"},
		{"system", "df", "-v", "--format", "{{range .Images}}{{if eq .Repository \"bb\"}}{{.Tag}} {{.Size}} {{.VirtualSize}} {{.SharedSize}} {{.UniqueSize}}{{end}}{{end}}"},
	} {
		// retried: bb's shared and unique sizes change while other tests' images built
		// on it (commits, pulls) come and go between the two clients' runs
		compareStable(t, args...)
	}

	// The verbose tables: this test's rows, and the sections in order.
	ref, sk := Ref(t, "system", "df", "-v"), Skiff(t, "system", "df", "-v")
	if ref.Code != 0 || sk.Code != 0 {
		t.Fatalf("system df -v: reference exit %d, skiff exit %d\n%s\n%s", ref.Code, sk.Code, ref, sk)
	}
	pick := func(out string) string {
		var keep []string
		for _, l := range strings.Split(out, "\n") {
			switch {
			case strings.HasSuffix(l, "space usage:"), strings.HasPrefix(l, "Build cache usage:"),
				strings.HasPrefix(l, "REPOSITORY"), strings.HasPrefix(l, "CONTAINER ID"),
				strings.HasPrefix(l, "VOLUME NAME"), strings.HasPrefix(l, "CACHE ID"),
				strings.Contains(l, vol), strings.Contains(l, ctr):
				keep = append(keep, strings.Join(strings.Fields(l), " "))
			}
		}
		return Normalize(strings.Join(keep, "\n"))
	}
	if d := Diff("reference", "skiff", pick(ref.Stdout), pick(sk.Stdout)); d != "" {
		t.Errorf("system df -v differs on this test's rows:\n%s", d)
	}
}

func TestSystemDiskUsageErrors(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"system", "df", "--format", "{{.Foo}}"},
		{"system", "df", "--format", "{{"},
		{"system", "df", "-v", "--format", "{{.Type}}"},
		{"system", "df", "-v", "--format", "{{"},
		{"system", "df", "extra"},
		{"system", "df", "--bogus"},
		{"-H", "unix:///nonexistent/docker.sock", "system", "df"},
	} {
		Compare(t, args...)
	}
}

func TestSystemEvents(t *testing.T) {
	t.Parallel()
	// A window of time in the past that holds this test's events: both clients read the
	// same finished history.
	since := time.Now().Add(-time.Second)
	f := Fixture(t)
	vol := f.Volume()
	_, ctr := f.Container("-v", vol+":/data", Image, "true")
	f.Start(ctr)
	// the container's die event is in the window: wait for the exit before closing it
	if r, err := fixtureRun("wait", ctr); err != nil {
		t.Fatalf("wait %s: %v\n%s", ctr, err, r)
	}
	// a second later, in whole seconds as --until is given: the first events call below
	// streams until then, and every later one reads finished history
	until := time.Now().Add(time.Second)

	s, u := fmt.Sprint(since.Unix()), fmt.Sprint(until.Unix())
	lbl := "label=" + f.Label()
	// The window is not empty: the comparisons below compare something.
	got := Skiff(t, "events", "--since", s, "--until", u, "-f", lbl, "--format", "{{.Type}} {{.Action}}")
	for _, want := range []string{"container create\n", "container start\n", "container die\n"} {
		if !strings.Contains(got.Stdout, want) {
			t.Errorf("events of this test: no %q in\n%s", want, got)
		}
	}
	for _, args := range [][]string{
		{"events", "--since", s, "--until", u, "--filter", lbl},
		{"system", "events", "--since", s, "--until", u, "-f", lbl},
		{"events", "--since", s, "--until", u, "-f", lbl, "--format", "json"},
		{"events", "--since", s, "--until", u, "-f", lbl, "--format", "{{json .}}"},
		{"events", "--since", s, "--until", u, "-f", lbl, "--format", "{{.Type}} {{.Action}} {{.Status}} {{.From}} {{.Actor.Attributes.name}} {{.Scope}}"},
		{"events", "--since", s, "--until", u, "-f", lbl, "-f", "event=create", "-f", "event=start"},
		{"events", "--since", s, "--until", u, "-f", "type=volume", "-f", "volume=" + vol},
		{"events", "--since", since.UTC().Format(time.RFC3339), "--until", until.UTC().Format("2006-01-02T15:04:05.999999999Z07:00"), "-f", "container=" + ctr},
		{"events", "--since", since.Format("2006-01-02T15:04:05"), "--until", u, "-f", "volume=" + vol},
	} {
		// The engine keeps only its last 256 events: on a busy engine the window's
		// oldest can go between the two clients' reads. A retry reads the same history.
		compareStable(t, args...)
	}
}

func TestSystemEventsErrors(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"events", "--since", "bogus"},
		{"events", "--until", "2026-13-01"},
		{"events", "--since", "2026-11-23 10:00:00"},
		{"events", "--format", "{{.Foo}}"},
		{"events", "--format", "{{"},
		{"events", "-f", "bogus"},
		{"events", "extra"},
		{"system", "events", "extra"},
		{"-H", "unix:///nonexistent/docker.sock", "events", "--since", "1", "--until", "2"},
	} {
		Compare(t, args...)
	}
}
