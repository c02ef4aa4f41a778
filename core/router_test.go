package core

import "testing"

func TestMatchRoute(t *testing.T) {
	tests := []struct {
		method, path string
		kind         routeKind
		name, id     string
		hasID        bool
		badPath      string
		allow        string
	}{
		{method: "GET", path: "/healthcheck", kind: routeHealth},
		{method: "GET", path: "/HealthCheck/", kind: routeHealth},
		{method: "HEAD", path: "/healthcheck", kind: routeHealth},
		{method: "POST", path: "/healthcheck", kind: routeDataInsert, name: "healthcheck"},
		{method: "GET", path: "/books", kind: routeDataGet, name: "books"},
		{method: "GET", path: "/books/", kind: routeDataGet, name: "books"},
		{method: "GET", path: "/books/1", kind: routeDataGet, name: "books", id: "1", hasID: true},
		{method: "GET", path: "/books/1/", kind: routeDataGet, name: "books", id: "1", hasID: true},
		{method: "GET", path: "/books/a%2Fb", kind: routeDataGet, name: "books", id: "a/b", hasID: true},
		{method: "GET", path: "/books/_count", kind: routeDataCount, name: "books"},
		{method: "GET", path: "/books/_COUNT", kind: routeDataCount, name: "books"},
		{method: "GET", path: "/books/%5Fcount", kind: routeDataGet, name: "books", id: "_count", hasID: true},
		{method: "GET", path: "/b%20c/x%2By", kind: routeDataGet, name: "b c", id: "x+y", hasID: true},
		{method: "POST", path: "/books", kind: routeDataInsert, name: "books"},
		{method: "POST", path: "/books/1"},
		{method: "PUT", path: "/books/1", kind: routeDataUpdate, name: "books", id: "1", hasID: true},
		{method: "PUT", path: "/books"},
		{method: "DELETE", path: "/books", kind: routeDataDelete, name: "books"},
		{method: "DELETE", path: "/books/7", kind: routeDataDelete, name: "books", id: "7", hasID: true},
		{method: "POST", path: "/_flexFunctions/echo", kind: routeFunction, name: "echo"},
		{method: "POST", path: "/_flexfunctions/echo", kind: routeFunction, name: "echo"},
		{method: "POST", path: "/_flexFunctions"},
		{method: "POST", path: "/_flexFunctions/"},
		{method: "POST", path: "/_command"},
		{method: "POST", path: "/_auth", kind: routeDataInsert, name: "_auth"},
		{method: "POST", path: "/_auth/login", kind: routeAuth, name: "login"},
		{method: "POST", path: "/_command/discover", kind: routeDiscover},
		{method: "POST", path: "/_command/other"},
		{method: "GET", path: "/_flexFunctions/echo", kind: routeDataGet, name: "_flexFunctions", id: "echo", hasID: true},
		{method: "GET", path: "/"},
		{method: "GET", path: "//books"},
		{method: "GET", path: "/books//"},
		{method: "GET", path: "/a/b/c"},
		{method: "PATCH", path: "/books"},
		{method: "GET", path: "/books/%E0%A4%A", badPath: "%E0%A4%A"},
		{method: "POST", path: "/_flexFunctions/%C3", badPath: "%C3"},
		{method: "OPTIONS", path: "/books", allow: "GET,HEAD,POST,DELETE"},
		{method: "OPTIONS", path: "/books/1", allow: "GET,HEAD,PUT,DELETE"},
		{method: "OPTIONS", path: "/_flexFunctions/x", allow: "GET,HEAD,PUT,DELETE,POST"},
		{method: "OPTIONS", path: "/a/b/c"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			got := matchRoute(tt.method, tt.path)
			if got.badPath != tt.badPath || got.allow != tt.allow {
				t.Fatalf("badPath %q allow %q, want %q %q", got.badPath, got.allow, tt.badPath, tt.allow)
			}
			if tt.kind == routeNone {
				if got.found {
					t.Fatalf("matched %+v, want no route", got.route)
				}
				return
			}
			want := route{kind: tt.kind, name: tt.name, id: tt.id, hasID: tt.hasID}
			if !got.found || got.route != want {
				t.Fatalf("got %+v (found %v), want %+v", got.route, got.found, want)
			}
		})
	}
}

func FuzzMatchRoute(f *testing.F) {
	for _, s := range []string{"/books/1", "/_flexFunctions/a%2F", "/%", "/_command/discover", "//", "/a/_count/"} {
		f.Add("GET", s)
		f.Add("POST", s)
	}
	f.Fuzz(func(t *testing.T, method, path string) {
		r := matchRoute(method, path)
		if r.found && r.badPath != "" {
			t.Fatalf("found a route and a bad path: %+v", r)
		}
	})
}
