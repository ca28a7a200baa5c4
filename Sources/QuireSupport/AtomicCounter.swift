import Synchronization

/// A count shared by threads (pages rendered, work items handed out). `increment()` returns
/// the count after adding one, so the first call returns 1.
public final class AtomicCounter: Sendable {
    private let count = Atomic<Int>(0)

    public init() {}

    /// Adds one; returns the new count.
    @discardableResult
    public func increment() -> Int {
        count.wrappingAdd(1, ordering: .relaxed).newValue
    }

    public var value: Int { count.load(ordering: .relaxed) }
}
