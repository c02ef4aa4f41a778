package lambda

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

// decodeBoth decodes payload as T with the adapter's codec and with encoding/json.
func decodeBoth[T any](t *testing.T, payload []byte) {
	t.Helper()
	ours, errOurs := unmarshalEvent[T](payload)
	var std T
	errStd := json.Unmarshal(payload, &std)
	if (errOurs == nil) != (errStd == nil) {
		t.Fatalf("%T: ours %v, encoding/json %v, for %q", std, errOurs, errStd, payload)
	}
	if errStd == nil && !reflect.DeepEqual(ours, std) {
		t.Fatalf("%T differs for %q:\nours %+v\nstd  %+v", std, payload, ours, std)
	}
}

// FuzzCodecMatchesEncodingJSON: every payload decodes to the same event as encoding/json decodes
// it (or is refused by both), for each shape; and the answers encode to the same bytes.
func FuzzCodecMatchesEncodingJSON(f *testing.F) {
	for _, seed := range [][]byte{v2Fixture, v1Fixture, albFixture, []byte(`{"headers":{"A":"1","a":"2"},"HEADERS":{"b":"3"}}`),
		[]byte(`{"body":"\u00e9\ud800","rawPath":"/a%2Fb","isBase64Encoded":true}`), []byte(`{"multiValueHeaders":{"x":["1",null]}}`)} {
		f.Add(seed, "text/html; <b>&</b>", "\u2028\xff")
	}
	f.Fuzz(func(t *testing.T, payload []byte, header, body string) {
		decodeBoth[events.APIGatewayV2HTTPRequest](t, payload)
		decodeBoth[v1Payload](t, payload)
		decodeBoth[events.ALBTargetGroupRequest](t, payload)
		for _, v := range []any{
			events.APIGatewayV2HTTPResponse{StatusCode: 200, Headers: map[string]string{"Content-Type": header, "X": body}, Body: body},
			events.APIGatewayProxyResponse{StatusCode: 404, Headers: map[string]string{"K": header}, MultiValueHeaders: map[string][]string{"M": {body, header}}, Body: body},
			events.ALBTargetGroupResponse{StatusCode: 550, StatusDescription: "550 " + header, Headers: map[string]string{"K": body}, Body: body},
		} {
			ours, errOurs := marshalAnswer(v)
			std, errStd := json.Marshal(v)
			if (errOurs == nil) != (errStd == nil) || string(ours) != string(std) {
				t.Fatalf("answer encodes differently:\nours %s (%v)\nstd  %s (%v)", ours, errOurs, std, errStd)
			}
		}
	})
}
