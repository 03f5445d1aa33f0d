// Package conformance loads the built plugin bundle with Mattermost's own
// plugin host (package plugin of server/public) and drives it as the server does.
package conformance

import (
	_ "github.com/hashicorp/go-plugin"
	_ "github.com/hashicorp/yamux"
	_ "github.com/mattermost/mattermost/server/public/plugin"
	_ "github.com/mattermost/mattermost/server/public/plugin/plugintest"
)
