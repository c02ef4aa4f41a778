package conformance_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"

	"github.com/flexgo/flexgo/adapters/lambda/lambdatest"
	"github.com/flexgo/flexgo/conformance/corpus"
)

// lambdaPayloadLimit is Lambda's synchronous invocation payload limit: the front refuses larger
// requests before the function runs, so such cases do not apply to the Lambda adapter.
const lambdaPayloadLimit = 6 << 20

// TestLambda builds the twin's real Lambda bootstrap, runs it against a fake Runtime API, and sends
// the whole corpus through it as API Gateway v2 (Function URL), v1 (REST API) and ALB events,
// comparing the answers, converted back, with the reference's.
func TestLambda(t *testing.T) {
	bootstrap := buildBootstrap(t)

	for _, shape := range []struct {
		name    string
		toEvent func(corpus.Case) ([]byte, error)
		answer  func([]byte) (corpus.Answer, error)
	}{
		{"v2", v2Event, v2Answer},
		{"v1", v1Event, v1Answer},
		{"alb", albEvent, albAnswer},
	} {
		t.Run(shape.name, func(t *testing.T) {
			ref := corpus.ReferenceForTest(t, secret) // fresh: discovery leaks what it was asked
			rt, err := lambdatest.NewRuntime()
			if err != nil {
				t.Fatal(err)
			}
			defer rt.Close()
			cmd := exec.Command(bootstrap)
			cmd.Env = append(os.Environ(), "AWS_LAMBDA_RUNTIME_API="+rt.Addr(),
				"FLEX_SHARED_SECRET="+secret, "FLEX_TIMEOUT=3s", "FLEX_LOG_LEVEL=error")
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()

			var cases, skipped []corpus.Case
			for _, c := range corpus.Cases(secret) {
				if c.BodyLen() > lambdaPayloadLimit {
					skipped = append(skipped, c)
					continue
				}
				cases = append(cases, c)
			}
			ours := func(ctx context.Context, c corpus.Case) (corpus.Answer, error) {
				payload, err := shape.toEvent(c)
				if err != nil {
					return corpus.Answer{}, err
				}
				res, err := rt.Invoke(ctx, payload, 10*time.Second)
				if err != nil {
					return corpus.Answer{}, err
				}
				if res.Error != nil {
					return corpus.Answer{}, fmt.Errorf("function error: %s", res.Error)
				}
				return shape.answer(res.Payload)
			}
			ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
			defer cancel()
			report := corpus.Run(ctx, corpus.HTTPTarget(ref.URL), ours, cases, corpus.Options{
				Wait: 15 * time.Second, NoAnswerWait: 2 * time.Second,
			})
			summary := report.Summary("lambda " + shape.name)
			var front []string
			for _, r := range report.Mismatches() {
				if why, ok := frontDifferences[shape.name][r.Case.Name]; ok {
					front = append(front, fmt.Sprintf("%s (%s)", r.Case.Name, why))
					continue
				}
				t.Errorf("%s", r)
			}
			if len(front) > 0 {
				summary += fmt.Sprintf("; %d differ only by what the AWS front does to the request: %s", len(front), strings.Join(front, "; "))
			}
			if len(skipped) > 0 {
				summary += fmt.Sprintf("; %d more not applicable: bodies over Lambda's 6 MB payload limit", len(skipped))
			}
			t.Log(summary)
			fmt.Println(summary)
		})
	}
}

// frontDifferences are the cases whose request the AWS front itself changes before the function
// sees it, by shape, with the reason. They are reported, not failed.
var frontDifferences = map[string]map[string]string{
	"v2": {
		"headers/username-twice": "API Gateway v2 joins repeated headers with a bare comma; Node joins them with \", \"",
	},
	"v1": {
		"query/nested-then-plain":   "query parameters arrive as a JSON object, so their order is lost",
		"query/brackets-then-plain": "query parameters arrive as a JSON object, so their order is lost",
		"query/parameter-limit":     "query parameters arrive as a JSON object, so which 1,000 come first is lost",
	},
	"alb": {
		"query/nested-then-plain":   "query parameters arrive as a JSON object, so their order is lost",
		"query/brackets-then-plain": "query parameters arrive as a JSON object, so their order is lost",
		"query/parameter-limit":     "query parameters arrive as a JSON object, so which 1,000 come first is lost",
	},
}

func buildBootstrap(t *testing.T) string {
	t.Helper()
	root, err := corpus.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "bootstrap")
	cmd := exec.Command("go", "build", "-tags", "lambda.norpc", "-o", out, "./conformance/twin/cmd/lambda")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=linux", "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build bootstrap: %v\n%s", err, b)
	}
	return out
}

// eventBody is a case's body as a front passes it: text as it is, anything else base64.
func eventBody(c corpus.Case, always bool) (string, bool) {
	b := c.BodyBytes()
	if always || !utf8.Valid(b) {
		return base64.StdEncoding.EncodeToString(b), true
	}
	return string(b), false
}

// caseHeaders lists a case's headers with lower-case names, as the fronts pass them.
func caseHeaders(c corpus.Case) map[string][]string {
	h := map[string][]string{}
	for k, vs := range c.Header {
		k = strings.ToLower(k)
		h[k] = append(h[k], vs...)
	}
	if n := c.BodyLen(); n > 0 {
		h["content-length"] = []string{fmt.Sprint(n)}
	}
	if _, ok := h["host"]; !ok { // every front passes the Host on
		h["host"] = []string{"flexgo.example"}
	}
	return h
}

