import Foundation

/// What a `slug` (front matter, or a category's generated-index `link.slug`) may contain. A
/// slug becomes a folder under the output, so nothing in it may name a parent or be read as
/// one later: the site writer percent-decodes URLs into file paths, and browsers read `\`
/// as `/`. Relative `../` segments are resolved (and stop at the docs root) before this check.
enum SlugPolicy {
    /// Nil when `slug` is acceptable, else what is wrong with it (for the error message).
    static func problem(_ slug: String) -> String? {
        if slug.contains("?") || slug.contains("#") { return "must be a path without ? or #" }
        if slug.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "must not contain control characters"
        }
        // The site writer decodes %XX; a slug that does not decode is written as is.
        let decoded = slug.removingPercentEncoding ?? slug
        if decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "must not contain encoded control characters"
        }
        if decoded.contains("\\") { return "must not contain backslashes (\\)" }
        for segment in decoded.split(separator: "/", omittingEmptySubsequences: false) where segment == ".." || segment == "." {
            return decoded == slug ? "must not contain '.' or '..' segments (a slug cannot leave the docs folder)"
                                   : "must not contain encoded '.' or '..' segments (a slug cannot leave the docs folder)"
        }
        return nil
    }
}
