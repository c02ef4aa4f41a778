package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// serverSpec says how to start one server under test.
type serverSpec struct {
	ID   string   // node, twin, control
	Name string   // for the tables
	Argv []string // the command
	Dir  string   // its working directory
	Env  []string // added to the harness's environment
}

// server is a running server under test.
type server struct {
	serverSpec
	Addr    string
	cmd     *exec.Cmd
	exited  chan struct{}
	logPath string
	Started time.Time // just before exec
}

// freeAddr returns a loopback address with a port nothing listens on right now.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// startServer execs spec on a free loopback port, its output going to a log file in logDir. The
// caller must stop it. It does not wait for the server to answer.
func startServer(spec serverSpec, logDir string) (*server, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	_, port, _ := net.SplitHostPort(addr)
	s := &server{serverSpec: spec, Addr: addr, exited: make(chan struct{})}
	s.logPath = filepath.Join(logDir, spec.ID+"-"+port+".log")
	logFile, err := os.Create(s.logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close() // the child holds its own descriptor
	cmd := exec.Command(spec.Argv[0], spec.Argv[1:]...)
	cmd.Dir = spec.Dir
	cmd.Env = append(os.Environ(), spec.Env...)
	// PORT is the Cloud Functions framework's.
	cmd.Env = append(cmd.Env, "FLEX_HOST=127.0.0.1", "FLEX_PORT="+port, "PORT="+port, "FLEX_SHARED_SECRET="+benchSecret)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// Its own process group, killed with the harness should the harness die first.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	s.Started = time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%s: %w", spec.Name, err)
	}
	s.cmd = cmd
	go func() { _ = cmd.Wait(); close(s.exited) }()
	return s, nil
}

// Pid is the server's process id.
func (s *server) Pid() int { return s.cmd.Process.Pid }

// stop kills the server's process group and waits for it to exit (at most five seconds).
func (s *server) stop() {
	if s == nil || s.cmd == nil {
		return
	}
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
	select {
	case <-s.exited:
	case <-time.After(5 * time.Second):
	}
}

// shutdown asks the server to stop (SIGTERM), waits for it up to timeout, then kills it.
func (s *server) shutdown(timeout time.Duration) {
	if s == nil || s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(timeout):
	}
	s.stop()
}

// logTail is the end of the server's output, for error messages.
func (s *server) logTail() string {
	raw, _ := os.ReadFile(s.logPath)
	if len(raw) > 2000 {
		raw = raw[len(raw)-2000:]
	}
	return string(raw)
}

// waitHealthy polls GET /healthcheck on the server until it answers 200, every 100 µs while the
// port refuses connections, and returns when it first answered. It fails if the server exits or
// the timeout passes first.
func (s *server) waitHealthy(ctx context.Context, timeout time.Duration) (time.Time, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	for {
		if ok := probeHealthy(s.Addr); ok {
			return time.Now(), nil
		}
		select {
		case <-s.exited:
			return time.Time{}, fmt.Errorf("%s exited before it answered /healthcheck:\n%s", s.Name, s.logTail())
		case <-ctx.Done():
			return time.Time{}, fmt.Errorf("%s did not answer /healthcheck within %s:\n%s", s.Name, timeout, s.logTail())
		case <-time.After(100 * time.Microsecond):
		}
	}
}

// probeHealthy sends one GET /healthcheck on a fresh connection and reports a 200 answer.
func probeHealthy(addr string) bool {
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := conn.Write([]byte("GET /healthcheck HTTP/1.1\r\nHost: " + addr + "\r\nConnection: close\r\n\r\n")); err != nil {
		return false
	}
	status, _, err := readResponse(bufio.NewReader(conn))
	return err == nil && status == 200
}

// goBuild builds a Go main package of the module at root into out.
func goBuild(ctx context.Context, root, pkg, out string, env []string, flags ...string) error {
	args := append([]string{"build", "-o", out}, flags...)
	args = append(args, pkg)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), env...)
	if raw, err := cmd.CombinedOutput(); err != nil {
		// go build prints the package, then the first compiler error: say that first.
		lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
		if len(lines) > 1 && strings.HasPrefix(lines[0], "# ") {
			lines = lines[1:]
		}
		return fmt.Errorf("go build %s: %s (%v)", pkg, strings.Join(lines, "; "), err)
	}
	return nil
}

// fileSize is the size of a file in bytes.
func fileSize(path string) (int64, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// exists reports whether path exists.
func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// findRoot walks up from dir to the flexgo module's root.
func findRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for range 64 {
		raw, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil {
			sc := bufio.NewScanner(bytes.NewReader(raw))
			if sc.Scan() && sc.Text() == "module github.com/flexgo/flexgo" {
				return dir, nil
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return "", errors.New("not inside the flexgo module: run the harness from the repository (go run ./bench)")
}

// mib formats a byte count in MiB.
func mib(n int64) string {
	if n <= 0 {
		return "n/a"
	}
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MiB"
}
