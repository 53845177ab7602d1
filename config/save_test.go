package config

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Save writes docker's keys in docker's order with tabs and no final newline, then
// the keys it does not write, in the file's order, values kept.
func TestSaveOrderAndUnknownKeys(t *testing.T) {
	dir := t.TempDir()
	old := `{"zzz": {"k": [1, 2]}, "psFormat": "x <&>", "kubernetes": {"allContexts": "enabled"},
	"auths": {"reg:1": {"auth": "YTpi", "unknown": 1}}, "credHelpers": {"h": "x"}, "aaa": null}`
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	cf, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	cf.AuthConfigs["new:2"] = AuthConfig{Auth: EncodeAuthField("u", "p"), IdentityToken: "tok"}
	if err := cf.Save(); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, FileName))
	want := "{\n" +
		"\t\"auths\": {\n" +
		"\t\t\"new:2\": {\n\t\t\t\"auth\": \"dTpw\",\n\t\t\t\"identitytoken\": \"tok\"\n\t\t},\n" +
		"\t\t\"reg:1\": {\n\t\t\t\"auth\": \"YTpi\"\n\t\t}\n" +
		"\t},\n" +
		"\t\"psFormat\": \"x \\u003c\\u0026\\u003e\",\n" +
		"\t\"credHelpers\": {\n\t\t\"h\": \"x\"\n\t},\n" +
		"\t\"zzz\": {\n\t\t\"k\": [\n\t\t\t1,\n\t\t\t2\n\t\t]\n\t},\n" +
		"\t\"kubernetes\": {\n\t\t\"allContexts\": \"enabled\"\n\t},\n" +
		"\t\"aaa\": null\n" +
		"}"
	if string(got) != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	st, _ := os.Stat(filepath.Join(dir, FileName))
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("%d files in the directory: a temporary file was left", len(ents))
	}
}

// A missing directory is made 0700; an empty config is {"auths": {}}; a file that is not
// JSON is replaced.
func TestSaveNewAndBroken(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new")
	cf, _ := Load(dir)
	if err := cf.Save(); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, FileName))
	if string(got) != "{\n\t\"auths\": {}\n}" {
		t.Errorf("got %q", got)
	}
	if st, _ := os.Stat(dir); st.Mode().Perm() != 0o700 {
		t.Errorf("dir mode %v", st.Mode().Perm())
	}
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	cf, _ = Load(dir)
	if err := cf.Save(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, FileName)); string(got) != "{\n\t\"auths\": {}\n}" {
		t.Errorf("got %q", got)
	}
}

