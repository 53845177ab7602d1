package container

import (
	"context"
	"errors"
	"fmt"

	"github.com/skiff-cli/skiff/commands"
)

// lifecycleMaxParallel bounds the requests a multi-container verb has in flight.
const lifecycleMaxParallel = 50

// lifecycleParallel starts fn for each name, at most lifecycleMaxParallel at a time,
// and returns one channel per name, in the names' order, each receiving fn's result.
func lifecycleParallel(ctx context.Context, names []string, fn func(ctx context.Context, name string) error) []<-chan error {
	sem := make(chan struct{}, lifecycleMaxParallel)
	out := make([]<-chan error, len(names))
	for i, name := range names {
		ch := make(chan error, 1)
		out[i] = ch
		go func() {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				ch <- ctx.Err()
				return
			}
			defer func() { <-sem }()
			ch <- fn(ctx, name)
		}()
	}
	return out
}

// lifecycleEach runs fn on each name (in parallel when parallel is set) and reports
// in the arguments' order, as docker does: each name that succeeded on stdout, as it
// completes; the errors together at the end, one per line, as the returned error
// (exit status 1).
func lifecycleEach(ctx context.Context, cli commands.Cli, names []string, parallel bool,
	fn func(ctx context.Context, name string) error) error {
	var errs []error
	report := func(name string, err error) {
		if err != nil {
			errs = append(errs, err)
			return
		}
		fmt.Fprintln(cli.Out(), name)
	}
	if parallel {
		for i, ch := range lifecycleParallel(ctx, names, fn) {
			report(names[i], <-ch)
		}
	} else {
		for _, name := range names {
			report(name, fn(ctx, name))
		}
	}
	return errors.Join(errs...)
}
