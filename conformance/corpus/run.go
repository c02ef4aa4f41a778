package corpus

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Options tune [Run]. The zero value is usable.
type Options struct {
	// Workers is how many cases are sent at once; 8 when zero.
	Workers int

	// Wait bounds the wait for each answer; 15s when zero. The twin's own timeout budget must be
	// shorter, so that it answers the ExpectNoAnswer cases in time.
	Wait time.Duration

	// NoAnswerWait bounds the wait for the reference on ExpectNoAnswer cases, which it never
	// answers; 2s when zero.
	NoAnswerWait time.Duration

	// Compare compares the reference's answer with ours; [Compare] when nil. The test that the
	// reference is deterministic sets [CompareReference].
	Compare func(ref, ours Answer, c Case) error
}

func (o Options) withDefaults() Options {
	if o.Workers <= 0 {
		o.Workers = 8
	}
	if o.Wait <= 0 {
		o.Wait = 15 * time.Second
	}
	if o.NoAnswerWait <= 0 {
		o.NoAnswerWait = 2 * time.Second
	}
	if o.Compare == nil {
		o.Compare = Compare
	}
	return o
}

// A Result is the outcome of one case.
type Result struct {
	Case Case
	Ref  Answer
	Ours Answer

	// Err is nil when the answers are the same; otherwise the differences, or why an answer could
	// not be had.
	Err error
}

// String describes the result on a few lines: the case, the difference and both answers.
func (r Result) String() string {
	if r.Err == nil {
		return r.Case.Name + ": ok"
	}
	return fmt.Sprintf("%s (%s %s): %v\n\treference: %s\n\tours:      %s",
		r.Case.Name, r.Case.Method, Truncate([]byte(r.Case.Path), 80), r.Err, r.Ref, r.Ours)
}

// A Report holds the results of a run, in the order of the cases given.
type Report struct {
	Results []Result
}

// Matched returns how many cases were answered the same.
func (r Report) Matched() int {
	n := 0
	for _, res := range r.Results {
		if res.Err == nil {
			n++
		}
	}
	return n
}

// Mismatches returns the results whose answers differ, in case order.
func (r Report) Mismatches() []Result {
	var out []Result
	for _, res := range r.Results {
		if res.Err != nil {
			out = append(out, res)
		}
	}
	return out
}

// Summary returns "conformance (label): N/M cases matched".
func (r Report) Summary(label string) string {
	return fmt.Sprintf("conformance (%s): %d/%d cases matched", label, r.Matched(), len(r.Results))
}

// Run sends every case to ref and to ours and compares the answers. Cases marked First are sent
// first, one at a time and in order; the others are then sent by Options.Workers workers, each
// case to both targets at once. Every wait is bounded by the options, and Run returns early, with
// the unfinished cases failed, when ctx is done.
func Run(ctx context.Context, ref, ours Target, cases []Case, opts Options) Report {
	opts = opts.withDefaults()
	report := Report{Results: make([]Result, len(cases))}
	var rest []int
	for i, c := range cases {
		if c.First {
			report.Results[i] = runCase(ctx, ref, ours, c, opts)
		} else {
			rest = append(rest, i)
		}
	}

	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(opts.Workers, len(rest)) {
		wg.Go(func() {
			for i := range jobs {
				report.Results[i] = runCase(ctx, ref, ours, cases[i], opts)
			}
		})
	}
	for _, i := range rest {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return report
}

// runCase sends c to both targets at once and compares their answers.
func runCase(ctx context.Context, ref, ours Target, c Case, opts Options) Result {
	res := Result{Case: c}
	if err := ctx.Err(); err != nil {
		res.Err = fmt.Errorf("not run: %w", err)
		return res
	}
	refWait := opts.Wait
	if c.Expect == ExpectNoAnswer {
		refWait = opts.NoAnswerWait
	}
	var refErr, oursErr error
	var wg sync.WaitGroup
	wg.Go(func() { res.Ref, refErr = ask(ctx, ref, c, refWait) })
	wg.Go(func() { res.Ours, oursErr = ask(ctx, ours, c, opts.Wait) })
	wg.Wait()
	switch {
	case refErr != nil:
		res.Err = fmt.Errorf("reference: %w", refErr)
	case oursErr != nil:
		res.Err = fmt.Errorf("ours: %w", oursErr)
	default:
		res.Err = opts.Compare(res.Ref, res.Ours, c)
	}
	return res
}

// ask asks target for c's answer, waiting no longer than wait.
func ask(ctx context.Context, target Target, c Case, wait time.Duration) (Answer, error) {
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	return target(ctx, c)
}
