package backend

import (
	"context"
	"encoding/json"

	"github.com/flexgo/flexgo/internal/js"
)

// RoleStore is the roleStore module: the app's roles (the roles routes). Calls the Node SDK
// refuses to make — an argument missing, or UseBL or UseUserContext from a task for the "roles"
// collection — return an *[Error] named "RoleStoreError" without calling.
type RoleStore struct{ s store }

// RoleStore returns the roleStore module with opts.
func (c *Client) RoleStore(opts StoreOptions) *RoleStore {
	return &RoleStore{store{c: c, opts: opts}}
}

const roleStoreError = "RoleStoreError"

func (r *RoleStore) request(method, path string) request {
	return r.s.request(method, "roles", nil, path, authDefault)
}

func (r *RoleStore) send(ctx context.Context, req request) (json.RawMessage, error) {
	return r.s.send(ctx, req, r.s.recursive("roles"), clientError(roleStoreError, "Not Allowed",
		"Recursive requests to the role store from the role store cannot use user credentials or use BL"))
}

// Create creates a role.
func (r *RoleStore) Create(ctx context.Context, role any) (json.RawMessage, error) {
	raw, err := entityArg(role, roleStoreError, "A role entity must be supplied")
	if err != nil {
		return nil, err
	}
	return r.send(ctx, withBody(r.request("POST", ""), raw))
}

// Update replaces the role with the role's _id.
func (r *RoleStore) Update(ctx context.Context, role any) (json.RawMessage, error) {
	raw, err := entityArg(role, roleStoreError, "A role entity must be supplied")
	if err != nil {
		return nil, err
	}
	id := js.Field(raw, "_id")
	if !js.RawTruthy(id) {
		return nil, clientError(roleStoreError, "Bad Request", "A role entity must be supplied containing at least an _id")
	}
	return r.send(ctx, withBody(r.request("PUT", js.String(id)), raw))
}

// FindByID returns the role with the id.
func (r *RoleStore) FindByID(ctx context.Context, roleID string) (json.RawMessage, error) {
	if err := requiredID(roleStoreError, roleID, "roleId is required"); err != nil {
		return nil, err
	}
	return r.send(ctx, r.request("GET", roleID))
}

// Remove deletes the role with the id.
func (r *RoleStore) Remove(ctx context.Context, roleID string) (json.RawMessage, error) {
	if err := requiredID(roleStoreError, roleID, "roleId is required"); err != nil {
		return nil, err
	}
	return r.send(ctx, r.request("DELETE", roleID))
}

// ListMembers returns the users who have the role.
func (r *RoleStore) ListMembers(ctx context.Context, roleID string) (json.RawMessage, error) {
	if err := requiredID(roleStoreError, roleID, "roleId is required"); err != nil {
		return nil, err
	}
	return r.send(ctx, r.request("GET", roleID+"/membership"))
}
