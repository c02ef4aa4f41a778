package run

import (
	"context"
	"testing"
	"time"
)

func TestBudgetDeadline(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b := Budget{Timeout: 50 * time.Second, Reserve: 500 * time.Millisecond}
	if got := b.Deadline(context.Background(), now); !got.Equal(now.Add(50 * time.Second)) {
		t.Errorf("no platform deadline: %v", got)
	}
	ctx, cancel := context.WithDeadline(context.Background(), now.Add(3*time.Second))
	defer cancel()
	if got := b.Deadline(ctx, now); !got.Equal(now.Add(2500 * time.Millisecond)) {
		t.Errorf("platform deadline: %v", got)
	}
	long, cancel2 := context.WithDeadline(context.Background(), now.Add(time.Hour))
	defer cancel2()
	if got := b.Deadline(long, now); !got.Equal(now.Add(50 * time.Second)) {
		t.Errorf("later platform deadline: %v", got)
	}
}
