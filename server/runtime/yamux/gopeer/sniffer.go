package main

import (
	"encoding/binary"
	"net"
	"sync"
)

// frameRecord is one frame header the TypeScript side sent.
type frameRecord struct {
	Type     uint8  `json:"type"`
	Flags    uint16 `json:"flags"`
	StreamID uint32 `json:"streamId"`
	Length   uint32 `json:"length"`
}

// sniffer parses the frames in the bytes the session reads, independently of
// yamux, so a scenario can check what went over the wire (ACKs, GoAway).
type sniffer struct {
	mu      sync.Mutex
	pending []byte
	skip    int
	frames  []frameRecord
	reads   int
	changed chan struct{}
}

type sniffingConn struct {
	net.Conn
	sniffer *sniffer
}

func newSniffer(conn net.Conn) *sniffingConn {
	return &sniffingConn{Conn: conn, sniffer: &sniffer{changed: make(chan struct{}, 1)}}
}

func (c *sniffingConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	if n > 0 {
		c.sniffer.feed(b[:n])
	}
	return n, err
}

func (s *sniffer) feed(b []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reads++
	for len(b) > 0 {
		if s.skip > 0 {
			n := min(s.skip, len(b))
			s.skip -= n
			b = b[n:]
			continue
		}
		need := 12 - len(s.pending)
		n := min(need, len(b))
		s.pending = append(s.pending, b[:n]...)
		b = b[n:]
		if len(s.pending) < 12 {
			break
		}
		h := s.pending
		rec := frameRecord{
			Type:     h[1],
			Flags:    binary.BigEndian.Uint16(h[2:4]),
			StreamID: binary.BigEndian.Uint32(h[4:8]),
			Length:   binary.BigEndian.Uint32(h[8:12]),
		}
		s.pending = s.pending[:0]
		if rec.Type == 0 {
			s.skip = int(rec.Length)
		}
		s.frames = append(s.frames, rec)
	}
	select {
	case s.changed <- struct{}{}:
	default:
	}
}

// snapshot returns the frames seen so far and the number of socket reads.
func (s *sniffer) snapshot() ([]frameRecord, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]frameRecord(nil), s.frames...), s.reads
}

// has reports whether a frame matching the predicate was seen.
func (s *sniffer) has(match func(frameRecord) bool) bool {
	frames, _ := s.snapshot()
	for _, f := range frames {
		if match(f) {
			return true
		}
	}
	return false
}
