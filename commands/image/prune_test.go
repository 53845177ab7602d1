package image

import (
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands/clitest"
)

const (
	pruneQDangling = "WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] "
	pruneQAll      = "WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue? [y/N] "
)

func TestImagePrune(t *testing.T) {
	report := `{"ImagesDeleted":[{"Untagged":"skf:a"},{"Deleted":"` + idChild + `"},{"Deleted":"` + idNone + `"}],"SpaceReclaimed":1984241}`
	listing := "Deleted Images:\nuntagged: skf:a\ndeleted: " + idChild + "\ndeleted: " + idNone + "\n\nTotal reclaimed space: 1.984MB\n"
	for _, tc := range []struct {
		name     string
		args     []string
		stdin    string
		terminal bool
		dangling string // "" = no request
		report   string
		want     string
	}{
		{name: "yes", stdin: "y\n", dangling: "true", report: report, want: pruneQDangling + listing},
		{name: "yes on a terminal", stdin: " Y \n", terminal: true, dangling: "true", report: report, want: pruneQDangling + listing},
		{name: "all", args: []string{"-a"}, stdin: "y", dangling: "false", report: report, want: pruneQAll + listing},
		{name: "no", stdin: "n\n", want: pruneQDangling},
		{name: "yes spelled out", stdin: "yes\n", want: pruneQDangling},
		{name: "all, no", args: []string{"--all"}, stdin: "\n", terminal: true, want: pruneQAll},
		{name: "stdin at its end", want: pruneQDangling},
		{name: "force, nothing", args: []string{"-f", "--filter", "label=skf"}, dangling: "true",
			report: `{"ImagesDeleted":null,"SpaceReclaimed":0}`, want: "Total reclaimed space: 0B\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			if tc.dangling != "" {
				filters := `{"dangling":{"` + tc.dangling + `":true}}`
				if len(tc.args) > 1 {
					filters = `{"dangling":{"` + tc.dangling + `":true},"label":{"skf":true}}`
				}
				e.Expect("POST", "/images/prune").Query("filters", filters).Reply(200, tc.report)
			}
			cli := clitest.New(t, e.Host(), clitest.Options{Stdin: tc.stdin, Terminal: tc.terminal})
			assert.NilError(t, run(t, newPruneCommand(cli), tc.args...))
			assert.Equal(t, cli.OutBuf.String(), tc.want)
			assert.Equal(t, cli.ErrBuf.String(), "")
		})
	}
}

func TestImagePruneErrors(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/images/prune").ReplyError(400, `invalid filter 'bogus'`)
	cli := clitest.New(t, e.Host())
	msg, code := errText(run(t, newPruneCommand(cli), "-f", "--filter", "bogus=1"))
	assert.Equal(t, msg, "Error response from daemon: invalid filter 'bogus'")
	assert.Equal(t, code, 1)

	msg, code = errText(run(t, newPruneCommand(cli), "x"))
	assert.Equal(t, firstLine(msg), "docker: 'prune' accepts no arguments")
	assert.Equal(t, code, 1)
}

// TestImagePruneConfigFilters: config.json's pruneFilters join the command line's as
// docker 28 joins them (observed through a proxy).
func TestImagePruneConfigFilters(t *testing.T) {
	const cfg = `{"pruneFilters":["label=k=other","label!=k=not","until=2h","bogus"]}`
	for _, tc := range []struct {
		name    string
		args    []string
		filters string
	}{
		{"no label given: no label added", []string{"--filter", "until=9h"},
			`{"dangling":{"true":true},"until":{"2h":true,"9h":true}}`},
		{"label given: label! added", []string{"--filter", "label=k=mine"},
			`{"dangling":{"true":true},"label":{"k=mine":true},"label!":{"k=not":true},"until":{"2h":true}}`},
		{"label! given: both added", []string{"-a", "--filter", "label!=k=mine2"},
			`{"dangling":{"false":true},"label":{"k=other":true},"label!":{"k=mine2":true,"k=not":true},"until":{"2h":true}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			e.Expect("POST", "/images/prune").Query("filters", tc.filters).Reply(200, `{"SpaceReclaimed":0}`)
			cli := clitest.New(t, e.Host())
			writeConfig(t, cfg)
			assert.NilError(t, run(t, newPruneCommand(cli), append([]string{"-f"}, tc.args...)...))
			assert.Equal(t, cli.OutBuf.String(), "Total reclaimed space: 0B\n")
		})
	}
}
