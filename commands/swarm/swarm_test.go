package swarm

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// testPEM is any PEM block: the client checks the form only.
const testPEM = "-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----\n"

func pemFileAt(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "ca.pem")
	assert.NilError(t, os.WriteFile(p, []byte(testPEM), 0o600))
	return p
}

const swarmJSON = `{"ID":"c1","Version":{"Index":10},
"Spec":{"Name":"default","Orchestration":{"TaskHistoryRetentionLimit":5},"Raft":{"SnapshotInterval":10000,"KeepOldSnapshots":0,"LogEntriesForSlowFollowers":500,"ElectionTick":10,"HeartbeatTick":1},
"Dispatcher":{"HeartbeatPeriod":5000000000},"CAConfig":{"NodeCertExpiry":7776000000000000,"ForceRotate":6},"EncryptionConfig":{"AutoLockManagers":false}},
"TLSInfo":{"TrustRoot":"ROOT\n"},"JoinTokens":{"Worker":"SWMTKN-W","Manager":"SWMTKN-M"}}`

// TestInitAllFlags: docker 28's request (only the given settings in the spec, the
// availability lower-cased, the pools as prefixes) and its printed instructions.
func TestInitAllFlags(t *testing.T) {
	ca := pemFileAt(t)
	e := fakeengine.New(t)
	e.Expect("POST", "/swarm/init").JSONBody(map[string]any{
		"ListenAddr": "10.0.0.1:2400", "AdvertiseAddr": "10.0.0.1", "DataPathAddr": "10.0.0.1", "DataPathPort": 5000,
		"ForceNewCluster": true, "AutoLockManagers": true, "Availability": "pause",
		"DefaultAddrPool": []string{"10.20.0.0/16", "10.30.0.0/16"}, "SubnetSize": 26,
		"Spec": map[string]any{"Labels": nil, "Orchestration": map[string]any{"TaskHistoryRetentionLimit": 3},
			"Raft":       map[string]any{"SnapshotInterval": 500, "KeepOldSnapshots": 2, "ElectionTick": 0, "HeartbeatTick": 0},
			"Dispatcher": map[string]any{"HeartbeatPeriod": 7000000000},
			"CAConfig": map[string]any{"NodeCertExpiry": 3600000000000000, "ExternalCAs": []any{map[string]any{
				"Protocol": "cfssl", "URL": "https://ca.example", "Options": map[string]any{"Foo": "bar"}, "CACert": testPEM}}},
			"TaskDefaults": map[string]any{}, "EncryptionConfig": map[string]any{"AutoLockManagers": true}},
	}).Reply(200, `"n1"`)
	e.Expect("GET", "/nodes/n1").Reply(200, `{"ID":"n1","ManagerStatus":{"Addr":"10.0.0.1:2400"}}`)
	e.Expect("GET", "/swarm").Reply(200, swarmJSON)
	e.Expect("GET", "/swarm/unlockkey").Reply(200, `{"UnlockKey":"SWMKEY-1-k"}`)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newInitCommand(cli), "--advertise-addr", "10.0.0.1", "--listen-addr", "10.0.0.1:2400",
		"--data-path-addr", "10.0.0.1", "--data-path-port", "5000", "--default-addr-pool", "10.20.0.0/16",
		"--default-addr-pool", "10.30.0.1/16", "--default-addr-pool-mask-length", "26", "--autolock", "--availability", "Pause",
		"--task-history-limit", "3", "--dispatcher-heartbeat", "7s", "--cert-expiry", "1000h",
		"--external-ca", "PROTOCOL=CFSSL,url=https://ca.example,cacert="+ca+",Foo=bar",
		"--max-snapshots", "2", "--snapshot-interval", "500", "--force-new-cluster"))
	assert.Equal(t, cli.OutBuf.String(), "Swarm initialized: current node (n1) is now a manager.\n\n"+
		"To add a worker to this swarm, run the following command:\n\n    docker swarm join --token SWMTKN-W 10.0.0.1:2400\n\n"+
		"To add a manager to this swarm, run 'docker swarm join-token manager' and follow the instructions.\n"+
		"To unlock a swarm manager after it restarts, run the `docker swarm unlock`\ncommand and provide the following key:\n\n"+
		"    SWMKEY-1-k\n\nRemember to store this key in a password manager, since without it you\nwill not be able to restart the manager.\n")
}

