// Command registry is the CNCF Distribution registry (github.com/distribution/distribution/v3)
// built from its Go module, so tests can push and pull OCI charts through a real registry
// without a downloaded binary or a container. It serves plain HTTP on one address (loopback
// only by default) with in-memory storage: every start is an empty registry.
//
//	registry [-addr 127.0.0.1:5000] [-storage DIR]
//
// -storage keeps blobs in DIR (the filesystem driver) instead: the in-memory driver copies a
// blob on every write, so pushing a layer of tens of MB (a container image) takes minutes and
// outlasts the client's timeout.
//
// It prints "registry: listening on ADDR" once the socket is bound. With
// KUBE_LOCAL_EXIT_WITH_PARENT=1 it exits when the process that started it dies, as kube-local
// and kwok do, so a test JVM killed with SIGKILL leaves no registry behind.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/distribution/distribution/v3/configuration"
	"github.com/distribution/distribution/v3/registry"
	_ "github.com/distribution/distribution/v3/registry/storage/driver/filesystem"
	_ "github.com/distribution/distribution/v3/registry/storage/driver/inmemory"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:5000", "address to listen on (host:port; port 0 picks a free one)")
	storageDir := flag.String("storage", "", "keep blobs in this directory (default: in memory)")
	flag.Parse()
	if os.Getenv("KUBE_LOCAL_EXIT_WITH_PARENT") == "1" {
		go exitWithParent()
	}
	// Bind first so a port of 0 works and the caller learns the real address before any request.
	listener, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "registry: cannot listen on %s: %v\n", *addr, err)
		os.Exit(1)
	}
	bound := listener.Addr().String()
	listener.Close()

	config, err := configuration.Parse(strings.NewReader(fmt.Sprintf(`
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  %s
  delete:
    enabled: true
http:
  addr: %s
  secret: nspool-local-registry
`, storage(*storageDir), bound)))
	if err != nil {
		fmt.Fprintf(os.Stderr, "registry: bad configuration: %v\n", err)
		os.Exit(1)
	}
	// Nothing collects traces here: without this it posts them to localhost:4318 every few seconds.
	if os.Getenv("OTEL_TRACES_EXPORTER") == "" {
		_ = os.Setenv("OTEL_TRACES_EXPORTER", "none")
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	reg, err := registry.NewRegistry(ctx, config)
	if err != nil {
		fmt.Fprintf(os.Stderr, "registry: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("registry: listening on %s\n", bound)
	if err := reg.ListenAndServe(); err != nil {
		fmt.Fprintf(os.Stderr, "registry: %v\n", err)
		os.Exit(1)
	}
}

func storage(dir string) string {
	if dir == "" {
		return "inmemory: {}"
	}
	return fmt.Sprintf("filesystem: {rootdirectory: %q}", dir)
}

func exitWithParent() {
	parent := os.Getppid()
	for range time.Tick(500 * time.Millisecond) {
		if os.Getppid() != parent {
			_ = syscall.Kill(os.Getpid(), syscall.SIGTERM)
			time.Sleep(10 * time.Second)
			os.Exit(1)
		}
	}
}
