/// Indexes of the `k` largest scores, best first (ties: lower index first). O(n log k).
func topK(_ scores: [Float], _ k: Int, where include: ((Int) -> Bool)? = nil) -> [Int] {
    guard k > 0 else { return [] }
    // Min-heap of (score, index) on "worse" ordering.
    var heap: [(Float, Int)] = []
    heap.reserveCapacity(k + 1)
    @inline(__always) func worse(_ a: (Float, Int), _ b: (Float, Int)) -> Bool {
        a.0 < b.0 || (a.0 == b.0 && a.1 > b.1)
    }
    func siftUp(_ i: Int) {
        var i = i
        while i > 0 {
            let p = (i - 1) / 2
            if worse(heap[i], heap[p]) { heap.swapAt(i, p); i = p } else { break }
        }
    }
    func siftDown(_ i: Int) {
        var i = i
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heap.count, worse(heap[l], heap[m]) { m = l }
            if r < heap.count, worse(heap[r], heap[m]) { m = r }
            if m == i { return }
            heap.swapAt(i, m)
            i = m
        }
    }
    for (i, s) in scores.enumerated() {
        if let include, !include(i) { continue }
        let e = (s, i)
        if heap.count < k {
            heap.append(e)
            siftUp(heap.count - 1)
        } else if worse(heap[0], e) {
            heap[0] = e
            siftDown(0)
        }
    }
    return heap.sorted { worse($1, $0) }.map(\.1)
}
