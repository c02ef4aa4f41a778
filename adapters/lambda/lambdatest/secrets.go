package lambdatest

import (
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// SecretsExtension is a fake AWS Parameters and Secrets Lambda Extension on 127.0.0.1: GET
// /secretsmanager/get?secretId=ID with the X-Aws-Parameters-Secrets-Token header answers the
// secret as Secrets Manager's GetSecretValue does.
//
// It keeps the ordering AWS documents: the extension "can only be called during the INVOKE phase
// of Lambda operation, not during the INIT phase"
// (https://docs.aws.amazon.com/systems-manager/latest/userguide/ps-integration-lambda-extensions.html).
// So it refuses connections (nothing listens on its port) until the function's runtime has asked
// the [Runtime] for its first event, which ends INIT. A function that reads its secret during
// INIT fails here as it fails on Lambda.
type SecretsExtension struct {
	token string
	port  string

	mu      sync.Mutex
	secrets map[string]string
	ln      net.Listener
	srv     *http.Server
	down    bool // SetDown: refusing connections even during INVOKE
	invoke  bool // the runtime has asked for its first event
	closed  bool

	requests atomic.Int64
}

// NewSecretsExtension returns the fake extension, not yet answering: token is the function's
// AWS_SESSION_TOKEN, which every call must present; secrets maps secret ids to their
// SecretString. Give the function PARAMETERS_SECRETS_EXTENSION_HTTP_PORT=[SecretsExtension.Port],
// then call [SecretsExtension.OpenAfterInit] with the fake runtime that runs it (or
// [SecretsExtension.Open] when the INIT is another runtime's, such as AWS's emulator).
func NewSecretsExtension(token string, secrets map[string]string) (*SecretsExtension, error) {
	// A free port, given up again: the extension takes it once INIT is over.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	e := &SecretsExtension{token: token, port: port, secrets: map[string]string{}}
	for k, v := range secrets {
		e.secrets[k] = v
	}
	return e, nil
}

// OpenAfterInit makes the extension answer once rt's function has asked for its first event
// (its INIT is over), or at once if it has already.
func (e *SecretsExtension) OpenAfterInit(rt *Runtime) {
	rt.onFirstNext(func() { _ = e.Open() })
}

// Open makes the extension answer from now on (unless it is [SecretsExtension.SetDown]).
func (e *SecretsExtension) Open() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.invoke = true
	return e.reconcileLocked()
}

// Port is the port to give the function as PARAMETERS_SECRETS_EXTENSION_HTTP_PORT.
func (e *SecretsExtension) Port() string { return e.port }

// Requests is how many secret reads reached the extension.
func (e *SecretsExtension) Requests() int64 { return e.requests.Load() }

// Set stores (or rotates) a secret.
func (e *SecretsExtension) Set(id, value string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.secrets[id] = value
}

// SetDown makes the extension refuse connections (down) or accept them again once INVOKE has
// begun, as a layer that crashed or is missing would.
func (e *SecretsExtension) SetDown(down bool) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.down = down
	return e.reconcileLocked()
}

// Close stops the extension.
func (e *SecretsExtension) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.closed = true
	return e.reconcileLocked()
}

// reconcileLocked listens exactly when INVOKE has begun and the extension is neither down nor
// closed. e.mu is held.
func (e *SecretsExtension) reconcileLocked() error {
	want := e.invoke && !e.down && !e.closed
	switch {
	case want && e.ln == nil:
		var ln net.Listener
		var err error
		for try := 0; try < 50; try++ { // the port was just given up: wait for it if need be
			if ln, err = net.Listen("tcp", "127.0.0.1:"+e.port); err == nil {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		if err != nil {
			return err
		}
		e.ln = ln
		e.srv = &http.Server{Handler: http.HandlerFunc(e.serve), ReadHeaderTimeout: 5 * time.Second}
		go func(srv *http.Server) { _ = srv.Serve(ln) }(e.srv)
	case !want && e.ln != nil:
		err := e.srv.Close()
		e.ln, e.srv = nil, nil
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		return err
	}
	return nil
}

func (e *SecretsExtension) serve(w http.ResponseWriter, r *http.Request) {
	e.requests.Add(1)
	if r.Header.Get("X-Aws-Parameters-Secrets-Token") != e.token {
		http.Error(w, "unauthorized: X-Aws-Parameters-Secrets-Token is missing or wrong", http.StatusUnauthorized)
		return
	}
	if r.Method != http.MethodGet || r.URL.Path != "/secretsmanager/get" {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	id := r.URL.Query().Get("secretId")
	e.mu.Lock()
	value, ok := e.secrets[id]
	e.mu.Unlock()
	if !ok {
		http.Error(w, "ResourceNotFoundException: Secrets Manager can't find the specified secret.", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"ARN": id, "Name": id, "SecretString": value, "VersionId": "v1",
		"VersionStages": []string{"AWSCURRENT"}, "CreatedDate": time.Now().UTC().Format(time.RFC3339),
	})
}
