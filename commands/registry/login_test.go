package registry

import (
	"os"
	"path/filepath"
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// noHelpers leaves no credential helper on PATH: credentials go to config.json.
func noHelpers(t *testing.T) { t.Setenv("PATH", t.TempDir()) }

func configJSON(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(os.Getenv("DOCKER_CONFIG"), "config.json"))
	if err != nil {
		return ""
	}
	return string(b)
}

// -p: the engine gets the credentials and the registry's address (Docker Hub's index
// address for docker.io), the warning comes first, and an identity token is stored
// instead of the password (no "unencrypted" warning then).
func TestLoginIdentityToken(t *testing.T) {
	noHelpers(t)
	e := fakeengine.New(t)
	e.Expect("POST", "/auth").JSONBody(map[string]any{"username": "u", "password": "p", "serveraddress": "https://index.docker.io/v1/"}).
		Reply(200, map[string]string{"Status": "Login Succeeded", "IdentityToken": "tok"})
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newLoginCommand(cli), "-u", "u", "-p", "p", "docker.io"))
	assert.Equal(t, cli.OutBuf.String(), "Login Succeeded\n")
	assert.Equal(t, cli.ErrBuf.String(), loginPasswordWarning+"\n")
	assert.Equal(t, configJSON(t), "{\n\t\"auths\": {\n\t\t\"https://index.docker.io/v1/\": {\n\t\t\t\"auth\": \"dTo=\",\n\t\t\t\"identitytoken\": \"tok\"\n\t\t}\n\t}\n}")
}

// The registry's refusal is the engine's error, exit 1, and nothing is stored.
func TestLoginRefused(t *testing.T) {
	noHelpers(t)
	e := fakeengine.New(t)
	e.Expect("POST", "/auth").JSONBody(map[string]any{"username": "u", "password": "bad", "serveraddress": "reg.example:5000"}).
		ReplyError(401, "login attempt to http://reg.example:5000/v2/ failed with status: 401 Unauthorized")
	cli := clitest.New(t, e.Host(), clitest.Options{Stdin: " bad \n"})
	err := clitest.Run(t, newLoginCommand(cli), "-u", "u", "--password-stdin", "https://reg.example:5000/v2/")
	assert.Error(t, err, "Error response from daemon: login attempt to http://reg.example:5000/v2/ failed with status: 401 Unauthorized")
	assert.Equal(t, commands.ExitCode(err), 1)
	assert.Equal(t, configJSON(t), "")
}

// Flag errors in docker 28's words and order, before anything is asked of the engine.
func TestLoginFlagErrors(t *testing.T) {
	noHelpers(t)
	for _, tc := range []struct {
		args  []string
		stdin string
		want  string
	}{
		{[]string{"-p", "x", "--password-stdin"}, "x", "conflicting options: cannot specify both --password and --password-stdin"},
		{[]string{"-u", " ", "--password-stdin"}, "x", "username is empty"},
		{[]string{"-u", "u", "-p", ""}, "", "password is empty"},
		{[]string{"--password-stdin"}, "x", "the --password-stdin option requires --username to be set"},
		{[]string{"-u", "u"}, "", "Error: Cannot perform an interactive login from a non TTY device"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			e := fakeengine.New(t)
			cli := clitest.New(t, e.Host(), clitest.Options{Stdin: tc.stdin})
			err := clitest.Run(t, newLoginCommand(cli), tc.args...)
			assert.Error(t, err, tc.want)
			assert.Equal(t, commands.ExitCode(err), 1)
		})
	}
}

// Logout says which registry whether or not there were credentials, removes the entry
// and leaves the rest of config.json (its unknown keys too).
func TestLogout(t *testing.T) {
	noHelpers(t)
	cli := clitest.New(t, "")
	dir := os.Getenv("DOCKER_CONFIG")
	assert.NilError(t, os.WriteFile(filepath.Join(dir, "config.json"),
		[]byte(`{"auths":{"reg:1":{"auth":"dTpw"},"https://reg:1":{},"other":{}},"mine":true}`), 0o600))
	assert.NilError(t, clitest.Run(t, newLogoutCommand(cli), "http://reg:1/x"))
	assert.Equal(t, cli.OutBuf.String(), "Removing login credentials for reg:1\n")
	assert.Equal(t, configJSON(t), "{\n\t\"auths\": {\n\t\t\"other\": {}\n\t},\n\t\"mine\": true\n}")
	// nothing to remove: said all the same, the file untouched
	before := configJSON(t)
	assert.NilError(t, clitest.Run(t, newLogoutCommand(cli)))
	assert.Equal(t, cli.OutBuf.String(), "Removing login credentials for reg:1\nRemoving login credentials for https://index.docker.io/v1/\n")
	assert.Equal(t, configJSON(t), before)
}

// Stored credentials the engine refuses: "Stored credentials invalid or expired" only
// for its 401 (an unknown user at a token server, say); its 500 (a wrong password at a
// token server or an htpasswd registry) is said as it is, as docker 28 does (observed);
// then the prompt, which a non-terminal cannot show.
func TestLoginStoredRefused(t *testing.T) {
	noHelpers(t)
	for _, tc := range []struct {
		code int
		msg  string
		want string
	}{
		{401, `Get "http://reg.example:5000/v2/": unauthorized: incorrect username or password`, "Stored credentials invalid or expired\n"},
		{500, `Get "http://reg.example:5000/v2/": unauthorized: invalid username or password`,
			"Login did not succeed, error: Error response from daemon: Get \"http://reg.example:5000/v2/\": unauthorized: invalid username or password\n"},
	} {
		e := fakeengine.New(t)
		e.Expect("POST", "/auth").JSONBody(map[string]any{"username": "u", "password": "bad", "serveraddress": "reg.example:5000"}).
			ReplyError(tc.code, tc.msg)
		cli := clitest.New(t, e.Host())
		doc := `{"auths":{"reg.example:5000":{"auth":"dTpiYWQ="}}}`
		assert.NilError(t, os.WriteFile(filepath.Join(os.Getenv("DOCKER_CONFIG"), "config.json"), []byte(doc), 0o600))
		err := clitest.Run(t, newLoginCommand(cli), "reg.example:5000")
		assert.Error(t, err, "Error: Cannot perform an interactive login from a non TTY device")
		want := "Authenticating with existing credentials... [Username: u]\n\n Info -> To login with a different account, run 'docker logout' followed by 'docker login'\n\n\n" + tc.want
		assert.Equal(t, cli.ErrBuf.String(), want)
	}
}