// TestInitDefaults: nothing given, docker's empty spec and defaults.
func TestInitDefaults(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/swarm/init").JSONBody(map[string]any{
		"ListenAddr": "0.0.0.0:2377", "AdvertiseAddr": "", "DataPathAddr": "", "DataPathPort": 0, "ForceNewCluster": false,
		"AutoLockManagers": false, "Availability": "", "DefaultAddrPool": []string{}, "SubnetSize": 24,
		"Spec": map[string]any{"Labels": nil, "Orchestration": map[string]any{}, "Raft": map[string]any{"ElectionTick": 0, "HeartbeatTick": 0},
			"Dispatcher": map[string]any{}, "CAConfig": map[string]any{}, "TaskDefaults": map[string]any{},
			"EncryptionConfig": map[string]any{"AutoLockManagers": false}},
	}).ReplyError(503, `This node is already part of a swarm. Use "docker swarm leave" to leave this swarm and join another one.`)
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newInitCommand(cli))
	assert.ErrorContains(t, err, "This node is already part of a swarm.")
}

func TestFlagErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--listen-addr", "[::1]"}, `invalid argument "[::1]" for "--listen-addr" flag: invalid bind address format: [::1]`},
		{[]string{"--listen-addr", "bogus:x"}, `invalid argument "bogus:x" for "--listen-addr" flag: parse "tcp://bogus:x": invalid port ":x" after host`},
		{[]string{"--external-ca", "url=x"}, `invalid argument "url=x" for "--external-ca" flag: the external-ca option needs a protocol= parameter`},
		{[]string{"--external-ca", "protocol=cfssl"}, `invalid argument "protocol=cfssl" for "--external-ca" flag: the external-ca option needs a url= parameter`},
		{[]string{"--external-ca", "protocol=foo"}, `invalid argument "protocol=foo" for "--external-ca" flag: unrecognized external CA protocol foo`},
		{[]string{"--external-ca", "foo"}, `invalid argument "foo" for "--external-ca" flag: invalid field 'foo' must be a key=value pair`},
		{[]string{"--external-ca", ""}, `invalid argument "" for "--external-ca" flag: EOF`},
		{[]string{"--external-ca", "protocol=cfssl,url=x,cacert=/nonexistent"}, `invalid argument "protocol=cfssl,url=x,cacert=/nonexistent" for "--external-ca" flag: unable to read CA cert for external CA: open /nonexistent: no such file or directory`},
		{[]string{"--external-ca", "protocol=cfssl,url=x,cacert=/etc/hostname"}, `invalid argument "protocol=cfssl,url=x,cacert=/etc/hostname" for "--external-ca" flag: CA cert for external CA must be in PEM format`},
		{[]string{"--default-addr-pool", "foo"}, `invalid argument "foo" for "--default-addr-pool" flag: invalid string being converted to CIDR: foo`},
		{[]string{"--availability", "bogus"}, `invalid availability "bogus", only active, pause and drain are supported`},
	} {
		t.Run(tc.want, func(t *testing.T) {
			cli := clitest.New(t, fakeengine.New(t).Host())
			err := clitest.Run(t, newInitCommand(cli), tc.args...)
			assert.ErrorContains(t, err, tc.want)
		})
	}
}

func TestJoin(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/swarm/join").JSONBody(map[string]any{"ListenAddr": "10.0.0.2:2377", "AdvertiseAddr": "10.0.0.2",
		"DataPathAddr": "10.0.0.2", "RemoteAddrs": []string{"10.0.0.1:2377"}, "JoinToken": "SWMTKN-M", "Availability": "drain"}).Reply(200, nil)
	e.Expect("GET", "/info").Reply(200, `{"Swarm":{"ControlAvailable":true}}`)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newJoinCommand(cli), "--token", "SWMTKN-M", "--advertise-addr", "10.0.0.2",
		"--listen-addr", "10.0.0.2", "--data-path-addr", "10.0.0.2", "--availability", "drain", "10.0.0.1:2377"))
	assert.Equal(t, cli.OutBuf.String(), "This node joined a swarm as a manager.\n")
}

