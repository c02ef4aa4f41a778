package backend

import (
	"context"
	"encoding/json"

	"github.com/flexgo/flexgo/internal/js"
)

// UserStore is the userStore module: the app's users (the user routes). Calls the Node SDK
// refuses to make — an argument missing, or UseBL or UseUserContext from a task for the "user"
// collection — return an *[Error] named "UserStoreError" without calling.
type UserStore struct{ s store }

// UserStore returns the userStore module with opts.
func (c *Client) UserStore(opts StoreOptions) *UserStore {
	return &UserStore{store{c: c, opts: opts}}
}

const userStoreError = "UserStoreError"

func (u *UserStore) request(method, path string, a auth) request {
	return u.s.request(method, "user", nil, path, a)
}

func (u *UserStore) send(ctx context.Context, r request) (json.RawMessage, error) {
	return u.s.send(ctx, r, u.s.recursive("user"), clientError(userStoreError, "Not Allowed",
		"Recursive requests to the user store from the user store cannot use user credentials or use Bl"))
}

func requiredID(module, id, debug string) error {
	if id == "" {
		return clientError(module, "Bad Request", debug)
	}
	return nil
}

// Create creates a user. The request is made with the app secret, as in Node.
func (u *UserStore) Create(ctx context.Context, user any) (json.RawMessage, error) {
	raw, err := entityArg(user, userStoreError, "A user entity must be supplied")
	if err != nil {
		return nil, err
	}
	return u.send(ctx, withBody(u.request("POST", "", authAppSecret), raw))
}

// Update replaces the user with the user's _id.
func (u *UserStore) Update(ctx context.Context, user any) (json.RawMessage, error) {
	raw, err := entityArg(user, userStoreError, "A user entity must be supplied")
	if err != nil {
		return nil, err
	}
	id := js.Field(raw, "_id")
	if !js.RawTruthy(id) {
		return nil, clientError(userStoreError, "Bad Request", "A user entity must be supplied containing at least an _id")
	}
	return u.send(ctx, withBody(u.request("PUT", js.String(id), authDefault), raw))
}

// FindByID returns the user with the id.
func (u *UserStore) FindByID(ctx context.Context, userID string) (json.RawMessage, error) {
	if err := requiredID(userStoreError, userID, "userId is required"); err != nil {
		return nil, err
	}
	return u.send(ctx, u.request("GET", userID, authDefault))
}

// GetCurrentUser returns the user who made the client's request (the task's user id).
func (u *UserStore) GetCurrentUser(ctx context.Context) (json.RawMessage, error) {
	return u.FindByID(ctx, u.s.c.userID)
}

// Find returns the users q selects, all of them when q is nil.
func (u *UserStore) Find(ctx context.Context, q Query) (json.RawMessage, error) {
	return u.send(ctx, withQuery(u.request("GET", "", authDefault), q))
}

// Remove deletes the user for good: with ?hard=true when the task's API version is above 1, as
// in Node (the version is compared as JavaScript compares a string with a number).
func (u *UserStore) Remove(ctx context.Context, userID string) (json.RawMessage, error) {
	if err := requiredID(userStoreError, userID, "userId is required"); err != nil {
		return nil, err
	}
	r := u.request("DELETE", userID, authDefault)
	if js.ToNumber(u.s.c.apiVersion) > 1 {
		r.qs, r.hasQS = []pair{{"hard", "true"}}, true
	}
	return u.send(ctx, r)
}

// Suspend suspends the user (a soft delete): with ?soft=true when the task's API version is 1 or
// below, as in Node.
func (u *UserStore) Suspend(ctx context.Context, userID string) (json.RawMessage, error) {
	if err := requiredID(userStoreError, userID, "userId is required"); err != nil {
		return nil, err
	}
	r := u.request("DELETE", userID, authDefault)
	if js.ToNumber(u.s.c.apiVersion) <= 1 {
		r.qs, r.hasQS = []pair{{"soft", "true"}}, true
	}
	return u.send(ctx, r)
}

// Restore restores a suspended user. The request is made with the master secret even with
// UseUserContext, as in Node.
func (u *UserStore) Restore(ctx context.Context, userID string) (json.RawMessage, error) {
	if err := requiredID(userStoreError, userID, "userId is required"); err != nil {
		return nil, err
	}
	return u.send(ctx, u.request("POST", userID+"/_restore", authMaster))
}

// Count returns {"count": n}, the number of users q selects (all when q is nil).
func (u *UserStore) Count(ctx context.Context, q Query) (json.RawMessage, error) {
	return u.send(ctx, withQuery(u.request("GET", "_count/", authDefault), q))
}

// AssignRole gives the user the role.
func (u *UserStore) AssignRole(ctx context.Context, userID, roleID string) (json.RawMessage, error) {
	if err := roleArgs(userID, roleID); err != nil {
		return nil, err
	}
	return u.send(ctx, withBody(u.request("PUT", userID+"/roles/"+roleID, authDefault), json.RawMessage("{}")))
}

// RevokeRole takes the role from the user.
func (u *UserStore) RevokeRole(ctx context.Context, userID, roleID string) (json.RawMessage, error) {
	if err := roleArgs(userID, roleID); err != nil {
		return nil, err
	}
	return u.send(ctx, withBody(u.request("DELETE", userID+"/roles/"+roleID, authDefault), json.RawMessage("{}")))
}

func roleArgs(userID, roleID string) error {
	if err := requiredID(userStoreError, userID, "userId is required"); err != nil {
		return err
	}
	return requiredID(userStoreError, roleID, "roleId is required")
}

// ListRoles returns the roles of the user.
func (u *UserStore) ListRoles(ctx context.Context, userID string) (json.RawMessage, error) {
	if err := requiredID(userStoreError, userID, "userId is required"); err != nil {
		return nil, err
	}
	return u.send(ctx, u.request("GET", userID+"/roles", authDefault))
}
