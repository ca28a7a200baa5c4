import QuireSupport

/// What a build reports while it runs (the CLI prints these; tests may record them).
public enum BuildEvent: Sendable {
    /// `done` of `total` items of a step (pages rendered, chunks embedded).
    case progress(BuildStepName, done: Int, total: Int)
    /// A step finished.
    case finished(BuildStepName)
    /// Warnings of the site (Markdown warnings, broken links with `--links warn`), once the
    /// pages are written.
    case warnings([Diagnostic])
}
