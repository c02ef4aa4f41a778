# `sam build` runs these targets (template.yaml: BuildMethod makefile): it copies the repository to a scratch
# directory, sets ARTIFACTS_DIR, and runs `make build-<LogicalId>` there. Each target builds the function's
# bootstrap as flexgo measures it: static (CGO_ENABLED=0), for arm64 (the template's Architectures), without
# build paths (-trimpath), symbols or debug info (-s -w), and without the RPC mode aws-lambda-go keeps for the old
# go1.x runtime (lambda.norpc).

GOFLAGS_LAMBDA := -trimpath -ldflags='-s -w' -tags lambda.norpc

build-BookstoreFunction:
	CGO_ENABLED=0 GOOS=linux GOARCH=arm64 go build $(GOFLAGS_LAMBDA) -o $(ARTIFACTS_DIR)/bootstrap ./examples/bookstore/cmd/lambda

.PHONY: build-BookstoreFunction
