package service

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/moby/moby/api/types/swarm"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/board"
)

// pollInterval is how often the service and its tasks are asked for, as docker does.
const pollInterval = 200 * time.Millisecond

// defaultMonitor is how long a converged service is watched when its update config
// names no monitor period.
const defaultMonitor = 5 * time.Second

// taskStates are the states a task goes through on its way to running, numbered as
// the bars show them (running fills the bar).
var taskStates = []swarm.TaskState{"new", "allocated", "pending", "assigned", "accepted", "preparing", "ready", "starting", "running", "complete"}

func stateNumber(s swarm.TaskState) int {
	for i, st := range taskStates {
		if st == s {
			return i + 1
		}
	}
	return 0
}

// errServiceGone ends the wait when the service is removed under it.
var errServiceGone = errors.New("service removed")

// WaitConverged follows service id until it converges (or its update or rollback
// fails), drawing docker's progress on stdout (nothing with quiet); name is how the
// final line calls the service. Each call draws a board of its own, as docker does for
// each service of stack deploy.
func WaitConverged(ctx context.Context, cli commands.Cli, id, name string, quiet bool) error {
	return waitService(ctx, cli, id, name, quiet, false)
}

// waitService is WaitConverged; rollback tells that the command asked for a rollback.
func waitService(ctx context.Context, cli commands.Cli, id, name string, quiet, rollback bool) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	t := &tracker{c: c, out: board.ForOut(cli.Out(), quiet), id: id, name: name, rollback: rollback}
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	for {
		done, err := t.poll(ctx)
		if err != nil || done {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// tracker is the state of one convergence wait between polls.
type tracker struct {
	c           *client.Client
	out         *board.Board
	id, name    string
	started     bool
	rollbackMsg string
	convergedAt time.Time
	verifying   bool // converged at the last poll: docker draws only the countdown
	rollback    bool // the command asked for a rollback

	haveMonitor bool
	monitor     time.Duration
	prefix      string // "rolling back update: " during a rollback
}

// poll asks for the service and its tasks once and draws what changed; done when the
// service has converged and stayed so for the monitor period.
func (t *tracker) poll(ctx context.Context) (bool, error) {
	svc, _, err := t.c.ServiceInspect(ctx, t.id, false)
	if err != nil {
		return false, err
	}
	if us := svc.UpdateStatus; us != nil {
		switch us.State {
		case swarm.UpdateStatePaused:
			return false, fmt.Errorf("service update paused: %s", us.Message)
		case swarm.UpdateStateRollbackPaused:
			return false, fmt.Errorf("service rollback paused: %s", us.Message)
		case swarm.UpdateStateRollbackStarted:
			if us.Message != t.rollbackMsg {
				t.rollbackMsg = us.Message
				t.out.Show("rollback", us.Message, 0, 0)
			}
		}
	}
	f := client.NewFilters([2]string{"service", svc.ID}, [2]string{"_up-to-date", "true"})
	tasks, err := t.c.TaskList(ctx, f)
	if err != nil {
		return false, err
	}
	mode := svc.Spec.Mode
	switch {
	case mode.ReplicatedJob != nil || mode.GlobalJob != nil:
		return t.job(ctx, svc, tasks)
	}
	var converged bool
	t.verifying = !t.convergedAt.IsZero()
	t.prefix = ""
	if us := svc.UpdateStatus; us != nil && us.State == swarm.UpdateStateRollbackStarted {
		t.prefix = "rolling back update: "
	}
	if mode.Global != nil {
		if converged, err = t.global(ctx, tasks); err != nil {
			return false, err
		}
	} else {
		converged = t.replicated(tasks, svc)
	}
	if us := svc.UpdateStatus; us != nil && (us.State == swarm.UpdateStateUpdating || us.State == swarm.UpdateStateRollbackStarted) {
		converged = false
	}
	if !converged {
		t.convergedAt = time.Time{}
		return false, nil
	}
	// the monitor period is the update config's of the spec first seen: a rollback
	// brings back a spec without it, and docker 28 keeps counting with it
	if !t.haveMonitor {
		t.haveMonitor = true
		t.monitor = defaultMonitor
		if uc := svc.Spec.UpdateConfig; uc != nil && uc.Monitor != 0 {
			t.monitor = uc.Monitor
		}
	}
	monitor := t.monitor
	now := time.Now()
	if t.convergedAt.IsZero() {
		t.convergedAt = now
	}
	if left := monitor - now.Sub(t.convergedAt); left > 0 {
		secs := int((left + time.Second - 1) / time.Second)
		t.out.Show("verify", fmt.Sprintf("Waiting %d seconds to verify that tasks are stable...", secs), 0, 0)
		return false, nil
	}
	t.out.Show("verify", fmt.Sprintf("Service %s converged", t.name), 0, 0)
	// a rollback the user asked for ends with the engine's last word on it
	if us := svc.UpdateStatus; t.rollback && us != nil && us.State == swarm.UpdateStateRollbackCompleted && us.Message != t.rollbackMsg {
		t.out.Show("rollback", us.Message, 0, 0)
	}
	return true, nil
}

// runningTask picks, of the tasks meant to run, those whose state counts.
func live(tasks []swarm.Task) []swarm.Task {
	var out []swarm.Task
	for _, tk := range tasks {
		if tk.DesiredState == swarm.TaskStateRunning || tk.DesiredState == swarm.TaskStateReady || tk.DesiredState == swarm.TaskStateAccepted {
			out = append(out, tk)
		}
	}
	return out
}

// taskLine draws one task's state (or its error) on its line, with a bar that the
// final state fills (running, or complete for a job).
func (t *tracker) taskLine(id string, tk swarm.Task, final swarm.TaskState) {
	if tk.Status.Err != "" {
		t.out.Show(id, tk.Status.Err, 0, 0)
		return
	}
	t.out.Show(id, fmt.Sprintf("%-9s", tk.Status.State), stateNumber(tk.Status.State), stateNumber(final))
}

func (t *tracker) replicated(tasks []swarm.Task, svc swarm.Service) bool {
	want := 0
	if r := svc.Spec.Mode.Replicated; r != nil && r.Replicas != nil {
		want = int(*r.Replicas)
	}
	bySlot := map[int]swarm.Task{}
	for _, tk := range live(tasks) {
		if tk.Slot < 1 || tk.Slot > want {
			continue
		}
		if old, ok := bySlot[tk.Slot]; !ok || old.Meta.CreatedAt.Before(tk.Meta.CreatedAt) {
			bySlot[tk.Slot] = tk
		}
	}
	running := 0
	for _, tk := range bySlot {
		if tk.Status.State == swarm.TaskStateRunning {
			running++
		}
	}
	// docker first draws an empty board, then at each poll the tasks and the count;
	// once converged only the countdown
	if !t.started {
		t.started = true
		t.out.Show("overall progress", fmt.Sprintf("%s0 out of %d tasks", t.prefix, want), 0, 0)
		for i := 1; i <= want; i++ {
			t.out.Show(fmt.Sprintf("%d/%d", i, want), " ", 0, 0)
		}
	}
	if !t.verifying {
		for i := 1; i <= want; i++ {
			if tk, ok := bySlot[i]; ok {
				t.taskLine(fmt.Sprintf("%d/%d", i, want), tk, swarm.TaskStateRunning)
			}
		}
		t.out.Show("overall progress", fmt.Sprintf("%s%d out of %d tasks", t.prefix, running, want), 0, 0)
	}
	return running == want && len(live(tasks)) == want
}

// global draws one line per node that has a task of the service (in the order the
// engine lists its nodes) and the count.
func (t *tracker) global(ctx context.Context, tasks []swarm.Task) (bool, error) {
	nodes, err := t.c.NodeList(ctx, nil)
	if err != nil {
		return false, err
	}
	byNode := newestByNode(live(tasks))
	running := 0
	for _, tk := range byNode {
		if tk.Status.State == swarm.TaskStateRunning {
			running++
		}
	}
	if !t.started {
		t.started = true
		t.out.Show("overall progress", fmt.Sprintf("%s0 out of %d tasks", t.prefix, len(byNode)), 0, 0)
	}
	if !t.verifying {
		for _, n := range nodes {
			if tk, ok := byNode[n.ID]; ok {
				t.taskLine(shortID(n.ID), tk, swarm.TaskStateRunning)
			}
		}
		t.out.Show("overall progress", fmt.Sprintf("%s%d out of %d tasks", t.prefix, running, len(byNode)), 0, 0)
	}
	return len(byNode) > 0 && running == len(byNode), nil
}

// newestByNode keeps each node's newest task.
func newestByNode(tasks []swarm.Task) map[string]swarm.Task {
	byNode := map[string]swarm.Task{}
	for _, tk := range tasks {
		if old, ok := byNode[tk.NodeID]; !ok || old.Meta.CreatedAt.Before(tk.Meta.CreatedAt) {
			byNode[tk.NodeID] = tk
		}
	}
	return byNode
}

// job draws a job's progress: its tasks' bars (complete fills them), how many have
// completed, how many run; done once every task has completed.
func (t *tracker) job(ctx context.Context, svc swarm.Service, tasks []swarm.Task) (bool, error) {
	completed, active := 0, 0
	for _, tk := range tasks {
		switch {
		case tk.Status.State == swarm.TaskStateComplete:
			completed++
		case tk.DesiredState == swarm.TaskStateComplete || tk.DesiredState == swarm.TaskStateRunning:
			active++
		}
	}
	if rj := svc.Spec.Mode.ReplicatedJob; rj != nil {
		total := 1
		if rj.TotalCompletions != nil {
			total = int(*rj.TotalCompletions)
		}
		concurrent := total
		if rj.MaxConcurrent != nil {
			concurrent = int(*rj.MaxConcurrent)
		}
		if !t.started {
			t.started = true
			t.out.Show("active tasks", fmt.Sprintf("0 out of %d tasks", min(total, concurrent)), 0, 0)
			for i := 1; i <= total; i++ {
				t.out.Show(fmt.Sprintf("%d/%d", i, total), " ", 0, 0)
			}
		}
		// a job's tasks take the lines in the order of their slots
		sorted := append([]swarm.Task(nil), tasks...)
		sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Slot < sorted[j].Slot })
		for i, tk := range sorted {
			if i < total {
				t.taskLine(fmt.Sprintf("%d/%d", i+1, total), tk, swarm.TaskStateComplete)
			}
		}
		t.out.Show("job progress", fmt.Sprintf("%d out of %d complete", completed, total), completed, max(total, 1))
		t.out.Show("active tasks", fmt.Sprintf("%d out of %d tasks", active, total-min(completed, total)), 0, 0)
		if completed >= total {
			t.out.Show("", "job complete", 0, 0)
			return true, nil
		}
		return false, nil
	}
	// a global job: one line per node, named by its whole ID, and the count of
	// nodes done
	byNode := newestByNode(tasks)
	nodes, err := t.c.NodeList(ctx, nil)
	if err != nil {
		return false, err
	}
	if len(tasks) == 0 {
		t.out.Show("job progress", "waiting for tasks", 0, 0)
		return false, nil
	}
	progress := func() {
		t.out.Show("job progress", fmt.Sprintf("%d out of %d complete", completed, len(byNode)), completed, len(byNode))
	}
	progress()
	for _, n := range nodes {
		if tk, ok := byNode[n.ID]; ok {
			t.taskLine(n.ID, tk, swarm.TaskStateComplete)
		}
	}
	if active == 0 {
		progress()
		t.out.Show("", "job complete", 0, 0)
		return true, nil
	}
	return false, nil
}

func shortID(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}
