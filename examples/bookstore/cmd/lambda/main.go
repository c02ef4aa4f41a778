// Command lambda is the bookstore example as an AWS Lambda bootstrap; template.yaml builds it
// with `sam build` (see the Makefile beside it) for provided.al2023 on arm64.
package main

import (
	"github.com/flexgo/flexgo/adapters/lambda"
	"github.com/flexgo/flexgo/examples/bookstore/bookstore"
)

func main() { lambda.Main(bookstore.New) }
