package lambda_test

import (
	"context"
	"fmt"

	"github.com/flexgo/flexgo/adapters/lambda"
	"github.com/flexgo/flexgo/core"
)

// A Function URL event (payload 2.0) through the handler a bootstrap would Start.
func ExampleHandler_Invoke() {
	svc := core.NewService()
	svc.ServiceObject("books").OnGetByID(func(ctx context.Context, req *core.DataRequest, c *core.Completion) {
		c.SetBody(map[string]string{"_id": req.EntityID}).OK().Next()
	})
	h := lambda.NewHandler(svc)
	out, err := h.Invoke(context.Background(), []byte(`{"version":"2.0","rawPath":"/books/a%2Fb",
		"requestContext":{"http":{"method":"GET"},"domainName":"x.lambda-url.eu-west-1.on.aws"}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(out))
	// Output:
	// {"statusCode":200,"headers":{"Content-Type":"application/json; charset=utf-8"},"multiValueHeaders":null,"body":"{\"_id\":\"a/b\"}","cookies":null}
}
