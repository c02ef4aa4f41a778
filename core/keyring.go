package core

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

// SecretSource supplies the shared secrets from a secret store, for platforms where they can be
// read only once the service is serving: on AWS Lambda, the Parameters and Secrets extension
// answers during an invocation, never during the function's initialisation. The service asks it
// when a request first needs the secret, keeps the answer for [Config.SecretTTL], and asks again
// after that, so that a rotated secret is picked up without a redeploy.
type SecretSource interface {
	// SharedSecrets returns the secrets X-Auth-Key may match: the current one, then any being
	// rotated out. ctx ends with the timeout budget of the request that asked.
	SharedSecrets(ctx context.Context) ([]Secret, error)
}

// SecretSourceFunc adapts a function to [SecretSource].
type SecretSourceFunc func(ctx context.Context) ([]Secret, error)

// SharedSecrets calls f.
func (f SecretSourceFunc) SharedSecrets(ctx context.Context) ([]Secret, error) { return f(ctx) }

// keyring decides whether a request's X-Auth-Key is one of the service's shared secrets: those of
// the configuration, or those a SecretSource supplies, read on first need and again after ttl.
type keyring struct {
	static []secretDigest // from the configuration
	source SecretSource
	ttl    time.Duration

	keys atomic.Pointer[keySet] // what source last gave, with when to ask again

	mu       sync.Mutex
	inflight *keyFetch // the one read of source under way, shared by every request that waits
}

// keySet is what a SecretSource gave, and until when it stands.
type keySet struct {
	digests []secretDigest
	until   time.Time
}

// keyFetch is a read of the source that requests wait for.
type keyFetch struct {
	done chan struct{}
	keys *keySet
	err  error
}

// retryAfterFailure is how long stale secrets keep serving after a failed re-read before the
// source is asked again: a store that is down is not asked on every request.
const retryAfterFailure = 10 * time.Second

func newKeyring(cfg Config, source SecretSource) *keyring {
	k := &keyring{source: source, ttl: cfg.SecretTTL}
	for _, s := range []Secret{cfg.SharedSecret, cfg.SharedSecretPrevious} {
		if s.IsSet() {
			k.static = append(k.static, s.digest())
		}
	}
	if len(k.static) > 0 {
		k.source = nil // configured secrets win; Config.Validate refuses both at once
	}
	return k
}

// open reports whether no secret is required: none is configured and no source supplies one.
func (k *keyring) open() bool { return len(k.static) == 0 && k.source == nil }

// lazy reports whether the secrets come from a source (and may need reading).
func (k *keyring) lazy() bool { return k.source != nil }

// matches reports whether key is one of the secrets; with a source, it reads the source first
// when its answer is missing or old, waiting until deadline at most (the request's budget). It
// fails only when the source has never answered.
func (k *keyring) matches(ctx context.Context, key string, deadline time.Time) (bool, error) {
	if k.source == nil {
		return k.open() || anyMatches(k.static, key), nil
	}
	keys := k.keys.Load()
	if keys == nil || time.Now().After(keys.until) {
		ctx, cancel := context.WithDeadline(ctx, deadline) // only when the source is asked
		defer cancel()
		fresh, err := k.read(ctx, keys)
		if err != nil && keys == nil {
			return false, err
		}
		if fresh != nil {
			keys = fresh
		}
	}
	return anyMatches(keys.digests, key), nil
}

func anyMatches(digests []secretDigest, key string) bool {
	if len(digests) == 0 {
		return false
	}
	got := digestOf(key)
	ok := false
	for _, d := range digests {
		ok = d.equal(got) || ok // no early exit: the same work whichever secret matches
	}
	return ok
}

// read asks the source, once for all the requests that need it at the same time. A request whose
// context ends first stops waiting; the read goes on for the others. On failure, old keys (when
// there are any) keep serving for retryAfterFailure.
func (k *keyring) read(ctx context.Context, old *keySet) (*keySet, error) {
	k.mu.Lock()
	f := k.inflight
	if f == nil {
		f = &keyFetch{done: make(chan struct{})}
		k.inflight = f
		go k.fetch(ctx, f, old)
	}
	k.mu.Unlock()
	select {
	case <-f.done:
		return f.keys, f.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// fetch reads the source with bounded retries within ctx's deadline (the budget of the request
// that started it), then publishes the result.
func (k *keyring) fetch(ctx context.Context, f *keyFetch, old *keySet) {
	if d, ok := ctx.Deadline(); ok { // the reader's caller may go; its deadline stays
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(context.WithoutCancel(ctx), d)
		defer cancel()
	} else {
		ctx = context.WithoutCancel(ctx)
	}
	secrets, err := readWithRetries(ctx, k.source)
	if err == nil {
		keys := &keySet{until: time.Now().Add(k.ttl)}
		for _, s := range secrets {
			if s.IsSet() {
				keys.digests = append(keys.digests, s.digest())
			}
		}
		if len(keys.digests) == 0 {
			err = errors.New("the secret store holds no shared secret")
		} else {
			f.keys = keys
			k.keys.Store(keys)
		}
	}
	if err != nil {
		f.err = err
		if old != nil { // keep serving what was read last, and ask again a little later
			k.keys.Store(&keySet{digests: old.digests, until: time.Now().Add(retryAfterFailure)})
		}
	}
	k.mu.Lock()
	k.inflight = nil
	k.mu.Unlock()
	close(f.done)
}

// The retries of a source read: up to maxReadAttempts, waiting firstRetryWait and then twice as
// long each time, never past the budget.
const (
	maxReadAttempts = 5
	firstRetryWait  = 25 * time.Millisecond
)

func readWithRetries(ctx context.Context, src SecretSource) ([]Secret, error) {
	wait := firstRetryWait
	var err error
	for attempt := 1; ; attempt++ {
		var secrets []Secret
		secrets, err = src.SharedSecrets(ctx)
		if err == nil {
			return secrets, nil
		}
		if attempt == maxReadAttempts {
			return nil, err
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, errors.Join(err, ctx.Err())
		case <-timer.C:
		}
		wait *= 2
	}
}
