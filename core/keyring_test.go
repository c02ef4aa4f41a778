package core

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeStore is a secret store whose answers a test sets, counting the reads.
type fakeStore struct {
	mu      sync.Mutex
	secrets []Secret
	err     error
	delay   time.Duration
	reads   atomic.Int32
	failN   int // fail this many reads before answering
}

func (f *fakeStore) SharedSecrets(ctx context.Context) ([]Secret, error) {
	f.reads.Add(1)
	if f.delay > 0 {
		select {
		case <-time.After(f.delay):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failN > 0 {
		f.failN--
		return nil, errors.New("connection refused")
	}
	return f.secrets, f.err
}

func (f *fakeStore) set(err error, secrets ...Secret) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.secrets, f.err = secrets, err
}

func newStoreService(t *testing.T, cfg Config, store SecretSource) (*Service, *logBuffer) {
	t.Helper()
	logs := &logBuffer{}
	svc := NewService(WithConfig(cfg), WithSecretSource(store),
		WithLogger(slog.New(NewLogHandler(logs, slog.LevelDebug))))
	svc.ServiceObject("books").OnGetByID(func(_ context.Context, r *DataRequest, c *Completion) {
		c.SetBody(map[string]string{"_id": r.EntityID}).OK().Next()
	})
	return svc, logs
}

func getBook(t *testing.T, svc *Service, key string) (*Response, map[string]any) {
	t.Helper()
	return serve(t, svc, testRequest{method: "GET", path: "/books/1", header: map[string]string{"X-Auth-Key": key}})
}

func TestSecretSourceReadOnFirstNeed(t *testing.T) {
	store := &fakeStore{secrets: []Secret{"s3cret"}}
	svc, _ := newStoreService(t, Config{}, store)
	if resp, _ := serve(t, svc, testRequest{method: "GET", path: "/healthcheck"}); resp.Status != http.StatusOK {
		t.Fatalf("health check %d", resp.Status)
	}
	if n := store.reads.Load(); n != 0 {
		t.Fatalf("the health check read the store %d times", n)
	}
	if resp, _ := getBook(t, svc, "s3cret"); resp.Status != http.StatusOK {
		t.Fatalf("right key: %d %s", resp.Status, resp.Body)
	}
	if resp, _ := getBook(t, svc, "wrong"); resp.Status != http.StatusUnauthorized {
		t.Fatalf("wrong key: %d %s", resp.Status, resp.Body)
	}
	if resp, _ := getBook(t, svc, ""); resp.Status != http.StatusUnauthorized {
		t.Fatalf("no key: %d %s", resp.Status, resp.Body)
	}
	if n := store.reads.Load(); n != 1 {
		t.Fatalf("the store was read %d times for three requests within its TTL, want 1", n)
	}
}

func TestSecretSourceOneReadForConcurrentRequests(t *testing.T) {
	store := &fakeStore{secrets: []Secret{"s3cret"}, delay: 50 * time.Millisecond}
	svc, _ := newStoreService(t, Config{}, store)
	var wg sync.WaitGroup
	var ok atomic.Int32
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := http.Header{"X-Auth-Key": {"s3cret"}}
			if resp := svc.Serve(context.Background(), &Request{Method: "GET", Path: "/books/1", Header: h}); resp.Status == http.StatusOK {
				ok.Add(1)
			}
		}()
	}
	wg.Wait()
	if ok.Load() != 20 {
		t.Fatalf("%d of 20 requests answered 200", ok.Load())
	}
	if n := store.reads.Load(); n != 1 {
		t.Fatalf("20 concurrent first requests read the store %d times, want 1", n)
	}
}

func TestSecretSourceRetriesWithinTheBudget(t *testing.T) {
	store := &fakeStore{secrets: []Secret{"s3cret"}, failN: 2}
	svc, _ := newStoreService(t, Config{}, store)
	if resp, _ := getBook(t, svc, "s3cret"); resp.Status != http.StatusOK {
		t.Fatalf("after two refused reads: %d %s", resp.Status, resp.Body)
	}
	if n := store.reads.Load(); n != 3 {
		t.Fatalf("%d reads, want 3 (two failures, then the answer)", n)
	}
}

func TestSecretSourceDownAnswers503ThenRecovers(t *testing.T) {
	bothWays(t, func(t *testing.T, inline bool) {
		store := &fakeStore{}
		store.set(errors.New("dial tcp 127.0.0.1:2773: connection refused"))
		svc, logs := newStoreService(t, Config{Timeout: 2 * time.Second}, store)
		start := time.Now()
		resp, body := serve(t, svc, testRequest{method: "GET", path: "/books/1", inline: inline,
			header: map[string]string{"X-Auth-Key": "s3cret"}})
		requireKinveyError(t, resp, body, http.StatusServiceUnavailable, "KinveyInternalErrorRetry")
		if took := time.Since(start); took > 2*time.Second {
			t.Fatalf("the 503 took %s, past the 2s budget", took)
		}
		if n := store.reads.Load(); n != maxReadAttempts {
			t.Fatalf("%d reads before giving up, want %d", n, maxReadAttempts)
		}
		if !strings.Contains(logs.String(), "could not be read from its secret store") {
			t.Fatalf("no log line says why: %s", logs)
		}
		if strings.Contains(string(resp.Body), "2773") {
			t.Fatalf("the store's error reached the caller: %s", resp.Body)
		}

		store.set(nil, "s3cret") // the store comes up: the next request reads it
		if resp, _ := getBook(t, svc, "s3cret"); resp.Status != http.StatusOK {
			t.Fatalf("after the store came up: %d %s", resp.Status, resp.Body)
		}
	})
}

