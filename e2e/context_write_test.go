//go:build e2e

package e2e

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// ctxStep is one command of a sequence: env entries ("K=V") then docker's arguments. In
// arguments, "@" at the start stands for the client's own HOME (for files it writes).
type ctxStep []string

func (s ctxStep) split(home string) (env, args []string) {
	i := 0
	for i < len(s) && isEnvEntry(s[i]) {
		i++
	}
	env = append(env, s[:i]...)
	for _, a := range s[i:] {
		if strings.HasPrefix(a, "@") {
			a = home + a[1:]
		}
		args = append(args, a)
	}
	return env, args
}

// isEnvEntry reports a "NAME=value" with NAME in upper case.
func isEnvEntry(a string) bool {
	k, _, ok := strings.Cut(a, "=")
	if !ok || k == "" {
		return false
	}
	for _, c := range k {
		if !(c >= 'A' && c <= 'Z' || c == '_') {
			return false
		}
	}
	return true
}

// tarOf is a tar of name, content pairs (regular files).
func tarOf(t *testing.T, pairs ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	for i := 0; i+1 < len(pairs); i += 2 {
		if err := tw.WriteHeader(&tar.Header{Name: pairs[i], Mode: 0o600, Size: int64(len(pairs[i+1])), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(pairs[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// symlinkTar is a context whose tls folder and files are links out of the store.
func symlinkTar(t *testing.T, meta string) []byte {
	t.Helper()
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	for _, h := range []*tar.Header{
		{Name: "meta.json", Mode: 0o644, Size: int64(len(meta)), Typeflag: tar.TypeReg},
		{Name: "tls", Typeflag: tar.TypeSymlink, Linkname: "/tmp"},
		{Name: "tls/docker/ca.pem", Typeflag: tar.TypeSymlink, Linkname: "/etc/passwd"},
		{Name: "tls/docker/cert.pem", Typeflag: tar.TypeLink, Linkname: "/etc/passwd"},
		{Name: "../up", Typeflag: tar.TypeSymlink, Linkname: "/etc"},
	} {
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if h.Typeflag == tar.TypeReg {
			tw.Write([]byte(meta))
		}
	}
	tw.Close()
	return b.Bytes()
}

// compareSequence runs the steps with each client on its own config (its HOME's
// .docker), comparing every step (exit code, stdout, first line of stderr, each client's
// HOME replaced), then the two stores: the same files, modes and bytes (config.json
// included). Docker leaves an empty TLS folder where an update drops the material; skiff
// removes it: empty folders are not compared.
func compareSequence(t *testing.T, steps []ctxStep) {
	t.Helper()
	h := homesOf(t)
	for _, s := range steps {
		renv, rargs := s.split(h.ref)
		senv, sargs := s.split(h.skiff)
		ref := RefIn(t, "", renv, rargs...)
		sk := SkiffIn(t, "", senv, sargs...)
		n := func(s, home string) string { return strings.ReplaceAll(s, home, "<HOME>") }
		if ref.Code != sk.Code || n(ref.Stdout, h.ref) != n(sk.Stdout, h.skiff) || n(ref.FirstErrLine(), h.ref) != n(sk.FirstErrLine(), h.skiff) {
			t.Errorf("%q differs:\nreference: %s\nskiff:     %s", []string(s), ref, sk)
		}
	}
	rt, st := storeTree(t, filepath.Join(h.ref, ".docker")), storeTree(t, filepath.Join(h.skiff, ".docker"))
	if rt != st {
		t.Errorf("stores differ:\n%s", Diff("reference", "skiff", rt, st))
	}
}

// storeTree lists a config directory: every file with its mode and content, every
// non-empty folder with its mode.
func storeTree(t *testing.T, dir string) string {
	t.Helper()
	var lines []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		fi, err := d.Info()
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if entries, _ := os.ReadDir(p); len(entries) > 0 {
				lines = append(lines, fmt.Sprintf("%s %s", rel, fi.Mode()))
			}
			return nil
		}
		b, _ := os.ReadFile(p)
		lines = append(lines, fmt.Sprintf("%s %s %q", rel, fi.Mode(), b))
		return nil
	})
	sort.Strings(lines)
	return strings.Join(lines, "\n") + "\n"
}

// TestContextCreateUpdateSequence: create and update with every --docker key, their
// errors in docker's order, --from copies (a context of the store, default from the
// flags, DOCKER_HOST and the TLS variables, the one in use), then the stores compared
// file by file.
func TestContextCreateUpdateSequence(t *testing.T) {
	t.Parallel()
	ca, cert, key := writeContextPEMs(t)
	tlsKeys := "ca=" + ca + ",cert=" + cert + ",key=" + key
	steps := []ctxStep{
		{"context", "create"},
		{"context", "create", "a", "b"},
		{"context", "create", "x"},
		{"context", "create", "default"},
		{"context", "create", "bad name"},
		{"context", "create", ""},
		{"context", "create", "-x"},
		{"context", "create", "plain", "--docker", "host=tcp://1.2.3.4:5"},
		{"context", "create", "plain", "--docker", "zzz=1"},
		{"context", "create", "desc", "--docker", "host=unix:///var/run/docker.sock", "--description", "the engine"},
		{"context", "create", "tls", "--description", "with TLS", "--docker", "host=tcp://h:1," + tlsKeys},
		{"context", "create", "skip", "--docker", "skip-tls-verify=true,host=tcp://h:1"},
		{"context", "create", "merged", "--docker", "host=tcp://h:1", "--docker", "host=tcp://h:2"},
		{"context", "create", "nohost", "--docker", "host="},
		{"context", "create", "e1", "--docker", "hostx=1"},
		{"context", "create", "e2", "--docker", "host"},
		{"context", "create", "e3", "--docker", ""},
		{"context", "create", "e4", "--docker", `host="a,b",ca=x`},
		{"context", "create", "e5", "--docker", "ca=/nonexistent,skip-tls-verify=x"},
		{"context", "create", "e6", "--docker", "skip-tls-verify=maybe"},
		{"context", "create", "e7", "--docker", "host=h:1"},
		{"context", "create", "e8", "--docker", "host=tcp://h:abc"},
		{"context", "create", "e9", "--docker", "host=ssh://u:pw@h"},
		{"context", "create", "e10", "--docker", "host=ssh://h?x=1"},
		{"context", "create", "e11", "--docker", "host=npipe:////./pipe/x"},
		{"context", "create", "e12", "--docker", "host=tcp://h:1,ca=/etc/hostname"},
		{"context", "create", "e13", "--docker", "host=tcp://h:1,cert=/etc/hostname,key=/etc/hostname"},
		{"context", "create", "e14", "--docker", "host=tcp://h:1,cert=" + cert + ",key=/etc/hostname"},
		{"context", "create", "e15", "--docker", "ca=/tmp"},
		{"context", "create", "e16", "--docker", "from=nope"},
		{"context", "create", "e17", "--from", "nope"},
		{"context", "create", "e18", "--from", "tls", "--docker", "host=tcp://z:1"},
		{"context", "create", "e19", "--docker", "from=noep"},
		{"context", "create", "noepcopy", "--from", "noep"},
		{"context", "create", "ok1", "--docker", "host=unix:///x,ca=/etc/hostname"},
		{"context", "create", "ok2", "--docker", "host=ssh://u@h:22/x"},
		{"context", "create", "ok3", "--docker", "host=foo://x"},
		{"context", "create", "fromtls", "--from", "tls"},
		{"context", "create", "fromtls2", "--from", "tls", "--description", "copied"},
		{"context", "create", "eponly", "--docker", "from=tls,ca=/nonexistent"},
		{"context", "create", "fromdef", "--from", "default"},
		{"context", "create", "fromdef2", "--docker", "from=default"},
		{"DOCKER_HOST=h:9", "context", "create", "fromhost", "--from", "default"},
		{"DOCKER_TLS_VERIFY=1", "DOCKER_CERT_PATH=" + filepath.Dir(ca), "DOCKER_HOST=tcp://x:9", "context", "create", "fromdeftls", "--from", "default"},
		{"--tls", "-H", "tcp://q:1", "context", "create", "fromtlsflag", "--from", "default"},
		{"DOCKER_HOST=foo://x", "context", "create", "e21", "--from", "default"},
		{"context", "use", "tls"},
		{"context", "create", "fromcurrent"},
		{"DOCKER_CONTEXT=desc", "context", "create", "fromenv", "--description", "mine"},
		{"DOCKER_CONTEXT=gone", "context", "create", "e20"},
		{"--context", "eponly", "context", "create", "fromflag"},
		{"context", "update"},
		{"context", "update", "nope"},
		{"context", "update", "default", "--description", "x"},
		{"context", "update", "bad name"},
		{"context", "update", "fromtls", "--description", "new"},
		{"context", "update", "fromtls2", "--description", ""},
		{"context", "update", "fromtls2", "--docker", "host=tcp://k:2,ca=" + ca},
		{"context", "update", "fromcurrent", "--docker", "host=tcp://k:3"},
		{"context", "update", "skip", "--docker", "zzz=1"},
		{"context", "update", "skip", "--docker", "host=h"},
		{"context", "update", "skip", "--from", "default"},
		{"context", "update", "skip", "--docker", "from=default"},
		{"context", "ls"},
		{"context", "ls", "--format", "json"},
		{"context", "inspect", "tls", "fromtls", "fromtls2", "fromdeftls", "fromtlsflag", "fromcurrent", "skip"},
	}
	// a context without a docker endpoint, in both stores
	h := homesOf(t)
	for _, home := range []string{h.ref, h.skiff} {
		d := filepath.Join(home, ".docker", "contexts", "meta", sha256Hex("noep"))
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "meta.json"), []byte(`{"Name":"noep","Metadata":{"Description":"nd"},"Endpoints":{}}`), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	compareSequence(t, steps)
}

// TestContextRmUseSequence: rm and use as docker 28: several names with errors going on,
// the context in use kept (config.json, DOCKER_CONTEXT, --context) unless -f, which
// clears currentContext; use writing and clearing it, with DOCKER_HOST's warning.
func TestContextRmUseSequence(t *testing.T) {
	t.Parallel()
	// default first: no config.json yet, and none made (nothing changes)
	steps := []ctxStep{{"context", "use", "default"}}
	for _, c := range []string{"aa", "bb", "cc", "dd", "ee", "ff"} {
		steps = append(steps, ctxStep{"context", "create", c, "--docker", "host=unix:///var/run/docker.sock"})
	}
	steps = append(steps, []ctxStep{
		{"context", "rm"},
		{"context", "rm", "nope"},
		{"context", "rm", "nope", "aa", "nope2"},
		{"context", "rm", "default"},
		{"context", "rm", "-f", "default"},
		{"context", "rm", "bad name"},
		{"context", "rm", "-f", "nope"},
		{"context", "rm", ""},
		{"context", "use"},
		{"context", "use", "a", "b"},
		{"context", "use", "nope"},
		{"context", "use", "bad name"},
		{"context", "use", ""},
		{"context", "use", "bb"},
		{"context", "show"},
		{"context", "rm", "bb"},
		{"context", "rm", "bb", "cc"},
		{"context", "ls", "-q"},
		{"context", "rm", "-f", "bb"},
		{"context", "show"},
		{"context", "use", "dd"},
		{"DOCKER_HOST=tcp://x:1", "context", "use", "ee"},
		{"DOCKER_HOST=tcp://x:1", "context", "use", "default"},
		{"context", "use", "dd"},
		{"DOCKER_CONTEXT=ee", "context", "rm", "ee"},
		{"--context", "ee", "context", "rm", "ee"},
		{"DOCKER_HOST=tcp://x:1", "context", "rm", "dd"},
		{"context", "use", "ff"},
		{"DOCKER_CONTEXT=ee", "context", "rm", "-f", "ee"},
		{"context", "show"},
		{"context", "create", "gg", "--docker", "host=unix:///var/run/docker.sock"},
		{"context", "use", "gg"},
		{"context", "use", "gg"},
		{"context", "rm", "-f", "gg", "gg"},
		{"context", "show"},
		{"context", "ls"},
	}...)
	compareSequence(t, steps)
}

// TestContextExportImportSequence: export's file, its default name refused when taken,
// "-", and import's checks, each client on its own store; the archives are compared
// byte for byte (docker's is an unclosed ustar stream).
func TestContextExportImportSequence(t *testing.T) {
	t.Parallel()
	ca, cert, key := writeContextPEMs(t)
	steps := []ctxStep{
		{"context", "create", "src", "--description", "the src", "--docker", "host=tcp://h:1,ca=" + ca + ",cert=" + cert + ",key=" + key},
		{"context", "create", "plain", "--docker", "host=tcp://p:1"},
		{"context", "export"},
		{"context", "export", "a", "b", "c"},
		{"context", "export", "bad name"},
		{"context", "export", ""},
		{"context", "export", "nope", "@/nope.tar"},
		{"context", "export", "src", "@/src.tar"},
		{"context", "export", "src", "@/src.tar"},
		{"context", "export", "plain", "@/no/such/dir.tar"},
		{"context", "export", "plain", "@/plain.tar"},
		{"context", "export", "default", "@/default.tar"},
		{"DOCKER_TLS_VERIFY=1", "DOCKER_CERT_PATH=" + filepath.Dir(ca), "DOCKER_HOST=tcp://x:9", "context", "export", "default", "@/deftls.tar"},
		{"context", "export", "plain", "-"},
		{"context", "export", "plain", "--kubeconfig"},
		{"context", "import"},
		{"context", "import", "a"},
		{"context", "import", "im1", "@/plain.tar"},
		{"context", "import", "im1", "@/plain.tar"},
		{"context", "import", "default", "@/plain.tar"},
		{"context", "import", "bad name", "@/plain.tar"},
		{"context", "import", "im2", "/nonexistent"},
		{"context", "import", "im3", "@/src.tar"},
		{"context", "import", "im4", "@/deftls.tar"},
		{"context", "import", "im5", "/tmp"},
		{"context", "inspect", "im1", "im3", "im4"},
		{"context", "ls"},
	}
	compareSequence(t, steps)
	h := homesOf(t)
	for _, f := range []string{"src.tar", "plain.tar", "default.tar", "deftls.tar"} {
		r, err1 := os.ReadFile(filepath.Join(h.ref, f))
		s, err2 := os.ReadFile(filepath.Join(h.skiff, f))
		same := bytes.Equal(r, s)
		if f == "deftls.tar" {
			// docker writes default's TLS files in a random order (one of them is skiff's,
			// name order): the same entries, in any order
			same = tarEntries(t, r) == tarEntries(t, s)
		}
		if err1 != nil || err2 != nil || !same {
			t.Errorf("%s: the archives differ (%v, %v; %d and %d bytes)", f, err1, err2, len(r), len(s))
		}
	}
	// "-" on stdout: the same bytes
	r, s := Ref(t, "context", "export", "src", "-"), Skiff(t, "context", "export", "src", "-")
	if r.Code != 0 || r.Stdout != s.Stdout {
		t.Errorf("export -: %d/%d, %d and %d bytes", r.Code, s.Code, len(r.Stdout), len(s.Stdout))
	}
}

// TestContextImportHostile: archives that are corrupt or reach out of the store: docker's
// error (exit code, first line), and skiff's store left untouched (docker keeps what it
// wrote before the bad entry).
func TestContextImportHostile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	meta := `{"Name":"x","Metadata":{},"Endpoints":{"docker":{"Host":"tcp://h:1","SkipTLSVerify":false}}}`
	archives := map[string][]byte{
		"dotdot.tar":   tarOf(t, "meta.json", meta, "../evil", "x"),
		"abs.tar":      tarOf(t, "meta.json", meta, "/tmp/skiff-e2e-evil", "x"),
		"tlsdotdot":    tarOf(t, "meta.json", meta, "tls/docker/../../../evil", "x"),
		"tlsflat.tar":  tarOf(t, "meta.json", meta, "tls/ca.pem", "x"),
		"tlsdeep.tar":  tarOf(t, "meta.json", meta, "tls/docker/sub/ca.pem", "x"),
		"other.tar":    tarOf(t, "meta.json", meta, "foo.txt", "x"),
		"nometa.tar":   tarOf(t, "tls/docker/ca.pem", "x"),
		"badmeta.tar":  tarOf(t, "meta.json", "{bad"),
		"arraymeta":    tarOf(t, "meta.json", "[1]"),
		"garbage.tar":  []byte("garbage\n"),
		"empty.tar":    nil,
		"random.bin":   bytes.Repeat([]byte{7, 1, 9}, 700),
		"badzip.zip":   []byte("PK\x03\x04garbage"),
		"truncated":    tarOf(t, "meta.json", meta, "tls/docker/ca.pem", strings.Repeat("x", 2000))[:1800],
		"symlinks.tar": symlinkTar(t, meta),
	}
	names := make([]string, 0, len(archives))
	for name, b := range archives {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	sort.Strings(names)
	h := homesOf(t)
	for i, name := range names {
		ctx := fmt.Sprintf("h%d", i)
		p := filepath.Join(dir, name)
		ref := Ref(t, "context", "import", ctx, p)
		sk := Skiff(t, "context", "import", ctx, p)
		if ref.Code != sk.Code || strings.ReplaceAll(ref.FirstErrLine(), h.ref, "<HOME>") != strings.ReplaceAll(sk.FirstErrLine(), h.skiff, "<HOME>") {
			t.Errorf("import %s:\nreference: %s\nskiff:     %s", name, ref, sk)
		}
		if sk.Code != 0 {
			if r := Skiff(t, "context", "inspect", ctx); r.Code == 0 {
				t.Errorf("import %s failed but left the context %s: %s", name, ctx, r.Stdout)
			}
			continue
		}
		CompareEnv(t, nil, "", "context", "inspect", ctx)
	}
	if _, err := os.Stat("/tmp/skiff-e2e-evil"); err == nil {
		t.Error("an absolute path was written")
	}
	for _, e := range []string{filepath.Join(dir, "evil"), filepath.Join(h.skiff, ".docker", "contexts", "evil")} {
		if _, err := os.Stat(e); err == nil {
			t.Errorf("%s written", e)
		}
	}
}

// TestContextCrossClient: one store shared by both clients: contexts made by either are
// listed, inspected and used by the other, a real command goes through a context to the
// engine, and an archive exported by either is imported by the other.
func TestContextCrossClient(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := []string{"DOCKER_CONFIG=" + dir, "DOCKER_HOST=", "DOCKER_CONTEXT="}
	ca, cert, key := writeContextPEMs(t)
	must := func(r Result, what string) {
		t.Helper()
		if r.Code != 0 {
			t.Fatalf("%s: %s", what, r)
		}
	}
	const sock = "host=unix:///var/run/docker.sock"
	must(RefIn(t, "", env, "context", "create", "byref", "--description", "made by docker", "--docker", sock), "ref create")
	must(SkiffIn(t, "", env, "context", "create", "byskiff", "--description", "made by skiff", "--docker", sock), "skiff create")
	must(RefIn(t, "", env, "context", "create", "reftls", "--docker", "host=tcp://127.0.0.1:1,ca="+ca+",cert="+cert+",key="+key), "ref create tls")
	must(SkiffIn(t, "", env, "context", "create", "skifftls", "--docker", "host=tcp://127.0.0.1:1,ca="+ca+",cert="+cert+",key="+key), "skiff create tls")
	for _, args := range [][]string{
		{"context", "ls"},
		{"context", "ls", "--format", "json"},
		{"context", "inspect", "byref", "byskiff"},
		{"context", "inspect", "-f", "{{.Name}} {{.TLSMaterial}}", "reftls", "skifftls"},
		{"--context", "byref", "version", "--format", "{{.Server.Version}}"},
		{"--context", "byskiff", "version", "--format", "{{.Server.Version}}"},
		{"--context", "byskiff", "ps", "-q", "--filter", "label=skiff.e2e.none=1"},
	} {
		CompareEnv(t, env, "", args...)
	}
	// both stores' files are the same, but for the names: made by one, read by the other
	r := RefIn(t, "", env, "context", "inspect", "-f", "{{json .Endpoints}} {{json .Metadata.Metadata}} {{.TLSMaterial}}", "skifftls")
	s := SkiffIn(t, "", env, "context", "inspect", "-f", "{{json .Endpoints}} {{json .Metadata.Metadata}} {{.TLSMaterial}}", "reftls")
	if r.Stdout != s.Stdout || r.Code != 0 {
		t.Errorf("the TLS contexts differ: %s / %s", r, s)
	}
	// use by one, seen by the other
	must(SkiffIn(t, "", env, "context", "use", "byref"), "skiff use")
	CompareEnv(t, env, "", "context", "show")
	CompareEnv(t, env, "", "version", "--format", "{{.Server.Version}}")
	must(RefIn(t, "", env, "context", "use", "byskiff"), "ref use")
	CompareEnv(t, env, "", "context", "ls")
	// rm by one of what the other made, the one in use refused by both
	CompareEnv(t, env, "", "context", "rm", "byskiff")
	must(SkiffIn(t, "", env, "context", "rm", "-f", "byskiff"), "skiff rm -f")
	CompareEnv(t, env, "", "context", "show")
	// export by one, import by the other; the archives are the same bytes
	must(RefIn(t, "", env, "context", "export", "reftls", filepath.Join(dir, "ref.tar")), "ref export")
	must(SkiffIn(t, "", env, "context", "export", "reftls", filepath.Join(dir, "skiff.tar")), "skiff export")
	a, _ := os.ReadFile(filepath.Join(dir, "ref.tar"))
	b, _ := os.ReadFile(filepath.Join(dir, "skiff.tar"))
	if !bytes.Equal(a, b) || len(a) == 0 {
		t.Errorf("exports differ: %d and %d bytes", len(a), len(b))
	}
	must(SkiffIn(t, "", env, "context", "import", "fromref", filepath.Join(dir, "ref.tar")), "skiff import")
	must(RefIn(t, "", env, "context", "import", "fromskiff", filepath.Join(dir, "skiff.tar")), "ref import")
	must(SkiffIn(t, a2s(b), env, "context", "import", "stdin", "-"), "skiff import -")
	CompareEnv(t, env, "", "context", "inspect", "-f", "{{.Name}} {{json .Endpoints}} {{.TLSMaterial}}", "fromref", "fromskiff", "stdin", "reftls")
	for _, n := range []string{"fromref", "fromskiff", "stdin"} {
		for _, f := range []string{"ca.pem", "cert.pem", "key.pem"} {
			got, err := os.ReadFile(filepath.Join(dir, "contexts", "tls", sha256Hex(n), "docker", f))
			want, _ := os.ReadFile(map[string]string{"ca.pem": ca, "cert.pem": cert, "key.pem": key}[f])
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("%s's %s: %v", n, f, err)
			}
		}
	}
}

func a2s(b []byte) string { return string(b) }

// tarEntries lists an archive's entries (name, type, mode, content) in name order.
func tarEntries(t *testing.T, b []byte) string {
	t.Helper()
	var lines []string
	tr := tar.NewReader(bytes.NewReader(b))
	for {
		h, err := tr.Next()
		if err != nil {
			break
		}
		body, _ := io.ReadAll(tr)
		lines = append(lines, fmt.Sprintf("%s %c %o %q", h.Name, h.Typeflag, h.Mode, body))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}
