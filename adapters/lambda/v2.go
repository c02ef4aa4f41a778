package lambda

import (
	"bytes"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/flexgo/flexgo/core"
)

// v2Event is an API Gateway HTTP API (payload 2.0) or Lambda Function URL event.
type v2Event struct {
	ev   events.APIGatewayV2HTTPRequest
	body []byte
}

func decodeV2(payload []byte) (event, error) {
	var e v2Event
	var err error
	if e.ev, err = unmarshalEvent[events.APIGatewayV2HTTPRequest](payload); err != nil {
		return nil, err
	}
	b, err := body(e.ev.Body, e.ev.IsBase64Encoded)
	if err != nil {
		return nil, err
	}
	e.body = b
	return &e, nil
}

func (e *v2Event) request() *core.Request {
	h := headers(e.ev.Headers, nil)
	if len(e.ev.Cookies) > 0 {
		h.Set("Cookie", strings.Join(e.ev.Cookies, "; "))
	}
	path := e.ev.RawPath
	if path == "" {
		path = "/"
	}
	path = stripStage(path, e.ev.RequestContext.Stage)
	if !e.functionURL() { // HTTP APIs decode the path; Function URLs pass it as sent
		path = escapeDecodedPath(path)
	}
	return &core.Request{
		Method:        e.ev.RequestContext.HTTP.Method,
		Path:          path,
		RawQuery:      e.ev.RawQueryString,
		Header:        h,
		Body:          bytes.NewReader(e.body),
		ContentLength: int64(len(e.body)),
	}
}

func (e *v2Event) encode(r *core.Response) ([]byte, error) {
	out := events.APIGatewayV2HTTPResponse{
		StatusCode: r.Status,
		Headers:    make(map[string]string, len(r.Header)),
		Body:       string(r.Body),
	}
	for k, v := range r.Header {
		out.Headers[k] = strings.Join(v, ",")
	}
	return marshalAnswer(out)
}

// integrationTimeout is the HTTP API's; a Function URL has none beyond the function's own.
func (e *v2Event) integrationTimeout() time.Duration {
	if e.functionURL() {
		return 0
	}
	return HTTPIntegrationTimeout
}

func (e *v2Event) functionURL() bool {
	return strings.Contains(e.ev.RequestContext.DomainName, ".lambda-url.")
}
