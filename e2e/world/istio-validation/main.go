// istio-validation serves Istio's own validating admission webhook
// (istio.io/istio/pkg/webhooks/validation/server, the handler istiod mounts
// at /validate) over HTTPS on loopback, for the local world's kube-apiserver.
// Every Istio object written to the world is checked by Istio's validation
// package (pkg/config/validation) exactly as istiod checks it in a cluster,
// and refused with Istio's own messages.
//
// Flags:
//
//	--listen   host:port to serve on (127.0.0.1 only in the world)
//	--cert     PEM serving certificate (for 127.0.0.1)
//	--key      PEM private key of --cert
//	--domain   DNS domain suffix, as istiod's --domain (default cluster.local)
//
// Endpoints: POST /validate (admission.k8s.io/v1 AdmissionReview), GET /ready.
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"istio.io/istio/pkg/config/schema/collections"
	"istio.io/istio/pkg/webhooks/validation/server"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:9443", "host:port to serve on")
	cert := flag.String("cert", "", "PEM serving certificate")
	key := flag.String("key", "", "PEM private key")
	domain := flag.String("domain", "cluster.local", "DNS domain suffix (istiod --domain)")
	flag.Parse()
	if *cert == "" || *key == "" {
		fmt.Fprintln(os.Stderr, "istio-validation: --cert and --key are required")
		os.Exit(2)
	}

	mux := http.NewServeMux()
	// The same options istiod passes in pilot/pkg/bootstrap/validation.go.
	if _, err := server.New(server.Options{
		Schemas:      collections.PilotGatewayAPI(),
		DomainSuffix: *domain,
		Mux:          mux,
	}); err != nil {
		log.Fatalf("istio-validation: %v", err)
	}
	mux.HandleFunc("/ready", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("ok\n"))
	})

	srv := &http.Server{Addr: *listen, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-stop
		_ = srv.Close()
	}()
	log.Printf("istio-validation: serving https://%s/validate", *listen)
	if err := srv.ListenAndServeTLS(*cert, *key); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatalf("istio-validation: %v", err)
	}
}
