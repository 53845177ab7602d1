package compose

import (
	"strings"
	"testing"
)

func load(t *testing.T, env map[string]string, files ...string) (string, error) {
	t.Helper()
	var fs []File
	for i, f := range files {
		fs = append(fs, File{Name: string(rune('a' + i)), Content: []byte(f)})
	}
	cfg, _, err := Load(fs, Options{WorkingDir: "/w", Lookup: func(k string) (string, bool) {
		v, ok := env[k]
		return v, ok
	}})
	if err != nil {
		return "", err
	}
	b, err := Marshal(cfg)
	return string(b), err
}

func TestInterpolate(t *testing.T) {
	env := map[string]string{"A": "a", "E": ""}
	for in, want := range map[string]string{
		"x$A": "xa", "${A}b": "ab", "${E:-d}": "d", "${E-d}": "", "${N-d}": "d", "${N:-d}": "d",
		"$$A": "$A", "$A$A": "aa", "${N}": "", "${A:?m}": "a", "no dollar": "no dollar",
	} {
		got, err := interpolate(in, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
		if err != nil || got != want {
			t.Errorf("%q: got %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"${", "$", "${A:+x}", "${1A}", "$-", "${E:?gone}", "${N?gone}"} {
		if _, err := interpolate(in, func(k string) (string, bool) { v, ok := env[k]; return v, ok }); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	for in, want := range map[string]string{
		"":                                       "top-level object must be a mapping",
		"version: 3\nservices: {}\n":             "version must be a string",
		"version: \"2\"\nservices: {}\n":         "unsupported Compose file version: 2",
		"foo: 1\n":                               "(root) Additional property foo is not allowed",
		"services:\n  w:\n    foo: 1\n":          "services.w Additional property foo is not allowed",
		"services:\n  w:\n    tty: 1\n":          "services.w.tty must be a boolean",
		"services:\n  w:\n    ports: [\"a\"]\n":  "services.w.ports.0 Does not match format 'ports'",
		"services:\n  w:\n    image: ${X:?no}\n": `invalid interpolation format for services.w.image: "required variable X is missing a value: no"; you may need to escape any $ with another $`,
		"services:\n  w:\n    deploy:\n      replicas: x\n": "services.w.deploy.replicas must be a integer",
		"services:\n": "services must be a mapping",
	} {
		_, err := load(t, nil, in)
		if err == nil || err.Error() != want {
			t.Errorf("%q: got %v, want %q", in, err, want)
		}
	}
	if _, err := load(t, nil, "version: \"3.8\"\nservices: {}\n", "services: {}\n"); err == nil ||
		err.Error() != "version mismatched between two composefiles : 3.8 and 3.13" {
		t.Errorf("two versions: %v", err)
	}
}

func TestLoadNormaliseAndMerge(t *testing.T) {
	out, err := load(t, map[string]string{"T": "1"},
		"services:\n  w:\n    image: bb:${T}\n    command: sleep \"1 2\"\n    ports: [\"81:81\", \"1-2:3-4/udp\"]\n    environment: [A=1, B]\n    volumes: [\"./d:/d:ro\", \"v:/v\"]\n    deploy:\n      resources: {limits: {memory: 1k}}\n      restart_policy: {window: 90s}\n",
		"services:\n  w:\n    command: x\n    ports: [\"80:80\"]\n    environment: {B: 2}\n    volumes: [\"/e:/d\"]\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"image: bb:1", "command:\n      - x\n", "B: \"2\"", "A: \"1\"", "memory: \"1024\"", "window: 1m30s",
		// merged ports come sorted by published port
		"published: 2\n        protocol: udp\n      - mode: ingress\n        target: 80\n        published: 80\n        protocol: tcp\n      - mode: ingress\n        target: 81",
		"- type: bind\n        source: /e\n        target: /d\n      - type: volume\n        source: v\n        target: /v",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestShellSplit(t *testing.T) {
	got := strings.Join(shellSplit(`a "b c" 'd e' f\ g "h\"i"`), "|")
	if want := `a|b c|d e|f g|h"i`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// FuzzLoad: any input gives a model or an error, never a panic.
func FuzzLoad(f *testing.F) {
	f.Add("services:\n  w:\n    image: bb\n    ports: [\"1-2:3-4\"]\n")
	f.Add("services:\n  w:\n    volumes: [\"a:b:c:d\"]\n    environment: {A: ${X:-y}}\n")
	f.Fuzz(func(t *testing.T, s string) {
		_, _, _ = Load([]File{{Name: "f", Content: []byte(s)}}, Options{WorkingDir: "/"})
	})
}
