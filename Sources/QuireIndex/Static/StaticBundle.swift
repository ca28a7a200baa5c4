import Foundation

/// The static search bundle: what `quire build` writes into `<out>/search-bundle/` so the site
/// can search itself in the reader's browser with no server (docs/search-bundle.md).
///
/// One small manifest (`manifest.json`, the only file whose name does not change) names
/// content-hashed, immutable files:
/// - `words.<hash>.txt`: the book's words as spelled, with their terms (typo correction,
///   prefix matching; fetched only when a query needs them);
/// - `pages.<hash>.json`: the page table and how chunks group into sections;
/// - `post.<hash>.bin`: the terms of a contiguous range and their postings (the query fetches only
///   the shards of its own terms);
/// - `text.<hash>.json`: anchors, heading paths and chunk texts of a range of sections
///   (fetched for the results shown).
/// Every file of 1 KB or more has a precompressed `.gz` beside it, as the rest of the site.
public enum StaticBundle {
    /// Folder of the bundle inside the site output.
    public static let folder = "search-bundle"
    public static let manifestName = "manifest.json"
    /// Bumped when the layout changes incompatibly; the browser refuses other versions.
    public static let formatVersion = 1
    /// Posting weights are stored as `round(sat / (k1 + 1) * weightLevels)`, one byte each.
    public static let weightLevels = 255

    /// A static answer at `<baseUrl>api/ready`: the widget's probe for a server gets a 200 with
    /// status "static" from a plain file host (no error in the console) and searches the bundle.
    /// `quire serve` answers that route itself (status "ready").
    public static let readyMarker = "api/ready"
    public static let readyMarkerJSON = "{\"status\": \"static\", \"search\": \"\(folder)/\(manifestName)\"}\n"

    /// Target uncompressed size of one postings shard (a term is never split across shards).
    public static let postingShardBytes = 12 * 1024
    /// Target uncompressed size of one text shard (a section is never split across shards).
    public static let textShardBytes = 16 * 1024
}

/// A file of the bundle: its path relative to the site root and its bytes.
public struct StaticBundleFile: Sendable, Equatable {
    public var path: String
    public var data: Data
}
