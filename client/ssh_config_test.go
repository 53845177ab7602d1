package client

import (
	"os"
	"os/user"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func sshConfigHome(t *testing.T, config string) string {
	t.Helper()
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, ".ssh"), 0o700); err != nil {
		t.Fatal(err)
	}
	if config != "" {
		if err := os.WriteFile(filepath.Join(home, ".ssh", "config"), []byte(config), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("HOME", home)
	t.Setenv("SSH_AUTH_SOCK", "/agent.sock")
	return home
}

// TestResolveSSHConfig: ~/.ssh/config's values for the URL's host, the URL's user and
// port over them, ~ and % tokens expanded, the first value of a key winning.
func TestResolveSSHConfig(t *testing.T) {
	home := sshConfigHome(t, `
Host engine
  HostName %h.example.net
  Port 2200
  User bob
  IdentityFile ~/.ssh/engine_key
  IdentityFile %d/.ssh/%r@%h
  IdentitiesOnly yes
  IdentityAgent none
  UserKnownHostsFile ~/.ssh/kh1 /dev/null
  StrictHostKeyChecking Accept-New
Host *
  User alice
  Port 2201
`)
	s, err := resolveSSH(sshURL{host: "engine"})
	if err != nil {
		t.Fatal(err)
	}
	want := &sshSettings{
		alias: "engine", hostName: "engine.example.net", port: "2200", user: "bob", home: home,
		identityFiles:  []string{home + "/.ssh/engine_key", home + "/.ssh/bob@engine.example.net"},
		identitiesOnly: true,
		knownHosts:     []string{home + "/.ssh/kh1", "/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2"},
		strict:         "accept-new",
	}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("got  %+v\nwant %+v", s, want)
	}

	s, err = resolveSSH(sshURL{host: "engine", user: "carol", port: "22"})
	if err != nil {
		t.Fatal(err)
	}
	if s.user != "carol" || s.port != "22" || s.dest() != "carol@engine.example.net" {
		t.Errorf("the URL's user and port: %s port %s", s.dest(), s.port)
	}

	s, err = resolveSSH(sshURL{host: "other"})
	if err != nil {
		t.Fatal(err)
	}
	if s.hostName != "other" || s.user != "alice" || s.port != "2201" || s.agentSock != "/agent.sock" || s.identityFiles != nil {
		t.Errorf("Host *: %+v", s)
	}
}

// TestResolveSSHDefaults: no config: port 22, the local user, the agent of
// SSH_AUTH_SOCK, OpenSSH's known_hosts files.
func TestResolveSSHDefaults(t *testing.T) {
	home := sshConfigHome(t, "")
	s, err := resolveSSH(sshURL{host: "h"})
	if err != nil {
		t.Fatal(err)
	}
	me := os.Getenv("USER")
	if u, err := user.Current(); err == nil {
		me = u.Username
	}
	if s.port != "22" || s.user != me || s.agentSock != "/agent.sock" || s.strict != "" {
		t.Errorf("%+v", s)
	}
	if want := []string{home + "/.ssh/known_hosts", home + "/.ssh/known_hosts2", "/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2"}; !reflect.DeepEqual(s.knownHosts, want) {
		t.Errorf("known hosts %q", s.knownHosts)
	}
}

// TestResolveSSHRefuses: what the native transport cannot honour, and a config that
// does not parse, are errors rather than a connection somewhere else.
func TestResolveSSHRefuses(t *testing.T) {
	cases := map[string]string{
		"Host h\n  ProxyJump bastion\n":     "ssh: ProxyJump (in ssh_config for h) is not supported by skiff's ssh transport",
		"Host h\n  ProxyCommand nc %h %p\n": "ssh: ProxyCommand (in ssh_config for h) is not supported by skiff's ssh transport",
		"Match exec \"true\"\n  User x\n":   "/.ssh/config line 1: Match Exec is not supported",
	}
	for config, want := range cases {
		sshConfigHome(t, config)
		_, err := resolveSSH(sshURL{host: "h"})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", config, err, want)
		}
	}
	sshConfigHome(t, "Host h\n  ProxyJump none\n")
	if _, err := resolveSSH(sshURL{host: "h"}); err != nil {
		t.Errorf("ProxyJump none: %v", err)
	}
}

// TestSSHBadPort: a port OpenSSH refuses, in its words.
func TestSSHBadPort(t *testing.T) {
	sshConfigHome(t, "")
	_, _, err := sshOpen(t.Context(), sshURL{host: "127.0.0.1", port: "0"})
	if err == nil || err.Error() != "ssh: Bad port '0'" {
		t.Fatal(err)
	}
}
