// Command kube-local is one binary that acts as etcd, kube-apiserver,
// kube-controller-manager, kube-scheduler and kubectl, so nspool's embedded cluster and its
// tests need no downloaded release binary. The role is taken from the name it
// is invoked by (a symlink) or from its first argument:
//
//	kube-local kube-apiserver --etcd-servers=...
//	ln -s kube-local kubectl && ./kubectl get ns
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"go.etcd.io/etcd/server/v3/etcdmain"
	"k8s.io/component-base/cli"
	kubectlcmd "k8s.io/kubectl/pkg/cmd"
	kubectlutil "k8s.io/kubectl/pkg/cmd/util"
	apiserver "k8s.io/kubernetes/cmd/kube-apiserver/app"
	controllermanager "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	scheduler "k8s.io/kubernetes/cmd/kube-scheduler/app"
)

var roles = []string{"etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubectl"}

func main() {
	role := filepath.Base(os.Args[0])
	args := os.Args[1:]
	if !isRole(role) {
		if len(args) == 0 || !isRole(args[0]) {
			fmt.Fprintf(os.Stderr, "usage: kube-local {%s} [flags]\n", strings.Join(roles, "|"))
			os.Exit(2)
		}
		role, args = args[0], args[1:]
	}
	if os.Getenv("KUBE_LOCAL_EXIT_WITH_PARENT") == "1" {
		go exitWithParent()
	}
	os.Exit(run(role, args))
}

// exitWithParent stops this process when the process that started it is gone,
// so that a test JVM killed with SIGKILL leaves no etcd or apiserver behind.
// Detached clusters (nspool up --detach) do not set the variable.
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

func isRole(name string) bool {
	for _, r := range roles {
		if r == name {
			return true
		}
	}
	return false
}

func run(role string, args []string) int {
	switch role {
	case "etcd":
		// etcdmain reads its flags from the slice it is given, program name first.
		etcdmain.Main(append([]string{"etcd"}, args...))
		return 0
	case "kube-apiserver":
		return runCobra(apiserver.NewAPIServerCommand(), args, cli.Run)
	case "kube-controller-manager":
		return runCobra(controllermanager.NewControllerManagerCommand(), args, cli.Run)
	case "kube-scheduler":
		return runCobra(scheduler.NewSchedulerCommand(), args, cli.Run)
	case "kubectl":
		cmd := kubectlcmd.NewDefaultKubectlCommand()
		cmd.SetArgs(args)
		if err := cli.RunNoErrOutput(cmd); err != nil {
			// Prints the error the way kubectl does and exits non-zero.
			kubectlutil.CheckErr(err)
		}
		return 0
	}
	return 2
}

func runCobra(cmd *cobra.Command, args []string, runner func(*cobra.Command) int) int {
	cmd.SetArgs(args)
	return runner(cmd)
}
