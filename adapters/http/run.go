package http

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	nethttp "net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/flexgo/flexgo/core"
)

// Server timeouts. The write timeout follows the service's timeout budget.
const (
	ReadHeaderTimeout = 10 * time.Second
	IdleTimeout       = 120 * time.Second
	MaxHeaderBytes    = 1 << 20
)

// NewServer returns an *http.Server for svc on its configured address, with timeouts set:
// headers must arrive within ReadHeaderTimeout, the body within the service's timeout, and the
// answer may take the timeout budget plus a margin.
func NewServer(svc *core.Service) *nethttp.Server {
	cfg := svc.Config()
	return &nethttp.Server{
		Addr:              cfg.Addr(),
		Handler:           Handler(svc),
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       cfg.Timeout + ReadHeaderTimeout,
		WriteTimeout:      cfg.Timeout + ReadHeaderTimeout + 5*time.Second,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(svc.Logger().Handler(), slog.LevelWarn),
	}
}

// Run serves svc on FLEX_HOST:FLEX_PORT (its Config's Host and Port) until ctx is done or the
// process receives SIGTERM or SIGINT. It then stops accepting connections and lets requests in
// flight, and background work started with Task.Go, finish within the configured drain timeout; a
// second signal stops at once. It returns
// nil after a clean drain.
func Run(ctx context.Context, svc *core.Service) error {
	ln, err := net.Listen("tcp", svc.Config().Addr())
	if err != nil {
		return fmt.Errorf("flexgo: %w", err)
	}
	return Serve(ctx, svc, ln)
}

// Serve is Run on a listener the caller opened.
func Serve(ctx context.Context, svc *core.Service, ln net.Listener) error {
	return ServeServer(ctx, NewServer(svc), svc, ln)
}

// ServeServer is Serve with a server the caller configured (from NewServer, say, with other
// timeouts). Answers net/http gives on its own, for requests it cannot parse, are rewritten as
// JSON Kinvey errors.
func ServeServer(ctx context.Context, srv *nethttp.Server, svc *core.Service, ln net.Listener) error {
	log := svc.Logger()
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	defer signal.Stop(signals)

	served := make(chan error, 1)
	go func() { served <- srv.Serve(jsonErrorListener{ln}) }()
	log.Info(fmt.Sprintf("Service listening on %s", ln.Addr()))

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	case sig := <-signals:
		log.Info("Signal received, draining requests in flight; send it again to stop at once",
			"signal", sig.String())
	}

	drainCtx, cancel := context.WithTimeout(context.Background(), svc.Config().DrainTimeout)
	defer cancel()
	go func() {
		select {
		case <-signals:
			log.Warn("Second signal received, stopping at once")
			cancel()
		case <-drainCtx.Done():
		}
	}()
	err := srv.Shutdown(drainCtx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		_ = srv.Close()
		return fmt.Errorf("flexgo: requests still in flight after the drain: %w", err)
	}
	if err != nil {
		return fmt.Errorf("flexgo: %w", err)
	}
	if err := svc.WaitBackground(drainCtx); err != nil {
		return fmt.Errorf("flexgo: background work still running after the drain: %w", err)
	}
	log.Info("Drained; stopped")
	return nil
}
