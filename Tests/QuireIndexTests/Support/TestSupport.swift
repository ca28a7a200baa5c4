// The fixture book and the test embedder are shared with other test targets.
@_exported import QuireTestSupport
