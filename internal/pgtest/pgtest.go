// Package pgtest runs real PostgreSQL servers for tests: a throwaway
// cluster made with Debian's initdb in a temporary directory, started on a
// free port of the loopback interface, and a fresh database per test. A
// test that needs one skips cleanly where the server binaries are absent
// (apt install postgresql). It is imported by tests only.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Bin returns the directory of the PostgreSQL server binaries
// ($SITREP_PG_BIN, else the newest /usr/lib/postgresql/*/bin), or "" when
// there are none.
func Bin() string {
	if d := os.Getenv("SITREP_PG_BIN"); d != "" {
		return d
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int { return version(b) - version(a) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d
		}
	}
	return ""
}

func version(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

// Cluster is a running PostgreSQL cluster of its own.
type Cluster struct {
	bin, dir string
	keep     bool // Remove keeps dir
	port     int
	cred     *syscall.Credential // the user it runs as when the tests run as root
	mu       sync.Mutex
	cmd      *exec.Cmd
	exited   chan struct{}
	dbs      atomic.Int64
	log      string
}

// Options tune a cluster.
type Options struct {
	// Durable keeps fsync on, for benchmarks that should pay what a real
	// server pays to commit; tests run without it.
	Durable bool
	// Dir keeps the cluster in a directory of its own, made at the first
	// start and kept by Remove, for a benchmark's fixture that takes
	// minutes to build; "" is a temporary directory, removed.
	Dir string
}

// New makes and starts a cluster that is stopped and removed when the
// test ends; it skips the test when the server binaries are absent.
func New(tb testing.TB, o Options) *Cluster {
	tb.Helper()
	c, err := Start(o)
	if errors.Is(err, errNoServer) {
		tb.Skip(err)
	}
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(c.Remove)
	return c
}

var errNoServer = errors.New("no PostgreSQL server binaries (apt install postgresql, or set $SITREP_PG_BIN)")

// Start makes and starts a cluster; Remove stops and removes it.
func Start(o Options) (*Cluster, error) {
	bin := Bin()
	if bin == "" {
		return nil, errNoServer
	}
	dir, keep := o.Dir, o.Dir != ""
	var err error
	if keep {
		err = os.MkdirAll(dir, 0o700)
	} else {
		dir, err = os.MkdirTemp("", "sitrep-pg-")
	}
	if err != nil {
		return nil, err
	}
	c := &Cluster{bin: bin, dir: dir, keep: keep, log: filepath.Join(dir, "server.log")}
	if os.Geteuid() == 0 {
		// initdb refuses to run as root: run it and the server as the
		// user Debian's package makes.
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root, PostgreSQL needs the user postgres: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		c.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	data := filepath.Join(dir, "data")
	if _, err := os.Stat(filepath.Join(data, "PG_VERSION")); err == nil && keep {
		if c.port, err = freePort(); err != nil {
			return nil, err
		}
		if err := c.Start(); err != nil {
			return nil, err
		}
		c.register()
		return c, nil
	}
	out, err := c.command("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync").CombinedOutput()
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %v: %s", err, out)
	}
	conf := "listen_addresses = '127.0.0.1'\nunix_socket_directories = ''\nmax_connections = 200\nshared_buffers = 128MB\n"
	if !o.Durable {
		conf += "fsync = off\nfull_page_writes = off\n"
	}
	f, err := os.OpenFile(filepath.Join(data, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err == nil {
		_, err = f.WriteString(conf)
		f.Close()
	}
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if c.port, err = freePort(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := c.Start(); err != nil {
		c.Remove()
		return nil, err
	}
	c.register()
	return c, nil
}

func (c *Cluster) register() {
	started.mu.Lock()
	started.all = append(started.all, c)
	started.mu.Unlock()
}

// started are the clusters Start made, for Main to remove those left.
var started struct {
	mu  sync.Mutex
	all []*Cluster
}

func (c *Cluster) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(c.bin, name), args...)
	cmd.Dir = c.dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred, Pdeathsig: syscall.SIGQUIT}
	return cmd
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// Start starts the server (again, after Stop) and waits until it takes
// connections.
func (c *Cluster) Start() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cmd != nil {
		return nil
	}
	logf, err := os.OpenFile(c.log, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if c.cred != nil {
		os.Chown(c.log, int(c.cred.Uid), int(c.cred.Gid))
	}
	// The server is this process's child (Pdeathsig: it goes when the
	// tests do, even killed), not a daemon pg_ctl would leave behind.
	cmd := c.command("postgres", "-D", filepath.Join(c.dir, "data"), "-p", strconv.Itoa(c.port))
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return err
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		logf.Close()
		close(exited)
	}()
	c.cmd, c.exited = cmd, exited
	deadline := time.Now().Add(30 * time.Second)
	for {
		conn, err := pgx.Connect(context.Background(), c.URL("postgres"))
		if err == nil {
			conn.Close(context.Background())
			return nil
		}
		select {
		case <-exited:
			c.cmd = nil
			return fmt.Errorf("postgres exited: %s", c.tail())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("postgres did not start in 30 s: %v: %s", err, c.tail())
		}
	}
}

func (c *Cluster) tail() string {
	b, _ := os.ReadFile(c.log)
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return strings.TrimSpace(string(b))
}

// Stop stops the server, as an operator would: a fast shutdown that
// rolls back the transactions in progress and closes every connection.
func (c *Cluster) Stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cmd == nil {
		return
	}
	c.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-c.exited:
	case <-time.After(30 * time.Second):
		c.cmd.Process.Kill()
		<-c.exited
	}
	c.cmd = nil
}

