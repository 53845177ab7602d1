package container

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/moby/moby/api/types/container"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/opts"
	"github.com/skiff-cli/skiff/completion"
)

// updateOptions are the flags and arguments of docker update.
type updateOptions struct {
	blkioWeight       uint16
	cpuPeriod         int64
	cpuQuota          int64
	cpuRealtimePeriod int64
	cpuRealtimeRun    int64
	cpusetCpus        string
	cpusetMems        string
	cpuShares         int64
	limits            opts.LimitFlags
	memoryReservation opts.MemBytes
	memorySwap        opts.MemSwapBytes
	kernelMemory      opts.MemBytes
	restartPolicy     string

	flags      *pflag.FlagSet
	containers []string
}

func newUpdateCommand(cli commands.Cli) *cobra.Command {
	o := &updateOptions{}
	cmd := &cobra.Command{
		Use:               "update [OPTIONS] CONTAINER [CONTAINER...]",
		Short:             "Update configuration of one or more containers",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: completion.ContainerNames(cli, completion.All),
		Annotations:       map[string]string{"aliases": "docker container update, docker update"},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.containers = args
			return runUpdate(cmd.Context(), cli, o)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		o.flags = flags
		// pflag never prints a default of "0" (docker's help shows it here): it is in the text.
		flags.Uint16Var(&o.blkioWeight, "blkio-weight", 0, "Relative block IO weight, 10 to 1000 (0: off) (default 0)")
		flags.Int64Var(&o.cpuPeriod, "cpu-period", 0, "CPU CFS (Completely Fair Scheduler) period")
		flags.Int64Var(&o.cpuQuota, "cpu-quota", 0, "CPU CFS (Completely Fair Scheduler) quota")
		flags.Int64Var(&o.cpuRealtimePeriod, "cpu-rt-period", 0, "CPU real-time period, in microseconds")
		flags.Int64Var(&o.cpuRealtimeRun, "cpu-rt-runtime", 0, "CPU real-time runtime, in microseconds")
		flags.Int64VarP(&o.cpuShares, "cpu-shares", "c", 0, "Relative CPU weight")
		o.limits.Bind(flags, opts.ContainerLimitNames())
		flags.StringVar(&o.cpusetCpus, "cpuset-cpus", "", "CPUs the container may run on (0-3, 0,1)")
		flags.StringVar(&o.cpusetMems, "cpuset-mems", "", "Memory nodes the container may use (0-3, 0,1)")
		flags.Var(&o.memoryReservation, "memory-reservation", "Memory soft limit (e.g. 256m)")
		flags.Var(&o.memorySwap, "memory-swap", "Memory plus swap limit; -1 for unlimited swap")
		flags.Var(&o.kernelMemory, "kernel-memory", "Kernel memory limit (deprecated)")
		_ = flags.MarkHidden("kernel-memory")
		flags.StringVar(&o.restartPolicy, "restart", "", "When to restart the container after it exits (no, always, unless-stopped, on-failure[:N])")
		// As docker: hidden from help, and refused, when the API version in use is older.
		for name, v := range map[string]string{"cpu-rt-period": "1.25", "cpu-rt-runtime": "1.25", "cpus": "1.29", "pids-limit": "1.40"} {
			_ = flags.SetAnnotation(name, "version", []string{v})
		}
		commands.CompleteFlag(cmd, "restart", completion.RestartPolicies())
	})
	return cmd
}

func runUpdate(ctx context.Context, cli commands.Cli, o *updateOptions) error {
	if o.flags == nil || o.flags.NFlag() == 0 {
		return errors.New("you must provide one or more flags when using this command")
	}
	var restart container.RestartPolicy
	if o.flags.Changed("restart") {
		p, err := opts.ParseRestartPolicy(o.restartPolicy)
		if err != nil {
			return err
		}
		restart = p
	}
	cfg := container.UpdateConfig{
		Resources: container.Resources{
			BlkioWeight:        o.blkioWeight,
			CpusetCpus:         o.cpusetCpus,
			CpusetMems:         o.cpusetMems,
			CPUShares:          o.cpuShares,
			Memory:             o.limits.Memory.Value(),
			MemoryReservation:  o.memoryReservation.Value(),
			MemorySwap:         o.memorySwap.Value(),
			CPUPeriod:          o.cpuPeriod,
			CPUQuota:           o.cpuQuota,
			CPURealtimePeriod:  o.cpuRealtimePeriod,
			CPURealtimeRuntime: o.cpuRealtimeRun,
			NanoCPUs:           o.limits.CPUs.Value(),
		},
		RestartPolicy: restart,
	}
	if o.flags.Changed("pids-limit") {
		cfg.PidsLimit = &o.limits.Pids
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	var warnings, errs []string
	for _, name := range o.containers {
		id, err := client.TrimContainerID(name)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		resp, err := c.ContainerUpdateExtras(ctx, id, cfg, client.CreateExtras{KernelMemory: o.kernelMemory.Value()})
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		fmt.Fprintln(cli.Out(), name)
		warnings = append(warnings, resp.Warnings...)
	}
	if len(warnings) > 0 {
		fmt.Fprintln(cli.Out(), strings.Join(warnings, "\n"))
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "\n"))
	}
	return nil
}
