package lambdapeers

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	flexhttp "github.com/flexgo/flexgo/adapters/http"
	"github.com/flexgo/flexgo/conformance/twin"
	"github.com/flexgo/flexgo/core"
)

const secret = "s3cret"

func newTwin() *core.Service {
	return twin.New(core.WithConfig(core.Config{SharedSecret: secret}), core.WithLogger(slog.New(slog.DiscardHandler)))
}

// request is one request, as a client sends it to the front.
type request struct {
	name, method, rawPath, rawQuery, body string
}

var requests = []request{
	{"get by id", "GET", "/books/42", "", ""},
	{"id holding an encoded slash", "GET", "/books/a%2Fb", "", ""},
	{"Kinvey query string", "GET", "/books", `query=%7B%22title%22%3A%22a%26b%22%7D&limit=2`, ""},
	{"function call", "POST", "/_flexFunctions/echo", "", `{"body":{"a":1}}`},
}

// event is r as the front delivers it: v2 (a Function URL: raw path and query), v1 (a REST API:
// the path as sent, the parameters decoded into a map), alb (the path and the parameters as sent).
func event(shape string, r request) []byte {
	h := map[string]string{"x-auth-key": secret, "content-type": "application/json", "host": "x.example"}
	q, _ := url.ParseQuery(r.rawQuery)
	single := map[string]string{}
	for k, v := range q {
		single[k] = v[len(v)-1]
	}
	var ev any
	switch shape {
	case "v2":
		e := events.APIGatewayV2HTTPRequest{Version: "2.0", RawPath: r.rawPath, RawQueryString: r.rawQuery, Headers: h, Body: r.body}
		e.RequestContext.HTTP.Method = r.method
		e.RequestContext.HTTP.Path = r.rawPath
		e.RequestContext.DomainName = "abc.lambda-url.us-east-1.on.aws"
		ev = e
	case "v1":
		e := events.APIGatewayProxyRequest{HTTPMethod: r.method, Path: r.rawPath, Headers: h, QueryStringParameters: single, Body: r.body}
		e.RequestContext.Stage = "prod"
		ev = e
	default:
		raw := map[string]string{}
		for _, kv := range strings.Split(r.rawQuery, "&") {
			if k, v, ok := strings.Cut(kv, "="); ok {
				raw[k] = v
			}
		}
		e := events.ALBTargetGroupRequest{HTTPMethod: r.method, Path: r.rawPath, Headers: h, QueryStringParameters: raw, Body: r.body}
		e.RequestContext.ELB.TargetGroupArn = "arn:aws:elasticloadbalancing:us-east-1:0:targetgroup/t/1"
		ev = e
	}
	b, _ := json.Marshal(ev)
	return b
}

// answer reads the status and body of an answer of any shape.
func answer(t *testing.T, out []byte) (int, string) {
	t.Helper()
	var a struct {
		StatusCode int    `json:"statusCode"`
		Body       string `json:"body"`
	}
	if err := json.Unmarshal(out, &a); err != nil {
		t.Fatalf("answer %s: %v", out, err)
	}
	return a.StatusCode, a.Body
}

// TestCorrectnessDifferences sends each request through both, on every shape, and compares each
// answer with the net/http adapter's (which matches the Node reference on the whole corpus). It
// records the differences it finds, and fails when flexgo's answer is not the expected one.
func TestCorrectnessDifferences(t *testing.T) {
	svc := newTwin()
	direct := httptest.NewServer(flexhttp.Handler(svc))
	defer direct.Close()
	for _, shape := range []string{"v2", "v1", "alb"} {
		flex, proxy := Flexgo(svc), Proxy(svc, shape)
		for _, r := range requests {
			u := direct.URL + r.rawPath
			if r.rawQuery != "" {
				u += "?" + r.rawQuery
			}
			req, _ := http.NewRequest(r.method, u, strings.NewReader(r.body))
			req.Header.Set("X-Auth-Key", secret)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			wantBody := readAll(resp)
			payload := event(shape, r)
			out, err := flex(context.Background(), payload)
			if err != nil {
				t.Fatal(err)
			}
			fs, fb := answer(t, out)
			if fs != resp.StatusCode || !sameJSON(fb, wantBody) {
				t.Errorf("%s %s: flexgo answered %d %s, want %d %s", shape, r.name, fs, fb, resp.StatusCode, wantBody)
			}
			out, err = proxy(context.Background(), payload)
			verdict := "same"
			if err != nil {
				verdict = "error: " + err.Error()
			} else if ps, pb := answer(t, out); ps != resp.StatusCode || !sameJSON(pb, wantBody) {
				verdict = fmt.Sprintf("differs: %d %s", ps, clip(pb))
			}
			t.Logf("%s | %s | flexgo: same | aws-lambda-go-api-proxy: %s", shape, r.name, verdict)
		}
	}
}

func readAll(resp *http.Response) string {
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			return b.String()
		}
	}
}

func sameJSON(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return a == b
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return string(xa) == string(ya)
}

func clip(s string) string {
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}

// BenchmarkPerEvent: the cost of one event, bytes in to bytes out, for each shape, through
// flexgo's adapter and through aws-lambda-go-api-proxy (a get by id and a functions call).
func BenchmarkPerEvent(b *testing.B) {
	svc := newTwin()
	for _, shape := range []string{"v2", "v1", "alb"} {
		for _, peer := range []string{"flexgo", "api-proxy"} {
			inv := Flexgo(svc)
			if peer == "api-proxy" {
				inv = Proxy(svc, shape)
			}
			for _, r := range []request{requests[0], requests[3]} {
				payload := event(shape, r)
				name := strings.ReplaceAll(r.name, " ", "-")
				b.Run(shape+"/"+name+"/"+peer, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						if _, err := inv(context.Background(), payload); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		}
	}
}
