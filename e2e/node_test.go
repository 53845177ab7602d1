//go:build e2e

package e2e

import "testing"

// TestNodeListInspect compares node ls and node inspect with docker 28 on the test
// swarm's manager, and the errors on its worker and on the main engine (outside a
// swarm): same exit code, stdout and first stderr line. Read-only: parallel.
func TestNodeListInspect(t *testing.T) {
	t.Parallel()
	s := Swarm(t)
	for _, args := range [][]string{
		{"node", "ls"},
		{"node", "list", "-q"},
		{"node", "ls", "--format", "json"},
		{"node", "ls", "-q", "--format", "{{.Hostname}} {{.Self}} {{.TLSStatus}}"},
		{"node", "ls", "--format", "table {{.ID}}\t{{.Self}}\t{{.TLSStatus}}\t{{.ManagerStatus}}"},
		{"node", "ls", "--format", "{{.Foo}}"},
		{"node", "ls", "-f", "role=manager"},
		{"node", "ls", "-f", "role=worker", "--format", "{{.Hostname}} {{.Availability}} {{.Status}}"},
		{"node", "ls", "-f", "bogus=1"},
		{"node", "ls", "x"},
		{"node", "inspect", "self", s.WorkerNode},
		{"node", "inspect", "-f", "{{.ID}} {{.Spec.Role}}", "self", s.WorkerNode},
		{"node", "inspect", "--pretty", "self", s.WorkerNode},
		{"node", "inspect", "--pretty", s.WorkerNode, "nosuch"},
		{"node", "inspect", "nosuch", "self"},
		{"node", "inspect"},
	} {
		Compare(t, append([]string{"-H", s.Manager}, args...)...)
	}
	for _, args := range [][]string{{"node", "ls"}, {"node", "inspect", "self"}, {"node", "inspect", "--pretty", "self"}} {
		Compare(t, append([]string{"-H", s.Worker}, args...)...)
		Compare(t, args...)
	}
}
