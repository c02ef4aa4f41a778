package backend

import (
	"context"
	"encoding/json"

	"github.com/flexgo/flexgo/core"
	"github.com/flexgo/flexgo/internal/js"
)

// EndpointRunner is the endpointRunner module: it runs the app's custom endpoints (the
// rpc/:appKey/custom routes). Business logic always runs for them (UseBL is forced, as in Node).
type EndpointRunner struct{ s store }

// EndpointRunner returns the endpointRunner module with opts (UseBL is set whatever opts say).
func (c *Client) EndpointRunner(opts StoreOptions) *EndpointRunner {
	opts.UseBL = true
	return &EndpointRunner{store{c: c, opts: opts}}
}

// Endpoint returns the custom endpoint named name.
func (e *EndpointRunner) Endpoint(name string) *Endpoint {
	return &Endpoint{s: e.s, name: name}
}

// Endpoint is a custom endpoint of the app: endpointRunner().endpoint(name).
type Endpoint struct {
	s    store
	name string
}

// Name returns the endpoint's name.
func (e *Endpoint) Name() string { return e.name }

// Execute POSTs body to the endpoint ({} when body is nil, or JSON null, false, 0 or "") and
// returns its answer. A custom endpoint may not run itself: from a customEndpoint task for the
// same endpoint, Execute returns an *[Error] named "EndpointRunnerError" without calling.
func (e *Endpoint) Execute(ctx context.Context, body any) (json.RawMessage, error) {
	raw, err := encodeArg("body", body)
	if err != nil {
		return nil, err
	}
	if !js.RawTruthy(raw) {
		raw = json.RawMessage("{}")
	}
	custom := "custom"
	r := withBody(e.s.request("POST", "rpc", &custom, e.name, authDefault), raw)
	c := e.s.c
	refuse := c.objectName != "" && c.objectName == e.name && c.hookType == core.HookCustomEndpoint
	return e.s.send(ctx, r, refuse, clientError("EndpointRunnerError", "Not Allowed",
		"Recursive requests to the same endpoint are prohibited."))
}
