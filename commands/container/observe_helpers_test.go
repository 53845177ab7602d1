package container

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/skiff-cli/skiff/commands"
)

// observeExit runs the error through the root's mapping: the exit code and the text
// printed.
func observeExit(err error) (int, string) {
	return commands.ExitCode(err), commands.Message(err)
}

// observeStatsJSON is a one-line stats sample for container name (id), with usage
// bytes of memory and no inactive cache.
func observeStatsJSON(id, name string, usage uint64, pids int) string {
	return fmt.Sprintf(`{"read":"2026-11-23T20:02:58Z","preread":"2026-11-23T20:02:57Z","id":%q,"name":"/%s",`+
		`"pids_stats":{"current":%d},"cpu_stats":{"cpu_usage":{"total_usage":2000},"system_cpu_usage":20000,"online_cpus":1},`+
		`"precpu_stats":{"cpu_usage":{"total_usage":1000},"system_cpu_usage":10000,"online_cpus":1},`+
		`"memory_stats":{"usage":%d,"stats":{"total_inactive_file":0},"limit":1073741824},`+
		`"networks":{"eth0":{"rx_bytes":1500,"tx_bytes":0}}}`+"\n", id, name, pids, usage)
}

// observeStreamStats is a handler that sends sample, then holds the stream open (as
// the engine does between samples) until the client goes away.
func observeStreamStats(sample string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		fmt.Fprint(w, sample)
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}
}

// observeFrames splits live stats output into its redraws (each starts with a cursor
// home followed by a table, then a second home).
func observeFrames(out string) []string {
	var frames []string
	for _, f := range strings.SplitAfter(out, "\x1b[J") {
		if f != "" {
			frames = append(frames, f)
		}
	}
	return frames
}
