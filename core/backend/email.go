package backend

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/flexgo/flexgo/internal/js"
)

// Email is the email module: it sends email through the app's backend (rpc/:appKey/send-email),
// with the master secret.
type Email struct{ c *Client }

// Email returns the email module.
func (c *Client) Email() *Email { return &Email{c} }

// EmailMessage is an email: the arguments of the Node SDK's email.send(from, to, subject,
// textBody, replyTo, htmlBody, cc, bcc). From, To, Subject and TextBody are required; the others
// are sent as null when empty.
type EmailMessage struct {
	From, To, Subject, TextBody string
	ReplyTo, HTMLBody, CC, BCC  string
}

// Send sends the email. It returns the mailServerResponse of the backend's answer when it has
// one, and {"success": true} otherwise; an answer of status 400 or more is an *[Error] (its
// members read from the answer, which Node rejects with as it is). A message missing a required
// field is refused without calling: EmailError, "Invalid Arguments".
func (e *Email) Send(ctx context.Context, m EmailMessage) (json.RawMessage, error) {
	if m.To == "" || m.From == "" || m.Subject == "" || m.TextBody == "" {
		return nil, clientError("EmailError", "Invalid Arguments",
			"To send an email, you must specify the 'to', 'from', 'subject' and 'body' parameters")
	}
	orNull := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	body, err := encodeJSON(struct {
		From    string  `json:"from"`
		To      string  `json:"to"`
		CC      *string `json:"cc"`
		BCC     *string `json:"bcc"`
		Subject string  `json:"subject"`
		ReplyTo *string `json:"replyTo"`
		Body    string  `json:"body"`
		HTML    *string `json:"html"`
	}{m.From, m.To, orNull(m.CC), orNull(m.BCC), m.Subject, orNull(m.ReplyTo), m.TextBody, orNull(m.HTMLBody)})
	if err != nil {
		return nil, err
	}
	a, err := e.c.do(ctx, e.c.rpcRequest("rpc", "send-email", body))
	if err != nil {
		return nil, err
	}
	if a.status >= 400 {
		return nil, answerError(a)
	}
	if a.json && js.Kind(a.body) == '{' {
		if r := js.Field(a.body, "mailServerResponse"); r != nil {
			return r, nil
		}
	}
	return json.RawMessage(`{"success":true}`), nil
}

// rpcRequest is a request of the email and push modules: a POST of JSON with the master secret
// and API version 3, without the stores' business logic switch.
func (c *Client) rpcRequest(route, path string, body []byte) request {
	h := http.Header{}
	h.Set("X-Kinvey-API-Version", "3")
	h.Set("Accept", "application/json")
	h.Set("Content-Type", "application/json")
	h.Set("Authorization", basicAuth(c.appKey, string(c.masterSecret)))
	return request{method: http.MethodPost, url: c.baasURL + "/" + route + "/" + c.appKey + "/" + path,
		header: h, body: body}
}