// A config.json that is a symbolic link is written at its target; the link stays.
func TestSaveThroughSymlink(t *testing.T) {
	dir, real := t.TempDir(), t.TempDir()
	target := filepath.Join(real, "shared.json")
	if err := os.WriteFile(target, []byte(`{"psFormat":"p"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(dir, FileName)); err != nil {
		t.Fatal(err)
	}
	cf, _ := Load(dir)
	if err := cf.Save(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(filepath.Join(dir, FileName)); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v", err)
	}
	if got, _ := os.ReadFile(target); !strings.Contains(string(got), `"psFormat": "p"`) {
		t.Errorf("target: %q", got)
	}
}

// credHelperScript records its arguments and input (builtins only: PATH is its
// directory alone), and answers store/erase.
const credHelperScript = `#!/bin/sh
echo "$@" >>"$LOGDIR/argv"
IFS= read -r line || true
echo "$line" >>"$LOGDIR/stdin"
case "$1" in
erase) [ -n "$FAIL" ] && { echo "no such"; exit 1; } ;;
esac
exit 0
`

func credHelperEnv(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "docker-credential-rec"), []byte(credHelperScript), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	t.Setenv("LOGDIR", dir)
	return dir
}

// StoreAuth gives the secret to the helper on its stdin, never in its arguments, and
// keeps an empty entry in "auths"; an identity token goes as the user "<token>".
func TestStoreAuthHelper(t *testing.T) {
	log := credHelperEnv(t)
	cf := &ConfigFile{CredentialsStore: "rec"}
	ctx := context.Background()
	if err := cf.StoreAuth(ctx, "reg:1", RegistryAuth{Username: "u", Password: "s3cret"}, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := cf.StoreAuth(ctx, "reg:2", RegistryAuth{Username: "u", IdentityToken: "tok"}, io.Discard); err != nil {
		t.Fatal(err)
	}
	argv, _ := os.ReadFile(filepath.Join(log, "argv"))
	in, _ := os.ReadFile(filepath.Join(log, "stdin"))
	if string(argv) != "store\nstore\n" {
		t.Errorf("argv: %q", argv)
	}
	want := `{"ServerURL":"reg:1","Username":"u","Secret":"s3cret"}` + "\n" + `{"ServerURL":"reg:2","Username":"\u003ctoken\u003e","Secret":"tok"}` + "\n"
	if string(in) != want {
		t.Errorf("stdin: %q", in)
	}
	if e, ok := cf.AuthConfigs["reg:1"]; !ok || e != (AuthConfig{}) {
		t.Errorf("auths entry %+v %v, want an empty one", e, ok)
	}
	changed, err := cf.EraseAuth(ctx, "reg:1", io.Discard)
	if err != nil || !changed {
		t.Errorf("erase: %v %v", changed, err)
	}
	t.Setenv("FAIL", "1")
	changed, err = cf.EraseAuth(ctx, "reg:2", io.Discard)
	if err == nil || changed || cf.AuthConfigs["reg:2"] != (AuthConfig{}) {
		t.Errorf("failed erase: changed %v err %v; the entry must stay", changed, err)
	}
}

// Without a helper the credentials go to "auths"; docker 28's default store is pass
// when pass and its helper are installed, else secretservice.
func TestStoreAuthFileAndDefaultStore(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("PATH", dir)
	cf := &ConfigFile{}
	cf.DetectCredsStore()
	if cf.CredentialsStore != "" {
		t.Fatalf("store %q with nothing on PATH", cf.CredentialsStore)
	}
	if err := cf.StoreAuth(context.Background(), "r", RegistryAuth{Username: "u", Password: "p"}, io.Discard); err != nil {
		t.Fatal(err)
	}
	if cf.AuthConfigs["r"].Auth != "dTpw" {
		t.Errorf("auths: %+v", cf.AuthConfigs)
	}
	for _, name := range []string{"docker-credential-pass", "docker-credential-secretservice"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cf = &ConfigFile{}
	if cf.DetectCredsStore(); cf.CredentialsStore != "secretservice" {
		t.Errorf("without pass: %q", cf.CredentialsStore)
	}
	if err := os.WriteFile(filepath.Join(dir, "pass"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	cf = &ConfigFile{}
	if cf.DetectCredsStore(); cf.CredentialsStore != "pass" {
		t.Errorf("with pass: %q", cf.CredentialsStore)
	}
	cf = &ConfigFile{CredentialsStore: "mine"}
	if cf.DetectCredsStore(); cf.CredentialsStore != "mine" {
		t.Errorf("configured store replaced: %q", cf.CredentialsStore)
	}
}

// FuzzConfigMarshal: whatever config.json held, what Save would write is one valid JSON
// object with the new credentials and every top-level key it does not write, values
// unchanged.
func FuzzConfigMarshal(f *testing.F) {
	f.Add([]byte(`{"auths":{"a":{"auth":"YTpi"}},"zzz":[1,{"x":null}],"psFormat":"p"}`))
	f.Add([]byte(`{"aaa":1,"aaa":2,"proxies":{"d":{"httpProxy":"h"}}}`))
	f.Add([]byte(`not json`))
	f.Add([]byte(`{"auths":[]}`))
	f.Fuzz(func(t *testing.T, old []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, FileName), old, 0o600); err != nil {
			t.Fatal(err)
		}
		cf, _ := Load(dir)
		if cf.AuthConfigs == nil {
			cf.AuthConfigs = map[string]AuthConfig{}
		}
		cf.AuthConfigs["new.example"] = AuthConfig{Auth: EncodeAuthField("u", "p")}
		b, err := cf.Marshal(old)
		if err != nil {
			return // a value json.Indent refuses: Save fails, the file stays as it was
		}
		var out map[string]json.RawMessage
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatalf("not a JSON object: %v\n%s", err, b)
		}
		var auths map[string]FileAuthEntry
		if err := json.Unmarshal(out["auths"], &auths); err != nil || auths["new.example"].Auth != "dTpw" {
			t.Fatalf("auths %s: %v", out["auths"], err)
		}
		known := savedKeys()
		for _, k := range topLevelKeys(old) {
			if known[k.name] {
				continue
			}
			var a, b any
			if json.Unmarshal(k.value, &a) != nil || json.Unmarshal(out[k.name], &b) != nil {
				t.Fatalf("key %q: %s vs %s", k.name, k.value, out[k.name])
			}
			if ja, jb := mustJSON(a), mustJSON(b); ja != jb && !dupKey(old, k.name) {
				t.Fatalf("key %q: was %s, written %s", k.name, ja, jb)
			}
		}
	})
}

func mustJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

// dupKey: a key twice in the file keeps its first value (docker's decoder keeps the
// last, but docker drops unknown keys altogether).
func dupKey(old []byte, name string) bool {
	n := 0
	for _, k := range topLevelKeys(old) {
		if k.name == name {
			n++
		}
	}
	return n > 1
}
