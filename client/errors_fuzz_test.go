package client

import (
	"net/url"
	"strings"
	"testing"
)

func FuzzParseErrorBody(f *testing.F) {
	f.Add(404, "application/json", []byte(`{"message":"No such container: x"}`))
	f.Add(500, "application/json", []byte(`{"message":"bo`))
	f.Add(500, "application/json", []byte(``))
	f.Add(404, "text/html", []byte("<!DOCTYPE HTML>\n<html><title>x</title>\n</html>"))
	f.Add(400, "text/plain; charset=utf-8", []byte("page not found\n"))
	f.Add(502, "", []byte("\xff\xfe<\n>"))
	u, _ := url.Parse("http://localhost/v1.41/x")
	f.Fuzz(func(t *testing.T, status int, ct string, body []byte) {
		e := parseErrorBody(status, ct, body, nil, u)
		msg := e.Error()
		if e.StatusCode != status || msg == "" {
			t.Fatalf("status %d -> %d, %q", status, e.StatusCode, msg)
		}
		if !isJSONContentType(ct) && strings.ContainsAny(msg, "\r\n") {
			t.Fatalf("multi-line message for %q: %q", ct, msg)
		}
		if isJSONContentType(ct) && strings.HasPrefix(msg, "Error reading JSON") && strings.ContainsAny(msg, "\r\n") {
			t.Fatalf("multi-line decode error %q", msg)
		}
	})
}
