// Command lambda is the twin service as an AWS Lambda bootstrap (provided.al2023):
//
//	GOOS=linux GOARCH=arm64 go build -tags lambda.norpc -o bootstrap ./conformance/twin/cmd/lambda
package main

import (
	"github.com/flexgo/flexgo/adapters/lambda"
	"github.com/flexgo/flexgo/conformance/twin"
)

func main() { lambda.Main(twin.New, lambda.WithBackgroundWork()) } // the extension, exercised as AWS runs it
