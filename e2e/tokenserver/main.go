// Command tokenserver is the bearer-token server of the e2e tests' token registry
// (scripts/registry.sh with SKIFF_REGISTRY_AUTH=token): the flow of Docker Hub and most
// real registries, where the registry answers 401 with `WWW-Authenticate: Bearer
// realm=...,service=...,scope=...` and the client gets a JWT from the realm.
//
//	tokenserver -addr 127.0.0.1:5004 -dir DIR -service S -issuer I -user U -password P
//
// At start-up it makes a fresh ECDSA P-256 key and a self-signed certificate for it,
// written to DIR/token.crt (the registry's rootcertbundle: nothing is committed), then
// serves /token:
//
//   - GET with basic auth (or none: an anonymous token that grants nothing), query
//     service, scope (repeated), account, client_id, offline_token=true (a refresh
//     token too, the identity token docker login stores);
//   - POST, a form with grant_type=password (username, password) or
//     grant_type=refresh_token (refresh_token), client_id, service, scope (space
//     separated), access_type=offline (a refresh token too).
//
// Wrong credentials or an unknown refresh token get 401: the errors of the distribution
// spec ({"errors":[{"code":"UNAUTHORIZED",...}]}) for a known user with a wrong
// password, Docker Hub's {"details":"..."} for an unknown user. Known users are -user U
// and U-anything (same password: one per test, that finds its requests by name); they
// get every action they ask for. Tokens are ES256 JWTs with the certificate in their
// x5c header, as docker distribution 2.8's token access controller verifies them (chain
// to rootcertbundle, issuer, audience = service, nbf/exp, access claim).
//
// Every request is appended to DIR/requests.log as one JSON line (no secret: the user
// name, what was asked and what was answered) for the tests to assert on.
package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"flag"
	"log"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

type server struct {
	service, issuer, user, password string

	key  *ecdsa.PrivateKey
	cert []byte // DER

	mu       sync.Mutex
	refresh  map[string]string // refresh token → user
	logFile  *os.File
	tokenTTL time.Duration
}

func main() {
	addr := flag.String("addr", "127.0.0.1:5004", "listen address")
	dir := flag.String("dir", ".", "where token.crt and requests.log go")
	s := &server{refresh: map[string]string{}, tokenTTL: 5 * time.Minute}
	flag.StringVar(&s.service, "service", "skiff-registry", "the registry's service name (the tokens' audience)")
	flag.StringVar(&s.issuer, "issuer", "skiff-token-issuer", "the tokens' issuer")
	flag.StringVar(&s.user, "user", "skiff", "the one user")
	flag.StringVar(&s.password, "password", "skiff-secret", "its password")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("tokenserver: ")

	if err := s.makeKey(filepath.Join(*dir, "token.crt")); err != nil {
		log.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(*dir, "requests.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		log.Fatal(err)
	}
	s.logFile = f
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/token", s.token)
	log.Fatal(http.Serve(ln, mux))
}

// makeKey makes the signing key and its self-signed certificate, written (PEM) to path.
func (s *server) makeKey(path string) error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: s.issuer},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(10 * 365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return err
	}
	s.key, s.cert = key, der
	// written whole then renamed: the registry never reads half a certificate
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// record is one line of requests.log.
type record struct {
	Time         string   `json:"time"`
	Method       string   `json:"method"`
	GrantType    string   `json:"grant_type,omitempty"`
	User         string   `json:"user,omitempty"` // basic auth's or the form's username
	Refresh      bool     `json:"refresh,omitempty"`
	Service      string   `json:"service,omitempty"`
	Scopes       []string `json:"scopes,omitempty"`
	Account      string   `json:"account,omitempty"`
	ClientID     string   `json:"client_id,omitempty"`
	Offline      bool     `json:"offline,omitempty"`
	UserAgent    string   `json:"user_agent,omitempty"`
	Status       int      `json:"status"`
	GaveRefresh  bool     `json:"gave_refresh,omitempty"`
	GrantedScope []string `json:"granted,omitempty"`
}

// token answers one token request, logged before the answer goes: a client that has
// its answer finds its request in the log.
func (s *server) token(w http.ResponseWriter, r *http.Request) {
	rec := record{Time: time.Now().UTC().Format(time.RFC3339Nano), Method: r.Method, UserAgent: r.UserAgent()}
	code, body := s.answer(r, &rec)
	rec.Status = code
	s.log(rec)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(body)
}

