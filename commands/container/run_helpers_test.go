package container

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"
)

// runCaptureBody answers with status and reply after storing the request body,
// re-indented, in *dst.
func runCaptureBody(t *testing.T, dst *[]byte, status int, reply string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("reading body: %v", err)
		}
		var out bytes.Buffer
		if err := json.Indent(&out, b, "", "  "); err != nil {
			t.Errorf("body is not JSON: %v: %s", err, b)
		}
		out.WriteByte('\n')
		*dst = out.Bytes()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, reply)
	}
}

const runTestID = "3f2d6c0b4a5e4f1d9c8b7a6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a99887766"
