import Hummingbird

/// `POST /api/admin/reload` (behind `AdminAuthMiddleware`): loads and checks the index file
/// again and swaps it in; 422 when it is refused (the old index keeps serving).
struct AdminRoutes {
    typealias Context = QuireRequestContext
    let reload: @Sendable () async -> Result<String, any Error>

    func add(to admin: some RouterMethods<Context>) {
        admin.post("reload") { _, _ in
            switch await reload() {
            case .success(let message):
                return ReloadDone(index: message)
            case .failure(let error):
                throw APIError(.unprocessableContent, "reload_failed", "the new index was refused and the old one keeps serving: \(error)")
            }
        }
    }
}
