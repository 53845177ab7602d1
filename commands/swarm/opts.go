package swarm

import (
	"encoding/csv"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/moby/moby/api/types/swarm"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
)

const (
	defaultListenAddr = "0.0.0.0:2377"
	// docker's defaults, shown in help; only flags that were given reach the spec
	defaultCertExpiry         = 90 * 24 * time.Hour
	defaultHeartbeat          = 5 * time.Second
	defaultSnapshotInterval   = 10000
	defaultTaskHistory        = 5
	defaultAddrPoolMaskLength = 24
)

// nodeAddr is --listen-addr: "[host][:port]" completed with 0.0.0.0 and 2377, checked
// as docker checks a bind address.
type nodeAddr struct{ addr string }

func (a *nodeAddr) String() string { return a.addr }
func (a *nodeAddr) Type() string   { return "node-addr" }
func (a *nodeAddr) Set(v string) error {
	addr, err := parseNodeAddr(v)
	if err != nil {
		return err
	}
	a.addr = addr
	return nil
}

// parseNodeAddr completes an address the way docker completes a TCP bind address: a
// missing host is 0.0.0.0, a missing port 2377; "tcp://" is allowed and dropped.
func parseNodeAddr(v string) (string, error) {
	v = strings.TrimPrefix(v, "tcp://")
	if strings.Contains(v, "://") {
		return "", fmt.Errorf("invalid proto, expected tcp: %s", v)
	}
	u, err := url.Parse("tcp://" + v)
	if err != nil {
		return "", err
	}
	host, port, err := net.SplitHostPort(u.Host)
	if err != nil {
		// no port: try once with the default one
		host, port, err = net.SplitHostPort(net.JoinHostPort(u.Host, "2377"))
	}
	if err != nil || (u.Path != "" && u.Path != "/") {
		return "", fmt.Errorf("invalid bind address format: %s", v)
	}
	if host == "" {
		host = "0.0.0.0"
	}
	if port == "" {
		port = "2377"
	}
	return net.JoinHostPort(host, port), nil
}

// externalCAs is --external-ca, repeatable: each value a CSV list of key=value fields,
// protocol (cfssl) and url required, cacert a PEM file read at once, the rest options.
type externalCAs struct{ values []*swarm.ExternalCA }

func (e *externalCAs) Type() string { return "external-ca" }
func (e *externalCAs) String() string {
	var s []string
	for _, ca := range e.values {
		s = append(s, string(ca.Protocol)+": "+ca.URL)
	}
	return strings.Join(s, ", ")
}

func (e *externalCAs) Set(v string) error {
	ca, err := parseExternalCA(v)
	if err != nil {
		return err
	}
	e.values = append(e.values, ca)
	return nil
}

func parseExternalCA(v string) (*swarm.ExternalCA, error) {
	fields, err := csv.NewReader(strings.NewReader(v)).Read()
	if err != nil {
		return nil, err
	}
	ca := &swarm.ExternalCA{Options: map[string]string{}}
	var hasProtocol, hasURL bool
	for _, f := range fields {
		key, value, ok := strings.Cut(f, "=")
		if !ok {
			return nil, fmt.Errorf("invalid field '%s' must be a key=value pair", f)
		}
		switch strings.ToLower(key) {
		case "protocol":
			hasProtocol = true
			if strings.ToLower(value) != string(swarm.ExternalCAProtocolCFSSL) {
				return nil, fmt.Errorf("unrecognized external CA protocol %s", value)
			}
			ca.Protocol = swarm.ExternalCAProtocolCFSSL
		case "url":
			hasURL = true
			ca.URL = value
		case "cacert":
			b, err := os.ReadFile(value)
			if err != nil {
				return nil, fmt.Errorf("unable to read CA cert for external CA: %w", err)
			}
			if block, _ := pem.Decode(b); block == nil {
				return nil, errors.New("CA cert for external CA must be in PEM format")
			}
			ca.CACert = string(b)
		default:
			ca.Options[key] = value
		}
	}
	if !hasProtocol {
		return nil, errors.New("the external-ca option needs a protocol= parameter")
	}
	if !hasURL {
		return nil, errors.New("the external-ca option needs a url= parameter")
	}
	if len(ca.Options) == 0 {
		ca.Options = nil
	}
	return ca, nil
}

