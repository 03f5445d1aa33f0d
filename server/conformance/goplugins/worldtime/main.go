// Command worldtime is the Go reference implementation of the World Time
// plugin specified in server/conformance/PLUGINS.md. The conformance suite
// runs the same tests against it and against the TypeScript build.
package main

import (
	"time"

	"github.com/mattermost/mattermost/server/public/plugin"
)

func main() {
	plugin.ClientMain(&Plugin{now: time.Now})
}