func TestJoinTokenRotate(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/swarm").Reply(200, swarmJSON).Times(2)
	e.Expect("POST", "/swarm/update").Query("version", "10").Query("rotateWorkerToken", "true").
		Query("rotateManagerToken", "false").Query("rotateManagerUnlockKey", "false").BodyField("CAConfig.ForceRotate", 6).Reply(200, nil)
	e.Expect("GET", "/info").Reply(200, `{"Swarm":{"NodeID":"n1"}}`)
	e.Expect("GET", "/nodes/n1").Reply(200, `{"ID":"n1","ManagerStatus":{"Addr":"10.0.0.1:2377"}}`)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newJoinTokenCommand(cli), "--rotate", "worker"))
	assert.Equal(t, cli.OutBuf.String(), "Successfully rotated worker join token.\n\n"+
		"To add a worker to this swarm, run the following command:\n\n    docker swarm join --token SWMTKN-W 10.0.0.1:2377\n\n")
}

func TestJoinTokenQuietManager(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/swarm").Reply(200, swarmJSON)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newJoinTokenCommand(cli), "-q", "manager"))
	assert.Equal(t, cli.OutBuf.String(), "SWMTKN-M\n")
	assert.Error(t, clitest.Run(t, newJoinTokenCommand(cli), "bogus"), "unknown role bogus")
}

// TestUpdate: only the given settings change; an external CA without a certificate
// gets the cluster's root; turning autolock on prints the key.
func TestUpdate(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/swarm").Reply(200, swarmJSON)
	e.Expect("POST", "/swarm/update").Query("version", "10").Query("rotateManagerUnlockKey", "false").
		BodyField("Orchestration.TaskHistoryRetentionLimit", 4).BodyField("Raft.SnapshotInterval", 10000).
		BodyField("Raft.KeepOldSnapshots", 3).BodyField("Dispatcher.HeartbeatPeriod", 5000000000).
		BodyField("CAConfig.NodeCertExpiry", 2880000000000000).
		BodyField("CAConfig.ExternalCAs", []any{map[string]any{"Protocol": "cfssl", "URL": "https://x", "CACert": "ROOT\n"}}).
		BodyField("EncryptionConfig.AutoLockManagers", true).Reply(200, nil)
	e.Expect("GET", "/swarm/unlockkey").Reply(200, `{"UnlockKey":"SWMKEY-1-k"}`)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newUpdateCommand(cli), "--task-history-limit", "4", "--max-snapshots", "3",
		"--cert-expiry", "800h", "--external-ca", "protocol=cfssl,url=https://x", "--autolock"))
	assert.Equal(t, cli.OutBuf.String(), "Swarm updated.\nTo unlock a swarm manager after it restarts, run the `docker swarm unlock`\n"+
		"command and provide the following key:\n\n    SWMKEY-1-k\n\nRemember to store this key in a password manager, since without it you\n"+
		"will not be able to restart the manager.\n")
}

// TestUpdateNoFlags: docker shows the help, and asks nothing.
func TestUpdateNoFlags(t *testing.T) {
	cli := clitest.New(t, fakeengine.New(t).Host())
	cmd := newUpdateCommand(cli)
	cmd.SetOut(cli.OutBuf)
	assert.NilError(t, clitest.Run(t, cmd))
	assert.Assert(t, strings.Contains(cli.OutBuf.String(), "Update the swarm"), cli.OutBuf.String())
}

func TestUnlockKeyRotate(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/swarm").Reply(200, `{"Version":{"Index":3},"Spec":{"EncryptionConfig":{"AutoLockManagers":true}}}`)
	e.Expect("POST", "/swarm/update").Query("version", "3").Query("rotateManagerUnlockKey", "true").Reply(200, nil)
	e.Expect("GET", "/swarm/unlockkey").Reply(200, `{"UnlockKey":"SWMKEY-1-new"}`)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newUnlockKeyCommand(cli), "--rotate", "-q"))
	assert.Equal(t, cli.OutBuf.String(), "SWMKEY-1-new\n")
}

