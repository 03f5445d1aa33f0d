// Command probe is the Go reference implementation of the Probe plugin
// specified in server/conformance/PLUGINS.md: it exercises the runtime for
// the conformance suite and drives the benchmarks.
package main

import "github.com/mattermost/mattermost/server/public/plugin"

func main() {
	plugin.ClientMain(&Plugin{})
}
