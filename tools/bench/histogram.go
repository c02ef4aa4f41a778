package main

import (
	"math/bits"
	"time"
)

// histogram records latencies in fixed log-linear buckets, like HdrHistogram with two
// significant digits: below 128 ns each nanosecond is a bucket; above, every power of two is
// split into 64 buckets, so a recorded value is off by at most 1/64 (1.6%). Its size is fixed,
// recording never allocates, and histograms of several connections merge by addition.
type histogram struct {
	counts [histBuckets]uint64
	total  uint64
	max    time.Duration
}

const (
	histSub     = 64 // buckets per power of two
	histSubBits = 6
	histBuckets = (64 - histSubBits) * histSub // up to 2^63 ns
)

// bucketOf is the bucket of a duration of ns nanoseconds.
func bucketOf(ns uint64) int {
	if ns < 2*histSub {
		return int(ns)
	}
	shift := bits.Len64(ns) - histSubBits - 1 // ns>>shift is in [64, 128)
	return (shift+1)*histSub + int(ns>>shift) - histSub
}

// bucketValue is the middle of bucket i, in nanoseconds.
func bucketValue(i int) uint64 {
	if i < 2*histSub {
		return uint64(i)
	}
	shift := i/histSub - 1
	low := uint64(i%histSub+histSub) << shift
	return low + (uint64(1)<<shift)/2
}

func (h *histogram) record(d time.Duration) {
	if d < 0 {
		d = 0
	}
	h.counts[bucketOf(uint64(d))]++
	h.total++
	h.max = max(h.max, d)
}

func (h *histogram) merge(o *histogram) {
	for i, n := range o.counts {
		h.counts[i] += n
	}
	h.total += o.total
	h.max = max(h.max, o.max)
}

// percentile returns the latency below which p percent of the recorded values fall.
func (h *histogram) percentile(p float64) time.Duration {
	if h.total == 0 {
		return 0
	}
	rank := uint64(p / 100 * float64(h.total))
	if rank >= h.total {
		return h.max
	}
	var seen uint64
	for i, n := range h.counts {
		seen += n
		if seen > rank {
			return min(time.Duration(bucketValue(i)), h.max)
		}
	}
	return h.max
}
