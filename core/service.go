package core

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"github.com/flexgo/flexgo/internal/run"
)

// Service is a Flex service: it owns its FlexData service objects, FlexFunctions handlers and
// FlexAuth handlers, and answers requests through [Service.Serve]. Services are values: two can
// live in one process. Register handlers before serving; registering later is safe but a request
// sees the registry as it is when it arrives.
type Service struct {
	cfg     Config
	log     *slog.Logger
	budget  run.Budget
	bg      run.Background
	pool    *run.Pool  // Serve's goroutines
	timers  run.Timers // the budgets' timers, reused
	keys    *keyring
	secrets SecretSource // WithSecretSource's

	middleware        []Middleware
	pendingMiddleware []Middleware // WithMiddleware's, until NewService applies them
	chain             Next         // the middleware around the handler; nil without middleware
	workMiddleware    []WorkMiddleware

	mu        sync.RWMutex
	objects   map[string]*ServiceObject
	objOrder  []string
	functions map[string]FunctionHandler
	fnOrder   []string
	auths     map[string]AuthHandler
	authOrder []string
}

// Option configures a Service.
type Option func(*Service)

// WithConfig sets the configuration (zero fields keep their defaults).
func WithConfig(c Config) Option {
	return func(s *Service) { s.cfg = c.withDefaults() }
}

// WithLogger sets the logger for the service's own lines and for handlers' [Logger]. The default
// writes the reference's JSON lines to standard output at FLEX_LOG_LEVEL.
func WithLogger(l *slog.Logger) Option {
	return func(s *Service) {
		if l != nil {
			s.log = l
		}
	}
}

// WithSecretSource reads the shared secrets from src when requests need them, instead of from the
// configuration (which must then hold none): see [SecretSource].
func WithSecretSource(src SecretSource) Option {
	return func(s *Service) { s.secrets = src }
}

// NewService returns a Service with no handlers. It panics if the configuration is invalid (use
// [Config.Validate] first to report it nicely), like net/http panics on a bad pattern.
func NewService(opts ...Option) *Service {
	s := &Service{
		cfg:       Config{}.withDefaults(),
		objects:   map[string]*ServiceObject{},
		functions: map[string]FunctionHandler{},
		auths:     map[string]AuthHandler{},
		pool:      run.NewPool(),
	}
	for _, opt := range opts {
		opt(s)
	}
	if err := s.cfg.Validate(); err != nil {
		panic("core: invalid configuration: " + err.Error())
	}
	if s.secrets != nil && s.cfg.SharedSecret.IsSet() {
		panic("core: both a configured shared secret and a SecretSource: keep one")
	}
	if s.log == nil {
		level, _ := ParseLogLevel(s.cfg.LogLevel)
		s.log = slog.New(NewLogHandler(os.Stdout, level))
	}
	s.budget = run.Budget{Timeout: s.cfg.Timeout, Reserve: s.cfg.TimeoutReserve}
	s.keys = newKeyring(s.cfg, s.secrets)
	if len(s.pendingMiddleware) > 0 {
		s.Use(s.pendingMiddleware...)
		s.pendingMiddleware = nil
	}
	return s
}

// Config returns the service's configuration, defaults filled in.
func (s *Service) Config() Config { return s.cfg }

// Warnings lists what the configuration allows but a service should not run with: no shared
// secret (anyone who can reach the service can call it), or one shorter than [MinSecretBytes].
// Adapters log them when they start.
func (s *Service) Warnings() []string {
	var w []string
	switch {
	case s.secrets != nil: // read from a secret store: its strength is the store's business
	case !s.cfg.SharedSecret.IsSet():
		w = append(w, "No shared secret is set (FLEX_SHARED_SECRET): anyone who can reach this service can call it")
	case len(s.cfg.SharedSecret) < MinSecretBytes:
		w = append(w, fmt.Sprintf("The shared secret is %d bytes; use at least %d (256 bits, as the Flex documentation recommends): openssl rand -hex 32",
			len(s.cfg.SharedSecret), MinSecretBytes))
	}
	if p := s.cfg.SharedSecretPrevious; p.IsSet() && len(p) < MinSecretBytes {
		w = append(w, fmt.Sprintf("The previous shared secret is %d bytes; finish the rotation soon", len(p)))
	}
	return w
}

