package service

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/moby/moby/api/types/swarm"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands/opts"
)

// specMode is the service mode of --mode, --replicas and --max-concurrent, refused
// in docker 28's words.
func (o *serviceOptions) specMode(flags *pflag.FlagSet) (swarm.ServiceMode, error) {
	var m swarm.ServiceMode
	replicasSet, concurrentSet := flags.Changed("replicas"), flags.Changed("max-concurrent")
	switch o.mode {
	case "global", "global-job":
		if replicasSet {
			return m, fmt.Errorf("replicas can only be used with replicated or replicated-job mode")
		}
	}
	if concurrentSet && o.mode != "replicated-job" {
		return m, fmt.Errorf("max-concurrent can only be used with replicated-job mode")
	}
	switch o.mode {
	case "global":
		m.Global = &swarm.GlobalService{}
	case "global-job":
		m.GlobalJob = &swarm.GlobalJob{}
	case "replicated":
		m.Replicated = &swarm.ReplicatedService{}
		if replicasSet {
			n := uint64(o.replicas)
			m.Replicated.Replicas = &n
		}
	case "replicated-job":
		m.ReplicatedJob = &swarm.ReplicatedJob{}
		if concurrentSet {
			n := uint64(o.maxConcurrent)
			m.ReplicatedJob.MaxConcurrent = &n
		}
		if replicasSet {
			n := uint64(o.replicas)
			m.ReplicatedJob.TotalCompletions = &n
			if !concurrentSet { // as many at once as there are to run, as docker
				c := n
				m.ReplicatedJob.MaxConcurrent = &c
			}
		}
	default:
		return m, fmt.Errorf("Unknown mode: %s, only replicated and global supported", o.mode)
	}
	return m, nil
}

// anyChanged reports whether one of the flags named prefix+suffix was given.
func anyChanged(flags *pflag.FlagSet, prefix string, suffixes ...string) bool {
	for _, s := range suffixes {
		if flags.Changed(prefix + s) {
			return true
		}
	}
	return false
}

var policySuffixes = []string{"parallelism", "delay", "monitor", "failure-action", "max-failure-ratio", "order"}

// policyConfig is an update or rollback config made of the flags' values (their
// defaults for those not given), nil when none was given.
func policyConfig(flags *pflag.FlagSet, kind string, p *policyOptions) *swarm.UpdateConfig {
	if !anyChanged(flags, kind+"-", policySuffixes...) {
		return nil
	}
	return &swarm.UpdateConfig{
		Parallelism:     uint64(p.parallelism),
		Delay:           p.delay.d,
		Monitor:         p.monitor.d,
		FailureAction:   swarm.FailureAction(p.failureAction),
		MaxFailureRatio: float32(p.maxFailureRatio),
		Order:           swarm.UpdateOrder(p.order),
	}
}

// restartPolicy is the restart flags' policy, nil when none was given. The window is
// sent only when given.
func (o *serviceOptions) restartPolicy(flags *pflag.FlagSet) *swarm.RestartPolicy {
	if !anyChanged(flags, "restart-", "condition", "delay", "max-attempts", "window") {
		return nil
	}
	delay, max := o.restartDelay.d, uint64(o.restartMax)
	rp := &swarm.RestartPolicy{Condition: swarm.RestartPolicyCondition(o.restartCond), Delay: &delay, MaxAttempts: &max}
	if flags.Changed("restart-window") {
		w := o.restartWindow.d
		rp.Window = &w
	}
	return rp
}

// resolveNetworks turns the --network values into attachments to the networks' IDs,
// asking the engine for each (swarm scope), as docker does.
func resolveNetworks(ctx context.Context, c *client.Client, nets []opts.NetworkAttachment) ([]swarm.NetworkAttachmentConfig, error) {
	var out []swarm.NetworkAttachmentConfig
	for _, n := range nets {
		nw, _, err := c.NetworkInspect(ctx, n.Target, false, "swarm")
		if err != nil {
			return nil, err
		}
		out = append(out, swarm.NetworkAttachmentConfig{Target: nw.ID, Aliases: n.Aliases, DriverOpts: n.DriverOpts})
	}
	return out, nil
}

// resolveSecrets turns --secret values into references with the secrets' IDs: one
// list request filtered by the names, as docker; a name the swarm lacks is refused.
func resolveSecrets(ctx context.Context, c *client.Client, refs []fileRef) ([]*swarm.SecretReference, error) {
	if len(refs) == 0 {
		return nil, nil
	}
	f := client.Filters{}
	for _, r := range refs {
		f.Add("name", r.Source)
	}
	list, err := c.SecretList(ctx, f)
	if err != nil {
		return nil, err
	}
	ids := map[string]string{}
	for _, s := range list {
		ids[s.Spec.Name] = s.ID
	}
	var out []*swarm.SecretReference
	seen := map[string]bool{}
	for _, r := range refs {
		if seen[r.Target] {
			return nil, fmt.Errorf("duplicate secret target for %s not allowed", r.Source)
		}
		seen[r.Target] = true
		id, ok := ids[r.Source]
		if !ok {
			return nil, fmt.Errorf("secret not found: %s", r.Source)
		}
		out = append(out, &swarm.SecretReference{
			File:       &swarm.SecretReferenceFileTarget{Name: r.Target, UID: r.UID, GID: r.GID, Mode: fileMode(r.Mode)},
			SecretID:   id,
			SecretName: r.Source,
		})
	}
	return out, nil
}

// resolveConfigs is resolveSecrets for --config.
func resolveConfigs(ctx context.Context, c *client.Client, refs []fileRef) ([]*swarm.ConfigReference, error) {
	if len(refs) == 0 {
		return nil, nil
	}
	f := client.Filters{}
	for _, r := range refs {
		f.Add("name", r.Source)
	}
	list, err := c.ConfigList(ctx, f)
	if err != nil {
		return nil, err
	}
	ids := map[string]string{}
	for _, s := range list {
		ids[s.Spec.Name] = s.ID
	}
	var out []*swarm.ConfigReference
	for _, r := range refs {
		id, ok := ids[r.Source]
		if !ok {
			return nil, fmt.Errorf("config not found: %s", r.Source)
		}
		out = append(out, &swarm.ConfigReference{
			File:       &swarm.ConfigReferenceFileTarget{Name: r.Target, UID: r.UID, GID: r.GID, Mode: fileMode(r.Mode)},
			ConfigID:   id,
			ConfigName: r.Source,
		})
	}
	return out, nil
}

// durationPtr is a pointer to d.
func durationPtr(d time.Duration) *time.Duration { return &d }

// genericResources turns kind=count strings into resources.
func genericResources(values []string) ([]swarm.GenericResource, error) {
	var out []swarm.GenericResource
	for _, v := range values {
		g, err := genericResource(v)
		if err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, nil
}

// sameWords reports whether two lists hold the same strings in the same order.
func sameWords(a, b []string) bool { return strings.Join(a, "\x00") == strings.Join(b, "\x00") }

// fileMode is a file reference's mode as the API types take it.
func fileMode(m uint32) os.FileMode { return os.FileMode(m) }
