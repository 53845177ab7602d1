//go:build e2e

package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// The read-only commands against the reference on odd states: a paused container, one
// whose health check is still starting, link aliases, published and exposed port ranges
// on IPv4 and IPv6 loopbacks, labels holding '=', commas, unicode, HTML and empty values,
// wide runes in a truncated command, one name shared by a container, an image tag, a
// volume and a network; and docker's template corners (functions given bad arguments,
// table headers of functions, "json" spelled differently).
//
// Nothing here restarts or changes state between the two clients' runs: a restarting
// container (its status flips between runs) and a container with several mounts (the
// engine lists them in map order) are left out on purpose.

// sweepOddContainers makes the fixture's containers and returns the ps filter that
// selects them, the running container's name and the paused one's.
func sweepOddContainers(t *testing.T, f *Fix) (lbl, running, paused string) {
	t.Helper()
	_, running = f.Container(
		"--label", "eq=a=b=c", "--label", "comma=x,y", "--label", "uni=héllo wörld",
		"--label", "html=<b>&amp;</b>", "--label", "empty=",
		"-p", "127.0.0.1::7002", "-p", "127.0.0.1::7003", "-p", "[::1]::7001",
		"--expose", "7100-7103/udp", "--expose", "7200", "--expose", "7202",
		Image, "sleep", "300")
	_, paused = f.Container(Image, "sleep", "300")
	_, starting := f.Container("--health-cmd", "true", "--health-interval", "1h", "--health-start-period", "1h", Image, "sleep", "300")
	f.Start(running, paused, starting)
	if r, err := fixtureRun("pause", paused); err != nil {
		t.Fatalf("pause %s: %v\n%s", paused, err, r)
	}
	// created only: a link alias (shown with --no-trunc), a command with wide runes cut
	// to 20 cells, a name made long.
	f.Container("--link", running+":alias", Image, "echo", "日本語の長いコマンドライン", "and", "more")
	// runes a terminal shows with no width still count one when docker cuts a command
	f.Container(Image, "sh", "-c", "echo \"a\tb\nc\" e\u0301e\u0301 a\u200bb ±± \x01 and more")
	f.Create("--label", "kind=long", "--name", f.Name()+"-a-rather-long-name-for-the-names-column", Image, "true")
	return "label=" + f.Label(), running, paused
}

