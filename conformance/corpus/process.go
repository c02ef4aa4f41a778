package corpus

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/flexgo/flexgo/internal/testenv"
)

// ErrUnavailable is wrapped by the errors of [StartReference] when the reference cannot run here:
// node is not installed, or conformance/reference/node_modules is missing (run npm ci there). A
// test skips on it, unless the environment variable CI is set.
var ErrUnavailable = errors.New("the Node reference is unavailable")

// A Process describes a server to start: a command that listens on 127.0.0.1, on a port given to it
// through its environment.
type Process struct {
	// Path is the program; Args its arguments, without the program's name.
	Path string
	Args []string

	// Dir is the working directory. When empty, a new temporary directory is made, and removed
	// when the server is closed.
	Dir string

	// Env holds "KEY=value" pairs added to the current environment, after FLEX_HOST=127.0.0.1 and
	// the port variable, so they may override them.
	Env []string

	// PortEnv is the variable that gets the port; FLEX_PORT when empty.
	PortEnv string

	// Ready is the path polled with GET until it answers 200; "/healthcheck" when empty.
	Ready string

	// StartTimeout bounds the wait for Ready; 30s when zero.
	StartTimeout time.Duration
}

// A Server is a started process that answers HTTP on 127.0.0.1.
type Server struct {
	// URL is the server's base URL, as "http://127.0.0.1:41234".
	URL string

	cmd     *exec.Cmd
	tempDir string
	out     *tailBuffer
	exited  chan struct{} // closed when the process has exited
	waitErr error         // set before exited is closed

	closeOnce sync.Once
}

// Start starts p on a free port of 127.0.0.1 and waits until it answers GET p.Ready with 200. The
// process lives until [Server.Close], even when ctx ends: ctx bounds only the start.
func Start(ctx context.Context, p Process) (*Server, error) {
	if p.PortEnv == "" {
		p.PortEnv = "FLEX_PORT"
	}
	if p.Ready == "" {
		p.Ready = "/healthcheck"
	}
	if p.StartTimeout <= 0 {
		p.StartTimeout = 30 * time.Second
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	s := &Server{
		URL:    "http://127.0.0.1:" + strconv.Itoa(port),
		out:    &tailBuffer{max: 64 << 10},
		exited: make(chan struct{}),
	}
	dir := p.Dir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "flexgo-conformance-"); err != nil {
			return nil, err
		}
		s.tempDir = dir
	}
	s.cmd = exec.Command(p.Path, p.Args...)
	s.cmd.Dir = dir
	s.cmd.Env = append(os.Environ(), "FLEX_HOST=127.0.0.1", p.PortEnv+"="+strconv.Itoa(port))
	s.cmd.Env = append(s.cmd.Env, p.Env...)
	s.cmd.Stdout = s.out
	s.cmd.Stderr = s.out
	s.cmd.WaitDelay = 2 * time.Second
	dieWithParent(s.cmd)
	if err := s.cmd.Start(); err != nil {
		s.removeTemp()
		return nil, fmt.Errorf("corpus: start %s: %w", p.Path, err)
	}
	go func() {
		s.waitErr = s.cmd.Wait()
		close(s.exited)
	}()

	ctx, cancel := context.WithTimeout(ctx, p.StartTimeout)
	defer cancel()
	if err := s.waitReady(ctx, p.Ready); err != nil {
		s.Close()
		return nil, fmt.Errorf("corpus: %s did not start: %w\noutput:\n%s", p.Path, err, s.Output())
	}
	return s, nil
}

// waitReady polls GET path until it answers 200, the process exits or ctx ends.
func (s *Server) waitReady(ctx context.Context, path string) error {
	client := &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+path, nil)
		if err != nil {
			return err
		}
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-s.exited:
			return fmt.Errorf("it exited: %v", s.waitErr)
		case <-ctx.Done():
			return fmt.Errorf("no answer to GET %s: %w", path, ctx.Err())
		case <-tick.C:
		}
	}
}

// Close kills the process, waits for it to exit (a few seconds at most) and removes its temporary
// working directory. It may be called more than once.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		select {
		case <-s.exited:
		default:
			_ = s.cmd.Process.Kill()
			select {
			case <-s.exited:
			case <-time.After(5 * time.Second):
			}
		}
		s.removeTemp()
	})
	return nil
}

