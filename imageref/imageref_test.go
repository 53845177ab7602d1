package imageref

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// TestParseLikeReference replays testdata/reference.tsv: every input with what docker
// 28.2.2 answered to `docker pull -- input` ("OK" when it accepted the reference, or
// "ERR " and its message).
func TestParseLikeReference(t *testing.T) {
	f, err := os.Open("testdata/reference.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		in, want, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("bad line %q", line)
		}
		got := "OK"
		if _, err := Parse(in); err != nil {
			got = "ERR " + err.Error()
		}
		if got != want {
			t.Errorf("Parse(%q) = %q, want %q", in, got, want)
		}
		n++
	}
	if n < 50 {
		t.Fatalf("only %d cases", n)
	}
}

func TestParseNormalises(t *testing.T) {
	const dgst = "sha256:25216407d4b02473f819f6b4454b7178e8e74ec602c7007c1834555d604ace7e"
	for _, tc := range []struct {
		in, str, familiar string
	}{
		{"bb", "docker.io/library/bb", "bb"},
		{"bb:1.2", "docker.io/library/bb:1.2", "bb:1.2"},
		{"foo/bar", "docker.io/foo/bar", "foo/bar"},
		{"library/bb", "docker.io/library/bb", "bb"},
		{"library/a/b", "docker.io/library/a/b", "library/a/b"},
		{"docker.io/bb", "docker.io/library/bb", "bb"},
		{"index.docker.io/a/b/c:x", "docker.io/a/b/c:x", "a/b/c:x"},
		{"127.0.0.1:5000/skiff-e2e/bb:obs1", "127.0.0.1:5000/skiff-e2e/bb:obs1", "127.0.0.1:5000/skiff-e2e/bb:obs1"},
		{"localhost/x", "localhost/x", "localhost/x"},
		{"localhost", "docker.io/library/localhost", "localhost"},
		{"localhost:5000", "docker.io/library/localhost:5000", "localhost:5000"},
		{"Registry/x", "Registry/x", "Registry/x"},
		{"[::1]:5000/x", "[::1]:5000/x", "[::1]:5000/x"},
		{"x.y__z.io/bb:1", "x.y__z.io/bb:1", "x.y__z.io/bb:1"}, // "x.y__z.io" is no host: no domain
		{"foo/bar:1@" + dgst, "docker.io/foo/bar:1@" + dgst, "foo/bar:1@" + dgst},
		{"bb@" + dgst, "docker.io/library/bb@" + dgst, "bb@" + dgst},
	} {
		r, err := Parse(tc.in)
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if r.String() != tc.str || r.Familiar() != tc.familiar {
			t.Errorf("%q: %q %q, want %q %q", tc.in, r.String(), r.Familiar(), tc.str, tc.familiar)
		}
	}
	if got := mustParse(t, "bb").WithDefaultTag().Familiar(); got != "bb:latest" {
		t.Errorf("default tag: %q", got)
	}
	if got := mustParse(t, "bb@"+dgst).WithDefaultTag().Familiar(); got != "bb@"+dgst {
		t.Errorf("digest keeps no tag: %q", got)
	}
}

func mustParse(t *testing.T, s string) Ref {
	t.Helper()
	r, err := Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// FuzzParse: never a panic; an accepted reference re-parses to itself from both its
// canonical and its familiar form; a rejection is one of docker's messages.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"bb", "Bb", "a/b:c", "127.0.0.1:5000/x/y:z", "[::1]:5000/x",
		"bb@sha256:25216407d4b02473f819f6b4454b7178e8e74ec602c7007c1834555d604ace7e", "a__b.c-d", "",
		"library/25216407d4b02473f819f6b4454b7178e8e74ec602c7007c1834555d604ace7e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := Parse(s)
		if err != nil {
			msg := err.Error()
			if !strings.HasPrefix(msg, "invalid reference format") && !strings.HasPrefix(msg, "invalid repository name (") &&
				msg != ErrNameUppercase.Error() && msg != ErrNameTooLong.Error() && !strings.HasPrefix(msg, "invalid checksum digest") &&
				msg != ErrDigestAlgorithm.Error() {
				t.Fatalf("Parse(%q): unexpected error %q", s, msg)
			}
			return
		}
		// no domain only for a first component that looks like a host and is none ("a_b.io/x")
		first, _, _ := strings.Cut(r.Path, "/")
		if r.Path == "" || r.Domain == "" && !strings.ContainsAny(first, ".:") {
			t.Fatalf("Parse(%q) = %+v: empty part", s, r)
		}
		for _, again := range []string{r.String(), r.Familiar()} {
			if isHex64(again) {
				continue // "library/<64 hex>" is valid, its familiar form is not (as with docker)
			}
			if again == r.Familiar() && r.Domain == "docker.io" && (strings.ContainsAny(first, ".:") || first == "localhost") {
				continue // "docker.io/a.b/c" shown as "a.b/c" reads back as a host (as with docker)
			}
			r2, err := Parse(again)
			if err != nil || r2 != r {
				t.Fatalf("Parse(%q) = %+v; re-parsing %q gives %+v, %v", s, r, again, r2, err)
			}
		}
	})
}

func TestParseAny(t *testing.T) {
	const hex = "25216407d4b02473f819f6b4454b7178e8e74ec602c7007c1834555d604ace7e"
	for _, s := range []string{hex, "sha256:" + hex} {
		if _, d, err := ParseAny(s); !d || err != nil {
			t.Errorf("%q: digestOnly %v, %v", s, d, err)
		}
	}
	if r, d, err := ParseAny("sha256:abc"); d || err != nil || r.String() != "docker.io/library/sha256:abc" {
		t.Errorf("sha256:abc is a name with a tag: %+v %v %v", r, d, err)
	}
	if _, _, err := ParseAny("Bb"); err == nil || err.Error() != "invalid reference format: repository name (library/Bb) must be lowercase" {
		t.Errorf("Bb: %v", err)
	}
}
