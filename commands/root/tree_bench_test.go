package root

import "testing"

// BenchmarkNewRootCommand is the start-up cost of the command tree (flags unbound):
// every `docker` invocation pays it, `--version` included.
func BenchmarkNewRootCommand(b *testing.B) {
	for i := 0; i < b.N; i++ {
		NewRootCommand(newTestCli())
	}
}
