package bookstore

import (
	"context"
	"crypto/rand"
	"errors"

	"github.com/flexgo/flexgo/core"
)

// TokenLifetime is the expires_in of the tokens login answers, in seconds.
const TokenLifetime = 3600

// LoginOptions are the options a client may send beside its credentials.
type LoginOptions struct {
	// Scope is "read" (the default) or "write".
	Scope string `json:"scope"`
}

// Token is the token login answers.
type Token struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	Scope       string `json:"scope"`
	UserID      string `json:"user_id"`
}

// login checks the username and password against the storage's users and answers a bearer
// token, or access_denied. The token is random: a real service would sign it or record it.
func (h *handlers) login(ctx context.Context, req *core.AuthRequest, opts LoginOptions, c *core.AuthCompletion) {
	scope := opts.Scope
	switch scope {
	case "":
		scope = "read"
	case "read", "write":
	default:
		c.AccessDenied("unknown scope " + scope).Done()
		return
	}
	user, err := h.storage(req.Task).Authenticate(ctx, req.Credentials.Username, req.Credentials.Password)
	switch {
	case errors.Is(err, ErrBadCredentials):
		req.Logger().Warn("login refused", "username", req.Credentials.Username)
		c.AccessDenied("bad credentials").Done()
		return
	case err != nil:
		req.Logger().Error("the user table failed", "error", err.Error())
		c.TemporarilyUnavailable("the user table is unavailable").Done()
		return
	}
	c.SetToken(Token{AccessToken: rand.Text(), TokenType: "bearer", Scope: scope, UserID: user.ID}).
		AddAttribute("expires_in", TokenLifetime).
		OK().Done()
}
