package lambda

import (
	"encoding/json"

	gojson "github.com/goccy/go-json"
)

// Events are decoded, and answers encoded, with github.com/goccy/go-json, into and from
// aws-lambda-go's own event types: encoding/json's reflection was two fifths of an invocation
// (docs/performance.md), goccy/go-json decodes the same types about five times faster, and
// FuzzCodecMatchesEncodingJSON checks that both give the same values. An event goccy/go-json
// refuses is decoded again with encoding/json, so that nothing encoding/json accepts is lost.
func unmarshalEvent[T any](payload []byte) (T, error) {
	var ev T
	if err := gojson.Unmarshal(payload, &ev); err == nil {
		return ev, nil
	}
	var std T
	err := json.Unmarshal(payload, &std)
	return std, err
}

// marshalAnswer encodes an answer as encoding/json would.
func marshalAnswer(v any) ([]byte, error) { return gojson.Marshal(v) }
