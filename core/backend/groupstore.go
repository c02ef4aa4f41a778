package backend

import (
	"context"
	"encoding/json"

	"github.com/flexgo/flexgo/internal/js"
)

// GroupStore is the groupStore module: the app's user groups (the group routes). Calls the Node
// SDK refuses to make — an argument missing, or UseBL or UseUserContext from a task for the
// "group" collection — return an *[Error] named "GroupStoreError" without calling.
type GroupStore struct{ s store }

// GroupStore returns the groupStore module with opts.
func (c *Client) GroupStore(opts StoreOptions) *GroupStore {
	return &GroupStore{store{c: c, opts: opts}}
}

const groupStoreError = "GroupStoreError"

func (g *GroupStore) request(method, path string) request {
	return g.s.request(method, "group", nil, path, authDefault)
}

func (g *GroupStore) send(ctx context.Context, r request) (json.RawMessage, error) {
	return g.s.send(ctx, r, g.s.recursive("group"), clientError(groupStoreError, "Not Allowed",
		"Recursive requests to the group store from the group store cannot use user credentials or use Bl"))
}

// Create creates a group.
func (g *GroupStore) Create(ctx context.Context, group any) (json.RawMessage, error) {
	raw, err := entityArg(group, groupStoreError, "A group entity must be supplied")
	if err != nil {
		return nil, err
	}
	return g.send(ctx, withBody(g.request("POST", ""), raw))
}

// Update replaces the group with the group's _id.
func (g *GroupStore) Update(ctx context.Context, group any) (json.RawMessage, error) {
	raw, err := entityArg(group, groupStoreError, "A group entity must be supplied")
	if err != nil {
		return nil, err
	}
	id := js.Field(raw, "_id")
	if !js.RawTruthy(id) {
		return nil, clientError(groupStoreError, "Bad Request", "A group entity must be supplied containing at least an _id")
	}
	return g.send(ctx, withBody(g.request("PUT", js.String(id)), raw))
}

// FindByID returns the group with the id.
func (g *GroupStore) FindByID(ctx context.Context, groupID string) (json.RawMessage, error) {
	if err := requiredID(groupStoreError, groupID, "groupId is required"); err != nil {
		return nil, err
	}
	return g.send(ctx, g.request("GET", groupID))
}

// Remove deletes the group with the id.
func (g *GroupStore) Remove(ctx context.Context, groupID string) (json.RawMessage, error) {
	if err := requiredID(groupStoreError, groupID, "groupId is required"); err != nil {
		return nil, err
	}
	return g.send(ctx, g.request("DELETE", groupID))
}
