//go:build e2e

package e2e

import (
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// rssWatch follows a started process's peak resident memory (VmHWM in /proc/PID/status,
// read every 10 ms while it runs) until stop, which returns it in bytes. Not the rusage's
// Maxrss: Go starts a child on the parent's memory (vfork) and Linux counts that memory
// into the child's peak when it execs, so a test process that has grown (the suite's
// bodies and buffers) passes its own size on to every client it starts. VmHWM is the
// high-water mark of the client's own memory after its exec.
func rssWatch(pid int) (stop func() int64) {
	var peak atomic.Int64
	done := make(chan struct{})
	finished := make(chan struct{})
	read := func() bool {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
		if err != nil {
			return false // gone
		}
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
				if err == nil && kb<<10 > peak.Load() {
					peak.Store(kb << 10)
				}
			}
		}
		return true
	}
	go func() {
		defer close(finished)
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for read() {
			select {
			case <-t.C:
			case <-done:
				return
			}
		}
	}()
	return func() int64 {
		close(done)
		<-finished
		return peak.Load()
	}
}