func TestUnlockKeyErrors(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/swarm").Reply(200, `{"Version":{"Index":3}}`)
	e.Expect("GET", "/swarm/unlockkey").Reply(200, `{"UnlockKey":""}`)
	e.Expect("GET", "/swarm/unlockkey").ReplyError(503, "This node is not a swarm manager.")
	cli := clitest.New(t, e.Host())
	assert.Error(t, clitest.Run(t, newUnlockKeyCommand(cli), "--rotate"), "cannot rotate because autolock is not turned on")
	assert.Error(t, clitest.Run(t, newUnlockKeyCommand(cli)), "no unlock key is set")
	assert.Error(t, clitest.Run(t, newUnlockKeyCommand(cli)), "could not fetch unlock key: Error response from daemon: This node is not a swarm manager.")
}

// TestUnlockStdin: the key is stdin's first line, spaces trimmed.
func TestUnlockStdin(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/info").Reply(200, `{"Swarm":{"LocalNodeState":"locked"}}`)
	e.Expect("POST", "/swarm/unlock").JSONBody(map[string]any{"UnlockKey": "SWMKEY-1-k"}).Reply(200, nil)
	cli := clitest.New(t, e.Host(), clitest.Options{Stdin: "  SWMKEY-1-k \nmore\n"})
	assert.NilError(t, clitest.Run(t, newUnlockCommand(cli)))
	assert.Equal(t, cli.OutBuf.String(), "")
}

func TestUnlockNotLocked(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/info").Reply(200, `{"Swarm":{"LocalNodeState":"inactive"}}`)
	e.Expect("GET", "/info").Reply(200, `{"Swarm":{"LocalNodeState":"active"}}`)
	cli := clitest.New(t, e.Host())
	assert.Error(t, clitest.Run(t, newUnlockCommand(cli)), "Error: This node is not part of a swarm")
	assert.Error(t, clitest.Run(t, newUnlockCommand(cli)), "Error: swarm is not locked")
}

func TestCAPrint(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/swarm").Reply(200, swarmJSON)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newCACommand(cli), "-q"))
	assert.Equal(t, cli.OutBuf.String(), "ROOT\n")
	for _, f := range []string{"--ca-cert=" + pemFileAt(t), "--cert-expiry=1h", "--external-ca=protocol=cfssl,url=x"} {
		err := clitest.Run(t, newCACommand(cli), f)
		assert.ErrorContains(t, err, "flag requires the `--rotate` flag to update the CA")
	}
	assert.Error(t, clitest.Run(t, newCACommand(cli), "--rotate", "--ca-cert", pemFileAt(t)),
		"the --ca-cert flag requires that a --ca-key flag and/or --external-ca flag be provided as well")
}

// TestCARotateDetach: a new root is asked for by counting ForceRotate up; -d returns at
// once and prints nothing.
func TestCARotateDetach(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/swarm").Reply(200, swarmJSON)
	e.Expect("POST", "/swarm/update").Query("version", "10").BodyField("CAConfig.ForceRotate", 7).
		BodyField("CAConfig.NodeCertExpiry", 360000000000000).Reply(200, nil)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newCACommand(cli), "--rotate", "-d", "--cert-expiry", "100h"))
	assert.Equal(t, cli.OutBuf.String(), "")
}

// TestCARotateGiven: the given certificate and key, the external CA trusting that
// certificate; the command waits until the nodes trust the new root, then prints it.
func TestCARotateGiven(t *testing.T) {
	p := pemFileAt(t)
	e := fakeengine.New(t)
	e.Expect("GET", "/swarm").Reply(200, swarmJSON)
	e.Expect("POST", "/swarm/update").BodyField("CAConfig.SigningCACert", testPEM).BodyField("CAConfig.SigningCAKey", testPEM).
		BodyField("CAConfig.ForceRotate", 6).
		BodyField("CAConfig.ExternalCAs", []any{map[string]any{"Protocol": "cfssl", "URL": "https://x", "CACert": testPEM}}).Reply(200, nil)
	e.Expect("GET", "/swarm").Reply(200, `{"RootRotationInProgress":true,"TLSInfo":{"TrustRoot":"NEW\n"}}`)
	e.Expect("GET", "/nodes").Reply(200, `[{"Description":{"TLSInfo":{"TrustRoot":"ROOT\n"}}}]`)
	e.Expect("GET", "/swarm").Reply(200, `{"TLSInfo":{"TrustRoot":"NEW\n"}}`)
	e.Expect("GET", "/nodes").Reply(200, `[{"Description":{"TLSInfo":{"TrustRoot":"NEW\n"}}}]`)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newCACommand(cli), "--rotate", "--ca-cert", p, "--ca-key", p, "--external-ca", "protocol=cfssl,url=https://x"))
	assert.Equal(t, cli.OutBuf.String(), "desired root digest: \n  rotated TLS certificates: \n  rotated CA certificates:  \n"+
		"desired root digest: sha256:21998928836741932680bb7ef8fb3fe2d8709b5afdf896752642d10595f9a610\n"+
		"desired root digest: sha256:21998928836741932680bb7ef8fb3fe2d8709b5afdf896752642d10595f9a610\n"+
		"NEW\n")
}