// WrapLogHandler replaces the handler of the service's logger with wrap(handler): every line the
// core and the handlers write goes through it (to add a request's trace ids, say). Call it before
// serving.
func (s *Service) WrapLogHandler(wrap func(slog.Handler) slog.Handler) {
	s.log = slog.New(wrap(s.log.Handler()))
}

// Logger returns the service's logger.
func (s *Service) Logger() *slog.Logger { return s.log }

// ServiceObject returns the FlexData service object called name, creating it on first use.
// Discovery lists service objects in the order they were first asked for here.
func (s *Service) ServiceObject(name string) *ServiceObject {
	if name == "" {
		panic("core: empty service object name")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if so, ok := s.objects[name]; ok {
		return so
	}
	so := &ServiceObject{name: name, svc: s}
	s.objects[name] = so
	s.objOrder = append(s.objOrder, name)
	return so
}

// RemoveServiceObject forgets a service object and its handlers.
func (s *Service) RemoveServiceObject(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.objects[name]; !ok {
		return
	}
	delete(s.objects, name)
	s.objOrder = remove(s.objOrder, name)
}

// Function registers the FlexFunctions handler called name, replacing any handler of that name
// (which keeps its place in discovery).
func (s *Service) Function(name string, h FunctionHandler) {
	if name == "" || h == nil {
		panic(fmt.Sprintf("core: Function(%q): name and handler are required", name))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.functions[name]; !ok {
		s.fnOrder = append(s.fnOrder, name)
	}
	s.functions[name] = h
}

// Auth registers the FlexAuth handler called name, replacing any handler of that name.
func (s *Service) Auth(name string, h AuthHandler) {
	if name == "" || h == nil {
		panic(fmt.Sprintf("core: Auth(%q): name and handler are required", name))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.auths[name]; !ok {
		s.authOrder = append(s.authOrder, name)
	}
	s.auths[name] = h
}

// Discovery is what POST /_command/discover answers: the names registered, in order.
type Discovery struct {
	DataLink struct {
		ServiceObjects []string `json:"serviceObjects"`
	} `json:"dataLink"`
	BusinessLogic struct {
		Handlers []string `json:"handlers"`
	} `json:"businessLogic"`
	Auth struct {
		Handlers []string `json:"handlers"`
	} `json:"auth"`
}

// Discover lists the registered service objects, functions and auth handlers in registration order.
func (s *Service) Discover() Discovery {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var d Discovery
	d.DataLink.ServiceObjects = append([]string{}, s.objOrder...)
	d.BusinessLogic.Handlers = append([]string{}, s.fnOrder...)
	d.Auth.Handlers = append([]string{}, s.authOrder...)
	return d
}

func (s *Service) function(name string) FunctionHandler {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.functions[name]
}

func (s *Service) auth(name string) AuthHandler {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.auths[name]
}

func (s *Service) object(name string) *ServiceObject {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.objects[name]
}

func remove(list []string, name string) []string {
	out := list[:0]
	for _, n := range list {
		if n != name {
			out = append(out, n)
		}
	}
	return out
}

// Go is [Task.Go] for work that belongs to no request. ctx provides values (not cancellation).
func (s *Service) Go(ctx context.Context, name string, fn func(ctx context.Context)) {
	if ctx == nil {
		ctx = context.Background()
	}
	fn = s.wrapWork(name, fn)
	s.bg.Add()
	leave := run.Join(ctx)
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.BackgroundLimit)
	go func() {
		start := time.Now()
		defer s.bg.Done()
		defer leave()
		defer cancel()
		defer func() {
			if p := recover(); p != nil {
				s.log.ErrorContext(wctx, "Background work panicked", "work", name,
					"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			}
		}()
		fn(wctx)
		if wctx.Err() != nil {
			s.log.WarnContext(wctx, "Background work was cut short by FLEX_BACKGROUND_LIMIT",
				"work", name, "limit", s.cfg.BackgroundLimit.String(), "ran", time.Since(start).Round(time.Millisecond).String())
		}
	}()
}

// WaitBackground blocks until no background work ([Task.Go], [Service.Go]) is running, or ctx is
// done (then it returns ctx's error and logs how much work was still running).
func (s *Service) WaitBackground(ctx context.Context) error {
	running, err := s.bg.Wait(ctx)
	if err != nil {
		s.log.WarnContext(ctx, "Stopped waiting for background work", "running", running)
	}
	return err
}