// Remove stops the server and removes its files (unless Options.Dir
// keeps them).
func (c *Cluster) Remove() {
	c.Stop()
	if !c.keep {
		os.RemoveAll(c.dir)
	}
}

// URL is the URL of database db.
func (c *Cluster) URL(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.port, db)
}

// NewDB creates an empty database and returns its URL.
func (c *Cluster) NewDB(tb testing.TB) string {
	tb.Helper()
	name := fmt.Sprintf("t%d", c.dbs.Add(1))
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatal(err)
	}
	return c.URL(name)
}

// shared is the cluster the tests of one test binary share (see DB and Main).
var shared struct {
	once sync.Once
	c    *Cluster
	err  error
}

// DB returns the URL of a new, empty database on the cluster the tests of
// this binary share, started at the first call; it skips the test when
// the server binaries are absent. The package's TestMain must call Main.
func DB(tb testing.TB) string {
	tb.Helper()
	shared.once.Do(func() { shared.c, shared.err = Start(Options{}) })
	if errors.Is(shared.err, errNoServer) {
		tb.Skip(shared.err)
	}
	if shared.err != nil {
		tb.Fatal(shared.err)
	}
	return shared.c.NewDB(tb)
}

// Main runs the tests and then removes every cluster still there (the
// shared one, those a benchmark keeps for its run): a package whose
// tests call DB or Start has func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }.
func Main(m *testing.M) int {
	code := m.Run()
	started.mu.Lock()
	defer started.mu.Unlock()
	for _, c := range started.all {
		c.Remove()
	}
	return code
}

// CPUTime is the CPU time, user and system, the server's processes have
// used so far (Linux; 0 elsewhere): the server and the benchmark share
// the machine's cores, and on a shared machine time spent says more
// than time passed.
func (c *Cluster) CPUTime() time.Duration {
	c.mu.Lock()
	cmd := c.cmd
	c.mu.Unlock()
	if cmd == nil {
		return 0
	}
	var ticks int64
	var walk func(pid int)
	walk = func(pid int) {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			return
		}
		// The fields after the command's closing parenthesis: utime,
		// stime, and those of the children waited for (backends whose
		// connection closed), the 12th to the 15th.
		if i := strings.LastIndexByte(string(b), ')'); i >= 0 {
			f := strings.Fields(string(b[i+1:]))
			for j := 11; j <= 14 && j < len(f); j++ {
				n, _ := strconv.ParseInt(f[j], 10, 64)
				ticks += n
			}
		}
		kids, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid))
		for k := range strings.FieldsSeq(string(kids)) {
			if n, err := strconv.Atoi(k); err == nil {
				walk(n)
			}
		}
	}
	walk(cmd.Process.Pid)
	return time.Duration(ticks) * time.Second / 100 // USER_HZ
}
