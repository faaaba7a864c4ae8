package main

import (
	"context"
	"errors"
)

func runPlaces(ctx context.Context, e *env, args []string) error {
	return errors.New("not built yet")
}
