package assemble

import (
	"archive/zip"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flexgo/flexgo/internal/testenv"
)

// TestUploadCompilesAlone assembles the bookstore function, zips it as terraform's archive_file
// does, unpacks the zip into an empty directory and builds it there with no network and no module
// cache: the upload carries all the code it needs, the functions framework included.
func TestUploadCompilesAlone(t *testing.T) {
	testenv.SkipIfShort(t, "builds a whole upload")
	src := filepath.Join(t.TempDir(), "src")
	if err := Source("./examples/bookstore/gcf", src, "example.com/flexgo/function"); err != nil {
		t.Fatal(err)
	}
	gomod, _ := os.ReadFile(filepath.Join(src, "go.mod"))
	if !strings.Contains(string(gomod), "\ngo "+GoDirective+"\n") || !strings.HasPrefix(string(gomod), "module example.com/") {
		t.Fatalf("go.mod breaks Cloud Functions' rules:\n%s", gomod)
	}
	zipPath := filepath.Join(t.TempDir(), "function.zip")
	if err := zipDir(src, zipPath); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(zipPath)
	t.Logf("upload: %d bytes zipped", st.Size())

	dst := filepath.Join(t.TempDir(), "unpacked")
	if err := unzip(zipPath, dst); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"build", "./..."}, {"vet", "./..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = dst
		cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=vendor", "GOWORK=off",
			"GOTOOLCHAIN=local", "GOMODCACHE="+t.TempDir(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s in the unpacked upload: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

// zipDir zips every file below dir with paths relative to it, as archive_file does.
func zipDir(dir, zipPath string) error {
	f, err := os.Create(zipPath)
	if err != nil {
		return err
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		w, err := zw.Create(filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		_, err = io.Copy(w, in)
		return err
	})
	if err != nil {
		return err
	}
	return zw.Close()
}

func unzip(zipPath, dst string) error {
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		return err
	}
	defer zr.Close()
	for _, f := range zr.File {
		p := filepath.Join(dst, filepath.FromSlash(f.Name))
		if !strings.HasPrefix(p, filepath.Clean(dst)+string(os.PathSeparator)) {
			return fs.ErrInvalid
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		in, err := f.Open()
		if err != nil {
			return err
		}
		out, err := os.Create(p)
		if err != nil {
			in.Close()
			return err
		}
		_, err = io.Copy(out, in)
		in.Close()
		out.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// TestUploadBuildsLikeTheBuildpack builds the upload as Google's Go buildpack does for a Cloud
// Function (GoogleCloudPlatform/buildpacks, cmd/go/functions_framework and cmd/go/build, read
// and run at commit 21f28de, 2026-08-22), then serves a health check and a FlexData request
// through the binary it makes:
//
//   - every .go file at the upload's root is parsed, _test.go files included: they must hold
//     exactly one package, which imports the framework's functions package (the "declarative"
//     kind of function);
//   - with go.mod and vendor/: the module path must hold a dot, go.mod must require the
//     framework and vendor/ must hold its funcframework package;
//   - for Go 1.23 and later a main package is written to functions.local/app inside the upload: it
//     blank-imports the function package (whose init registers the function) and calls
//     funcframework.Start with $PORT (8080 by default);
//   - it is built with `go build -o main <upload>/functions.local/app`, no -mod flag and no
//     GOFLAGS: the go command's own default reads vendor/;
//   - the instance runs it with PORT and FUNCTION_TARGET (the entry point).
func TestUploadBuildsLikeTheBuildpack(t *testing.T) {
	testenv.SkipIfShort(t, "builds and runs a whole upload")
	const module, target = "example.com/flexgo/function", "FlexService"
	src := filepath.Join(t.TempDir(), "src")
	if err := Source("./examples/bookstore/gcf", src, module); err != nil {
		t.Fatal(err)
	}
	zipPath := filepath.Join(t.TempDir(), "function.zip")
	if err := zipDir(src, zipPath); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "serverless_function_source_code")
	if err := unzip(zipPath, dir); err != nil {
		t.Fatal(err)
	}

	// The buildpack's checks.
	pkgs, err := parser.ParseDir(token.NewFileSet(), dir, nil, parser.ImportsOnly)
	if err != nil || len(pkgs) != 1 {
		t.Fatalf("the upload's root holds %d packages (%v); the buildpack wants exactly one", len(pkgs), err)
	}
	declarative := false
	for _, p := range pkgs {
		for _, f := range p.Files {
			for _, imp := range f.Imports {
				declarative = declarative || imp.Path.Value == `"github.com/GoogleCloudPlatform/functions-framework-go/functions"`
			}
		}
	}
	if !declarative {
		t.Fatal("the function package does not import the framework's functions package")
	}
	gomod, _ := os.ReadFile(filepath.Join(dir, "go.mod"))
	if first, _, _ := strings.Cut(module, "/"); !strings.Contains(first, ".") {
		t.Fatalf("module path %s has no dot", module)
	}
	if !strings.Contains(string(gomod), "github.com/GoogleCloudPlatform/functions-framework-go v") {
		t.Fatalf("go.mod does not require the functions framework:\n%s", gomod)
	}
	if _, err := os.Stat(filepath.Join(dir, "vendor/github.com/GoogleCloudPlatform/functions-framework-go/funcframework")); err != nil {
		t.Fatal("vendor/ lacks funcframework: the buildpack refuses such an upload")
	}

	// The main package the buildpack writes (the same program; not its text).
	app := filepath.Join(dir, "functions.local", "app")
	if err := os.MkdirAll(app, 0o755); err != nil {
		t.Fatal(err)
	}
	mainGo := `package main

import (
	"log"
	"os"

	_ "` + module + `"

	"github.com/GoogleCloudPlatform/functions-framework-go/funcframework"
)

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	if err := funcframework.Start(port); err != nil {
		log.Fatalf("Function failed to start: %v", err)
	}
}
`
	if err := os.WriteFile(filepath.Join(app, "main.go"), []byte(mainGo), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "main")
	build := exec.Command("go", "build", "-o", bin, app)
	build.Dir = dir
	build.Env = append(os.Environ(), "GOFLAGS=", "GOPROXY=off", "GOWORK=off", "GOTOOLCHAIN=local",
		"GOPATH="+t.TempDir(), "GOMODCACHE="+t.TempDir(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build as the buildpack runs it: %v\n%s", err, out)
	}

	// Serve, as an instance does (funcframework.Start listens on every interface; the test talks to
	// 127.0.0.1 only).
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	srv := exec.Command(bin)
	srv.Env = append(os.Environ(), "PORT="+port, "FUNCTION_TARGET="+target, "FLEX_SHARED_SECRET=s3cret", "FLEX_LOG_LEVEL=error")
	var logs strings.Builder
	srv.Stdout, srv.Stderr = &logs, &logs
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = srv.Process.Kill(); _ = srv.Wait() }()
	base := "http://127.0.0.1:" + port
	client := &http.Client{Timeout: 5 * time.Second}
	var health *http.Response
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if health, err = client.Get(base + "/healthcheck"); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatalf("the function never answered: %v\n%s", err, logs.String())
	}
	body, _ := io.ReadAll(health.Body)
	health.Body.Close()
	if health.StatusCode != http.StatusOK || string(body) != `{"healthy":true}` {
		t.Fatalf("health check: %d %s", health.StatusCode, body)
	}
	req, _ := http.NewRequest(http.MethodGet, base+"/books/1", nil)
	req.Header.Set("X-Auth-Key", "s3cret")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"_id":"1"`) {
		t.Fatalf("FlexData get by id: %d %s\n%s", resp.StatusCode, body, logs.String())
	}
	t.Logf("built as the buildpack builds it and served: GET /healthcheck %d, GET /books/1 %d %s",
		health.StatusCode, resp.StatusCode, body)
}
