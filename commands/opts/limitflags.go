package opts

import "github.com/spf13/pflag"

// LimitFlags is a container's CPU, memory and process limits, whose names differ by
// noun: run, create and update bind them as --cpus, -m/--memory and --pids-limit;
// service create and update as --limit-cpu, --limit-memory and --limit-pids (the same
// types in docker 28: decimal, bytes, int), and a second LimitFlags as --reserve-cpu
// and --reserve-memory (no process count: a zero FlagName).
type LimitFlags struct {
	CPUs   NanoCPUs
	Memory MemBytes
	Pids   int64
}

// LimitNames is what one command calls each limit (a zero FlagName leaves it out).
type LimitNames struct {
	CPUs, Memory, Pids FlagName
}

// ContainerLimitNames are the names run, create and update give the limits.
func ContainerLimitNames() LimitNames {
	return LimitNames{
		CPUs:   FlagName{Name: "cpus", Usage: "CPUs the container may use (e.g. 1.5)"},
		Memory: FlagName{Name: "memory", Shorthand: "m", Usage: "Memory limit (e.g. 512m)"},
		Pids:   FlagName{Name: "pids-limit", Usage: "Maximum number of processes (-1: unlimited)"},
	}
}

// Bind binds the limits under the names the command gives them.
func (l *LimitFlags) Bind(flags *pflag.FlagSet, n LimitNames) {
	n.CPUs.bindVar(flags, &l.CPUs)
	n.Memory.bindVar(flags, &l.Memory)
	if n.Pids.Name != "" {
		flags.Int64VarP(&l.Pids, n.Pids.Name, n.Pids.Shorthand, 0, n.Pids.Usage)
	}
}
