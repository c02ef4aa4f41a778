package http

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log/slog"
	"math/big"
	"net"
	nethttp "net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flexgo/flexgo/core"
)

// writeCert makes a self-signed certificate for 127.0.0.1 named cn and writes the pair to dir.
func writeCert(t *testing.T, dir, cn string) *x509.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tpl := &x509.Certificate{
		SerialNumber: serial, Subject: pkix.Name{CommonName: cn},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	// Written to temporary names and renamed, as a certificate manager replaces them.
	for name, block := range map[string]*pem.Block{"tls.crt": {Type: "CERTIFICATE", Bytes: der}, "tls.key": {Type: "EC PRIVATE KEY", Bytes: kb}} {
		tmp := filepath.Join(dir, name+".new")
		if err := os.WriteFile(tmp, pem.EncodeToMemory(block), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	cert, _ := x509.ParseCertificate(der)
	return cert
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// TestServeTLS serves HTTPS with FLEX_TLS_CERT_FILE and FLEX_TLS_KEY_FILE: the health check over
// TLS, TLS 1.1 refused, and a renewed certificate served without a restart.
func TestServeTLS(t *testing.T) {
	dir := t.TempDir()
	first := writeCert(t, dir, "first")
	var logs syncBuffer
	svc := core.NewService(core.WithConfig(core.Config{
		TLSCertFile: filepath.Join(dir, "tls.crt"), TLSKeyFile: filepath.Join(dir, "tls.key"),
		SharedSecret: "short",
	}), core.WithLogger(slog.New(core.NewLocalLogHandler(&logs, slog.LevelInfo))))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, svc, ln) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	url := "https://" + ln.Addr().String() + "/healthcheck"

	get := func(trust *x509.Certificate, maxVersion uint16) (*nethttp.Response, error) {
		pool := x509.NewCertPool()
		pool.AddCert(trust)
		client := &nethttp.Client{Timeout: 5 * time.Second, Transport: &nethttp.Transport{
			TLSClientConfig: &tls.Config{RootCAs: pool, MaxVersion: maxVersion}, DisableKeepAlives: true}}
		return client.Get(url)
	}
	resp, err := get(first, 0)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != `{"healthy":true}` || resp.TLS == nil {
		t.Fatalf("over TLS: %d %s", resp.StatusCode, body)
	}
	if _, err := get(first, tls.VersionTLS11); err == nil {
		t.Fatal("a TLS 1.1 client was served")
	}

	second := writeCert(t, dir, "second")
	time.Sleep(1100 * time.Millisecond) // the files are looked at once a second at most
	resp, err = get(second, 0)
	if err != nil {
		t.Fatalf("the renewed certificate was not served: %v", err)
	}
	resp.Body.Close()
	if cn := resp.TLS.PeerCertificates[0].Subject.CommonName; cn != "second" {
		t.Fatalf("served %q after the renewal", cn)
	}

	out := logs.String()
	if !strings.Contains(out, "https://127.0.0.1") || !strings.Contains(out, `"time"`) {
		t.Errorf("the start line does not say https, or lines carry no time: %s", out)
	}
	if !strings.Contains(out, "The shared secret is 5 bytes") || strings.Contains(out, "short\"") {
		t.Errorf("no warning about the short secret (or the secret was logged): %s", out)
	}
}

func TestServeWarnsWithoutASecret(t *testing.T) {
	var logs syncBuffer
	svc := core.NewService(core.WithLogger(slog.New(core.NewLogHandler(&logs, slog.LevelInfo))))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, svc, ln) }()
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(logs.String(), "listening") && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
	if !strings.Contains(logs.String(), "No shared secret is set") {
		t.Fatalf("no warning for an open service: %s", logs.String())
	}
}
