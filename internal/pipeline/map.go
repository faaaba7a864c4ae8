// Package pipeline runs sitrep's stages over many documents: one ordered,
// bounded, cancellable parallel map (Map) and batching (Batcher) that every
// command uses; the reading stack built once (Stack); and the flows that
// read, code and store documents (Ingester). It holds no rules of its own:
// what a stage does lives in the stage's package.
package pipeline

import (
	"context"
	"runtime"
	"sync"
)

// Map calls work on workers goroutines (GOMAXPROCS when workers < 1) for
// each item produce yields, and hands the results to consume one at a
// time, in the order produced, so that a run gives the same output however
// its work was scheduled. At most a few items per worker are in flight,
// which bounds the memory held. An error of produce or consume stops it
// and is returned; items already produced are still consumed unless
// consume failed, so that work read before Ctrl-C is finished.
func Map[In, Out any](ctx context.Context, workers int, produce func(yield func(In) error) error, work func(In) Out, consume func(Out) error) error {
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type job struct {
		in  In
		out chan Out
	}
	jobs := make(chan job, 2*workers)
	results := make(chan chan Out, 32*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				j.out <- work(j.in)
			}
		})
	}
	produced := make(chan error, 1)
	go func() {
		defer close(results)
		defer close(jobs)
		produced <- produce(func(in In) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			out := make(chan Out, 1)
			select {
			case results <- out:
			case <-ctx.Done():
				return ctx.Err()
			}
			jobs <- job{in, out}
			return nil
		})
	}()
	var err error
	for out := range results {
		r := <-out
		if err == nil {
			if err = consume(r); err != nil {
				cancel()
			}
		}
	}
	wg.Wait()
	if perr := <-produced; err == nil {
		err = perr
	}
	return err
}
