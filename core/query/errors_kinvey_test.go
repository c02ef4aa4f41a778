package query

import (
	"fmt"
	"testing"

	"github.com/flexgo/flexgo/core"
)

func TestErrorMapsOntoKinveysErrors(t *testing.T) {
	err := fmt.Errorf("building the query: %w", newError("limit must be a number"))
	ke, ok := core.AsError(err)
	if !ok || ke.Kind != core.KindBadRequest || ke.Status() != 400 || ke.Debug != "limit must be a number" ||
		ke.Description != "An error occurred on the query." {
		t.Fatalf("%+v %v", ke, ok)
	}
}