func (s *Server) removeTemp() {
	if s.tempDir != "" {
		_ = os.RemoveAll(s.tempDir)
	}
}

// Output returns the last 64 KiB the process wrote to its stdout and stderr.
func (s *Server) Output() string {
	return s.out.String()
}

// ReferenceDir returns the directory of the Node reference, conformance/reference, found from the
// working directory upwards (tests run in their package's directory, anywhere in the module).
func ReferenceDir() (string, error) {
	root, err := ModuleRoot()
	if err != nil {
		return "", err
	}
	return filepath.Join(root, "conformance", "reference"), nil
}

// ModuleRoot returns the directory of flexgo's go.mod, found from the working directory upwards.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.Contains(b, []byte("module github.com/flexgo/flexgo\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("corpus: module github.com/flexgo/flexgo not found above the working directory")
		}
		dir = parent
	}
}

// StartReference starts the Node reference service (node conformance/reference/service.js) with
// secret as its shared secret, on a free port of 127.0.0.1, in a new temporary working directory
// (it appends to ./output.log). Its error wraps [ErrUnavailable] when node or the reference's
// node_modules is missing. A reference serves one [Run]: what it answers to discovery changes as it
// serves other cases.
func StartReference(ctx context.Context, secret string) (*Server, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("%w: node is not on PATH", ErrUnavailable)
	}
	dir, err := ReferenceDir()
	if err != nil {
		return nil, err
	}
	sdk := filepath.Join(dir, "node_modules", "kinvey-flex-sdk", "package.json")
	if _, err := os.Stat(sdk); err != nil {
		return nil, fmt.Errorf("%w: %s is missing (run npm ci in %s)", ErrUnavailable, sdk, dir)
	}
	env := []string{"NODE_ENV=development"}
	if secret != "" {
		env = append(env, "FLEX_SHARED_SECRET="+secret)
	}
	return Start(ctx, Process{
		Path: node,
		Args: []string{filepath.Join(dir, "service.js")},
		Env:  env,
	})
}

// BuildGo builds the main package pkg of flexgo (as "./conformance/twin/cmd/http", relative to
// the module root) into outDir and returns the program's path. The build is bounded by ctx.
func BuildGo(ctx context.Context, pkg, outDir string) (string, error) {
	root, err := ModuleRoot()
	if err != nil {
		return "", err
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("corpus: %w", err)
	}
	out := filepath.Join(outDir, filepath.Base(pkg))
	cmd := exec.CommandContext(ctx, goTool, "build", "-o", out, pkg)
	cmd.Dir = root
	cmd.WaitDelay = 2 * time.Second
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("corpus: go build %s: %w\n%s", pkg, err, b)
	}
	return out, nil
}

// TB is the part of testing.TB that the test helpers use.
type TB interface {
	Helper()
	Cleanup(func())
	TempDir() string
	Logf(format string, args ...any)
	Skip(args ...any)
	Fatal(args ...any)
	Failed() bool
}

// ReferenceForTest starts the reference for a test, as [StartReference] does, and closes it when
// the test ends. When the reference is unavailable the test is skipped, or failed when the
// environment variable CI is set.
func ReferenceForTest(t TB, secret string) *Server {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := StartReference(ctx, secret)
	if errors.Is(err, ErrUnavailable) {
		testenv.Skip(t, err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// GoServerForTest builds the main package pkg of flexgo (see [BuildGo]) into the test's temporary
// directory, starts it as [Start] does with env added to its environment, and closes it when the
// test ends, logging its output if the test failed. It fails the test when the build or the start
// fails.
func GoServerForTest(t TB, pkg string, env ...string) *Server {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	bin, err := BuildGo(ctx, pkg, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s, err := Start(ctx, Process{Path: bin, Env: env})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.Close()
		if out := s.Output(); t.Failed() && strings.TrimSpace(out) != "" {
			t.Logf("%s output (last %d bytes):\n%s", pkg, len(out), out)
		}
	})
	return s
}

// freePort returns a port of 127.0.0.1 that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("corpus: no free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// tailBuffer keeps the last max bytes written to it. It is safe for concurrent use.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if over := len(t.b) - t.max; over > 0 {
		t.b = append(t.b[:0], t.b[over:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}
