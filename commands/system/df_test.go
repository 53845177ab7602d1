package system

import (
	"fmt"
	"regexp"
	"strconv"
	"testing"
	"time"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// dfAnswer is testdata/df.json with its relative times (@T-secs@ unix, @R-secs@
// RFC 3339) made absolute, so that "2 hours ago" columns are stable.
func dfAnswer(t *testing.T, now time.Time) string {
	s := readTestdata(t, "df.json")
	s = regexp.MustCompile(`@T-(\d+)@`).ReplaceAllStringFunc(s, func(m string) string {
		n, _ := strconv.Atoi(m[3 : len(m)-1])
		return strconv.FormatInt(now.Unix()-int64(n), 10)
	})
	return regexp.MustCompile(`@R-(\d+)@`).ReplaceAllStringFunc(s, func(m string) string {
		n, _ := strconv.Atoi(m[3 : len(m)-1])
		return now.Add(-time.Duration(n) * time.Second).UTC().Format(time.RFC3339)
	})
}

// normTimes hides absolute times ("2026-11-23 18:53:20 +0000 UTC"), which move with
// the clock.
func normTimes(s string) string {
	return regexp.MustCompile(`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4} [A-Z0-9+-]+`).ReplaceAllString(s, "<TS>")
}

func TestDiskUsage(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		terminal bool
		golden   string
		wantErr  string
		code     int
	}{
		{name: "summary", golden: "df.golden"},
		{name: "summary terminal", terminal: true, golden: "df.golden"},
		{name: "summary table", args: []string{"--format", "table"}, golden: "df.golden"},
		{name: "summary json", args: []string{"--format", "json"}, golden: "df-json.golden"},
		{name: "summary raw", args: []string{"--format", "raw"}, golden: "df-raw.golden"},
		{name: "summary custom table", args: []string{"--format", "table {{.Type}}\t{{.Reclaimable}}"}, golden: "df-custom-table.golden"},
		{name: "summary template", args: []string{"--format", "{{json .}}x"}, golden: "df-template.golden"},
		{name: "verbose", args: []string{"-v"}, golden: "df-verbose.golden"},
		{name: "verbose terminal", args: []string{"-v"}, terminal: true, golden: "df-verbose.golden"},
		{name: "verbose table", args: []string{"--verbose", "--format", "table"}, golden: "df-verbose.golden"},
		{name: "verbose json", args: []string{"-v", "--format", "json"}, golden: "df-verbose-json.golden"},
		// every object in its own listing's raw shape, as docker 28 prints it
		{name: "verbose raw", args: []string{"-v", "--format", "raw"}, golden: "df-verbose-raw.golden"},
		{name: "verbose template", args: []string{"-v", "--format", "{{len .Images}} {{range .BuildCache}}{{.ID}} {{end}}{{json .Volumes}}"}, golden: "df-verbose-template.golden"},
		{name: "unknown field", args: []string{"--format", "{{.Foo}}"}, golden: "empty.golden", code: 1,
			wantErr: `template parsing error: template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type *formatter.diskUsageImagesContext`},
		{name: "verbose unknown field", args: []string{"-v", "--format", "table {{.Type}}"}, golden: "empty.golden", code: 1,
			wantErr: `template: :1:2: executing "" at <.Type>: can't evaluate field Type in type *formatter.diskUsageContext`},
		{name: "bad template", args: []string{"--format", "{{"}, golden: "empty.golden", code: 1,
			wantErr: "template parsing error: template: :1: unclosed action"},
		// a failing template shows what it wrote before failing, as docker's
		{name: "verbose failing template", args: []string{"-v", "--format", "{{len .Images}}{{.Foo}}"}, golden: "df-verbose-partial.golden", code: 1,
			wantErr: `template: :1:17: executing "" at <.Foo>: can't evaluate field Foo in type *formatter.diskUsageContext`},
		{name: "verbose bad template", args: []string{"-v", "--format", "{{"}, golden: "empty.golden", code: 1,
			wantErr: "template parsing error: template: :1: unclosed action"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			e.Expect("GET", "/system/df").NoQuery("verbose").NoQuery("type").Reply(200, dfAnswer(t, time.Now()))
			r := run(t, e, "", clitest.Options{Terminal: tc.terminal}, newDiskUsageCommand, tc.args...)
			assert.Equal(t, r.code(), tc.code)
			if tc.wantErr != "" {
				assert.Equal(t, r.msg(), tc.wantErr)
			} else {
				assert.NilError(t, r.runErr)
			}
			assertGolden(t, normTimes(r.out), tc.golden)
			assert.Equal(t, r.err, "")
		})
	}
}

// TestDiskUsageEdges covers the sums' corner cases: sizes the engine did not compute
// (-1), images used by an unknown number of containers, nothing at all, and a volume
// without usage data (where docker itself crashes: we count it as unknown).
func TestDiskUsageEdges(t *testing.T) {
	img := func(containers, size, shared int64) string {
		return fmt.Sprintf(`{"Containers":%d,"Created":1795400000,"Id":"sha256:%064d","RepoTags":["x:%d"],"SharedSize":%d,"Size":%d}`,
			containers, size, containers, shared, size)
	}
	tests := []struct {
		name, body, want string
	}{
		{name: "empty", body: `{"LayersSize":0}`,
			want: "0 0 0B 0B|0 0 0B 0B|0 0 0B 0B|0 0 0B 0B|"},
		{name: "shared unknown", body: `{"LayersSize":1000000,"Images":[` + img(1, 400000, -1) + `]}`,
			want: "1 1 1MB 1MB (100%)|0 0 0B 0B|0 0 0B 0B|0 0 0B 0B|"},
		{name: "containers unknown", body: `{"LayersSize":1000000,"Images":[` + img(-1, 400000, 100000) + `]}`,
			want: "1 0 1MB 700kB (70%)|0 0 0B 0B|0 0 0B 0B|0 0 0B 0B|"},
		{name: "negative", body: `{"LayersSize":1000000,"Images":[` + img(1, 1400000, 100000) + `]}`,
			want: "1 1 1MB -3e+05B (-30%)|0 0 0B 0B|0 0 0B 0B|0 0 0B 0B|"},
		{name: "volumes", body: `{"Volumes":[{"Name":"a","UsageData":{"RefCount":1,"Size":2048}},{"Name":"b","UsageData":{"RefCount":0,"Size":0}},{"Name":"c","UsageData":{"RefCount":0,"Size":-1}},{"Name":"d"}]}`,
			want: "0 0 0B 0B|0 0 0B 0B|4 1 2.048kB 0B (0%)|0 0 0B 0B|"},
		{name: "containers", body: `{"Containers":[{"Id":"a","State":"restarting","SizeRw":10},{"Id":"b","State":"dead","SizeRw":30},{"Id":"c","State":"created","SizeRw":0}]}`,
			want: "0 0 0B 0B|3 1 40B 30B (75%)|0 0 0B 0B|0 0 0B 0B|"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			e.Expect("GET", "/system/df").Reply(200, tc.body)
			r := run(t, e, "", clitest.Options{}, newDiskUsageCommand, "--format", "{{.TotalCount}} {{.Active}} {{.Size}} {{.Reclaimable}}|")
			assert.NilError(t, r.runErr)
			assert.Equal(t, regexp.MustCompile(`\n`).ReplaceAllString(r.out, ""), tc.want)
		})
	}
}
