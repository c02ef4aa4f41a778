package twin

import (
	"context"
	"encoding/json"

	"github.com/flexgo/flexgo/core"
)

func registerAuth(svc *core.Service) {
	svc.Auth("login", func(_ context.Context, r *core.AuthRequest, c *core.AuthCompletion) {
		switch r.Credentials.Password {
		case "pw":
			c.SetToken(object{"access_token": "t-" + jsText(member(r.Body, "username"))}).
				AddAttribute("expires_in", 3600).OK().Next()
		case "down":
			c.TemporarilyUnavailable("maintenance").Next()
		case "oops":
			c.ServerError("oops").Next()
		default:
			c.AccessDenied("bad credentials").Next()
		}
	})
	svc.Auth("attrs", func(_ context.Context, _ *core.AuthRequest, c *core.AuthCompletion) {
		c.SetToken(object{"t": 1}).AddAttribute("a", 1).AddAttribute("b", 2).RemoveAttribute("a").OK().Done()
	})
}

// jsText is what a JavaScript template literal makes of a JSON value: "undefined" when absent.
func jsText(raw json.RawMessage) string {
	if raw == nil {
		return "undefined"
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return ""
	}
	if v == nil {
		return "null"
	}
	return stringOf(v)
}
