package backend

import (
	"fmt"
	"testing"

	"github.com/flexgo/flexgo/core"
)

func TestErrorMapsOntoKinveysErrors(t *testing.T) {
	answered := &Error{StatusCode: 404, Name: "EntityNotFound", Description: "This entity not found in the collection", Debug: "x"}
	ke, ok := core.AsError(fmt.Errorf("finding: %w", answered))
	if !ok || ke.Kind != "EntityNotFound" || ke.Status() != 404 || ke.Description != answered.Description || ke.Debug != "x" {
		t.Fatalf("%+v %v", ke, ok)
	}
	raised := clientError("DataStoreError", "Bad Request", "entity is required")
	ke, ok = core.AsError(raised)
	if !ok || ke.Kind != core.KindFlexRuntimeError || ke.Status() != 550 {
		t.Fatalf("%+v %v", ke, ok)
	}
}