func TestSecretSourceReadsStopWithTheBudget(t *testing.T) {
	store := &fakeStore{delay: 30 * time.Millisecond}
	store.set(errors.New("refused"))
	svc, _ := newStoreService(t, Config{Timeout: 100 * time.Millisecond}, store)
	start := time.Now()
	resp, body := getBook(t, svc, "s3cret")
	requireKinveyError(t, resp, body, http.StatusServiceUnavailable, "KinveyInternalErrorRetry")
	// The budget is 100ms; a busy machine may add its own delay, but not another budget's worth
	// of reads (5 reads of 30ms with 25–200ms between them take 525ms).
	if took := time.Since(start); took > 400*time.Millisecond {
		t.Fatalf("answered after %s with a 100ms budget", took)
	}
	if n := store.reads.Load(); n >= maxReadAttempts {
		t.Fatalf("%d reads within a 100ms budget", n)
	}
}

func TestSecretSourceRotationAfterTTL(t *testing.T) {
	store := &fakeStore{secrets: []Secret{"old"}}
	svc, _ := newStoreService(t, Config{SecretTTL: 50 * time.Millisecond}, store)
	if resp, _ := getBook(t, svc, "old"); resp.Status != http.StatusOK {
		t.Fatalf("old key: %d", resp.Status)
	}
	store.set(nil, "new", "old") // rotated: the old one is still accepted as the previous
	time.Sleep(60 * time.Millisecond)
	if resp, _ := getBook(t, svc, "new"); resp.Status != http.StatusOK {
		t.Fatalf("new key after the TTL: %d", resp.Status)
	}
	if resp, _ := getBook(t, svc, "old"); resp.Status != http.StatusOK {
		t.Fatalf("previous key during the rotation: %d", resp.Status)
	}
	store.set(nil, "new") // rotation over
	time.Sleep(60 * time.Millisecond)
	if resp, _ := getBook(t, svc, "old"); resp.Status != http.StatusUnauthorized {
		t.Fatalf("old key after the rotation: %d", resp.Status)
	}
}

func TestSecretSourceStaleSecretsServeWhileTheStoreIsDown(t *testing.T) {
	store := &fakeStore{secrets: []Secret{"s3cret"}}
	svc, logs := newStoreService(t, Config{SecretTTL: 20 * time.Millisecond, Timeout: 200 * time.Millisecond}, store)
	if resp, _ := getBook(t, svc, "s3cret"); resp.Status != http.StatusOK {
		t.Fatalf("first: %d", resp.Status)
	}
	store.set(errors.New("throttled"))
	time.Sleep(30 * time.Millisecond)
	if resp, _ := getBook(t, svc, "s3cret"); resp.Status != http.StatusOK {
		t.Fatalf("with the store down after a good read: %d %s", resp.Status, resp.Body)
	}
	reads := store.reads.Load()
	if resp, _ := getBook(t, svc, "s3cret"); resp.Status != http.StatusOK {
		t.Fatalf("again: %d", resp.Status)
	}
	if store.reads.Load() != reads {
		t.Fatalf("a store that just failed was asked again at once")
	}
	_ = logs
}

func TestSecretSourceEmptyAnswerIsAFailure(t *testing.T) {
	store := &fakeStore{secrets: []Secret{""}}
	svc, _ := newStoreService(t, Config{Timeout: 200 * time.Millisecond}, store)
	resp, body := getBook(t, svc, "")
	requireKinveyError(t, resp, body, http.StatusServiceUnavailable, "KinveyInternalErrorRetry")
}

func TestPreviousSecretAcceptedDuringRotation(t *testing.T) {
	svc, _ := newTestService(t, Config{SharedSecret: "new-secret", SharedSecretPrevious: "old-secret"})
	svc.ServiceObject("books").OnGetByID(func(_ context.Context, r *DataRequest, c *Completion) {
		c.SetBody(map[string]string{"_id": r.EntityID}).OK().Next()
	})
	for key, want := range map[string]int{"new-secret": 200, "old-secret": 200, "other": 401, "": 401} {
		if resp, _ := getBook(t, svc, key); resp.Status != want {
			t.Errorf("key %q: %d, want %d", key, resp.Status, want)
		}
	}
	if err := (Config{SharedSecretPrevious: "old"}).Validate(); err == nil ||
		!strings.Contains(err.Error(), "FLEX_SHARED_SECRET_PREVIOUS") {
		t.Fatalf("a previous secret without a current one: %v", err)
	}
}
