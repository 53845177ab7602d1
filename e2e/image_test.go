//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// imageFix holds images made for one test: two tags of bb:latest in a repository of its
// own, and, committed from a fixture container, a child image with a comment, a label
// and a long CMD, a second tagged child and a dangling one. Everything is removed when
// the test ends.
type imageFix struct {
	repo  string // unique repository: "skiff-e2e-img-<hex>"
	label string // "skiff.e2e.image=<hex>", on every committed image
	child string // repo:child
}

func newImageFix(t *testing.T) *imageFix {
	t.Helper()
	f := Fixture(t)
	id := randHex(4)
	fx := &imageFix{repo: "skiff-e2e-img-" + id, label: "skiff.e2e.image=" + id}
	fx.child = fx.repo + ":child"
	must := func(args ...string) string {
		t.Helper()
		r, err := fixtureRun(args...)
		if err != nil || r.Code != 0 {
			t.Fatalf("fixture: docker %s: %v\n%s", quoteArgs(args), err, r)
		}
		return strings.TrimSpace(r.Stdout)
	}
	t.Cleanup(func() {
		r, _ := fixtureRun("images", "-q", "--no-trunc", "--filter", "label="+fx.label)
		if ids := strings.Fields(r.Stdout); len(ids) > 0 {
			fixtureRun(append([]string{"rmi", "-f"}, ids...)...)
		}
		fixtureRun("rmi", fx.repo+":t1", fx.repo+":t2")
	})
	must("tag", Image, fx.repo+":t1")
	must("tag", Image, fx.repo+":t2")
	_, c := f.Container(Image, "sh", "-c", "echo hi > /x")
	f.Start(c)
	must("wait", c)
	must("commit", "-m", "e2e comment", "-c", "LABEL "+fx.label,
		"-c", `CMD ["sh", "-c", "echo a command line longer than forty-five characters"]`, c, fx.child)
	// The engine lists images by creation time in whole seconds and orders ties
	// differently from one call to the next: give each image a second of its own.
	nextSecond()
	must("commit", "-c", "LABEL "+fx.label, c, fx.repo+":dangle") // left dangling by the next
	nextSecond()
	must("commit", "-m", "second", "-c", "LABEL "+fx.label, c, fx.repo+":dangle")
	return fx
}

// nextSecond waits for the wall clock to reach the next whole second.
func nextSecond() {
	now := time.Now()
	time.Sleep(now.Truncate(time.Second).Add(time.Second).Sub(now))
}

// compareAged is Compare for output with "x ago" columns: when the two runs differ, it
// compares once more, as a column may have changed width between them ("9 seconds ago"
// → "10 seconds ago").
func compareAged(t *testing.T, env []string, args ...string) {
	t.Helper()
	ref := RefIn(t, "", env, args...)
	sk := SkiffIn(t, "", env, args...)
	if ref.Code == sk.Code && Normalize(ref.Stdout) == Normalize(sk.Stdout) &&
		Normalize(ref.FirstErrLine()) == Normalize(sk.FirstErrLine()) {
		return
	}
	CompareEnv(t, env, "", args...)
}

