package lambda

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/flexgo/flexgo/core"
)

// albEvent is an Application Load Balancer target group event. An ALB passes the path and the
// query parameters on as the client sent them, still encoded.
type albEvent struct {
	ev   events.ALBTargetGroupRequest
	body []byte
}

func decodeALB(payload []byte) (event, error) {
	var e albEvent
	var err error
	if e.ev, err = unmarshalEvent[events.ALBTargetGroupRequest](payload); err != nil {
		return nil, err
	}
	b, err := body(e.ev.Body, e.ev.IsBase64Encoded)
	if err != nil {
		return nil, err
	}
	e.body = b
	return &e, nil
}

func (e *albEvent) request() *core.Request {
	path := e.ev.Path
	if path == "" {
		path = "/"
	}
	return &core.Request{
		Method:        e.ev.HTTPMethod,
		Path:          path,
		RawQuery:      joinRawQuery(e.ev.QueryStringParameters, e.ev.MultiValueQueryStringParameters),
		Header:        headers(e.ev.Headers, e.ev.MultiValueHeaders),
		Body:          bytes.NewReader(e.body),
		ContentLength: int64(len(e.body)),
	}
}

// encode answers in the mode the target group is in: with multi-value headers when the event
// came with them (the ALB rejects the other kind).
func (e *albEvent) encode(r *core.Response) ([]byte, error) {
	out := events.ALBTargetGroupResponse{
		StatusCode:        r.Status,
		StatusDescription: strings.TrimSpace(strconv.Itoa(r.Status) + " " + http.StatusText(r.Status)),
		Body:              string(r.Body),
	}
	if e.ev.MultiValueHeaders != nil {
		out.MultiValueHeaders = make(map[string][]string, len(r.Header))
		for k, v := range r.Header {
			out.MultiValueHeaders[k] = v
		}
	} else {
		out.Headers = make(map[string]string, len(r.Header))
		for k, v := range r.Header {
			out.Headers[k] = strings.Join(v, ",")
		}
	}
	return marshalAnswer(out)
}

func (e *albEvent) integrationTimeout() time.Duration { return 0 }
