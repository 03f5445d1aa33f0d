package main

import (
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/hashicorp/yamux"
)

// The bench protocol the other side serves on every stream Go opens: the
// first byte picks the mode.
//
//	'E' echo everything until FIN, then FIN
//	'S' sink: read until FIN, answer the byte count as uint64 (big-endian), FIN
//	'G' generate: read a uint64 count, write that many bytes, FIN
const (
	modeEcho     = 'E'
	modeSink     = 'S'
	modeGenerate = 'G'
)

// bench measures throughput and latency against the other side. p.size is
// the throughput transfer size, p.n the number of sequential round trips.
func bench(p *peer) (any, error) {
	result := map[string]any{}

	up, err := benchSink(p.session, p.size)
	if err != nil {
		return nil, fmt.Errorf("sink: %w", err)
	}
	result["goToPeerMiBps"] = up

	down, err := benchGenerate(p.session, p.size)
	if err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	}
	result["peerToGoMiBps"] = down

	lat, err := benchRoundTrips(p.session, p.n, 64)
	if err != nil {
		return nil, fmt.Errorf("round trips: %w", err)
	}
	result["roundTrip64B"] = lat

	conc, err := benchConcurrent(p.session, 16, p.n/4, 256)
	if err != nil {
		return nil, fmt.Errorf("concurrent: %w", err)
	}
	result["concurrent16x256B"] = conc

	churn, err := benchStreamChurn(p.session, p.n/4)
	if err != nil {
		return nil, fmt.Errorf("churn: %w", err)
	}
	result["openEchoClose"] = churn
	return result, nil
}

func mibps(bytes int, d time.Duration) float64 {
	return float64(bytes) / (1 << 20) / d.Seconds()
}

func benchSink(session *yamux.Session, size int) (float64, error) {
	chunk := genPayload(7, 0, 64*1024)
	start := time.Now()
	s, err := session.OpenStream()
	if err != nil {
		return 0, err
	}
	if _, err := s.Write([]byte{modeSink}); err != nil {
		return 0, err
	}
	for sent := 0; sent < size; sent += len(chunk) {
		if _, err := s.Write(chunk[:min(len(chunk), size-sent)]); err != nil {
			return 0, err
		}
	}
	_ = s.Close()
	var count uint64
	if err := binary.Read(s, binary.BigEndian, &count); err != nil {
		return 0, err
	}
	elapsed := time.Since(start)
	if int(count) != size {
		return 0, fmt.Errorf("peer counted %d bytes, sent %d", count, size)
	}
	return mibps(size, elapsed), nil
}

func benchGenerate(session *yamux.Session, size int) (float64, error) {
	start := time.Now()
	s, err := session.OpenStream()
	if err != nil {
		return 0, err
	}
	request := binary.BigEndian.AppendUint64([]byte{modeGenerate}, uint64(size))
	if _, err := s.Write(request); err != nil {
		return 0, err
	}
	_ = s.Close()
	n, err := io.Copy(io.Discard, s)
	if err != nil {
		return 0, err
	}
	elapsed := time.Since(start)
	if int(n) != size {
		return 0, fmt.Errorf("received %d bytes, asked for %d", n, size)
	}
	return mibps(size, elapsed), nil
}

type latency struct {
	Count      int     `json:"count"`
	MeanMicros float64 `json:"meanMicros"`
	P50Micros  float64 `json:"p50Micros"`
	P99Micros  float64 `json:"p99Micros"`
	PerSecond  float64 `json:"perSecond"`
}

func summarize(samples []time.Duration, wall time.Duration) latency {
	slices.Sort(samples)
	var total time.Duration
	for _, d := range samples {
		total += d
	}
	us := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1000 }
	return latency{
		Count:      len(samples),
		MeanMicros: us(total / time.Duration(len(samples))),
		P50Micros:  us(samples[len(samples)/2]),
		P99Micros:  us(samples[len(samples)*99/100]),
		PerSecond:  float64(len(samples)) / wall.Seconds(),
	}
}

