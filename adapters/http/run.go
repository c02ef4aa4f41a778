package http

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	nethttp "net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/flexgo/flexgo/adapters/env"
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

// Main is the whole main function of a service served on its own: it loads the configuration
// ([env.Load]), builds the service with newService (given core.WithConfig, and a logger whose
// lines carry their time), and runs it with [Run]:
//
//	func main() { flexhttp.Main(bookstore.New) }
//
// An invalid configuration is printed, every bad variable named, and the process exits with
// status 2 before listening; a server that fails exits with status 1.
func Main(newService func(...core.Option) *core.Service) {
	cfg, err := env.Load(core.Config{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	level, _ := core.ParseLogLevel(cfg.LogLevel)
	svc := newService(core.WithConfig(cfg), core.WithLogger(slog.New(core.NewLocalLogHandler(os.Stdout, level))))
	if err := Run(context.Background(), svc); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// Run serves svc on FLEX_HOST:FLEX_PORT (its Config's Host and Port), over HTTPS when
// FLEX_TLS_CERT_FILE and FLEX_TLS_KEY_FILE are set, until ctx is done or the process receives
// SIGTERM or SIGINT. It then stops accepting connections and lets requests in flight, and
// background work started with Task.Go, finish within the configured drain timeout; a second
// signal stops at once. It returns nil after a clean drain.
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
// JSON Kinvey errors. With FLEX_TLS_CERT_FILE and FLEX_TLS_KEY_FILE set it serves HTTPS (TLS 1.2
// at least, HTTP/1.1), reading the certificate again when its files change.
func ServeServer(ctx context.Context, srv *nethttp.Server, svc *core.Service, ln net.Listener) error {
	log := svc.Logger()
	cfg := svc.Config()
	scheme := "http"
	if cfg.TLSCertFile != "" {
		tc, err := tlsConfig(cfg.TLSCertFile, cfg.TLSKeyFile)
		if err != nil {
			return err
		}
		ln, scheme = tls.NewListener(ln, tc), "https"
	}
	for _, w := range svc.Warnings() {
		log.Warn(w)
	}
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	defer signal.Stop(signals)

	served := make(chan error, 1)
	go func() { served <- srv.Serve(jsonErrorListener{ln}) }()
	log.Info(fmt.Sprintf("Service listening on %s://%s", scheme, ln.Addr()))

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
