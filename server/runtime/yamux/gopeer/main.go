// Command gopeer is the Mattermost host's side of the plugin connection, for
// testing our TypeScript yamux against hashicorp/yamux v0.1.2: it dials the
// unix socket the test listens on, runs yamux.Client with DefaultConfig (as
// go-plugin's rpc_client.go does) and plays one scenario.
//
// It prints one JSON object with what it observed on stdout and exits 0, or
// prints the failure on stderr and exits 1. The test checks both sides.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"time"

	"github.com/hashicorp/yamux"
)

type scenario func(p *peer) (any, error)

var scenarios = map[string]scenario{
	"echo-many":      echoMany,
	"accept-ts":      acceptFromTS,
	"bulk":           bulk,
	"half-close":     halfClose,
	"reset-by-ts":    resetByTS,
	"backlog-rst":    backlogReset,
	"ping":           ping,
	"goaway-from-ts": goAwayFromTS,
	"goaway-from-go": goAwayFromGo,
	"close-by-go":    closeByGo,
	"close-by-ts":    closeByTS,
	"host-pattern":   hostPattern,
	"bench":          bench,
}

type peer struct {
	session *yamux.Session
	sniffer *sniffer
	n       int
	size    int
	seed    uint64
}

func main() {
	socket := flag.String("socket", "", "unix socket path to dial")
	name := flag.String("scenario", "", "scenario to run")
	n := flag.Int("n", 0, "stream count, where the scenario takes one")
	size := flag.Int("size", 0, "byte count, where the scenario takes one")
	seed := flag.Uint64("seed", 1, "seed for generated payloads")
	baseline := flag.Bool("baseline", false, "bench only: run the TypeScript side's part with Go's yamux server instead")
	flag.Parse()

	run, ok := scenarios[*name]
	if !ok {
		fail(fmt.Errorf("unknown scenario %q", *name))
	}
	var conn net.Conn
	var err error
	if *baseline {
		conn, err = goBaselineServer()
	} else {
		conn, err = net.Dial("unix", *socket)
	}
	if err != nil {
		fail(fmt.Errorf("dial: %w", err))
	}
	tapped := newSniffer(conn)
	session, err := yamux.Client(tapped, yamux.DefaultConfig())
	if err != nil {
		fail(fmt.Errorf("yamux client: %w", err))
	}
	p := &peer{session: session, sniffer: tapped.sniffer, n: *n, size: *size, seed: *seed}

	done := make(chan struct{})
	var result any
	go func() {
		result, err = run(p)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		err = fmt.Errorf("scenario %s timed out", *name)
	}
	if err != nil {
		fail(err)
	}
	_ = session.Close()
	out, err := json.Marshal(result)
	if err != nil {
		fail(err)
	}
	fmt.Println(string(out))
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "gopeer: %v\n", err)
	os.Exit(1)
}

// readAll reads a stream until EOF.
func readAll(r io.Reader) ([]byte, error) {
	return io.ReadAll(r)
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
