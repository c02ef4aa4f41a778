package assemble

import (
	"archive/zip"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestUploadCompilesAlone assembles the bookstore function, zips it as terraform's archive_file
// does, unpacks the zip into an empty directory and builds it there with no network and no module
// cache: the upload carries all the code it needs, the functions framework included.
func TestUploadCompilesAlone(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a whole upload")
	}
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
