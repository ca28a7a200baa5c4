import Testing
@testable import QuireSupport

@Suite struct IssuedIDTests {
    /// The reference vector of the SipHash paper (key 00..0f, message 00..07) for one word.
    @Test func sipHashMatchesTheReference() {
        let k0: UInt64 = 0x0706_0504_0302_0100, k1: UInt64 = 0x0f0e_0d0c_0b0a_0908
        #expect(SipHash24.hash(0x0706_0504_0302_0100, k0: k0, k1: k1) == 0x93f5_f579_9a93_2462)
    }

    @Test func issuedIDsAreRecognisedAndOthersAreNot() {
        let issuer = IssuedID(secret: "test-secret-of-some-length")
        let ids = (0..<200).map { _ in issuer.issue() }
        #expect(ids.allSatisfy { $0.count == 16 && issuer.isIssued($0) })
        #expect(Set(ids).count == 200)
        for bad in ["abc", "", "0123456789abcdef", String(repeating: "g", count: 16), ids[0].uppercased(), ids[0] + "0", "+1234567-89abcde"] {
            #expect(!issuer.isIssued(bad), "\(bad)")
        }
        // Changing any digit of the tag breaks it.
        var flipped = Array(ids[1])
        flipped[15] = flipped[15] == "0" ? "1" : "0"
        #expect(!issuer.isIssued(String(flipped)))
        // Another key (another deployment, or a random key) does not recognise them; the same secret does.
        #expect(ids.filter(IssuedID(secret: "another-secret-entirely").isIssued).count < 3)
        #expect(ids.filter(IssuedID(secret: nil).isIssued).count < 3)
        #expect(ids.allSatisfy(IssuedID(secret: "test-secret-of-some-length").isIssued))
        #expect(IssuedID.process.isIssued(IssuedID.process.issue()))
    }
}
