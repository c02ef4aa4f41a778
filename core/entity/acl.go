package entity

// ACL is an entity's _acl object with the Node SDK's helper methods (which
// Node attaches as non-enumerable functions, so they never reach the JSON).
// It is the map itself: changes show in the entity and in its JSON.
//
// Members: creator, r and w (user ids), groups.r and groups.w, roles.r,
// roles.u and roles.d, gr and gw (globally readable and writable). Lists are
// []any as encoding/json decodes them; a []string found there is converted to
// []any when first changed. Adders and removers return the ACL, so calls
// chain. Where Node would throw (a list member that is not an array) they
// leave the ACL unchanged.
type ACL map[string]any

// Creator is getCreator(): _acl.creator.
func (a ACL) Creator() any { return a["creator"] }

// SetCreator sets _acl.creator. It is a Go addition: the Node module has no
// setCreator.
func (a ACL) SetCreator(id string) ACL {
	if a != nil {
		a["creator"] = id
	}
	return a
}

func list(v any) []any {
	switch x := v.(type) {
	case []any:
		return x
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out
	}
	return nil
}

func sub(a ACL, key string) map[string]any {
	m, _ := asMap(a[key])
	if !truthy(a[key]) {
		return nil
	}
	return m
}

func get(m map[string]any, key string) []any {
	if m == nil || !truthy(m[key]) {
		return []any{}
	}
	return list(m[key])
}

// Readers is getReaders(): _acl.r, or an empty list.
func (a ACL) Readers() []any { return get(a, "r") }

// Writers is getWriters(): _acl.w, or an empty list.
func (a ACL) Writers() []any { return get(a, "w") }

// ReaderGroups is getReaderGroups(): _acl.groups.r, or an empty list.
func (a ACL) ReaderGroups() []any { return get(sub(a, "groups"), "r") }

// WriterGroups is getWriterGroups(): _acl.groups.w, or an empty list.
func (a ACL) WriterGroups() []any { return get(sub(a, "groups"), "w") }

// ReaderRoles is getReaderRoles(): _acl.roles.r, or an empty list.
func (a ACL) ReaderRoles() []any { return get(sub(a, "roles"), "r") }

// UpdateRoles is getUpdateRoles(): _acl.roles.u, or an empty list.
func (a ACL) UpdateRoles() []any { return get(sub(a, "roles"), "u") }

// DeleteRoles is getDeleteRoles(): _acl.roles.d, or an empty list.
func (a ACL) DeleteRoles() []any { return get(sub(a, "roles"), "d") }

func contains(l []any, id string) bool {
	for _, x := range l {
		if s, ok := x.(string); ok && s == id {
			return true
		}
	}
	return false
}

// add appends id to m[key] unless present, creating the list if falsy.
func add(m map[string]any, key, id string) {
	if m == nil {
		return
	}
	if !truthy(m[key]) {
		m[key] = []any{}
	}
	l := list(m[key])
	if l == nil {
		return
	}
	if !contains(l, id) {
		l = append(l, id)
	}
	m[key] = l
}

// container returns _acl[key], creating it if falsy; nil if it is not an
// object.
func (a ACL) container(key string) map[string]any {
	if a == nil {
		return nil
	}
	if !truthy(a[key]) {
		a[key] = map[string]any{}
	}
	m, _ := asMap(a[key])
	return m
}

func remove(m map[string]any, key, id string) {
	if m == nil {
		return
	}
	l := list(m[key])
	if l == nil || !truthy(m[key]) || !contains(l, id) {
		return
	}
	out := l[:0]
	for _, x := range l {
		if s, ok := x.(string); ok && s == id {
			continue
		}
		out = append(out, x)
	}
	m[key] = out
}

// AddReader is addReader(userId).
func (a ACL) AddReader(userID string) ACL { add(a, "r", userID); return a }

// AddWriter is addWriter(userId).
func (a ACL) AddWriter(userID string) ACL { add(a, "w", userID); return a }

// AddReaderGroup is addReaderGroup(groupId).
func (a ACL) AddReaderGroup(groupID string) ACL { add(a.container("groups"), "r", groupID); return a }

// AddWriterGroup is addWriterGroup(groupId).
func (a ACL) AddWriterGroup(groupID string) ACL { add(a.container("groups"), "w", groupID); return a }

// AddReaderRole is addReaderRole(roleId).
func (a ACL) AddReaderRole(roleID string) ACL { add(a.container("roles"), "r", roleID); return a }

// AddUpdateRole is addUpdateRole(roleId).
func (a ACL) AddUpdateRole(roleID string) ACL { add(a.container("roles"), "u", roleID); return a }

// AddDeleteRole is addDeleteRole(roleId).
func (a ACL) AddDeleteRole(roleID string) ACL { add(a.container("roles"), "d", roleID); return a }

// RemoveReader is removeReader(userId): it removes every occurrence.
func (a ACL) RemoveReader(userID string) ACL { remove(a, "r", userID); return a }

// RemoveWriter is removeWriter(userId).
func (a ACL) RemoveWriter(userID string) ACL { remove(a, "w", userID); return a }

// RemoveReaderGroup is removeReaderGroup(groupId).
func (a ACL) RemoveReaderGroup(groupID string) ACL { remove(sub(a, "groups"), "r", groupID); return a }

// RemoveWriterGroup is removeWriterGroup(groupId).
func (a ACL) RemoveWriterGroup(groupID string) ACL { remove(sub(a, "groups"), "w", groupID); return a }

// RemoveReaderRole is removeReaderRole(roleId).
func (a ACL) RemoveReaderRole(roleID string) ACL { remove(sub(a, "roles"), "r", roleID); return a }

// RemoveUpdateRole is removeUpdateRole(roleId).
func (a ACL) RemoveUpdateRole(roleID string) ACL { remove(sub(a, "roles"), "u", roleID); return a }

// RemoveDeleteRole is removeDeleteRole(roleId).
func (a ACL) RemoveDeleteRole(roleID string) ACL { remove(sub(a, "roles"), "d", roleID); return a }

func (a ACL) global(key string) any {
	if a == nil {
		return nil
	}
	v, ok := a[key]
	if !ok {
		// Like Node, reading an unset flag stores null.
		a[key] = nil
	}
	return v
}

// GloballyReadable is getGloballyReadable(): _acl.gr (usually a bool), nil
// if unset, in which case, as in Node, gr is set to null.
func (a ACL) GloballyReadable() any { return a.global("gr") }

// GloballyWritable is getGloballyWritable(): _acl.gw, as GloballyReadable.
func (a ACL) GloballyWritable() any { return a.global("gw") }

// SetGloballyReadable is setGloballyReadable(gr).
func (a ACL) SetGloballyReadable(gr bool) ACL {
	if a != nil {
		a["gr"] = gr
	}
	return a
}

// SetGloballyWritable is setGloballyWritable(gw).
func (a ACL) SetGloballyWritable(gw bool) ACL {
	if a != nil {
		a["gw"] = gw
	}
	return a
}
