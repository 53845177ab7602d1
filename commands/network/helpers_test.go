package network

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// firstLine is what scripts match on.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// rawBody answers a request after checking that its body is byte for byte want (docker
// 28's, captured from the reference by an engine logging what it got), then replies
// status with reply.
func rawBody(t *testing.T, want string, status int, reply string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		got, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("reading body: %v", err)
		}
		if g := strings.TrimSpace(string(got)); g != want {
			t.Errorf("body:\n got %s\nwant %s", g, want)
		}
		if reply != "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, reply)
	}
}

func cut(s, sep string) (string, string, bool) { return strings.Cut(s, sep) }