// pemFile is --ca-cert/--ca-key: the file is read when the flag is parsed and must
// hold PEM.
type pemFile struct{ path, contents string }

func (p *pemFile) Type() string   { return "pem-file" }
func (p *pemFile) String() string { return p.path }
func (p *pemFile) Set(v string) error {
	b, err := os.ReadFile(v)
	if err != nil {
		return err
	}
	if block, _ := pem.Decode(b); block == nil {
		return errors.New("file contents must be in PEM format")
	}
	p.path, p.contents = v, string(b)
	return nil
}

// specFlags are the cluster settings that init and update share (ca shares the CA
// ones). Only the flags given change the spec, as docker.
type specFlags struct {
	taskHistoryLimit int64
	heartbeat        time.Duration
	certExpiry       time.Duration
	externalCA       externalCAs
	maxSnapshots     uint64
	snapshotInterval uint64
	autolock         bool
}

func (s *specFlags) bind(flags *pflag.FlagSet, autolockHelp string) {
	flags.Int64Var(&s.taskHistoryLimit, "task-history-limit", defaultTaskHistory, "Task history retention limit")
	flags.DurationVar(&s.heartbeat, "dispatcher-heartbeat", defaultHeartbeat, "Dispatcher heartbeat period (ns|us|ms|s|m|h)")
	s.bindCA(flags)
	flags.Uint64Var(&s.maxSnapshots, "max-snapshots", 0, "Number of additional Raft snapshots to retain")
	flags.Uint64Var(&s.snapshotInterval, "snapshot-interval", defaultSnapshotInterval, "Number of log entries between Raft snapshots")
	flags.BoolVar(&s.autolock, "autolock", false, autolockHelp)
	commands.RequiresAPI(flags, "max-snapshots", "1.25")
	commands.RequiresAPI(flags, "snapshot-interval", "1.25")
}

func (s *specFlags) bindCA(flags *pflag.FlagSet) {
	flags.DurationVar(&s.certExpiry, "cert-expiry", defaultCertExpiry, "Validity period for node certificates (ns|us|ms|s|m|h)")
	flags.Var(&s.externalCA, "external-ca", "Specifications of one or more certificate signing endpoints")
}

// merge writes the given flags into spec. trustRoot fills the CA certificate of an
// external CA given without one (the cluster's current root, as docker does; "" at init).
func (s *specFlags) merge(flags *pflag.FlagSet, spec *swarm.Spec, trustRoot string) {
	if flags.Changed("task-history-limit") {
		v := s.taskHistoryLimit
		spec.Orchestration.TaskHistoryRetentionLimit = &v
	}
	if flags.Changed("dispatcher-heartbeat") {
		spec.Dispatcher.HeartbeatPeriod = s.heartbeat
	}
	if flags.Changed("max-snapshots") {
		v := s.maxSnapshots
		spec.Raft.KeepOldSnapshots = &v
	}
	if flags.Changed("snapshot-interval") {
		spec.Raft.SnapshotInterval = s.snapshotInterval
	}
	if flags.Changed("autolock") {
		spec.EncryptionConfig.AutoLockManagers = s.autolock
	}
	s.mergeCA(flags, &spec.CAConfig, trustRoot)
}

func (s *specFlags) mergeCA(flags *pflag.FlagSet, ca *swarm.CAConfig, trustRoot string) {
	if flags.Changed("cert-expiry") {
		ca.NodeCertExpiry = s.certExpiry
	}
	if flags.Changed("external-ca") {
		ca.ExternalCAs = s.externalCA.values
		for _, e := range ca.ExternalCAs {
			if e.CACert == "" {
				e.CACert = trustRoot
			}
		}
	}
}

// checkAvailability is docker's client-side check of --availability (any case).
func checkAvailability(v string) (swarm.NodeAvailability, error) {
	a := swarm.NodeAvailability(strings.ToLower(v))
	switch a {
	case swarm.NodeAvailabilityActive, swarm.NodeAvailabilityPause, swarm.NodeAvailabilityDrain:
		return a, nil
	}
	return "", fmt.Errorf("invalid availability %q, only active, pause and drain are supported", v)
}
