package completion

import (
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
)

// Fixed completes the given values, nothing else.
func Fixed(values ...string) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return values, cobra.ShellCompDirectiveNoFileComp
	}
}

// Prefixes completes values that the user goes on typing (seccomp=, ctrl-): no space
// after the candidate.
func Prefixes(values ...string) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return values, cobra.ShellCompDirectiveNoSpace
	}
}

// RestartPolicies are --restart's values.
func RestartPolicies() cobra.CompletionFunc {
	return Fixed("no", "always", "on-failure", "unless-stopped")
}

// PullPolicies are run's and create's --pull values.
func PullPolicies() cobra.CompletionFunc { return Fixed("always", "missing", "never") }

// LogLevels are --log-level's values.
func LogLevels() cobra.CompletionFunc {
	return Fixed("debug", "info", "warn", "error", "fatal", "panic")
}

// LogDrivers are the logging drivers docker 28 offers for --log-driver (a fixed list,
// not the engine's).
func LogDrivers() cobra.CompletionFunc {
	return Fixed("awslogs", "fluentd", "gcplogs", "gelf", "journald", "json-file", "local",
		"logentries", "splunk", "syslog")
}

// LogOptions are the --log-opt keys of those drivers, each followed by its value.
func LogOptions() cobra.CompletionFunc {
	return Prefixes("max-buffer-size=", "mode=", "env=", "env-regex=", "labels=",
		"gcp-log-cmd=", "gcp-meta-id=", "gcp-meta-name=", "gcp-meta-zone=", "gcp-project=",
		"tag=", "compress=", "max-file=", "max-size=",
		"splunk-caname=", "splunk-capath=", "splunk-format=", "splunk-gzip=", "splunk-gzip-level=",
		"splunk-index=", "splunk-insecureskipverify=", "splunk-source=", "splunk-sourcetype=",
		"splunk-token=", "splunk-url=", "splunk-verify-connection=",
		"awslogs-create-group=", "awslogs-credentials-endpoint=", "awslogs-datetime-format=",
		"awslogs-group=", "awslogs-multiline-pattern=", "awslogs-region=", "awslogs-stream=",
		"fluentd-address=", "fluentd-async=", "fluentd-buffer-limit=", "fluentd-request-ack=",
		"fluentd-retry-wait=", "fluentd-max-retries=", "fluentd-sub-second-precision=",
		"fluentd-write-timeout=",
		"gelf-address=", "gelf-compression-level=", "gelf-compression-type=",
		"gelf-tcp-max-reconnect=", "gelf-tcp-reconnect-delay=",
		"syslog-address=", "syslog-facility=", "syslog-format=", "syslog-tls-ca-cert=",
		"syslog-tls-cert=", "syslog-tls-key=", "syslog-tls-skip-verify=")
}

// Platforms are the platforms docker 28 offers for --platform.
func Platforms() cobra.CompletionFunc {
	return Fixed("linux/386", "linux/amd64", "linux/arm", "linux/arm/v5", "linux/arm/v6",
		"linux/arm/v7", "linux/arm64", "linux/arm64/v8", "linux/ppc64le", "linux/s390x",
		"linux/riscv64", "windows/amd64", "wasip1/wasm")
}

// Signals are the signal names kill -s and --stop-signal take. Docker 28 lists the same
// names in a random order (a map's); skiff gives them in signal-number order.
func Signals() cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		out := []string{"HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "IOT", "BUS", "FPE", "KILL",
			"USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CLD", "CONT", "STOP",
			"TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "POLL",
			"PWR", "SYS", "RTMIN"}
		for i := 1; i <= 15; i++ {
			out = append(out, "RTMIN+"+strconv.Itoa(i))
		}
		for i := 14; i >= 1; i-- {
			out = append(out, "RTMAX-"+strconv.Itoa(i))
		}
		return append(out, "RTMAX"), cobra.ShellCompDirectiveNoFileComp
	}
}

// Capabilities are --cap-add's and --cap-drop's values.
func Capabilities() cobra.CompletionFunc {
	return Fixed("ALL", "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
		"CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
		"CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
		"CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
		"CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE",
		"CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE",
		"CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
		"CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
		"CAP_CHECKPOINT_RESTORE")
}

// SecurityOptions are --security-opt's keys.
func SecurityOptions() cobra.CompletionFunc {
	return Fixed("apparmor=", "label=", "no-new-privileges", "seccomp=", "systempaths=unconfined")
}

// Ulimits are --ulimit's names, each followed by its limits.
func Ulimits() cobra.CompletionFunc {
	return Prefixes("as=", "chroot=", "core=", "cpu=", "data=", "fsize=", "locks=", "maxlogins=",
		"maxsyslogins=", "memlock=", "msgqueue=", "nice=", "nofile=", "nproc=", "priority=", "rss=",
		"rtprio=", "sigpending=", "stack=")
}

// EventFilters are events' --filter keys.
func EventFilters() cobra.CompletionFunc {
	return Prefixes("container=", "daemon=", "event=", "image=", "label=", "network=", "node=",
		"scope=", "type=", "volume=")
}

// DetachKeys starts --detach-keys' sequence.
func DetachKeys() cobra.CompletionFunc { return Prefixes("ctrl-") }

// EnvNames completes -e/--env with the names of this shell's environment variables
// (NAME alone copies the value).
func EnvNames(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	env := os.Environ()
	out := make([]string, 0, len(env))
	for _, kv := range env {
		if name, _, ok := strings.Cut(kv, "="); ok && name != "" {
			out = append(out, name)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}