func TestSweepReadonlyPs(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	L, running, paused := sweepOddContainers(t, f)

	t.Run("tables", func(t *testing.T) {
		t.Parallel()
		for _, args := range [][]string{
			{"ps", "-a", "-f", L},
			{"ps", "-a", "--no-trunc", "-f", L},
			{"ps", "-f", L, "-f", "status=paused"},
			{"ps", "-f", L, "-f", "health=starting"},
		} {
			compareStable(t, args...)
		}
	})
	t.Run("templates", func(t *testing.T) {
		t.Parallel()
		for _, args := range [][]string{
			{"ps", "-a", "-f", L, "--format", "{{.Names}}|{{.Status}}|{{.State}}|{{.Ports}}|{{.Command}}"},
			{"ps", "-a", "-f", L, "--no-trunc", "--format", "{{.Names}}|{{.Command}}"},
			{"ps", "-a", "-f", L, "--format", `{{.Labels}}|{{.Label "eq"}}|{{.Label "comma"}}|{{.Label "uni"}}|{{.Label "html"}}|{{.Label "empty"}}|{{.Label "none"}}`},
			{"ps", "-a", "-f", L, "--format", "{{json .Labels}} {{json .Names}}"},
			{"ps", "-a", "-f", L, "--format", "json"},
			{"ps", "-a", "-f", L, "--format", `table {{.Names}}\t{{.Label "uni"}}\t{{.Label "html"}}`},
			{"ps", "-a", "-f", L, "-f", "label=eq=a=b=c", "--format", "{{.Names}}"},
			{"ps", "-a", "-f", L, "-f", "label=empty=", "--format", "{{.Names}}"},
			{"ps", "-a", "-f", L, "-f", "name=alias", "--format", "{{.Names}}"},
			{"ps", "-a", "-f", L, "-f", "publish=7002", "--format", "{{.Names}}"},
			{"ps", "-a", "-f", L, "-f", "expose=7100-7101/udp", "--format", "{{.Names}}"},
			{"ps", "-a", "-f", L, "-f", "status=bogus"},
			{"ps", "-a", "-f", L, "-f", "before=" + f.Name()},
			{"ps", "-a", "-f", L, "-f", "since=" + paused, "--format", "{{.Names}}"},
			{"ps", "-a", "-f", L, "-n", "-1", "-q"},
			// an empty filter is ignored, not refused
			{"ps", "-a", "-f", L, "-f", "", "--format", "{{.Names}}"},
			{"network", "ls", "-f", L, "-f", "", "-q"},
			{"volume", "ls", "-f", L, "-f", "", "-q"},
			{"ps", "-f", L, "-l", "-q"},
			{"inspect", "-f", "{{.State.Status}} {{.State.Paused}} {{json .State.Health}}", running, paused},
			{"inspect", "-f", "{{json .Config.Labels}}", running},
			{"inspect", "-f", "{{range $p, $b := .NetworkSettings.Ports}}{{$p}}={{len $b}} {{end}}", running},
		} {
			Compare(t, args...)
		}
	})
	// docker's template functions and parser on rows, header lines and errors.
	t.Run("functions", func(t *testing.T) {
		t.Parallel()
		for _, format := range []string{
			`{{pad .Names -1 2}}`,
			`{{truncate .Names -1}}`,
			`{{truncate .Names 3}}|{{pad .State 1 1}}|{{upper .State}}|{{title .Command}}`,
			`{{join (split .Names "-") "+"}}`,
			`table {{pad .Names 1 1}}|{{.State}}`,
			`table {{json .}}`,
			`table {{json .State}}\t{{split .Names "-"}}`,
			`table {{.Label "com.example.some-key_x"}}\t{{.State}}`,
			`table {{println .State}}`,
			`table {{upper .State}}\t{{lower .ID}}\t{{truncate .Names 4}}`,
			`{{define "x"}}{{.State}}{{end}}{{template "x" .}}`,
			`table {{.State}} {{.Nope}}`,
			`  table {{.State}}`,
			`tablex {{.State}}`,
			` json`,
			`JSON`,
			`{{json}}`,
			`{{.Label 1}}`,
			`{{split .Names}}`,
			`{{nofunc .Names}}`,
			`{{.Names}`,
			`{{end}}`,
			`{{.Names.Foo}}`,
			`{{slice .State 0 3}} {{len .Names}} {{printf "%q" .State}}`,
			`{{with .Label "uni"}}U={{.}}{{else}}none{{end}}`,
			`table {{.FullHeader}}|{{.Header}}|{{.State}}`,
			``,
			`table`,
		} {
			// retried: "" and "table" are the default table, whose STATUS and CREATED
			// widths move with the clock
			compareStable(t, "ps", "-a", "-f", L, "-f", "status=running", "--format", format)
		}
	})
}

// One name for a container, an image tag, a volume and a network: inspect picks by
// type, in docker's order without --type.
func TestSweepReadonlyInspectSameName(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	name := f.Name()
	f.Create("--name", name, "--label", "x=1", Image)
	// an image of its own (a commit, not a tag of bb: other tests print bb's tags)
	if r, err := fixtureRun("commit", name, name+":latest"); err != nil {
		t.Fatalf("commit: %v\n%s", err, r)
	}
	t.Cleanup(func() { _, _ = fixtureRun("rmi", name+":latest") })
	f.cli(append(append([]string{"volume", "create"}, f.labels()...), name)...)
	f.cli(append(append([]string{"network", "create"}, f.labels()...), name)...)
	missing := f.Name()

	for _, args := range [][]string{
		{"inspect", name},
		{"inspect", "--type", "container", name},
		{"inspect", "--type", "volume", name},
		{"inspect", "--type", "network", name},
		{"inspect", "--type", "image", "-f", "{{.Id}} {{.Os}}", name},
		{"inspect", "-f", "{{.Name}}", name, missing, name},
		{"inspect", "-s", "-f", "{{.Name}} {{.SizeRw}}", name},
		// --size is ignored, with a warning per object found, for all but containers
		{"inspect", "-s", "--type", "volume", "-f", "{{.Name}}", name, missing, name},
		{"inspect", "-s", "--type", "network", "-f", "{{.Name}}", name},
		{"inspect", "-s", "--type", "image", "-f", "{{.Os}}", name},
		{"inspect", "--type", "network", "-f", "json", name, missing},
		{"inspect", "--type", "volume", "-f", "{{json .Labels}}", missing, name},
		{"inspect", "--type", "bogus", name},
		{"inspect", "--type", "config", name},
		{"inspect", "-f", "{{index .Config.Labels \"x\"}}", name},
		{"inspect", "-f", "{{.Nope}}", name},
		{"container", "inspect", "-f", "{{.Name}}", name},
		{"volume", "inspect", "-f", "{{.Name}} {{.Driver}}", name},
		{"network", "inspect", "-f", "{{.Name}} {{.Driver}}", name},
		{"image", "inspect", "-f", "{{.Os}}", name},
	} {
		Compare(t, args...)
	}
}

