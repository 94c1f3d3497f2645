package conformance

// releaseEvidence explains a difference of a release from the pinned commit, keyed
// "RELEASE|FIELD|ASPECT" or "RELEASE|FIELD": the file and function at that tag (read with
// git -C <worktree> grep / show).
var releaseEvidence = map[string]string{}

// releaseNotes ends RELEASES.md: what the issue claimed and what the recordings show.
const releaseNotes = ""
