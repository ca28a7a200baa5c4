import Synchronization

/// A flag set from any thread and taken (read and cleared) once.
public final class AtomicFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public func set() { flag.store(true, ordering: .relaxed) }
    /// True if the flag was set; clears it.
    public func take() -> Bool { flag.exchange(false, ordering: .relaxed) }
}