// Events of this test's own objects, with --since and --until in their several forms.
func TestSweepReadonlyEvents(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	start := time.Now().Add(-time.Second)
	_, c := f.Container("--label", "uni=héllo", Image, "sleep", "300")
	f.Start(c)
	for _, verb := range []string{"pause", "unpause"} {
		if r, err := fixtureRun(verb, c); err != nil {
			t.Fatalf("%s %s: %v\n%s", verb, c, err, r)
		}
	}
	// --until a second ahead: the first call streams until then; every later one reads
	// finished history.
	end := time.Now().Add(time.Second)
	s := fmt.Sprint(start.Unix())
	u := fmt.Sprintf("%d.%09d", end.Unix(), end.Nanosecond())
	lbl := "label=" + f.Label()
	got := Skiff(t, "events", "--since", s, "--until", u, "-f", lbl, "--format", "{{.Action}}")
	if !strings.Contains(got.Stdout, "pause\nunpause\n") {
		t.Fatalf("events of this test: no pause and unpause in\n%s", got)
	}
	for _, args := range [][]string{
		{"events", "--since", s, "--until", u, "-f", lbl},
		{"events", "--since", "10m", "--until", u, "-f", lbl, "-f", "event=pause"},
		{"events", "--since", start.UTC().Format("2006-01-02T15:04:05.000000000Z"), "--until", u, "-f", lbl, "-f", "event=unpause", "--format", "{{.Action}} {{.Actor.Attributes.uni}}"},
		{"events", "--since", start.Format("2006-01-02T15:04:05-07:00"), "--until", u, "-f", "container=" + c, "--format", "json"},
		{"events", "--since", s, "--until", u, "-f", lbl, "-f", "type=container", "-f", "event=pause", "-f", "event=unpause", "--format", "{{.Type}} {{.Status}} {{.Scope}} {{json .Actor.Attributes}}"},
		{"events", "--since", s, "--until", u, "-f", lbl, "-f", "type=volume"},
		{"events", "--since", s, "--until", u, "-f", lbl, "--format", "{{.Nope}}"},
		{"events", "--since", s, "--until", u, "-f", lbl, "--format", "table {{.Action}}"},
		{"events", "--since", s, "--until", u, "-f", lbl, "--format", "{{.}}"},
		{"events", "--since", s, "--until", u, "-f", lbl, "-f", "event=bogus"},
		{"events", "--since", s, "--until", u, "-f", lbl, "-f", "type=bogus"},
		{"events", "--since", u, "--until", s, "-f", lbl},
	} {
		// retried: the engine keeps only its last 256 events, and a busy engine can
		// drop this test's between the two clients' runs
		compareStable(t, args...)
	}
}

// system df -v --format raw: this test's records exactly, and the kinds in order.
func TestSweepReadonlyDiskUsageRaw(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	vol := f.Volume("--label", "k=v")
	_, ctr := f.Container("-v", vol+":/data", "--label", "eq=a=b", Image, "echo", "a long command, not cut in raw")
	pick := func(out string) string {
		var kinds, mine []string
		for _, rec := range strings.Split(out, "\n\n") {
			kind, _, _ := strings.Cut(rec, "\n")
			if len(kinds) == 0 || kinds[len(kinds)-1] != kind {
				kinds = append(kinds, kind)
			}
			if strings.Contains(rec, f.Label()) || strings.Contains(rec, "name: "+vol+"\n") {
				mine = append(mine, rec)
			}
		}
		return strings.Join(kinds, "|") + "\n" + strings.Join(mine, "\n\n") + fmt.Sprintf("\nends with a blank line: %v", strings.HasSuffix(out, "\n\n"))
	}
	got := pick(Skiff(t, "system", "df", "-v", "--format", "raw").Stdout)
	if !strings.Contains(got, "names: "+ctr+"\n") || !strings.Contains(got, "name: "+vol+"\n") {
		t.Fatalf("system df -v --format raw: no record of %s or %s in\n%s", ctr, vol, got)
	}
	CompareWith(t, pick, nil, "", "system", "df", "-v", "--format", "raw")
}
