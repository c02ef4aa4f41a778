package lambda

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name    string
		payload string
		want    Shape
	}{
		{"v2", `{"version":"2.0","rawPath":"/x","requestContext":{"http":{"method":"GET"}}}`, ShapeV2},
		{"v1", `{"resource":"/{p+}","httpMethod":"GET","requestContext":{"stage":"prod"}}`, ShapeV1},
		{"v1 says version 1.0", `{"version":"1.0","httpMethod":"POST"}`, ShapeV1},
		{"alb", `{"httpMethod":"GET","requestContext":{"elb":{"targetGroupArn":"arn"}}}`, ShapeALB},
		{"elb null is no ALB", `{"httpMethod":"GET","requestContext":{"elb":null}}`, ShapeV1},
		{"keys in any case", `{"Version":"2.0"}`, ShapeV2},
		{"the last key wins", `{"version":"2.0","version":"1.0","httpMethod":"GET"}`, ShapeV1},
		{"escaped key and value", `{"\u0076ersion":"2\u002e0"}`, ShapeV2},
		{"elb only inside requestContext", `{"httpMethod":"GET","body":"{\"requestContext\":{\"elb\":{}}}","headers":{"elb":{}}}`, ShapeV1},
		{"nested strings with braces", `{"headers":{"a":"}]{[\""},"version":"2.0"}`, ShapeV2},
		{"white space", " {\n \"version\" : \"2.0\" \n} ", ShapeV2},
		{"empty object", `{}`, ShapeAuto},
		{"not an object", `[1,2]`, ShapeAuto},
		{"truncated", `{"version":"2.0"`, ShapeAuto},
		{"unterminated string", `{"version":"2.0}`, ShapeAuto},
		{"scalar", `"2.0"`, ShapeAuto},
		{"empty", ``, ShapeAuto},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := detect([]byte(tt.payload)); got != tt.want {
				t.Fatalf("detect(%s) = %v, want %v", tt.payload, got, tt.want)
			}
		})
	}
}

// decodeDetect is how events were recognised before the scanner: decoding a probe. On every
// valid JSON object the two must agree.
func decodeDetect(payload []byte) Shape {
	var p struct {
		Version        string          `json:"version"`
		HTTPMethod     string          `json:"httpMethod"`
		RequestContext json.RawMessage `json:"requestContext"`
	}
	if json.Unmarshal(payload, &p) != nil {
		return ShapeAuto
	}
	var pc struct {
		ELB *struct{} `json:"elb"`
	}
	_ = json.Unmarshal(p.RequestContext, &pc)
	switch {
	case pc.ELB != nil:
		return ShapeALB
	case p.Version == "2.0":
		return ShapeV2
	case p.HTTPMethod != "":
		return ShapeV1
	}
	return ShapeAuto
}

func FuzzDetect(f *testing.F) {
	for _, seed := range [][]byte{v2Fixture, v1Fixture, albFixture, []byte(`{"version":"2.0"}`),
		[]byte(`{"httpMethod":"GET","requestContext":{"elb":{}}}`)} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, payload []byte) {
		got := detect(payload)
		var obj map[string]json.RawMessage
		if json.Unmarshal(payload, &obj) != nil {
			return // not an object: the shape's decoder refuses it whatever detect says
		}
		if want := decodeDetect(payload); got != want && typedProbeOK(payload) {
			t.Fatalf("detect(%q) = %v, the decoding probe says %v", payload, got, want)
		}
	})
}

// typedProbeOK reports whether the probe's members have the types it decodes them into (where
// they do not, the old probe failed as a whole, the scanner reads what it can).
func typedProbeOK(payload []byte) bool {
	var p struct {
		Version        *string         `json:"version"`
		HTTPMethod     *string         `json:"httpMethod"`
		RequestContext json.RawMessage `json:"requestContext"`
	}
	if json.Unmarshal(payload, &p) != nil {
		return false
	}
	if len(p.RequestContext) == 0 || string(p.RequestContext) == "null" {
		return true
	}
	var rc map[string]json.RawMessage
	if json.Unmarshal(p.RequestContext, &rc) != nil {
		return false
	}
	for k, v := range rc {
		if strings.EqualFold(k, "elb") && len(v) > 0 && v[0] != '{' && string(v) != "null" {
			return false
		}
	}
	return true
}
