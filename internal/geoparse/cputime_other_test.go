//go:build !unix

package geoparse

import "time"

func cpuTime() time.Duration { return 0 }
