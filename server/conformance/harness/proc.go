package harness

// Finding and watching a plugin process through /proc (Linux only).

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// FindProcess returns the pid of the live child of this process whose
// executable is exe (an absolute path).
func FindProcess(exe string) (int, error) {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0, err
	}
	self := os.Getpid()
	var found []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		target, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe"))
		if err != nil || target != exe {
			continue
		}
		status, err := ProcStatus(pid)
		if err != nil || status["PPid"] != strconv.Itoa(self) || strings.HasPrefix(status["State"], "Z") {
			continue
		}
		found = append(found, pid)
	}
	switch len(found) {
	case 0:
		return 0, fmt.Errorf("no running child process of %d executes %s", self, exe)
	case 1:
		return found[0], nil
	default:
		return 0, fmt.Errorf("%d child processes execute %s: %v", len(found), exe, found)
	}
}

// ProcStatus reads /proc/<pid>/status into a map of field to value.
func ProcStatus(pid int) (map[string]string, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok {
			out[k] = strings.TrimSpace(v)
		}
	}
	return out, sc.Err()
}

// RSSBytes is the resident set size of a process (VmRSS).
func RSSBytes(pid int) (int64, error) {
	status, err := ProcStatus(pid)
	if err != nil {
		return 0, err
	}
	fields := strings.Fields(status["VmRSS"])
	if len(fields) != 2 || fields[1] != "kB" {
		return 0, fmt.Errorf("pid %d: unexpected VmRSS %q", pid, status["VmRSS"])
	}
	kb, err := strconv.ParseInt(fields[0], 10, 64)
	return kb * 1024, err
}

// alive reports whether pid exists and is not a zombie.
func alive(pid int) bool {
	status, err := ProcStatus(pid)
	return err == nil && !strings.HasPrefix(status["State"], "Z")
}

// WaitExit polls until pid has exited (or is a zombie) or timeout passes.
func WaitExit(pid int, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for alive(pid) {
		if time.Now().After(deadline) {
			return fmt.Errorf("process %d still running after %s", pid, timeout)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return nil
}
