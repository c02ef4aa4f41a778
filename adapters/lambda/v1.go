package lambda

import (
	"bytes"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/flexgo/flexgo/core"
)

// v1Event is an API Gateway REST API event (payload 1.0; HTTP APIs can send it too).
type v1Event struct {
	ev   v1Payload
	body []byte
}

// v1Payload is the event with the member aws-lambda-go's type leaves out.
type v1Payload struct {
	events.APIGatewayProxyRequest
	Version string `json:"version"` // "1.0" when an HTTP API sends payload 1.0; absent from REST APIs
}

func decodeV1(payload []byte) (event, error) {
	var e v1Event
	var err error
	if e.ev, err = unmarshalEvent[v1Payload](payload); err != nil {
		return nil, err
	}
	b, err := body(e.ev.Body, e.ev.IsBase64Encoded)
	if err != nil {
		return nil, err
	}
	e.body = b
	return &e, nil
}

func (e *v1Event) request() *core.Request {
	path := e.ev.Path
	if path == "" {
		path = "/"
	}
	path = stripStage(path, e.ev.RequestContext.Stage)
	if e.ev.Version == "1.0" { // an HTTP API sending payload 1.0 decodes the path; REST APIs do not
		path = escapeDecodedPath(path)
	}
	return &core.Request{
		Method:        e.ev.HTTPMethod,
		Path:          path,
		RawQuery:      encodeQuery(e.ev.QueryStringParameters, e.ev.MultiValueQueryStringParameters),
		Header:        headers(e.ev.Headers, e.ev.MultiValueHeaders),
		Body:          bytes.NewReader(e.body),
		ContentLength: int64(len(e.body)),
	}
}

func (e *v1Event) encode(r *core.Response) ([]byte, error) {
	out := events.APIGatewayProxyResponse{
		StatusCode:        r.Status,
		Headers:           make(map[string]string, len(r.Header)),
		MultiValueHeaders: make(map[string][]string, len(r.Header)),
		Body:              string(r.Body),
	}
	for k, v := range r.Header {
		if len(v) > 0 {
			out.Headers[k] = v[0]
		}
		out.MultiValueHeaders[k] = v
	}
	return marshalAnswer(out)
}

// integrationTimeout is the REST API's 29 s (an HTTP API sending payload 1.0 allows 30 s).
func (e *v1Event) integrationTimeout() time.Duration {
	if e.ev.Version == "1.0" {
		return HTTPIntegrationTimeout
	}
	return RESTIntegrationTimeout
}
