//go:build unix

package main

import (
	"syscall"
	"time"
)

// cpuTime is the user+system CPU time this process has used: on a shared
// machine it says what a run cost, whatever else was running.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