func roundTrips(s *yamux.Stream, count, size int) ([]time.Duration, error) {
	msg := genPayload(3, 0, size)
	buf := make([]byte, size)
	samples := make([]time.Duration, 0, count)
	for range count {
		t := time.Now()
		if _, err := s.Write(msg); err != nil {
			return nil, err
		}
		if _, err := io.ReadFull(s, buf); err != nil {
			return nil, err
		}
		samples = append(samples, time.Since(t))
	}
	return samples, nil
}

func openEcho(session *yamux.Session) (*yamux.Stream, error) {
	s, err := session.OpenStream()
	if err != nil {
		return nil, err
	}
	_, err = s.Write([]byte{modeEcho})
	return s, err
}

func benchRoundTrips(session *yamux.Session, count, size int) (latency, error) {
	s, err := openEcho(session)
	if err != nil {
		return latency{}, err
	}
	start := time.Now()
	samples, err := roundTrips(s, count, size)
	if err != nil {
		return latency{}, err
	}
	wall := time.Since(start)
	_ = s.Close()
	return summarize(samples, wall), nil
}

func benchConcurrent(session *yamux.Session, streams, count, size int) (latency, error) {
	var mu sync.Mutex
	var all []time.Duration
	errs := make(chan error, streams)
	var wg sync.WaitGroup
	start := time.Now()
	for range streams {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := openEcho(session)
			if err != nil {
				errs <- err
				return
			}
			samples, err := roundTrips(s, count, size)
			if err != nil {
				errs <- err
				return
			}
			_ = s.Close()
			mu.Lock()
			all = append(all, samples...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	wall := time.Since(start)
	close(errs)
	if err := <-errs; err != nil {
		return latency{}, err
	}
	return summarize(all, wall), nil
}

func benchStreamChurn(session *yamux.Session, count int) (latency, error) {
	msg := append([]byte{modeEcho}, genPayload(5, 0, 64)...)
	samples := make([]time.Duration, 0, count)
	start := time.Now()
	for range count {
		t := time.Now()
		s, err := session.OpenStream()
		if err != nil {
			return latency{}, err
		}
		if _, err := s.Write(msg); err != nil {
			return latency{}, err
		}
		_ = s.Close()
		got, err := io.ReadAll(s)
		if err != nil {
			return latency{}, err
		}
		if len(got) != len(msg)-1 {
			return latency{}, fmt.Errorf("echo of %d bytes came back as %d", len(msg)-1, len(got))
		}
		samples = append(samples, time.Since(t))
	}
	return summarize(samples, time.Since(start)), nil
}

// goBaselineServer serves the bench protocol with Go's own yamux server over
// a real unix socket, for comparing the TypeScript figures with Go's.
func goBaselineServer() (net.Conn, error) {
	dir, err := os.MkdirTemp("", "yamux-baseline")
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "s")
	listener, err := net.Listen("unix", path)
	if err != nil {
		return nil, err
	}
	go func() {
		conn, err := listener.Accept()
		_ = os.RemoveAll(dir)
		if err != nil {
			return
		}
		server, err := yamux.Server(conn, nil)
		if err != nil {
			return
		}
		for {
			s, err := server.AcceptStream()
			if err != nil {
				return
			}
			go serveBenchStream(s)
		}
	}()
	return net.Dial("unix", path)
}

func serveBenchStream(s *yamux.Stream) {
	defer s.Close()
	mode := make([]byte, 1)
	if _, err := io.ReadFull(s, mode); err != nil {
		return
	}
	switch mode[0] {
	case modeEcho:
		_, _ = io.Copy(s, s)
	case modeSink:
		n, _ := io.Copy(io.Discard, s)
		_ = binary.Write(s, binary.BigEndian, uint64(n))
	case modeGenerate:
		var count uint64
		if err := binary.Read(s, binary.BigEndian, &count); err != nil {
			return
		}
		chunk := genPayload(9, 0, 64*1024)
		for sent := uint64(0); sent < count; sent += uint64(len(chunk)) {
			if _, err := s.Write(chunk[:min(uint64(len(chunk)), count-sent)]); err != nil {
				return
			}
		}
	}
}
