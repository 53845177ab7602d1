package client

import (
	"errors"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strings"

	"github.com/kevinburke/ssh_config"
)

// sshSettings is where and as whom the ssh transport connects, and with what, once
// the URL and ssh_config (~/.ssh/config, then /etc/ssh/ssh_config; the first value
// found wins, the URL over both, as with OpenSSH's command line) are read.
type sshSettings struct {
	alias          string // the host as the URL names it
	hostName, port string
	user           string
	home           string
	identityFiles  []string // explicit IdentityFile lines; none = OpenSSH's defaults
	identitiesOnly bool
	agentSock      string // "" = no agent
	knownHosts     []string
	strict         string // StrictHostKeyChecking, lower case
}

// sshDefaultIdentities are the files OpenSSH tries when no IdentityFile is given, in
// its order (those that exist).
var sshDefaultIdentities = [...]string{"id_rsa", "id_ecdsa", "id_ecdsa_sk", "id_ed25519", "id_ed25519_sk", "id_xmss", "id_dsa"}

// sshConfigs are the parsed ssh_config files, the user's first; a file that is missing
// is left out, one that does not parse is an error (connecting somewhere else than the
// user configured would be worse).
type sshConfigs []*ssh_config.Config

func loadSSHConfigs(home string) (sshConfigs, error) {
	var cs sshConfigs
	for _, p := range []string{filepath.Join(home, ".ssh", "config"), "/etc/ssh/ssh_config"} {
		f, err := os.Open(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, &sshError{msg: "ssh: Can't open user config file " + p + ": " + errText(err)}
		}
		c, err := ssh_config.Decode(f)
		f.Close()
		if err != nil {
			return nil, &sshError{msg: "ssh: " + p + configErrorText(err)}
		}
		cs = append(cs, c)
	}
	return cs, nil
}

// get returns the first value of key for host in any of the files.
func (cs sshConfigs) get(host, key string) string {
	for _, c := range cs {
		if v, err := c.Get(host, key); err == nil && v != "" {
			return v
		}
	}
	return ""
}

// getAll returns every value of key for host, the user's file's first.
func (cs sshConfigs) getAll(host, key string) []string {
	var all []string
	for _, c := range cs {
		if vs, err := c.GetAll(host, key); err == nil {
			all = append(all, vs...)
		}
	}
	return all
}

// resolveSSH reads ssh_config for the URL's host.
func resolveSSH(u sshURL) (*sshSettings, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		home = "/"
	}
	cs, err := loadSSHConfigs(home)
	if err != nil {
		return nil, err
	}
	s := &sshSettings{alias: u.host, home: home, user: u.user, port: u.port}
	for _, k := range []string{"ProxyCommand", "ProxyJump"} {
		if v := cs.get(u.host, k); v != "" && !strings.EqualFold(v, "none") {
			return nil, &sshError{msg: "ssh: " + k + " (in ssh_config for " + u.host + ") is not supported by skiff's ssh transport"}
		}
	}
	localUser := os.Getenv("USER")
	if cu, err := user.Current(); err == nil {
		localUser = cu.Username
	}
	if s.user == "" {
		s.user = cs.get(u.host, "User")
	}
	if s.user == "" {
		s.user = localUser
	}
	s.hostName = u.host
	if hn := cs.get(u.host, "HostName"); hn != "" {
		s.hostName = strings.ReplaceAll(strings.ReplaceAll(hn, "%h", u.host), "%%", "%")
	}
	if s.port == "" {
		s.port = cs.get(u.host, "Port")
	}
	if s.port == "" {
		s.port = "22"
	}
	expand := func(p string) string { return s.expandPath(p, localUser) }
	for _, f := range cs.getAll(u.host, "IdentityFile") {
		s.identityFiles = append(s.identityFiles, expand(f))
	}
	s.identitiesOnly = strings.EqualFold(cs.get(u.host, "IdentitiesOnly"), "yes")
	switch agent := cs.get(u.host, "IdentityAgent"); {
	case agent == "" || agent == "SSH_AUTH_SOCK":
		s.agentSock = os.Getenv("SSH_AUTH_SOCK")
	case strings.EqualFold(agent, "none"):
	case strings.HasPrefix(agent, "$"):
		s.agentSock = os.Getenv(strings.Trim(agent[1:], "{}"))
	default:
		s.agentSock = expand(agent)
	}
	user := cs.get(u.host, "UserKnownHostsFile")
	if user == "" {
		user = "~/.ssh/known_hosts ~/.ssh/known_hosts2"
	}
	global := cs.get(u.host, "GlobalKnownHostsFile")
	if global == "" {
		global = "/etc/ssh/ssh_known_hosts /etc/ssh/ssh_known_hosts2"
	}
	for _, f := range strings.Fields(user + " " + global) {
		if f = expand(f); f != "/dev/null" {
			s.knownHosts = append(s.knownHosts, f)
		}
	}
	s.strict = strings.ToLower(cs.get(u.host, "StrictHostKeyChecking"))
	return s, nil
}

// expandPath applies ssh_config's ~ and the % tokens paths use (%d home, %u local
// user, %r remote user, %h host name, %n the host as given, %p port, %% a percent).
func (s *sshSettings) expandPath(p, localUser string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		p = s.home + p[1:]
	}
	if !strings.Contains(p, "%") {
		return p
	}
	r := strings.NewReplacer("%%", "%", "%d", s.home, "%u", localUser, "%r", s.user, "%h", s.hostName,
		"%n", s.alias, "%p", s.port)
	return r.Replace(p)
}

// dest is user@host as OpenSSH's messages name it.
func (s *sshSettings) dest() string { return s.user + "@" + s.hostName }

// errText is an error's text without Go's "op path: " prefix, as OpenSSH prints
// strerror ("No such file or directory").
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	msg := err.Error()
	if msg == "" {
		return msg
	}
	return strings.ToUpper(msg[:1]) + msg[1:]
}

// configErrorText words an ssh_config parse error as OpenSSH does: " line N: reason"
// (the parser says "(N, col): ssh_config: reason").
func configErrorText(err error) string {
	msg := err.Error()
	if pos, rest, ok := strings.Cut(msg, "): "); ok && strings.HasPrefix(pos, "(") {
		line, _, _ := strings.Cut(pos[1:], ",")
		return " line " + line + ": " + strings.TrimPrefix(rest, "ssh_config: ")
	}
	return ": " + strings.TrimPrefix(msg, "ssh_config: ")
}
