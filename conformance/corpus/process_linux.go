package corpus

import (
	"os/exec"
	"syscall"
)

// dieWithParent makes the kernel kill cmd's process if the test process dies before closing it
// (a test killed by -timeout runs no cleanup).
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
