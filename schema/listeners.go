package schema

import (
	"strconv"
	"strings"
)

// DefaultHTTPSProtocolPort is the listener layout https.certID sets (protocol-port) when
// listeners.protocolPort is left out: the gateway's https and http ports.
const DefaultHTTPSProtocolPort = "https:443,http:80"

// ListenerProtocols are the protocols protocol-port may name in some class; the controllers
// refuse others.
var ListenerProtocols = []string{"tcp", "udp", "http", "https", "tcpssl"}

// ListenerProtocolsOf are the protocols the controller of a class takes in protocol-port.
func ListenerProtocolsOf(class string) []string {
	if class == ClassNLB {
		return []string{"tcp", "udp", "tcpssl"}
	}
	return []string{"tcp", "udp", "http", "https"}
}

// listenerProtocolEvidence is where each controller refuses other protocols.
var listenerProtocolEvidence = map[string]string{
	ClassCLB: "clbv1/listeners.go protocol",
	ClassNLB: "nlbv2/listeners.go nlbListenerProtocol",
}

// ListenerEntry is one proto:port item of a protocol-port value.
type ListenerEntry struct {
	// Protocol is the item's protocol as written; it may be one the controller refuses.
	Protocol string
	// PortText is the item's port as written.
	PortText string
	// Port is the port, 0 when PortText is not a number from 1 to 65535.
	Port int
}

// ParseProtocolPort splits a protocol-port value into its items, the way the controller reads
// it (clbv1/listeners.go protocol: split on ',' then ':'), keeping what it cannot use so callers
// can say what is wrong. ok is false when an item is not two non-empty parts; such items are
// left out. It is the one parser of protocol-port: the profile's checks and the checks on the
// rendered Service both use it.
func ParseProtocolPort(value string) (entries []ListenerEntry, ok bool) {
	pairs, ok := parsePairs(value)
	for _, pair := range pairs {
		e := ListenerEntry{Protocol: strings.TrimSpace(pair[0]), PortText: strings.TrimSpace(pair[1])}
		if n, err := strconv.Atoi(e.PortText); err == nil && n >= 1 && n <= 65535 {
			e.Port = n
		}
		entries = append(entries, e)
	}
	return entries, ok
}

// parsePairs splits "a:b,c:d" into pairs. ok is false when an item is not two non-empty parts.
func parsePairs(s string) (pairs [][2]string, ok bool) {
	ok = true
	for item := range strings.SplitSeq(s, ",") {
		a, b, found := strings.Cut(item, ":")
		if !found || a == "" || b == "" || strings.Contains(b, ":") {
			ok = false
			continue
		}
		pairs = append(pairs, [2]string{a, b})
	}
	return pairs, ok
}
