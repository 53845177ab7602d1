package container

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/moby/moby/api/types/container"

	"github.com/skiff-cli/skiff/formatter"
)

// statsSampleV1 is a cgroup v1 sample as engine 20.10 sends it (trimmed), with one
// second between the two CPU readings: 2 CPUs, 0.5 s of CPU time used.
const statsSampleV1 = `{"read":"2026-11-23T20:02:58.563415807Z","preread":"2026-11-23T20:02:57.558646432Z",
"pids_stats":{"current":3},
"blkio_stats":{"io_service_bytes_recursive":[{"major":8,"minor":0,"op":"Read","value":1048576},{"major":8,"minor":0,"op":"Write","value":2000},{"major":8,"minor":0,"op":"Sync","value":7},{"major":8,"minor":16,"op":"read","value":1048576}]},
"cpu_stats":{"cpu_usage":{"total_usage":1531390189,"percpu_usage":[1,2]},"system_cpu_usage":7511800000000,"online_cpus":2},
"precpu_stats":{"cpu_usage":{"total_usage":1031390189,"percpu_usage":[1,2]},"system_cpu_usage":7509800000000,"online_cpus":2},
"memory_stats":{"usage":2166784,"stats":{"total_inactive_file":221184,"inactive_file":1,"cache":1843200},"limit":25276502016},
"name":"/web","id":"cdca5f6aaa74de4e5dc672fb6b3269766446f7504ef6a5b05c25373f3d1b10c1",
"networks":{"eth0":{"rx_bytes":946,"tx_bytes":10},"eth1":{"rx_bytes":100,"tx_bytes":0}}}`

func statsSample(t *testing.T, s string) *container.StatsResponse {
	t.Helper()
	var r container.StatsResponse
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

func TestStatsEntryFigures(t *testing.T) {
	e := newStatsEntry("web", statsSample(t, statsSampleV1))
	c := &statsContext{e: &e, trunc: true}
	// 0.5 s of CPU over 2 s of system time (both CPUs) × 2 CPUs = 50%.
	want := map[string]string{
		"Container": "web",
		"ID":        "cdca5f6aaa74",
		"Name":      "web",
		"CPUPerc":   "50.00%",
		"MemUsage":  "1.855MiB / 23.54GiB", // 2166784 - 221184 (total_inactive_file)
		"MemPerc":   "0.01%",
		"NetIO":     "1.05kB / 10B",
		"BlockIO":   "2.1MB / 2kB",
		"PIDs":      "3",
	}
	for k, v := range want {
		if got, _ := c.Field(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
}

func TestStatsMemoryCgroups(t *testing.T) {
	tests := []struct {
		name string
		m    container.MemoryStats
		want float64
	}{
		{"v1", container.MemoryStats{Usage: 1000, Stats: map[string]uint64{"total_inactive_file": 300, "inactive_file": 100}}, 700},
		{"v1 cache above usage falls to v2 key", container.MemoryStats{Usage: 1000, Stats: map[string]uint64{"total_inactive_file": 3000, "inactive_file": 100}}, 900},
		{"v2", container.MemoryStats{Usage: 1000, Stats: map[string]uint64{"inactive_file": 250}}, 750},
		{"v2 cache above usage", container.MemoryStats{Usage: 1000, Stats: map[string]uint64{"inactive_file": 2500}}, 1000},
		{"no stats", container.MemoryStats{Usage: 1000}, 1000},
		{"stopped", container.MemoryStats{}, 0},
	}
	for _, tt := range tests {
		if got := statsMemoryUsage(tt.m); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestStatsCPUPercent(t *testing.T) {
	s := &container.StatsResponse{}
	s.CPUStats.CPUUsage.TotalUsage, s.PreCPUStats.CPUUsage.TotalUsage = 300, 100
	s.CPUStats.SystemUsage, s.PreCPUStats.SystemUsage = 1400, 1000
	s.CPUStats.CPUUsage.PercpuUsage = []uint64{1, 2, 3, 4} // no online_cpus: count them
	if got := statsCPUPercent(s); got != 200 {
		t.Errorf("CPU = %v, want 200", got)
	}
	s.CPUStats.OnlineCPUs = 1
	if got := statsCPUPercent(s); got != 50 {
		t.Errorf("CPU = %v, want 50", got)
	}
	s.CPUStats.SystemUsage = 1000 // no system time passed: 0, not a division by zero
	if got := statsCPUPercent(s); got != 0 {
		t.Errorf("CPU = %v, want 0", got)
	}
}

func TestStatsWrite(t *testing.T) {
	web := newStatsEntry("web", statsSample(t, statsSampleV1))
	stopped := newStatsEntry("70d78e943f6b", &container.StatsResponse{Name: "/job", ID: "70d78e943f6b2c"})
	pending := statsEntry{Container: "new"}
	failed := statsEntry{Container: "gone", Name: "/gone", ID: "aaaabbbbccccdddd", IsInvalid: true}
	rows := []statsEntry{web, stopped, pending, failed}
	tests := []struct {
		format string
		trunc  bool
		want   string
	}{
		{"", true, "" +
			"CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT     MEM %     NET I/O        BLOCK I/O     PIDS\n" +
			"cdca5f6aaa74   web       50.00%    1.855MiB / 23.54GiB   0.01%     1.05kB / 10B   2.1MB / 2kB   3\n" +
			"70d78e943f6b   job       0.00%     0B / 0B               0.00%     0B / 0B        0B / 0B       0\n" +
			"               --        0.00%     0B / 0B               0.00%     0B / 0B        0B / 0B       0\n" +
			"aaaabbbbcccc   gone      --        -- / --               --        --             --            --\n"},
		{"table {{.Container}}\t{{.Name}}", false, "" +
			"CONTAINER      NAME\nweb            web\n70d78e943f6b   job\nnew            --\ngone           gone\n"},
		{"{{.ID}}", false, "cdca5f6aaa74de4e5dc672fb6b3269766446f7504ef6a5b05c25373f3d1b10c1\n70d78e943f6b2c\n\naaaabbbbccccdddd\n"},
		{"json", true, `{"BlockIO":"2.1MB / 2kB","CPUPerc":"50.00%","Container":"web","ID":"cdca5f6aaa74","MemPerc":"0.01%","MemUsage":"1.855MiB / 23.54GiB","Name":"web","NetIO":"1.05kB / 10B","PIDs":"3"}` + "\n"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		in := rows
		if tt.format == "json" {
			in = rows[:1]
		}
		if err := statsWrite(formatter.Context{Output: &b, Format: statsFormat(tt.format), Trunc: tt.trunc}, in); err != nil {
			t.Fatalf("%q: %v", tt.format, err)
		}
		if b.String() != tt.want {
			t.Errorf("%q:\ngot:\n%s\nwant:\n%s", tt.format, b.String(), tt.want)
		}
	}
}

func TestStatsTemplateErrorNamesDockersType(t *testing.T) {
	err := statsWrite(formatter.Context{Output: &bytes.Buffer{}, Format: "{{.Bogus}}"}, []statsEntry{{Container: "x"}})
	want := `template parsing error: template: :1:2: executing "" at <.Bogus>: can't evaluate field Bogus in type *container.statsContext`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %s", err, want)
	}
	if !strings.Contains(string(statsFormat("table")), "{{.PIDs}}") {
		t.Error("table is not the default")
	}
}
