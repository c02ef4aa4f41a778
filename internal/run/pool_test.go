package run

import (
	"runtime"
	"sync"
	"testing"
	"time"
)

func TestWorkersReuseAndExit(t *testing.T) {
	before := runtime.NumGoroutine()
	w := NewPool()
	w.idleTimeout = 3 * time.Second // nothing leaves while this part runs on a busy machine

	// One at a time: the second runs on the goroutine the first left waiting.
	ran := make(chan struct{})
	w.Go(func() { ran <- struct{}{} })
	<-ran
	waitFor(t, func() bool { return w.idle.Load() == 1 })
	w.Go(func() { ran <- struct{}{} })
	<-ran
	waitFor(t, func() bool { return w.idle.Load() == 1 })
	if n := runtime.NumGoroutine(); n != before+1 {
		t.Fatalf("%d goroutines for sequential work, want %d", n, before+1)
	}

	// Blocked work never delays other work: each gets a goroutine of its own.
	var wg sync.WaitGroup
	release := make(chan struct{})
	for range 10 {
		wg.Add(1)
		w.Go(func() { defer wg.Done(); <-release })
	}
	done := make(chan struct{})
	w.Go(func() { close(done) })
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("work waited behind blocked work")
	}
	close(release)
	wg.Wait()
	waitFor(t, func() bool { return w.idle.Load() >= 10 })

	// Idle goroutines exit by themselves: these after 20 ms of nothing to do.
	short := NewPool()
	short.idleTimeout = 20 * time.Millisecond
	for range 5 {
		short.Go(func() {})
	}
	waitFor(t, func() bool { return short.idle.Load() == 0 && runtime.NumGoroutine() <= before+int(w.idle.Load()) })
}

func TestWorkersSurvivePanicsRecoveredInWork(t *testing.T) {
	w := NewPool()
	w.idleTimeout = time.Second
	ran := make(chan int, 2)
	w.Go(func() {
		defer func() { _ = recover(); ran <- 1 }()
		panic("in the work")
	})
	<-ran
	w.Go(func() { ran <- 2 })
	if got := <-ran; got != 2 {
		t.Fatal("no work ran after a recovered panic")
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