// answer is the status and JSON body of the answer to r, whose record it fills in.
func (s *server) answer(r *http.Request, rec *record) (int, any) {
	var user, password, refreshToken string
	var hasCreds, offline bool
	switch r.Method {
	case http.MethodGet:
		q := r.URL.Query()
		rec.Service, rec.Account, rec.ClientID = q.Get("service"), q.Get("account"), q.Get("client_id")
		rec.Scopes = q["scope"]
		offline = q.Get("offline_token") == "true"
		user, password, hasCreds = r.BasicAuth()
	case http.MethodPost:
		if err := r.ParseForm(); err != nil {
			return http.StatusBadRequest, errorsBody("UNSUPPORTED", "bad form")
		}
		f := r.PostForm
		rec.GrantType, rec.Service, rec.ClientID = f.Get("grant_type"), f.Get("service"), f.Get("client_id")
		rec.Scopes = strings.Fields(f.Get("scope"))
		offline = f.Get("access_type") == "offline"
		switch rec.GrantType {
		case "password":
			user, password, hasCreds = f.Get("username"), f.Get("password"), true
		case "refresh_token":
			refreshToken = f.Get("refresh_token")
			rec.Refresh = true
		default:
			return http.StatusBadRequest, errorsBody("UNSUPPORTED", "unsupported grant_type")
		}
	default:
		return http.StatusMethodNotAllowed, errorsBody("UNSUPPORTED", "GET or POST")
	}
	rec.Offline = offline
	if rec.Service != "" && rec.Service != s.service {
		return http.StatusBadRequest, errorsBody("UNSUPPORTED", "unknown service")
	}
	switch {
	case refreshToken != "":
		s.mu.Lock()
		u, ok := s.refresh[refreshToken]
		s.mu.Unlock()
		if !ok {
			return http.StatusUnauthorized, errorsBody("UNAUTHORIZED", "invalid refresh token")
		}
		user = u
	case hasCreds:
		if !s.knownUser(user) || password != s.password {
			rec.User = user
			if !s.knownUser(user) {
				// Docker Hub's shape of the refusal, where the distribution spec's
				// errors are for the right user with a wrong password
				return http.StatusUnauthorized, map[string]string{"details": "incorrect username or password"}
			}
			return http.StatusUnauthorized, errorsBody("UNAUTHORIZED", "invalid username or password")
		}
	default:
		user = "" // anonymous: a token that grants nothing
	}
	rec.User = user

	var access []accessEntry
	if user != "" {
		for _, sc := range rec.Scopes {
			if a, ok := parseScope(sc); ok {
				access = append(access, a)
				rec.GrantedScope = append(rec.GrantedScope, sc)
			}
		}
	}
	tok, err := s.sign(user, access)
	if err != nil {
		return http.StatusInternalServerError, errorsBody("UNKNOWN", err.Error())
	}
	now := time.Now().UTC()
	out := map[string]any{"token": tok, "access_token": tok, "expires_in": int(s.tokenTTL.Seconds()), "issued_at": now.Format(time.RFC3339)}
	if r.Method == http.MethodPost {
		delete(out, "token")
		out["scope"] = strings.Join(rec.GrantedScope, " ")
	}
	if user != "" && (offline || refreshToken != "") {
		rt := refreshToken
		if rt == "" {
			rt = randHex(24)
			s.mu.Lock()
			s.refresh[rt] = user
			s.mu.Unlock()
		}
		out["refresh_token"] = rt
		rec.GaveRefresh = true
	}
	return http.StatusOK, out
}

// errorsBody is a refusal in the distribution spec's shape.
func errorsBody(code, msg string) any {
	return map[string]any{"errors": []map[string]string{{"code": code, "message": msg}}}
}

// knownUser: the user, or a user of its own for each test (USER-anything, same
// password), whose requests the test finds in the log by name.
func (s *server) knownUser(u string) bool {
	return u == s.user || strings.HasPrefix(u, s.user+"-")
}

func (s *server) log(rec record) {
	b, _ := json.Marshal(rec)
	s.mu.Lock()
	defer s.mu.Unlock()
	_, _ = s.logFile.Write(append(b, '\n'))
}

// accessEntry is one element of the token's access claim.
type accessEntry struct {
	Type    string   `json:"type"`
	Name    string   `json:"name"`
	Actions []string `json:"actions"`
}

// parseScope splits "repository:a/b:pull,push" (the name may hold colons: the type is
// before the first, the actions after the last).
func parseScope(sc string) (accessEntry, bool) {
	typ, rest, ok := strings.Cut(sc, ":")
	i := strings.LastIndex(rest, ":")
	if !ok || i < 0 {
		return accessEntry{}, false
	}
	return accessEntry{Type: typ, Name: rest[:i], Actions: strings.Split(rest[i+1:], ",")}, true
}

// sign makes an ES256 JWT for user with access.
func (s *server) sign(user string, access []accessEntry) (string, error) {
	if access == nil {
		access = []accessEntry{}
	}
	now := time.Now()
	header := map[string]any{"typ": "JWT", "alg": "ES256", "x5c": []string{base64.StdEncoding.EncodeToString(s.cert)}}
	claims := map[string]any{
		"iss": s.issuer, "sub": user, "aud": s.service,
		"exp": now.Add(s.tokenTTL).Unix(), "nbf": now.Add(-10 * time.Second).Unix(), "iat": now.Unix(),
		"jti": randHex(16), "access": access,
	}
	hb, err := json.Marshal(header)
	if err != nil {
		return "", err
	}
	cb, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	enc := base64.RawURLEncoding
	signing := enc.EncodeToString(hb) + "." + enc.EncodeToString(cb)
	sum := sha256.Sum256([]byte(signing))
	r, sv, err := ecdsa.Sign(rand.Reader, s.key, sum[:])
	if err != nil {
		return "", err
	}
	// JWS ES256: r and s as 32-byte big-endian each, concatenated
	sig := make([]byte, 64)
	r.FillBytes(sig[:32])
	sv.FillBytes(sig[32:])
	return signing + "." + enc.EncodeToString(sig), nil
}

func randHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		log.Fatal("crypto/rand: ", err)
	}
	return hex.EncodeToString(b)
}
