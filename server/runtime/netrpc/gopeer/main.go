// Command gopeer is Go's own net/rpc on one side of a unix socket, for the
// TypeScript net/rpc tests: "serve" runs a Go rpc.Server that the TS client
// calls; "call" runs a Go rpc.Client against a TS server and prints what it
// got back as JSON lines.
package main

import (
	"bufio"
	"bytes"
	"encoding/gob"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/rpc"
	"os"
	"strings"
	"sync"
	"time"
)

// Pair is an argument struct with fields of several gob kinds.
type Pair struct {
	A, B int64
	Tag  string
}

// Arith is the service the TS client calls.
type Arith struct{}

func (Arith) Add(args Pair, reply *int64) error { *reply = args.A + args.B; return nil }

func (Arith) Echo(args string, reply *string) error { *reply = args; return nil }

// Sleep answers after A milliseconds with Tag, so replies overtake each other.
func (Arith) Sleep(args Pair, reply *string) error {
	time.Sleep(time.Duration(args.A) * time.Millisecond)
	*reply = args.Tag
	return nil
}

func (Arith) Fail(args string, reply *string) error { return errors.New("failed: " + args) }

func (Arith) Len(args []byte, reply *int) error { *reply = len(args); return nil }

func main() {
	mode := flag.String("mode", "", "serve | call")
	socket := flag.String("socket", "", "unix socket path")
	flag.Parse()
	switch *mode {
	case "serve":
		serve(*socket)
	case "call":
		call(*socket)
	case "record":
		record(*socket)
	default:
		fmt.Fprintln(os.Stderr, "usage: gopeer -mode serve|call|record -socket PATH (record: PATH is an output prefix)")
		os.Exit(2)
	}
}

func serve(socket string) {
	server := rpc.NewServer()
	if err := server.RegisterName("Arith", Arith{}); err != nil {
		fail(err)
	}
	listener, err := net.Listen("unix", socket)
	if err != nil {
		fail(err)
	}
	fmt.Println("ready")
	conn, err := listener.Accept()
	if err != nil {
		fail(err)
	}
	server.ServeConn(conn)
	fmt.Println("done")
}

// result is one call's outcome as the TS test reads it.
type result struct {
	Call  string `json:"call"`
	Reply any    `json:"reply,omitempty"`
	Error string `json:"error,omitempty"`
}

func call(socket string) {
	conn, err := net.Dial("unix", socket)
	if err != nil {
		fail(err)
	}
	client := rpc.NewClient(conn)
	var mu sync.Mutex
	var results []result
	record := func(name string, reply any, err error) {
		r := result{Call: name, Reply: reply}
		if err != nil {
			r.Error = err.Error()
			r.Reply = nil
		}
		mu.Lock()
		results = append(results, r)
		mu.Unlock()
	}

	var sum int64
	err = client.Call("Math.Add", Pair{A: 2, B: 3}, &sum)
	record("Math.Add", sum, err)
	err = client.Call("Math.Add", Pair{A: 40, B: 2}, &sum)
	record("Math.Add(after)", sum, err)
	for _, name := range []string{"Math.Missing", "Nope.Add", "noDot"} {
		var s string
		err = client.Call(name, "x", &s)
		record(name, s, err)
	}
	var s string
	err = client.Call("Math.Fail", "because", &s)
	record("Math.Fail", s, err)
	err = client.Call("Math.Add", "not a pair", &s)
	record("Math.Add(wrong arg)", s, err)
	err = client.Call("Math.Add", Pair{A: 1, B: 1}, &sum)
	record("Math.Add(still serving)", sum, err)

	// 200 concurrent calls whose replies the server sends in reverse order.
	var wg sync.WaitGroup
	ok := 0
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			var reply string
			tag := fmt.Sprintf("call-%d", i)
			err := client.Call("Math.Delay", Pair{A: int64(200 - i), Tag: tag}, &reply)
			mu.Lock()
			if err == nil && reply == strings.ToUpper(tag) {
				ok++
			}
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	record("concurrent", ok, nil)

	big := make([]byte, 3<<20)
	for i := range big {
		big[i] = byte(i * 7)
	}
	var n int
	err = client.Call("Math.Len", big, &n)
	record("Math.Len", n, err)
	client.Close()

	enc := json.NewEncoder(os.Stdout)
	for _, r := range results {
		_ = enc.Encode(r)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gopeer:", err)
	os.Exit(1)
}

// record writes two byte streams for the fuzz tests to mutate: what Go's
// rpc.Client sends for a few calls (PREFIX.requests) and what Go's
// rpc.Server answers to them (PREFIX.responses).
func record(prefix string) {
	var requests bytes.Buffer
	client := rpc.NewClient(recorder{&requests})
	var reply any
	client.Go("Arith.Add", Pair{A: -3, B: 1 << 40, Tag: "t"}, &reply, nil)
	client.Go("Arith.Echo", "héllo", &reply, nil)
	client.Go("Arith.Len", []byte{1, 2, 3, 4, 5}, &reply, nil)
	client.Go("Arith.Missing", "x", &reply, nil)
	client.Go("Arith.Sleep", Pair{A: 0, Tag: "again"}, &reply, nil)
	time.Sleep(100 * time.Millisecond)

	server := rpc.NewServer()
	if err := server.RegisterName("Arith", Arith{}); err != nil {
		fail(err)
	}
	var responses bytes.Buffer
	server.ServeCodec(newRecordingServerCodec(requests.Bytes(), &responses))

	if err := os.WriteFile(prefix+".requests", requests.Bytes(), 0o644); err != nil {
		fail(err)
	}
	if err := os.WriteFile(prefix+".responses", responses.Bytes(), 0o644); err != nil {
		fail(err)
	}
}

// recorder is a connection that keeps what is written and never answers.
type recorder struct{ w *bytes.Buffer }

func (r recorder) Read([]byte) (int, error)    { select {} }
func (r recorder) Write(p []byte) (int, error) { return r.w.Write(p) }
func (r recorder) Close() error                { return nil }

// newRecordingServerCodec serves the recorded requests and keeps the answers.
func newRecordingServerCodec(requests []byte, out *bytes.Buffer) rpc.ServerCodec {
	conn := &replayConn{in: bytes.NewReader(requests), out: out}
	buf := bufio.NewWriter(conn)
	return &serverCodec{dec: gob.NewDecoder(conn), enc: gob.NewEncoder(buf), buf: buf}
}

type replayConn struct {
	in  *bytes.Reader
	out *bytes.Buffer
	mu  sync.Mutex
}

func (c *replayConn) Read(p []byte) (int, error) { return c.in.Read(p) }
func (c *replayConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.out.Write(p)
}

// serverCodec is net/rpc's gob server codec (unexported there), over replayConn.
type serverCodec struct {
	dec *gob.Decoder
	enc *gob.Encoder
	buf *bufio.Writer
}

func (c *serverCodec) ReadRequestHeader(r *rpc.Request) error { return c.dec.Decode(r) }
func (c *serverCodec) ReadRequestBody(body any) error         { return c.dec.Decode(body) }
func (c *serverCodec) WriteResponse(r *rpc.Response, body any) error {
	if err := c.enc.Encode(r); err != nil {
		return err
	}
	if err := c.enc.Encode(body); err != nil {
		return err
	}
	return c.buf.Flush()
}
func (c *serverCodec) Close() error { return nil }