// v2Event is the case as a Lambda Function URL sends it (payload 2.0): the raw path and query as
// the client sent them, repeated headers joined with commas, cookies apart, the body in base64.
func v2Event(c corpus.Case) ([]byte, error) {
	ev := events.APIGatewayV2HTTPRequest{
		Version:        "2.0",
		RouteKey:       "$default",
		RawPath:        c.RawPath(),
		RawQueryString: c.RawQuery(),
		Headers:        map[string]string{},
	}
	for k, vs := range caseHeaders(c) {
		if k == "cookie" {
			ev.Cookies = vs
			continue
		}
		ev.Headers[k] = strings.Join(vs, ",")
	}
	ev.RequestContext.HTTP.Method = c.Method
	ev.RequestContext.HTTP.Path = c.RawPath()
	ev.RequestContext.DomainName = "abcdefghij.lambda-url.us-east-1.on.aws"
	ev.RequestContext.Stage = "$default"
	if c.BodyLen() > 0 {
		ev.Body, ev.IsBase64Encoded = eventBody(c, true)
	}
	return json.Marshal(ev)
}

func v2Answer(payload []byte) (corpus.Answer, error) {
	var r events.APIGatewayV2HTTPResponse
	if err := json.Unmarshal(payload, &r); err != nil {
		return corpus.Answer{}, err
	}
	h := http.Header{}
	for k, v := range r.Headers {
		h.Set(k, v)
	}
	return answer(r.StatusCode, h, r.Body, r.IsBase64Encoded)
}

// v1Event is the case as a REST API sends it (payload 1.0): the path still encoded and prefixed by
// nothing, the query parameters decoded, headers both single- and multi-valued.
func v1Event(c corpus.Case) ([]byte, error) {
	ev := events.APIGatewayProxyRequest{
		Resource:   "/{proxy+}",
		Path:       c.RawPath(),
		HTTPMethod: c.Method,
		Headers:    map[string]string{},
	}
	ev.MultiValueHeaders = caseHeaders(c)
	for k, vs := range ev.MultiValueHeaders {
		ev.Headers[k] = vs[len(vs)-1]
	}
	ev.MultiValueQueryStringParameters = decodedQuery(c.RawQuery())
	ev.QueryStringParameters = map[string]string{}
	for k, vs := range ev.MultiValueQueryStringParameters {
		ev.QueryStringParameters[k] = vs[len(vs)-1]
	}
	ev.RequestContext.Stage = "prod"
	ev.RequestContext.Path = "/prod" + c.RawPath()
	ev.RequestContext.HTTPMethod = c.Method
	if c.BodyLen() > 0 {
		ev.Body, ev.IsBase64Encoded = eventBody(c, false)
	}
	return json.Marshal(ev)
}

func v1Answer(payload []byte) (corpus.Answer, error) {
	var r events.APIGatewayProxyResponse
	if err := json.Unmarshal(payload, &r); err != nil {
		return corpus.Answer{}, err
	}
	h := http.Header{}
	for k, vs := range r.MultiValueHeaders {
		for _, v := range vs {
			h.Add(k, v)
		}
	}
	return answer(r.StatusCode, h, r.Body, r.IsBase64Encoded)
}

// albEvent is the case as an ALB target group with multi-value headers sends it: path and query
// parameters as the client sent them.
func albEvent(c corpus.Case) ([]byte, error) {
	ev := events.ALBTargetGroupRequest{
		HTTPMethod:        c.Method,
		Path:              c.RawPath(),
		MultiValueHeaders: caseHeaders(c), // never nil: the target group is in multi-value mode
	}
	ev.MultiValueQueryStringParameters = rawQuery(c.RawQuery())
	ev.RequestContext.ELB.TargetGroupArn = "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/flexgo/0"
	if c.BodyLen() > 0 {
		ev.Body, ev.IsBase64Encoded = eventBody(c, false)
	}
	return json.Marshal(ev)
}

func albAnswer(payload []byte) (corpus.Answer, error) {
	var r events.ALBTargetGroupResponse
	if err := json.Unmarshal(payload, &r); err != nil {
		return corpus.Answer{}, err
	}
	h := http.Header{}
	for k, vs := range r.MultiValueHeaders {
		for _, v := range vs {
			h.Add(k, v)
		}
	}
	if r.MultiValueHeaders == nil {
		return corpus.Answer{}, fmt.Errorf("an ALB in multi-value mode needs multiValueHeaders; got headers %v", r.Headers)
	}
	return answer(r.StatusCode, h, r.Body, r.IsBase64Encoded)
}

func answer(status int, h http.Header, body string, base64Encoded bool) (corpus.Answer, error) {
	b := []byte(body)
	if base64Encoded {
		var err error
		if b, err = base64.StdEncoding.DecodeString(body); err != nil {
			return corpus.Answer{}, err
		}
	}
	return corpus.Answer{Status: status, Header: h, Body: b}, nil
}

// rawQuery splits a query string into parameters without decoding them, as an ALB does.
func rawQuery(q string) map[string][]string {
	out := map[string][]string{}
	for _, part := range strings.Split(q, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		out[k] = append(out[k], v)
	}
	return out
}

// decodedQuery splits and decodes a query string as API Gateway REST APIs do; a pair that does
// not decode is passed on as it is.
func decodedQuery(q string) map[string][]string {
	out := map[string][]string{}
	for k, vs := range rawQuery(q) {
		dk := unescape(k)
		for _, v := range vs {
			out[dk] = append(out[dk], unescape(v))
		}
	}
	return out
}

func unescape(s string) string {
	if d, err := url.QueryUnescape(s); err == nil && utf8.ValidString(d) {
		return d
	}
	return s
}
