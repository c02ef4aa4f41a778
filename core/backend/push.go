package backend

import (
	"context"
	"encoding/json"

	"github.com/flexgo/flexgo/internal/js"
)

// Push is the push module: it sends push notifications through the app's backend (the push
// routes), with the master secret. Its results are the backend's answer as it is; an answer of
// status 400 or more is an *[Error] (its members read from the answer, which Node rejects with
// as it is).
type Push struct{ c *Client }

// Push returns the push module.
func (c *Client) Push() *Push { return &Push{c} }

// Payload is a notification with a payload per platform: the iOSAps, iOSExtras and
// androidPayload arguments of the Node SDK's sendPayload and broadcastPayload. A nil member is
// left out.
type Payload struct {
	IOSAps         any `json:"iOSAps,omitempty"`
	IOSExtras      any `json:"iOSExtras,omitempty"`
	AndroidPayload any `json:"androidPayload,omitempty"`
}

// The messages of push's argument checks, TypeErrors in Node.
const (
	missingUsers   = "You must specify the 'users' parameter to send a push notification"
	missingMessage = "You must specify the 'message' parameter to send a push notification"
)

func typeError(msg string) *Error { return clientError("TypeError", msg, "") }

// Send is SendMessage.
func (p *Push) Send(ctx context.Context, users, message any) (json.RawMessage, error) {
	return p.SendMessage(ctx, users, message)
}

// SendMessage sends message (a string, or any JSON value) to users: a user entity, or a list of
// them. A single entity is sent as a list of one, as in Node. A nil (or JSON null) users or
// message is refused without calling: a "TypeError" *[Error] whose Description says which.
func (p *Push) SendMessage(ctx context.Context, users, message any) (json.RawMessage, error) {
	rawUsers, err := encodeArg("users", users)
	if err != nil {
		return nil, err
	}
	if k := js.Kind(rawUsers); k == 'n' || k == 0 {
		return nil, typeError(missingUsers)
	}
	rawMessage, err := encodeArg("message", message)
	if err != nil {
		return nil, err
	}
	if k := js.Kind(rawMessage); k == 'n' || k == 0 {
		return nil, typeError(missingMessage)
	}
	if js.Kind(rawUsers) == '{' {
		rawUsers = joinArray([]json.RawMessage{rawUsers})
	}
	body, err := encodeJSON(struct {
		Recipients     json.RawMessage `json:"recipients"`
		MessageContent json.RawMessage `json:"messageContent"`
	}{rawUsers, rawMessage})
	if err != nil {
		return nil, err
	}
	return p.send(ctx, "sendMessage", body)
}

// SendPayload sends a notification with a payload per platform to users, as SendMessage does.
func (p *Push) SendPayload(ctx context.Context, users any, payload Payload) (json.RawMessage, error) {
	return p.SendMessage(ctx, users, payload)
}

// Broadcast is BroadcastMessage.
func (p *Push) Broadcast(ctx context.Context, message any) (json.RawMessage, error) {
	return p.BroadcastMessage(ctx, message)
}

// BroadcastMessage sends message to every user of the app. A nil (or JSON null) message is
// refused without calling, as in SendMessage.
func (p *Push) BroadcastMessage(ctx context.Context, message any) (json.RawMessage, error) {
	rawMessage, err := encodeArg("message", message)
	if err != nil {
		return nil, err
	}
	if k := js.Kind(rawMessage); k == 'n' || k == 0 {
		return nil, typeError(missingMessage)
	}
	body, err := encodeJSON(struct {
		MessageContent json.RawMessage `json:"messageContent"`
	}{rawMessage})
	if err != nil {
		return nil, err
	}
	return p.send(ctx, "sendBroadcast", body)
}

// BroadcastPayload sends a notification with a payload per platform to every user of the app.
func (p *Push) BroadcastPayload(ctx context.Context, payload Payload) (json.RawMessage, error) {
	return p.BroadcastMessage(ctx, payload)
}

func (p *Push) send(ctx context.Context, path string, body []byte) (json.RawMessage, error) {
	a, err := p.c.do(ctx, p.c.rpcRequest("push", path, body))
	if err != nil {
		return nil, err
	}
	if a.status >= 400 {
		return nil, answerError(a)
	}
	return a.result(), nil
}
