package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/hashicorp/yamux"
)

// streamReport describes one stream's payload.
type streamReport struct {
	ID     uint32 `json:"id"`
	Size   int    `json:"size"`
	SHA256 string `json:"sha256"`
}

func genPayload(seed uint64, index int, size int) []byte {
	r := rand.New(rand.NewPCG(seed, uint64(index)))
	b := make([]byte, size)
	for i := 0; i < size; i += 8 {
		v := r.Uint64()
		for j := 0; j < 8 && i+j < size; j++ {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	return b
}

func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// echoSize spreads payload sizes over 0..max, zero included.
func echoSize(i, max int) int {
	if i%50 == 0 {
		return 0
	}
	return 1 + (i*7919)%max
}

// echoMany: Go opens n streams concurrently, each writes a payload, half-closes
// and expects the same bytes back before the TypeScript FIN.
func echoMany(p *peer) (any, error) {
	reports := make([]streamReport, p.n)
	errs := make(chan error, p.n)
	var wg sync.WaitGroup
	for i := range p.n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			payload := genPayload(p.seed, i, echoSize(i, p.size))
			s, err := p.session.OpenStream()
			if err != nil {
				errs <- fmt.Errorf("open %d: %w", i, err)
				return
			}
			writeErr := make(chan error, 1)
			go func() {
				_, err := s.Write(payload)
				if err == nil {
					err = s.Close()
				}
				writeErr <- err
			}()
			got, err := readAll(s)
			if err != nil {
				errs <- fmt.Errorf("stream %d read: %w", s.StreamID(), err)
				return
			}
			if err := <-writeErr; err != nil {
				errs <- fmt.Errorf("stream %d write: %w", s.StreamID(), err)
				return
			}
			if !bytes.Equal(got, payload) {
				errs <- fmt.Errorf("stream %d: echo of %d bytes came back as %d different bytes", s.StreamID(), len(payload), len(got))
				return
			}
			reports[i] = streamReport{ID: s.StreamID(), Size: len(payload), SHA256: digest(payload)}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return nil, err
	}
	return map[string]any{"streams": reports}, nil
}

// acceptFromTS: Go accepts n streams the TypeScript side opens, reads each to
// EOF and answers "<size> <sha256>" before its own FIN.
func acceptFromTS(p *peer) (any, error) {
	reports := make([]streamReport, p.n)
	errs := make(chan error, p.n)
	var wg sync.WaitGroup
	for i := range p.n {
		s, err := p.session.AcceptStream()
		if err != nil {
			return nil, fmt.Errorf("accept %d: %w", i, err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := readAll(s)
			if err != nil {
				errs <- fmt.Errorf("stream %d read: %w", s.StreamID(), err)
				return
			}
			reports[i] = streamReport{ID: s.StreamID(), Size: len(got), SHA256: digest(got)}
			if _, err := fmt.Fprintf(s, "%d %s", len(got), digest(got)); err != nil {
				errs <- fmt.Errorf("stream %d write: %w", s.StreamID(), err)
				return
			}
			if err := s.Close(); err != nil {
				errs <- fmt.Errorf("stream %d close: %w", s.StreamID(), err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return nil, err
	}
	return map[string]any{"streams": reports}, nil
}

// bulk: one stream, size bytes each way at the same time. Go starts reading
// late so the TypeScript writer has to wait for window updates.
func bulk(p *peer) (any, error) {
	s, err := p.session.OpenStream()
	if err != nil {
		return nil, err
	}
	payload := genPayload(p.seed, 0, p.size)
	writeErr := make(chan error, 1)
	go func() {
		_, err := s.Write(payload)
		if err == nil {
			err = s.Close()
		}
		writeErr <- err
	}()
	time.Sleep(300 * time.Millisecond)
	got, err := readAll(s)
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	if err := <-writeErr; err != nil {
		return nil, fmt.Errorf("write: %w", err)
	}
	return map[string]any{
		"streamId":       s.StreamID(),
		"sentSha256":     digest(payload),
		"receivedSize":   len(got),
		"receivedSha256": digest(got),
	}, nil
}

// halfClose: (A) Go half-closes first and still reads the TypeScript answer;
// (B) the TypeScript side half-closes first and still reads Go's answer.
func halfClose(p *peer) (any, error) {
	a, err := p.session.OpenStream()
	if err != nil {
		return nil, err
	}
	if _, err := a.Write([]byte("request from go")); err != nil {
		return nil, err
	}
	if err := a.Close(); err != nil {
		return nil, err
	}
	_, writeAfterClose := a.Write([]byte("x"))
	answerA, err := readAll(a)
	if err != nil {
		return nil, fmt.Errorf("A read: %w", err)
	}

	b, err := p.session.AcceptStream()
	if err != nil {
		return nil, err
	}
	requestB, err := readAll(b)
	if err != nil {
		return nil, fmt.Errorf("B read: %w", err)
	}
	if _, err := b.Write([]byte("go answers after your FIN: " + string(requestB))); err != nil {
		return nil, fmt.Errorf("B write after peer FIN: %w", err)
	}
	if err := b.Close(); err != nil {
		return nil, err
	}
	return map[string]any{
		"writeAfterClose": errString(writeAfterClose),
		"answerA":         string(answerA),
		"requestB":        string(requestB),
		"streamB":         b.StreamID(),
	}, nil
}

// resetByTS: the TypeScript side resets a stream Go opened; Go's read and
// write then fail, and a second stream still works.
func resetByTS(p *peer) (any, error) {
	s, err := p.session.OpenStream()
	if err != nil {
		return nil, err
	}
	if _, err := s.Write([]byte("hello")); err != nil {
		return nil, err
	}
	buf := make([]byte, 16)
	_, readErr := s.Read(buf)
	_, writeErr := s.Write([]byte("after reset"))

	t, err := p.session.OpenStream()
	if err != nil {
		return nil, err
	}
	if _, err := t.Write([]byte("still alive")); err != nil {
		return nil, err
	}
	_ = t.Close()
	echo, err := readAll(t)
	if err != nil {
		return nil, err
	}
	return map[string]any{
		"readErr":  errString(readErr),
		"writeErr": errString(writeErr),
		"echo":     string(echo),
	}, nil
}

// backlogReset: the TypeScript side opens n streams while Go accepts none;
// Go's backlog of 256 answers the rest with RST. Go then accepts what it
// queued and answers each.
func backlogReset(p *peer) (any, error) {
	deadline := time.Now().Add(20 * time.Second)
	for {
		frames, _ := p.sniffer.snapshot()
		syns := 0
		for _, f := range frames {
			if f.Type <= 1 && f.Flags&1 != 0 {
				syns++
			}
		}
		if syns >= p.n {
			break
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("saw only %d of %d SYNs", syns, p.n)
		}
		time.Sleep(10 * time.Millisecond)
	}
	// The session's receive loop may still be handling the last SYNs.
	time.Sleep(200 * time.Millisecond)

	// Every stream Go kept is registered and waits in its backlog; the rest were reset.
	queued := p.session.NumStreams()
	var accepted []uint32
	for range queued {
		s, err := p.session.AcceptStream()
		if err != nil {
			return nil, err
		}
		accepted = append(accepted, s.StreamID())
		go func() {
			buf := make([]byte, 64)
			n, _ := s.Read(buf)
			_, _ = s.Write(append([]byte("ok "), buf[:n]...))
			_ = s.Close()
		}()
	}
	// Wait for the TypeScript side to finish reading the answers.
	final, err := p.session.AcceptStream()
	if err != nil {
		return nil, err
	}
	done, _ := readAll(final)
	return map[string]any{"accepted": accepted, "final": string(done)}, nil
}

// ping: Go pings the TypeScript side (as its keep-alive does), then waits
// for the TypeScript side's own pings and a final stream.
func ping(p *peer) (any, error) {
	var rtts []float64
	for range 5 {
		rtt, err := p.session.Ping()
		if err != nil {
			return nil, fmt.Errorf("ping: %w", err)
		}
		rtts = append(rtts, float64(rtt.Microseconds()))
	}
	s, err := p.session.AcceptStream()
	if err != nil {
		return nil, err
	}
	done, err := readAll(s)
	if err != nil {
		return nil, err
	}
	var acks []uint32
	var synPings []uint32
	frames, _ := p.sniffer.snapshot()
	for _, f := range frames {
		if f.Type == 2 && f.Flags == 2 {
			acks = append(acks, f.Length)
		}
		if f.Type == 2 && f.Flags == 1 {
			synPings = append(synPings, f.Length)
		}
	}
	return map[string]any{"rttMicros": rtts, "ackedPingIds": acks, "tsPingIds": synPings, "final": string(done)}, nil
}

func readExactly(r io.Reader, n int) (string, error) {
	buf := make([]byte, n)
	_, err := io.ReadFull(r, buf)
	return string(buf), err
}

// goAwayFromTS: after the TypeScript GoAway, Go's OpenStream is refused while
// the existing stream keeps working.
func goAwayFromTS(p *peer) (any, error) {
	s, err := p.session.OpenStream()
	if err != nil {
		return nil, err
	}
	if _, err := s.Write([]byte("hello")); err != nil {
		return nil, err
	}
	msg, err := readExactly(s, len("went away"))
	if err != nil {
		return nil, err
	}
	_, openErr := p.session.OpenStream()
	if _, err := s.Write([]byte("still here")); err != nil {
		return nil, err
	}
	_ = s.Close()
	rest, err := readAll(s)
	if err != nil {
		return nil, err
	}
	sawGoAway := p.sniffer.has(func(f frameRecord) bool { return f.Type == 3 && f.Length == 0 })
	return map[string]any{
		"message":        msg,
		"openErr":        errString(openErr),
		"isRemoteGoAway": errors.Is(openErr, yamux.ErrRemoteGoAway),
		"rest":           string(rest),
		"sawGoAway":      sawGoAway,
	}, nil
}

// goAwayFromGo: Go sends GoAway; the TypeScript side's open() is refused
// while the existing stream keeps working.
func goAwayFromGo(p *peer) (any, error) {
	s, err := p.session.OpenStream()
	if err != nil {
		return nil, err
	}
	if _, err := s.Write([]byte("hello")); err != nil {
		return nil, err
	}
	if err := p.session.GoAway(); err != nil {
		return nil, err
	}
	if _, err := s.Write([]byte("went away")); err != nil {
		return nil, err
	}
	_ = s.Close()
	answer, err := readAll(s)
	if err != nil {
		return nil, err
	}
	return map[string]any{"answer": string(answer)}, nil
}

// closeByGo: Go closes the whole session (and connection) mid-stream.
func closeByGo(p *peer) (any, error) {
	s, err := p.session.OpenStream()
	if err != nil {
		return nil, err
	}
	if _, err := s.Write([]byte("bye")); err != nil {
		return nil, err
	}
	got, err := readExactly(s, len("got it"))
	if err != nil {
		return nil, err
	}
	if err := p.session.Close(); err != nil {
		return nil, err
	}
	return map[string]any{"got": got}, nil
}

// closeByTS: the TypeScript side closes the session; Go's pending read and
// accept end, and Go saw GoAway(normal) first.
func closeByTS(p *peer) (any, error) {
	s, err := p.session.OpenStream()
	if err != nil {
		return nil, err
	}
	// The write may report ErrSessionShutdown although the bytes went out: the
	// peer closes as soon as it has read them, and Go's Write selects between
	// its send result and the shutdown at random.
	if _, err := s.Write([]byte("hello")); err != nil && !errors.Is(err, yamux.ErrSessionShutdown) {
		return nil, err
	}
	acceptErr := make(chan error, 1)
	go func() {
		_, err := p.session.AcceptStream()
		acceptErr <- err
	}()
	buf := make([]byte, 16)
	_, readErr := s.Read(buf)
	select {
	case <-p.session.CloseChan():
	case <-time.After(10 * time.Second):
		return nil, fmt.Errorf("session still open 10 s after the peer closed")
	}
	return map[string]any{
		"readErr":   errString(readErr),
		"acceptErr": errString(<-acceptErr),
		"closed":    p.session.IsClosed(),
		"sawGoAway": p.sniffer.has(func(f frameRecord) bool { return f.Type == 3 && f.Length == 0 }),
	}, nil
}

// hostPattern: what go-plugin's rpc_client.go does: open control (1), stdout
// (3) and stderr (5), never write to 3 and 5. Go waits for all three ACKs
// before using stream 1; the TypeScript side accepts 3 and 5 only at the
// end, so the ACKs must not depend on accept().
func hostPattern(p *peer) (any, error) {
	control, err := p.session.Open()
	if err != nil {
		return nil, err
	}
	stdout, err := p.session.Open()
	if err != nil {
		return nil, err
	}
	stderr, err := p.session.Open()
	if err != nil {
		return nil, err
	}
	var wg sync.WaitGroup
	var stdoutText, stderrText []byte
	wg.Add(2)
	go func() { defer wg.Done(); stdoutText, _ = readAll(stdout) }()
	go func() { defer wg.Done(); stderrText, _ = readAll(stderr) }()

	acked := func(id uint32) bool {
		return p.sniffer.has(func(f frameRecord) bool { return f.Type == 1 && f.Flags&2 != 0 && f.StreamID == id })
	}
	deadline := time.Now().Add(10 * time.Second)
	for !(acked(1) && acked(3) && acked(5)) {
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("ACKs after 10 s: stream 1 %v, 3 %v, 5 %v", acked(1), acked(3), acked(5))
		}
		select {
		case <-p.sniffer.changed:
		case <-time.After(50 * time.Millisecond):
		}
	}
	if _, err := control.Write([]byte("ping\n")); err != nil {
		return nil, err
	}
	reply, err := readExactly(control, len("pong\n"))
	if err != nil {
		return nil, err
	}
	_ = control.Close()
	wg.Wait()
	_, reads := p.sniffer.snapshot()
	return map[string]any{
		"reply":  reply,
		"stdout": string(stdoutText),
		"stderr": string(stderrText),
		"ids":    []uint32{control.(*yamux.Stream).StreamID(), stdout.(*yamux.Stream).StreamID(), stderr.(*yamux.Stream).StreamID()},
		"reads":  reads,
	}, nil
}
