// Command gcfsource assembles the source directory Cloud Functions builds: a function package at
// its root with its own go.mod (module path with a dot, go directive the go126 runtime accepts)
// and a vendor/ directory holding flexgo and the functions framework, so the build needs nothing
// else. terraform/ zips that directory.
//
//	go run ./tools/gcfsource                                  # build/gcf-bookstore from examples/bookstore/gcf
//	go run ./tools/gcfsource -pkg ./examples/bookstore/gcf -out build/gcf-bookstore
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/flexgo/flexgo/tools/gcfsource/assemble"
)

func main() {
	pkg := flag.String("pkg", "./examples/bookstore/gcf", "the function package, relative to the repository root")
	out := flag.String("out", "build/gcf-bookstore", "the directory to write (replaced)")
	module := flag.String("module", "example.com/flexgo/function", "the module path of the upload")
	flag.Parse()
	if err := assemble.Source(*pkg, *out, *module); err != nil {
		fmt.Fprintln(os.Stderr, "gcfsource:", err)
		os.Exit(1)
	}
	fmt.Println("assembled", *out)
}
