package http

import (
	"crypto/tls"
	"fmt"
	"os"
	"sync"
	"time"
)

// certReloader serves the certificate of a pair of PEM files, read again when either file has
// changed (checked at most once a second, at a handshake), so that a renewed certificate is
// served without a restart. A renewal that cannot be read (a file half written, a key that does
// not match) keeps the certificate served so far and is tried again.
type certReloader struct {
	certFile, keyFile string

	mu      sync.Mutex
	cert    *tls.Certificate
	stamp   [2]time.Time // the files' modification times when cert was read
	checked time.Time
}

func newCertReloader(certFile, keyFile string) (*certReloader, error) {
	r := &certReloader{certFile: certFile, keyFile: keyFile}
	if err := r.load(); err != nil {
		return nil, err
	}
	return r, nil
}

// load reads the pair.
func (r *certReloader) load() error {
	stamp, err := r.stamps()
	if err != nil {
		return err
	}
	cert, err := tls.LoadX509KeyPair(r.certFile, r.keyFile)
	if err != nil {
		return fmt.Errorf("flexgo: FLEX_TLS_CERT_FILE and FLEX_TLS_KEY_FILE: %w", err)
	}
	r.cert, r.stamp = &cert, stamp
	return nil
}

func (r *certReloader) stamps() ([2]time.Time, error) {
	var s [2]time.Time
	for i, name := range []string{r.certFile, r.keyFile} {
		st, err := os.Stat(name)
		if err != nil {
			return s, fmt.Errorf("flexgo: %w", err)
		}
		s[i] = st.ModTime()
	}
	return s, nil
}

// getCertificate is tls.Config.GetCertificate.
func (r *certReloader) getCertificate(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if now := time.Now(); now.Sub(r.checked) >= time.Second {
		r.checked = now
		if stamp, err := r.stamps(); err == nil && stamp != r.stamp {
			_ = r.load() // on failure the old certificate stays
		}
	}
	return r.cert, nil
}

// tlsConfig is the server's TLS configuration: TLS 1.2 at least, the certificate from files.
func tlsConfig(certFile, keyFile string) (*tls.Config, error) {
	r, err := newCertReloader(certFile, keyFile)
	if err != nil {
		return nil, err
	}
	return &tls.Config{MinVersion: tls.VersionTLS12, GetCertificate: r.getCertificate}, nil
}
