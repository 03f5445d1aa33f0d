package main

import (
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	var s []time.Duration
	for i := 100; i >= 1; i-- {
		s = append(s, time.Duration(i))
	}
	if got := percentile(s, 50); got != 50 {
		t.Errorf("p50 = %d", got)
	}
	if got := percentile(s, 99); got != 99 {
		t.Errorf("p99 = %d", got)
	}
	if got := percentile(s, 100); got != 100 {
		t.Errorf("p100 = %d", got)
	}
	if got := percentile([]time.Duration{7}, 99); got != 7 {
		t.Errorf("single = %d", got)
	}
}
