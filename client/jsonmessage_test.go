package client

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestJSONMessageDecoder(t *testing.T) {
	in := `{"status":"Pulling from x","id":"latest"}
{"status":"Downloading","progressDetail":{"current":1,"total":2},"progress":"[==>  ] 1B/2B","id":"abc"}
{"stream":"Step 1/2\n"}{"aux":{"ID":"sha256:1"}}
{"errorDetail":{"code":1,"message":"boom"},"error":"boom"}
{"status":"never read"}`
	d := NewJSONMessageDecoder(strings.NewReader(in))
	m, err := d.Next()
	if err != nil || m.Status != "Pulling from x" || m.ID != "latest" || m.Progress != nil {
		t.Fatalf("%+v %v", m, err)
	}
	m, err = d.Next()
	if err != nil || m.Progress == nil || m.Progress.Current != 1 || m.Progress.Total != 2 || m.ProgressMessage != "[==>  ] 1B/2B" {
		t.Fatalf("%+v %v", m, err)
	}
	if m, err = d.Next(); err != nil || m.Stream != "Step 1/2\n" {
		t.Fatalf("%+v %v", m, err)
	}
	if m, err = d.Next(); err != nil || m.Aux == nil || string(*m.Aux) != `{"ID":"sha256:1"}` {
		t.Fatalf("%+v %v", m, err)
	}
	_, err = d.Next()
	var jerr *JSONMessageError
	if !errors.As(err, &jerr) || jerr.Code != 1 || err.Error() != "boom" {
		t.Fatalf("error = %#v", err)
	}
	if _, err2 := d.Next(); err2 != err {
		t.Fatalf("after an error Next returns it again, got %v", err2)
	}
}

func TestJSONMessageDecoderErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{``, "EOF"},
		{`{"error":"legacy only"}`, "legacy only"},
		{`{"errorDetail":{"message":"detail"}}`, "detail"},
		{`{"status":"x"`, "malformed response from daemon for POST (JSON-message stream): unexpected EOF"},
		{`{"status":1}`, "malformed response from daemon for POST (JSON-message stream): json: cannot unmarshal number into Go struct field JSONMessage.status of type string"},
		{`<html>`, "malformed response from daemon for POST (JSON-message stream): invalid character '<' looking for beginning of value"},
	} {
		d := NewJSONMessageDecoder(strings.NewReader(tc.in))
		var err error
		for err == nil {
			_, err = d.Next()
		}
		if err.Error() != tc.want {
			t.Errorf("%q: error %q, want %q", tc.in, err, tc.want)
		}
	}
}

// The decoder reads one message at a time: it works byte by byte and returns a message
// before the rest of the stream has arrived.
func TestJSONMessageDecoderStreams(t *testing.T) {
	pr, pw := io.Pipe()
	d := NewJSONMessageDecoder(iotest.OneByteReader(pr))
	go pw.Write([]byte(`{"status":"first"}`))
	m, err := d.Next()
	if err != nil || m.Status != "first" {
		t.Fatalf("%+v %v", m, err)
	}
	go func() {
		pw.Write([]byte(`{"status":"second"}`))
		pw.Close()
	}()
	if m, err = d.Next(); err != nil || m.Status != "second" {
		t.Fatalf("%+v %v", m, err)
	}
	if _, err = d.Next(); err != io.EOF {
		t.Fatalf("want EOF, got %v", err)
	}
}

func FuzzJSONMessageDecoder(f *testing.F) {
	f.Add([]byte(`{"status":"Downloading","progressDetail":{"current":1,"total":2},"id":"a"}`))
	f.Add([]byte(`{"errorDetail":{"message":"x"}}`))
	f.Add([]byte(`{"aux":{"ID":"y"}}{"stream":"z"}`))
	f.Add([]byte(`{"progressDetail":{"current":-1,"total":-5}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		d := NewJSONMessageDecoder(strings.NewReader(string(b)))
		for i := 0; ; i++ {
			if i > len(b)+1 {
				t.Fatal("decoder does not make progress")
			}
			m, err := d.Next()
			if err != nil {
				var jerr *JSONMessageError
				if errors.As(err, &jerr) && jerr.Error() == "" && m.Error == nil && m.ErrorMessage == "" {
					t.Fatal("error without a message source")
				}
				return
			}
			if m.Err() != nil {
				t.Fatal("a message carrying an error was returned without it")
			}
		}
	})
}
