//go:build unix

package rusage

import (
	"runtime"
	"syscall"
	"time"
)

func usage() (syscall.Rusage, bool) {
	var ru syscall.Rusage
	err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru, err == nil
}

func cpu() (time.Duration, bool) {
	ru, ok := usage()
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), ok
}

func peakRSS() (int64, bool) {
	ru, ok := usage()
	switch runtime.GOOS {
	case "darwin", "ios":
		return int64(ru.Maxrss), ok // bytes on Apple's systems
	}
	return int64(ru.Maxrss) * 1024, ok // KiB on Linux and the BSDs
}
