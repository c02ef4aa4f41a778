package http_test

import (
	"context"
	"fmt"
	"io"
	nethttp "net/http"
	"net/http/httptest"

	flexhttp "github.com/flexgo/flexgo/adapters/http"
	"github.com/flexgo/flexgo/core"
)

// Handler mounts a service on any net/http server; here an httptest one.
func ExampleHandler() {
	svc := core.NewService()
	svc.ServiceObject("books").OnGetAll(func(ctx context.Context, req *core.DataRequest, c *core.Completion) {
		c.SetBody([]map[string]string{{"_id": "1", "title": "Dune"}}).OK().Next()
	})
	srv := httptest.NewServer(flexhttp.Handler(svc))
	defer srv.Close()

	for _, path := range []string{"/books", "/healthcheck", "/nope/1/2"} {
		resp, err := nethttp.Get(srv.URL + path)
		if err != nil {
			fmt.Println(err)
			return
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Println(resp.StatusCode, string(body))
	}
	// Output:
	// 200 [{"_id":"1","title":"Dune"}]
	// 200 {"healthy":true}
	// 404 {"error":"NotFound","description":"The requested route does not exist in this Flex service","debug":"Cannot GET /nope/1/2"}
}
