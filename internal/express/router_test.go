package express

import "testing"

func TestMatchRoute(t *testing.T) {
	tests := []struct {
		method, path string
		kind         Kind
		name, id     string
		hasID        bool
		badPath      string
		allow        string
	}{
		{method: "GET", path: "/healthcheck", kind: Health},
		{method: "GET", path: "/HealthCheck/", kind: Health},
		{method: "HEAD", path: "/healthcheck", kind: Health},
		{method: "POST", path: "/healthcheck", kind: DataInsert, name: "healthcheck"},
		{method: "GET", path: "/books", kind: DataGet, name: "books"},
		{method: "GET", path: "/books/", kind: DataGet, name: "books"},
		{method: "GET", path: "/books/1", kind: DataGet, name: "books", id: "1", hasID: true},
		{method: "GET", path: "/books/1/", kind: DataGet, name: "books", id: "1", hasID: true},
		{method: "GET", path: "/books/a%2Fb", kind: DataGet, name: "books", id: "a/b", hasID: true},
		{method: "GET", path: "/books/_count", kind: DataCount, name: "books"},
		{method: "GET", path: "/books/_COUNT", kind: DataCount, name: "books"},
		{method: "GET", path: "/books/%5Fcount", kind: DataGet, name: "books", id: "_count", hasID: true},
		{method: "GET", path: "/b%20c/x%2By", kind: DataGet, name: "b c", id: "x+y", hasID: true},
		{method: "POST", path: "/books", kind: DataInsert, name: "books"},
		{method: "POST", path: "/books/1"},
		{method: "PUT", path: "/books/1", kind: DataUpdate, name: "books", id: "1", hasID: true},
		{method: "PUT", path: "/books"},
		{method: "DELETE", path: "/books", kind: DataDelete, name: "books"},
		{method: "DELETE", path: "/books/7", kind: DataDelete, name: "books", id: "7", hasID: true},
		{method: "POST", path: "/_flexFunctions/echo", kind: Function, name: "echo"},
		{method: "POST", path: "/_flexfunctions/echo", kind: Function, name: "echo"},
		{method: "POST", path: "/_flexFunctions"},
		{method: "POST", path: "/_flexFunctions/"},
		{method: "POST", path: "/_command"},
		{method: "POST", path: "/_auth", kind: DataInsert, name: "_auth"},
		{method: "POST", path: "/_auth/login", kind: Auth, name: "login"},
		{method: "POST", path: "/_command/discover", kind: Discover},
		{method: "POST", path: "/_command/other"},
		{method: "GET", path: "/_flexFunctions/echo", kind: DataGet, name: "_flexFunctions", id: "echo", hasID: true},
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
			got := Find(tt.method, tt.path)
			if got.BadPath != tt.badPath || got.Allow != tt.allow {
				t.Fatalf("badPath %q allow %q, want %q %q", got.BadPath, got.Allow, tt.badPath, tt.allow)
			}
			if tt.kind == None {
				if got.Found {
					t.Fatalf("matched %+v, want no route", got.Route)
				}
				return
			}
			want := Route{Kind: tt.kind, Name: tt.name, ID: tt.id, HasID: tt.hasID}
			if !got.Found || got.Route != want {
				t.Fatalf("got %+v (found %v), want %+v", got.Route, got.Found, want)
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
		r := Find(method, path)
		if r.Found && r.BadPath != "" {
			t.Fatalf("found a route and a bad path: %+v", r)
		}
	})
}
