package main

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/slbgw/slbgw/schema"
)

// versionInfo is what `slbgw version` reports: which slbgw this is, built how, and which cloud
// controller's code its facts come from (the commit its declarations cite and the conformance
// suite runs).
type versionInfo struct {
	Version    string `json:"version"`
	Revision   string `json:"revision,omitempty"`
	Modified   bool   `json:"modified,omitempty"`
	Time       string `json:"time,omitempty"`
	GoVersion  string `json:"goVersion"`
	Controller string `json:"controller"`
}

// readVersion reads the build info: the version set with -ldflags "-X main.version=…" (make
// image), else the module's; the VCS revision, dirty flag and time Go stamps into a binary
// built from a checkout.
func readVersion() versionInfo {
	v := versionInfo{Version: "(devel)", GoVersion: runtime.Version(),
		Controller: "kubernetes/cloud-provider-alibaba-cloud@" + schema.CCMCommit}
	info, ok := debug.ReadBuildInfo()
	if ok && info.Main.Version != "" {
		v.Version = info.Main.Version
	}
	if version != "" {
		v.Version = version
	}
	if !ok {
		return v
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Revision = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		case "vcs.time":
			v.Time = s.Value
		}
	}
	return v
}

// writeVersion writes the version as text (one line a fact) or JSON.
func writeVersion(w io.Writer, format string) error {
	v := readVersion()
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	rev := v.Revision
	if rev == "" {
		rev = "unknown (built without VCS information)"
	} else if v.Modified {
		rev += " (modified)"
	}
	_, err := fmt.Fprintf(w, "slbgw %s\nrevision: %s\nbuilt: %s\ngo: %s\ncontroller: %s\n", v.Version, rev, orUnknown(v.Time), v.GoVersion, v.Controller)
	return err
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
