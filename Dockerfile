# A flexgo service in a container: the bookstore example, built as a static binary and run as a
# non-root user on distroless. For your own service, change ./examples/bookstore to its main
# package. See docs/self-hosting.md.
#
#   docker build -t flexgo-bookstore .
#   docker run --rm -p 10001:10001 -e FLEX_SHARED_SECRET flexgo-bookstore

FROM --platform=$BUILDPLATFORM golang:1.26 AS build
ARG TARGETOS
ARG TARGETARCH
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -ldflags='-s -w' -o /out/flexgo-service ./examples/bookstore

# static: no libc, no shell; nonroot: user 65532. The numeric USER lets Kubernetes check
# runAsNonRoot.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/flexgo-service /flexgo-service
USER 65532:65532
ENV FLEX_HOST=0.0.0.0
EXPOSE 10001
ENTRYPOINT ["/flexgo-service"]
