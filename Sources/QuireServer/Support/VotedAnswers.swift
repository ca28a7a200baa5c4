import Synchronization

/// Answer ids that already have a vote (one vote per answer). Bounded: past `capacity` the
/// oldest are forgotten, so memory stays flat however many answers are voted on.
final class VotedAnswers: Sendable {
    private let state: Mutex<(set: Set<String>, order: [String], head: Int)>
    let capacity: Int

    init(capacity: Int = 100_000) {
        self.capacity = capacity
        state = Mutex(([], [], 0))
    }

    /// True the first time `id` is seen, false after.
    func first(_ id: String) -> Bool {
        state.withLock { s in
            guard !s.set.contains(id) else { return false }
            s.set.insert(id)
            if s.order.count < capacity {
                s.order.append(id)
            } else {
                s.set.remove(s.order[s.head])
                s.order[s.head] = id
                s.head = (s.head + 1) % capacity
            }
            return true
        }
    }
}