// TestImageList: docker images / image ls / image list with each flag, filtered to the
// test's own images.
func TestImageList(t *testing.T) {
	t.Parallel()
	fx := newImageFix(t)
	cfg := t.TempDir()
	if err := os.WriteFile(filepath.Join(cfg, "config.json"),
		[]byte(`{"imagesFormat":"table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.Size}}"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		env  []string
		args []string
	}{
		{args: []string{"images", fx.repo}},
		{args: []string{"images", "-a", fx.repo}},
		{args: []string{"images", "--digests", fx.repo}},
		{args: []string{"images", "--no-trunc", "--all", fx.repo}},
		{args: []string{"images", "-q", fx.repo}},
		{args: []string{"images", "--quiet", "--no-trunc", fx.repo}},
		{args: []string{"images", "--format", "json", fx.repo}},
		{args: []string{"images", "--format", "raw", "--digests", fx.repo}},
		{args: []string{"images", "-q", "--format", "raw", fx.repo}},
		{args: []string{"images", "-q", "--format", "{{.Tag}}", fx.repo}},
		{args: []string{"images", "--format", `table {{.Repository}}\t{{.Tag}}\t{{.Size}}\t{{.VirtualSize}}\t{{.Containers}}`, fx.repo}},
		{args: []string{"images", "--digests", "--format", `table {{.Tag}}`, fx.repo}},
		{args: []string{"images", "--filter", "label=" + fx.label}},
		{args: []string{"images", "-f", "label=" + fx.label, "-f", "dangling=true", "--format", "{{.Repository}}:{{.Tag}} {{.Size}}"}},
		{args: []string{"images", "-f", "label=" + fx.label, "-f", "dangling=false", "-q"}},
		{args: []string{"images", "-f", "reference=" + fx.repo + ":t*"}},
		{args: []string{"images", "-f", "since=" + fx.child, "-f", "label=" + fx.label, "--format", "{{.Tag}}"}},
		{args: []string{"images", "-f", "before=" + fx.repo + ":dangle", "-f", "label=" + fx.label, "--format", "{{.Tag}}"}},
		{args: []string{"images", fx.repo + ":t1"}},
		{args: []string{"image", "ls", fx.repo}},
		{args: []string{"image", "list", "-q", fx.repo}},
		{env: []string{"DOCKER_CONFIG=" + cfg}, args: []string{"images", fx.repo}},
		{env: []string{"DOCKER_CONFIG=" + cfg}, args: []string{"images", "-q", fx.repo}},
		{env: []string{"DOCKER_CONFIG=" + cfg}, args: []string{"images", "--format", "table", fx.repo}},
	} {
		t.Run(strings.Join(tc.args, "_"), func(t *testing.T) {
			compareAged(t, tc.env, tc.args...)
		})
	}
}

// TestImageListErrors: argument, flag, filter and template errors, and --tree, which
// needs a newer engine than API 1.41.
func TestImageListErrors(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"images", "a", "b"},
		{"images", "-f", "bogus=1"},
		{"images", "-f", "dangling=maybe"},
		{"images", "-f", "nofilter"},
		{"images", "--bogus"},
		{"images", "--format", "{{.Nope}}", "bb"},
		{"images", "--format", "{{", "bb"},
		{"images", "--tree"},
		{"images", "--tree", "-q"},
		{"image", "ls", "--tree=false", "a", "b"},
		{"image", "list", "x", "y"},
	} {
		t.Run(strings.Join(args, "_"), func(t *testing.T) {
			Compare(t, args...)
		})
	}
}

// TestImageHistory: docker history / image history with each flag, and its errors.
func TestImageHistory(t *testing.T) {
	t.Parallel()
	fx := newImageFix(t)
	for _, args := range [][]string{
		{"history", fx.child},
		{"history", "--human=false", fx.child},
		{"history", "-H=false", fx.child},
		{"history", "--no-trunc", fx.child},
		{"history", "-q", fx.child},
		{"history", "-q", "--no-trunc", fx.child},
		{"history", "--format", "json", fx.child},
		{"history", "--format", `table {{.ID}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}`, "-H=false", fx.child},
		{"history", "-q", "--format", "{{.Size}}", fx.child},
		{"image", "history", fx.repo + ":t1"},
		// errors
		{"history", "skiff-e2e-nope"},
		{"history"},
		{"history", "a", "b"},
		{"history", "--platform", "linux/amd64", fx.child},
		{"history", "--human=maybe", fx.child},
		{"history", "--format", "{{.Nope}}", fx.child},
	} {
		t.Run(strings.Join(args, "_"), func(t *testing.T) {
			compareAged(t, nil, args...)
		})
	}
}

// TestImageInspect: docker image inspect, raw and through templates (which see docker
// 28's view of the image), and its errors.
func TestImageInspect(t *testing.T) {
	t.Parallel()
	fx := newImageFix(t)
	for _, args := range [][]string{
		{"image", "inspect", fx.child},
		{"image", "inspect", fx.child, fx.repo + ":t1"},
		{"image", "inspect", "-f", "json", fx.child},
		{"image", "inspect", "--format", "{{json .}}", fx.child},
		{"image", "inspect", "-f", "{{.VirtualSize}} {{.Parent}} {{.DockerVersion}} {{.Container}} {{.Comment}} {{.Metadata}}", fx.child},
		{"image", "inspect", "-f", "{{.ContainerConfig}}|{{.Config}}|{{.GraphDriver.Name}}|{{.RootFS}}", fx.child},
		{"image", "inspect", "-f", "{{.Config.Cmd}} {{index .Config.Labels \"skiff.e2e.image\"}}", fx.child},
		// errors
		{"image", "inspect", "skiff-e2e-nope"},
		{"image", "inspect", "-f", "{{.Id}}", fx.child, "skiff-e2e-nope"},
		{"image", "inspect"},
		{"image", "inspect", "--platform", "linux", fx.child},
		{"image", "inspect", "-f", "{{", fx.child},
		{"image", "inspect", "-f", "{{.Nope}}", fx.child},
	} {
		t.Run(strings.Join(args, "_"), func(t *testing.T) {
			// fx.repo:t1 is bb itself, whose RepoTags other tests change meanwhile
			compareStable(t, args...)
		})
	}
}