func TestLeave(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/swarm/leave").Query("force", "1").Reply(200, nil)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newLeaveCommand(cli), "-f"))
	assert.Equal(t, cli.OutBuf.String(), "Node left the swarm.\n")
}

// TestCARotateTerminal: on a terminal the board is drawn in place, one frame per poll:
// the digest of the cluster's root, the nodes whose certificate its current issuer
// signed, and those trusting its root (none while the rotation runs); then the root.
func TestCARotateTerminal(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/swarm").Reply(200, swarmJSON)
	e.Expect("POST", "/swarm/update").Query("version", "10").BodyField("CAConfig.ForceRotate", 7).Reply(200, nil)
	e.Expect("GET", "/swarm").Reply(200, `{"RootRotationInProgress":true,"TLSInfo":{"TrustRoot":"OLD\n","CertIssuerSubject":"AQ==","CertIssuerPublicKey":"Ag=="}}`)
	e.Expect("GET", "/nodes").Reply(200, `[{"Description":{"TLSInfo":{"TrustRoot":"OLD\n","CertIssuerSubject":"AQ==","CertIssuerPublicKey":"Ag=="}}},
		{"Description":{"TLSInfo":{"TrustRoot":"OLD\n","CertIssuerSubject":"AQ==","CertIssuerPublicKey":"Aw=="}}}]`)
	e.Expect("GET", "/swarm").Reply(200, `{"TLSInfo":{"TrustRoot":"NEW\n","CertIssuerSubject":"AQ==","CertIssuerPublicKey":"Ag=="}}`)
	e.Expect("GET", "/nodes").Reply(200, `[{"Description":{"TLSInfo":{"TrustRoot":"NEW\n","CertIssuerSubject":"AQ==","CertIssuerPublicKey":"Ag=="}}},
		{"Description":{"TLSInfo":{"TrustRoot":"NEW\n","CertIssuerSubject":"AQ==","CertIssuerPublicKey":"Ag=="}}}]`)
	cli := clitest.New(t, e.Host(), clitest.Options{Terminal: true})
	assert.NilError(t, clitest.Run(t, newCACommand(cli), "--rotate"))
	frame := func(digest, tls, ca string) string {
		return "\x1b[3A\x1b[2K\rdesired root digest: sha256:" + digest + " \r\x1b[3B" +
			"\x1b[2A\x1b[2K\r  rotated TLS certificates:  " + tls + " nodes\r\x1b[2B" +
			"\x1b[1A\x1b[2K\r  rotated CA certificates:   " + ca + " nodes\r\x1b[1B"
	}
	assert.Equal(t, cli.OutBuf.String(), "\n\x1b[1A\x1b[2K\rdesired root digest:  \r\x1b[1B"+
		"\n\x1b[1A\x1b[2K\r  rotated TLS certificates:  \r\x1b[1B"+
		"\n\x1b[1A\x1b[2K\r  rotated CA certificates:   \r\x1b[1B"+
		// sha256 of "OLD\n" and "NEW\n"
		frame("144b85c70a192b8c9e428e83cf57eae38bb98495b59a7c6e2108fd0f18b908a1", "1/2", "0/2")+
		frame("21998928836741932680bb7ef8fb3fe2d8709b5afdf896752642d10595f9a610", "2/2", "2/2")+
		"NEW\n")
}
