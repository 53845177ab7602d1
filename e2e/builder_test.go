//go:build e2e

package e2e

import "testing"

// docker builder prune against the real engine, only in forms that remove nothing on a
// shared engine: a filter no cache entry matches, or the prompt answered no. The
// legacy-builder notice is the first stderr line of both clients.
func TestBuilderPrune(t *testing.T) {
	t.Parallel()
	enginePruneOne(t)
	Compare(t, "builder", "prune", "-f", "--filter", "until=87600h")
	Compare(t, "builder", "prune", "-a", "-f", "--filter", "until=87600h", "--keep-storage", "1g")
	Compare(t, "builder", "prune", "x")
	Compare(t, "builder", "prune", "-f", "--keep-storage", "abc")
	Compare(t, "builder", "prune", "-f", "--filter", "bogus=1")
	CompareEnv(t, nil, "n\n", "builder", "prune")
	CompareEnv(t, nil, "n\n", "builder", "prune", "-a")
	CompareEnv(t, []string{"DOCKER_BUILDKIT=0"}, "n\n", "builder", "prune")
	CompareEnv(t, []string{"DOCKER_BUILDKIT=1"}, "", "builder", "prune", "-f", "--filter", "until=87600h")
	CompareEnv(t, []string{"DOCKER_BUILDKIT=maybe"}, "", "builder", "prune", "-f", "--filter", "until=87600h")
}
