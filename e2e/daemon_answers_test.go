//go:build e2e

package e2e

import (
	"strings"
	"testing"
)

// TestDaemonAnswersPerCommand: an engine that answers with HTML, a cut body or an
// error, for the commands that word such answers their own way (info keeps the client's
// part and, with --format, exits 0; df and cp add their context; events and image
// inspect use the decoder's words), as the reference does.
func TestDaemonAnswersPerCommand(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		status int
		body   string
	}{
		{"html", 200, "<html>oops</html>"},
		{"cut body", 200, `{"ID":"x","Containers":`},
		{"error", 500, `{"message":"boom"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			host := sweepRootEngine(t, "", tc.status, tc.body)
			for _, args := range [][]string{
				{"info"},
				{"info", "--format", "{{.ID}}|{{.ServerErrors}}"},
				{"info", "--format", "json"},
				{"system", "df"},
				{"system", "df", "-v"},
				{"events", "--since", "1", "--until", "2"},
				{"image", "inspect", "x"},
				{"inspect", "--type", "image", "x"},
				{"history", "x"},
				{"cp", "x:/a", "-"},
			} {
				t.Run(strings.Join(args, " "), func(t *testing.T) {
					CompareWith(t, daemonAnswersNorm, []string{"DOCKER_HOST=" + host}, "", args...)
				})
			}
		})
	}
}

// daemonAnswersNorm hides the client's build details that info --format json shows.
func daemonAnswersNorm(s string) string {
	if i := strings.Index(s, `"ClientInfo":`); i >= 0 {
		return s[:i]
	}
	return s
}
