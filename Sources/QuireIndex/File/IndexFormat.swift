/// Constants of the `index.qidx` format. The byte-by-byte description is docs/index-format.md.
public enum IndexFormat {
    /// `QIDX`, then CR LF SUB LF (catches text-mode mangling, as PNG does).
    public static let magic: [UInt8] = [0x51, 0x49, 0x44, 0x58, 0x0D, 0x0A, 0x1A, 0x0A]
    /// Bumped on any change readers cannot skip. Readers refuse newer versions.
    public static let version: UInt32 = 1
    /// magic (8) + version (4) + section count (4) + header CRC (4) + reserved (4).
    public static let headerSize = 24
    /// kind (4) + flags (4) + offset (8) + stored length (8) + uncompressed length (8) + CRC (4) + reserved (4).
    public static let sectionEntrySize = 40
    public static let maxSections = 64
    /// Sections bigger than this (uncompressed) are refused: no book needs 2 GiB of index.
    public static let maxSectionSize = 1 << 31
    /// Section flag: the stored bytes are zlib (RFC 1950).
    public static let flagZlib: UInt32 = 1

    public enum Section: UInt32, CaseIterable, Sendable {
        case metadata = 1
        case pages = 2
        case chunks = 3
        case text = 4
        case vectors = 5
        case lexicon = 6
        case postings = 7
        case chunkLengths = 8

        public var name: String {
            switch self {
            case .metadata: "metadata"
            case .pages: "pages"
            case .chunks: "chunks"
            case .text: "text"
            case .vectors: "vectors"
            case .lexicon: "lexicon"
            case .postings: "postings"
            case .chunkLengths: "chunk-lengths"
            }
        }
    }
}

/// One row of the section table, as read from a file.
public struct SectionEntry: Sendable, Equatable {
    public var kind: UInt32
    public var flags: UInt32
    public var offset: UInt64
    public var length: UInt64
    public var uncompressedLength: UInt64
    public var crc32: UInt32

    public var name: String { IndexFormat.Section(rawValue: kind)?.name ?? "unknown(\(kind))" }
    public var compressed: Bool { flags & IndexFormat.flagZlib != 0 }
}
