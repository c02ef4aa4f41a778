package lambda

import (
	"context"
	"errors"
	"fmt"
	"time"

	awslambda "github.com/aws/aws-lambda-go/lambda"

	"github.com/flexgo/flexgo/core"
)

// Shape is the kind of event a front sends.
type Shape int

// The event shapes.
const (
	ShapeAuto Shape = iota // recognise each event
	ShapeV2                // API Gateway HTTP API payload 2.0, Lambda Function URLs
	ShapeV1                // API Gateway REST API (and HTTP API payload 1.0)
	ShapeALB               // Application Load Balancer target group
)

// String names the shape as the docs and logs do.
func (s Shape) String() string {
	switch s {
	case ShapeV2:
		return "API Gateway v2"
	case ShapeV1:
		return "API Gateway v1"
	case ShapeALB:
		return "ALB"
	}
	return "auto"
}

// The integration timeouts of API Gateway: an answer later than these never reaches the caller.
const (
	RESTIntegrationTimeout = 29 * time.Second
	HTTPIntegrationTimeout = 30 * time.Second
)

// Handler is an aws-lambda-go lambda.Handler serving a Flex service.
type Handler struct {
	svc        *core.Service
	serve      func(context.Context, *core.Request) *core.Response
	shape      Shape
	background bool          // WithBackgroundWork
	invoked    chan struct{} // a token per answered invocation, for the background extension
}

// Option configures a Handler.
type Option func(*Handler)

// WithShape pins the event shape instead of recognising it per event.
func WithShape(s Shape) Option { return func(h *Handler) { h.shape = s } }

// WithBackgroundWork makes [Start] register an internal Lambda extension that keeps the sandbox
// running after each answer until the work handlers started with core.Task.Go has ended
// (bounded by the invocation's deadline): without it, Lambda freezes the sandbox as soon as the
// answer leaves, and that work with it. Use it when handlers call Task.Go; it costs a
// registration with the Extensions API at start (measured in docs/performance.md) and an
// extension round trip per invocation.
func WithBackgroundWork() Option { return func(h *Handler) { h.background = true } }

// NewHandler returns the Lambda handler of svc.
func NewHandler(svc *core.Service, opts ...Option) *Handler {
	h := &Handler{svc: svc, serve: svc.Serve, invoked: make(chan struct{}, 1)}
	for _, o := range opts {
		o(h)
	}
	return h
}

// ConfigErrorHandler returns the handler to start when the service cannot be built (an invalid
// FLEX_* variable, say): every invocation is answered, in its event's shape, with the JSON 500 of
// [core.ConfigError] naming the problem, so the function keeps running and the deploy shows the
// reason instead of a crash loop of failed inits.
func ConfigErrorHandler(err error, opts ...Option) *Handler {
	resp := core.ConfigError(err).Response()
	h := &Handler{serve: func(context.Context, *core.Request) *core.Response { return resp },
		invoked: make(chan struct{}, 1)}
	for _, o := range opts {
		o(h)
	}
	return h
}

// Start runs svc as the function's handler until the Lambda runtime stops the process. With
// [WithBackgroundWork] it first registers the internal extension that holds the sandbox for
// Task.Go work (see extension.go).
func Start(svc *core.Service, opts ...Option) {
	h := NewHandler(svc, opts...)
	for _, w := range svc.Warnings() {
		svc.Logger().Warn(w)
	}
	if h.background {
		startBackgroundExtension(h)
	}
	awslambda.StartWithOptions(h)
}

// ErrUnknownEvent is returned for an event that is none of the shapes this package serves.
var ErrUnknownEvent = errors.New("flexgo lambda: the event is not an API Gateway, Function URL or ALB request")

// Invoke implements lambda.Handler: it answers one event with the response of its own shape.
func (h *Handler) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	defer h.answered()
	shape := h.shape
	if shape == ShapeAuto {
		shape = detect(payload)
	}
	var (
		ev  event
		err error
	)
	switch shape {
	case ShapeV2:
		ev, err = decodeV2(payload)
	case ShapeV1:
		ev, err = decodeV1(payload)
	case ShapeALB:
		ev, err = decodeALB(payload)
	default:
		return nil, ErrUnknownEvent
	}
	if err != nil {
		return nil, fmt.Errorf("flexgo lambda: %s event: %w", shape, err)
	}
	if limit := ev.integrationTimeout(); limit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, time.Now().Add(limit))
		defer cancel()
	}
	return ev.encode(h.serve(ctx, ev.request()))
}

// event is a decoded event of one shape.
type event interface {
	request() *core.Request
	encode(*core.Response) ([]byte, error)
	integrationTimeout() time.Duration // 0 when the front has none
}

// answered leaves a token for the background extension (at most one waits).
func (h *Handler) answered() {
	select {
	case h.invoked <- struct{}{}:
	default:
	}
}
