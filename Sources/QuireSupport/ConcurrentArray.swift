import Foundation

/// Fixed-size array written from many threads (e.g. `DispatchQueue.concurrentPerform`), each
/// index once, then read in order.
public final class ConcurrentArray<T>: @unchecked Sendable {
    private var storage: [T?]
    private let lock = NSLock()
    public init(count: Int) { storage = Array(repeating: nil, count: count) }
    public subscript(i: Int) -> T? {
        get { lock.lock(); defer { lock.unlock() }; return storage[i] }
        set { lock.lock(); storage[i] = newValue; lock.unlock() }
    }
    /// Every element; each index must have been set.
    public func values() -> [T] { lock.lock(); defer { lock.unlock() }; return storage.map { $0! } }
    /// The elements that were set, in index order.
    public func compactValues() -> [T] { lock.lock(); defer { lock.unlock() }; return storage.compactMap { $0 } }
}
