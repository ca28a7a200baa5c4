import Synchronization

/// Fixed-size array written from many threads (e.g. `DispatchQueue.concurrentPerform`), each
/// index once, then read in order.
public final class ConcurrentArray<T: Sendable>: Sendable {
    private let storage: Mutex<[T?]>
    public init(count: Int) { storage = Mutex(Array(repeating: nil, count: count)) }
    public subscript(i: Int) -> T? {
        get { storage.withLock { $0[i] } }
        set { storage.withLock { $0[i] = newValue } }
    }
    /// Every element; each index must have been set.
    public func values() -> [T] { storage.withLock { $0.map { $0! } } }
    /// The elements that were set, in index order.
    public func compactValues() -> [T] { storage.withLock { $0.compactMap { $0 } } }
}
