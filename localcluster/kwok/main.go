// Command kwok is kwok's controller (sigs.k8s.io/kwok, cmd/kwok) built from its Go
// module, so the local cluster's simulated nodes and pod lifecycle need no
// downloaded release binary. It is its own module because kwok is built against
// a newer k8s.io library set than the v1.34 one kube-local pins.
//
// With KUBE_LOCAL_EXIT_WITH_PARENT=1 it exits when the process that started it
// dies, as kube-local does, so a test JVM killed with SIGKILL leaves no kwok behind.
package main

import (
	"os"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"sigs.k8s.io/kwok/pkg/config"
	"sigs.k8s.io/kwok/pkg/kwok/cmd"
	"sigs.k8s.io/kwok/pkg/log"
	"sigs.k8s.io/kwok/pkg/utils/signals"
)

func main() {
	if os.Getenv("KUBE_LOCAL_EXIT_WITH_PARENT") == "1" {
		go exitWithParent()
	}

	// The rest is kwok's own cmd/kwok/main.go.
	flagset := pflag.NewFlagSet("global", pflag.ContinueOnError)
	flagset.ParseErrorsAllowlist.UnknownFlags = true
	flagset.Usage = func() {}

	ctx := signals.SetupSignalContext()
	ctx, logger := log.InitFlags(ctx, flagset)

	ctx, err := config.InitFlags(ctx, flagset)
	if err != nil {
		_, _ = os.Stderr.Write([]byte(flagset.FlagUsages()))
		logger.Error("Init config flags", "err", err)
		os.Exit(1)
	}

	command := cmd.NewCommand(ctx)
	command.PersistentFlags().AddFlagSet(flagset)
	if err := command.ExecuteContext(ctx); err != nil {
		logger.Error("Execute exit", "err", err)
		os.Exit(1)
	}
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
