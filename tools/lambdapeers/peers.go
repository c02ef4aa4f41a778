package lambdapeers

import (
	"context"
	"encoding/json"

	"github.com/aws/aws-lambda-go/events"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	flexhttp "github.com/flexgo/flexgo/adapters/http"
	"github.com/flexgo/flexgo/adapters/lambda"
	"github.com/flexgo/flexgo/core"
)

// Invoker answers a Lambda event's bytes with the answer's bytes, as the Lambda runtime sees a
// handler.
type Invoker func(ctx context.Context, payload []byte) ([]byte, error)

// Flexgo is the Lambda adapter of flexgo (the shape recognised per event).
func Flexgo(svc *core.Service) Invoker { return lambda.NewHandler(svc).Invoke }

// Proxy is aws-lambda-go-api-proxy's httpadapter for the shape ("v2", "v1" or "alb") around
// flexhttp.Handler, with the event decoded and the answer encoded by encoding/json, as
// aws-lambda-go's runtime does for a handler that takes and returns the event types.
func Proxy(svc *core.Service, shape string) Invoker {
	h := flexhttp.Handler(svc)
	switch shape {
	case "v2":
		a := httpadapter.NewV2(h)
		return typed(func(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (any, error) {
			return a.ProxyWithContext(ctx, ev)
		})
	case "v1":
		a := httpadapter.New(h)
		return typed(func(ctx context.Context, ev events.APIGatewayProxyRequest) (any, error) {
			return a.ProxyWithContext(ctx, ev)
		})
	}
	a := httpadapter.NewALB(h)
	return typed(func(ctx context.Context, ev events.ALBTargetGroupRequest) (any, error) {
		return a.ProxyWithContext(ctx, ev)
	})
}

func typed[E any](fn func(context.Context, E) (any, error)) Invoker {
	return func(ctx context.Context, payload []byte) ([]byte, error) {
		var ev E
		if err := json.Unmarshal(payload, &ev); err != nil {
			return nil, err
		}
		out, err := fn(ctx, ev)
		if err != nil {
			return nil, err
		}
		return json.Marshal(out)
	}
}
