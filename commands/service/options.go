package service

import (
	"time"

	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/opts"
)

// policyOptions are the --update-* or --rollback-* flags.
type policyOptions struct {
	parallelism     uintValue
	delay           durationValue
	monitor         durationValue
	failureAction   string
	maxFailureRatio floatValue
	order           string
}

// serviceOptions are the flags service create and update share (update binds the
// list flags as -add/-rm pairs, see updateOptions).
type serviceOptions struct {
	mode           string
	replicas       uintValue
	maxConcurrent  uintValue
	maxReplicas    uintValue
	process        *opts.ProcessFlags
	entrypoint     commandValue
	health         opts.HealthFlags
	limits         opts.LimitFlags
	reserve        opts.LimitFlags
	log            *opts.LogFlags
	endpointMode   string
	stopGrace      durationValue
	credSpec       credSpecValue
	update         policyOptions
	rollback       policyOptions
	restartCond    string
	restartDelay   durationValue
	restartMax     uintValue
	restartWindow  durationValue
	registryAuth   bool
	noResolveImage bool
	detach         bool
	quiet          bool
	oomScoreAdj    int64
}

func newServiceOptions() serviceOptions {
	return serviceOptions{
		process:      opts.NewProcessFlags(),
		log:          opts.NewLogFlags(),
		endpointMode: "vip",
		stopGrace:    newDuration(10*time.Second, true),
		update: policyOptions{parallelism: 1, delay: newDuration(0, true), monitor: newDuration(5*time.Second, true),
			failureAction: "pause", order: "stop-first"},
		rollback: policyOptions{parallelism: 1, delay: newDuration(0, true), monitor: newDuration(5*time.Second, true),
			failureAction: "pause", order: "stop-first"},
		restartCond:   "any",
		restartDelay:  newDuration(5*time.Second, true),
		restartWindow: newDuration(0, false),
		mode:          "replicated",
	}
}

// bindCommon binds the flags create and update share under the same names.
func (o *serviceOptions) bindCommon(flags *pflag.FlagSet, groupNames opts.ProcessNames) {
	flags.VarP(&o.replicas, "replicas", "", "Number of tasks")
	flags.Var(&o.maxConcurrent, "max-concurrent", "Number of job tasks to run at once (default equal to --replicas)")
	flags.Var(&o.maxReplicas, "replicas-max-per-node", "Maximum number of tasks per node (default 0 = unlimited)")
	o.process.Bind(flags, groupNames)
	flags.Var(&o.entrypoint, "entrypoint", "Replace the image's ENTRYPOINT")
	o.health.Bind(flags)
	// service's health durations show no default in docker 28's help (run's show 0s)
	// and refuse a negative value as the flag is parsed
	for _, n := range []string{"health-interval", "health-timeout", "health-start-period", "health-start-interval"} {
		f := flags.Lookup(n)
		f.DefValue = ""
		f.Value = positiveDuration{f.Value}
	}
	o.limits.Bind(flags, opts.LimitNames{
		CPUs:   opts.FlagName{Name: "limit-cpu", Usage: "Limit CPUs"},
		Memory: opts.FlagName{Name: "limit-memory", Usage: "Limit Memory"},
		Pids:   opts.FlagName{Name: "limit-pids", Usage: "Limit the number of processes (default 0 = unlimited)"},
	})
	o.reserve.Bind(flags, opts.LimitNames{
		CPUs:   opts.FlagName{Name: "reserve-cpu", Usage: "Reserve CPUs"},
		Memory: opts.FlagName{Name: "reserve-memory", Usage: "Reserve Memory"},
	})
	o.log.Bind(flags)
	flags.StringVar(&o.endpointMode, "endpoint-mode", "vip", "Endpoint mode (vip or dnsrr)")
	flags.Var(&o.stopGrace, "stop-grace-period", "Time to wait before killing a task's container (ns|us|ms|s|m|h)")
	flags.Var(&o.credSpec, "credential-spec", "Credential spec for a managed service account (Windows only)")
	bindPolicy(flags, "update", "updated", &o.update)
	bindPolicy(flags, "rollback", "rolled back", &o.rollback)
	flags.StringVar(&o.restartCond, "restart-condition", "any", `When to restart a task ("none", "on-failure", "any")`)
	flags.Var(&o.restartDelay, "restart-delay", "Delay between restarts (ns|us|ms|s|m|h)")
	flags.Var(&o.restartMax, "restart-max-attempts", "Maximum number of restarts before giving up")
	flags.Var(&o.restartWindow, "restart-window", "Window in which restarts are counted (ns|us|ms|s|m|h)")
	flags.BoolVar(&o.registryAuth, "with-registry-auth", false, "Send the registry credentials to the swarm agents")
	flags.BoolVar(&o.noResolveImage, "no-resolve-image", false, "Do not ask the registry for the image's digest and platforms")
	flags.BoolVarP(&o.detach, "detach", "d", false, "Return at once instead of waiting for the service to converge")
	flags.BoolVarP(&o.quiet, "quiet", "q", false, "Do not show the progress")
	flags.Int64Var(&o.oomScoreAdj, "oom-score-adj", 0, "Tune the host's OOM preference (-1000 to 1000)")

	// Flags younger than the engines skiff is tested on: hidden, refused below their API.
	commands.RequiresAPI(flags, "health-start-interval", "1.44")
	commands.RequiresAPI(flags, "oom-score-adj", "1.46")
}

func bindPolicy(flags *pflag.FlagSet, kind, done string, p *policyOptions) {
	flags.Var(&p.parallelism, kind+"-parallelism", "Maximum number of tasks "+done+" at once (0: all at once)")
	flags.Var(&p.delay, kind+"-delay", "Delay between task "+kind+"s (ns|us|ms|s|m|h)")
	flags.Var(&p.monitor, kind+"-monitor", "Time to watch each task after its "+kind+" for a failure (ns|us|ms|s|m|h)")
	if kind == "update" {
		flags.StringVar(&p.failureAction, kind+"-failure-action", "pause", `Action on an update's failure ("pause", "continue", "rollback")`)
	} else {
		flags.StringVar(&p.failureAction, kind+"-failure-action", "pause", `Action on a rollback's failure ("pause", "continue")`)
	}
	flags.Var(&p.maxFailureRatio, kind+"-max-failure-ratio", "Share of failed tasks to tolerate (default 0)")
	flags.StringVar(&p.order, kind+"-order", "stop-first", `Order of the `+kind+` ("start-first", "stop-first")`)
}
