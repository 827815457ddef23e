import Foundation

/// Training/features.py `extract` in Swift: the same buckets and values for the same message, to 1e-6.
public struct TriageFeatureExtractor: Sendable {
    /// Buckets are the low `bucketsLog2` bits of the hash (18 in feature version 1).
    public var bucketsLog2: Int
    /// Body tokens kept after reply stripping (400).
    public var maxBodyTokens: Int
    /// Character n-gram lengths (3, 4, 5).
    public var charNgrams: [Int]
    /// The model file's `feature_version`: 2 adds the cue features (`TriageCueFeatures`), 1 is without them.
    public var featureVersion: Int

    public init(bucketsLog2: Int = 18, maxBodyTokens: Int = 400, charNgrams: [Int] = [3, 4, 5], featureVersion: Int = 2) {
        self.bucketsLog2 = bucketsLog2
        self.maxBodyTokens = maxBodyTokens
        self.charNgrams = charNgrams
        self.featureVersion = featureVersion
    }

    /// The features of `input` sent to `business`.
    public func extract(_ input: TriageInput, business: TriageBusiness) -> TriageFeatures {
        let body = TriageText.body(input)
        let subject = TriageText.normalize(input.subject)
        let stripped = TriageText.normalize(TriageText.stripReply(body))
        let subjectTokens = TriageText.tokens(subject)
        let bodyTokens = Array(TriageText.tokens(stripped).prefix(maxBodyTokens))
        // A bucket's name or n-gram source is its first feature's, so it is recorded only when the count is new
        // (this loop runs about 5,000 times per email).
        var counts = TriageBucketCounts()
        var names: [Int: String] = [:]
        // Character n-grams are most of the features; their strings are made only when a reason names one.
        var ngramSources: [Int: TriageFeatures.NgramSource] = Dictionary(minimumCapacity: 1024)
        let mask = UInt32((1 << UInt32(bucketsLog2)) - 1)
        func add(_ feature: String) {
            let b = TriageHash.bucket(feature, bucketsLog2: bucketsLog2)
            if counts.add(b) { names[b] = feature }
        }
        for sequence in [subjectTokens, bodyTokens] {
            for (i, token) in sequence.enumerated() {
                add("w:" + token)
                if i > 0 { add("b:" + sequence[i - 1] + " " + token) }
            }
        }
        for token in subjectTokens { add("s:" + token) }
        let ngramTokens = subjectTokens + bodyTokens
        // FNV-1a of "c:" + the n-gram's UTF-8, computed over the scalars' bytes without building the string.
        let prefix = TriageHash.fnv1a32("c:")
        var bytes: [UInt8] = []
        var offsets: [Int] = []
        for (t, token) in ngramTokens.enumerated() {
            // The padded token's UTF-8 and where each scalar starts in it (plus the end).
            bytes.removeAll(keepingCapacity: true)
            offsets.removeAll(keepingCapacity: true)
            bytes.append(UInt8(ascii: "<"))
            offsets.append(0)
            for scalar in token.unicodeScalars {
                offsets.append(bytes.count)
                bytes.append(contentsOf: scalar.utf8)
            }
            offsets.append(bytes.count)
            bytes.append(UInt8(ascii: ">"))
            offsets.append(bytes.count)
            let scalarCount = offsets.count - 1
            for n in charNgrams where scalarCount >= n {
                for start in 0...(scalarCount - n) {
                    var hash = prefix
                    for byte in bytes[offsets[start]..<offsets[start + n]] {
                        hash ^= UInt32(byte)
                        hash = hash &* 0x0100_0193
                    }
                    let b = Int(hash & mask)
                    if counts.add(b) { ngramSources[b] = .init(token: t, start: start, length: n) }
                }
            }
        }
        // Python sums in dict insertion order, as here.
        let logs = counts.counts.map { log1p(Double($0)) }
        let sum = logs.reduce(0) { $0 + $1 * $1 }
        let norm = sum > 0 ? sum.squareRoot() : 1
        var vector: [Int: Double] = Dictionary(minimumCapacity: counts.count + 64)
        for (bucket, value) in zip(counts.buckets, logs) { vector[bucket] = value / norm }

        var (structural, facts) = Self.structural(input, body: body, business: business)
        let language = Self.language(subjectTokens + bodyTokens)
        facts.language = language
        structural.append("lang=" + language)
        let n = bodyTokens.count
        structural.append("len=" + (n < 10 ? "0" : n < 40 ? "1" : n < 120 ? "2" : "3"))
        if featureVersion >= 2 { structural.append(contentsOf: TriageCueFeatures.names(subjectTokens + bodyTokens)) }
        let raw = input.subject + " " + body
        if raw.unicodeScalars.count(where: { $0 == "!" }) >= 3 { structural.append("exclaim") }
        for name in structural {
            let feature = "f:" + name
            let b = TriageHash.bucket(feature, bucketsLog2: bucketsLog2)
            vector[b, default: 0] += 1
            if names[b] == nil && ngramSources[b] == nil { names[b] = feature }
        }
        return TriageFeatures(
            vector: vector, structural: structural, facts: facts, normalizedSubject: subject, bodyTokens: bodyTokens,
            names: names, ngramSources: ngramSources, ngramTokens: ngramTokens)
    }

    static let freemail: Set<String> = [
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.ca", "ymail.com", "hotmail.com", "outlook.com", "live.com",
        "live.ca", "msn.com", "icloud.com", "me.com", "mac.com", "aol.com", "protonmail.com", "proton.me", "gmx.com",
        "shaw.ca", "telus.net", "videotron.ca", "sympatico.ca", "bell.net", "rogers.com", "comcast.net", "att.net",
        "cox.net", "verizon.net", "earthlink.net", "sbcglobal.net",
    ]
    static let machineLocals: Set<String> = [
        "wordpress", "website", "web", "webmaster", "form", "forms", "wix", "squarespace", "mailer", "notification", "notifications",
    ]
    static let notifyParts = ["notif", "alert", "notify", "mailer", "news", "marketing", "promo", "updates", "digest", "info@"]
    static let stopWords: [(String, Set<String>)] = [
        ("en", ["the", "and", "is", "to", "for", "you", "my", "we", "it", "of", "have", "our", "this", "can", "please", "with", "your"]),
        ("fr", ["le", "les", "des", "et", "est", "pour", "je", "vous", "nous", "une", "pas", "dans", "il", "avec", "mon", "au", "du"]),
        ("es", ["el", "los", "las", "y", "es", "para", "por", "una", "mi", "se", "con", "en", "del", "al", "lo", "su", "muy"]),
    ]

    /// `language`: most stop-word hits; ties prefer en, then fr; no hit → en.
    static func language(_ tokens: [String]) -> String {
        var best = "en"
        var bestCount = -1
        for (language, words) in stopWords {
            let count = tokens.count(where: words.contains)
            if count > bestCount { (best, bestCount) = (language, count) }
        }
        return bestCount > 0 ? best : "en"
    }

    static func domain(_ address: String) -> String {
        let a = TriageText.strip(address).lowercased()
        guard let at = a.lastIndex(of: "@") else { return "" }
        return String(a[a.index(after: at)...])
    }

    static func local(_ address: String) -> String {
        let a = TriageText.strip(address).lowercased()
        guard let at = a.lastIndex(of: "@") else { return a }
        return String(a[..<at])
    }

    static func domainMatches(_ domain: String, _ base: String) -> Bool {
        !domain.isEmpty && !base.isEmpty && (domain == base || domain.hasSuffix("." + base))
    }

    static func present(_ header: String?) -> Bool { !(header ?? "").isEmpty }

    /// `structural`: the structural feature names in order, and the facts.
    static func structural(_ m: TriageInput, body raw: String, business biz: TriageBusiness) -> ([String], TriageFacts) {
        let from = m.fromEmail
        let dom = domain(from)
        let loc = local(from)
        let replyTo = m.replyToEmail ?? ""
        var f: [String] = []
        let manager = biz.managers.contains(from.lowercased())
        let noreply = TriageText.startsNoReply(loc)
        let machine = noreply || machineLocals.contains(loc)
        let atOwnDomain = domainMatches(dom, biz.domain)
        let own = atOwnDomain && (manager || !machine)
        if atOwnDomain && !own { f.append("own_domain_machine") }
        let supplier = biz.supplierDomains.contains { domainMatches(dom, $0) }
        if own { f.append("own_domain") }
        if manager { f.append("manager") }
        if supplier { f.append("supplier") }
        if freemail.contains(dom) { f.append("freemail") }
        if noreply { f.append("noreply") }
        if notifyParts.contains(where: { (loc + "@").contains($0) }) { f.append("notify_local") }
        if loc.hasPrefix("mailer-daemon") || loc.hasPrefix("postmaster") { f.append("mailer_daemon") }
        let autoValue = TriageText.strip(TriageText.strip(m.autoSubmitted ?? "").lowercased().split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? "")
        let auto = autoValue.isEmpty ? "none" : autoValue
        f.append("auto=" + auto)
        if present(m.xAutoreply) || present(m.xAutoResponseSuppress) { f.append("autoreply_hdr") }
        if present(m.listUnsubscribe) { f.append("list_unsub") }
        if present(m.listId) { f.append("list_id") }
        let precedence = TriageText.strip(m.precedence ?? "").lowercased()
        if !precedence.isEmpty {
            f.append("prec=" + (["bulk", "list", "junk", "auto_reply"].contains(precedence) ? precedence : "other"))
        }
        if present(m.inReplyTo) { f.append("in_reply_to") }
        let replyToDiffers = !replyTo.isEmpty && domain(replyTo) != dom
        if replyToDiffers { f.append("replyto_diff") }
        if TriageText.hasWordVia(m.fromName.lowercased()) { f.append("display_via") }
        // A field line needs ":", "|" or a spaced dash: test for one before running the pattern.
        // Lines are slices until one passes that test (most do not): no string per line.
        let fields = raw.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).count { line in
            line.contains { $0 == ":" || $0 == "|" || $0 == "-" || $0 == "–" }
                && TriageText.matches(TriageText.Patterns.field, String(String.UnicodeScalarView(line)))
        }
        if fields >= 3 { f.append("fields3") }
        if fields >= 5 { f.append("fields5") }
        let addresses = TriageText.emailAddresses(raw)
        let others = addresses.filter {
            $0.lowercased() != from.lowercased() && !domainMatches(domain($0), biz.domain)
        }
        if !others.isEmpty { f.append("email_in_body") }
        if TriageGates.mayHavePhone(raw) && TriageText.contains(TriageText.Patterns.phone, raw) { f.append("phone_in_body") }
        if TriageGates.mayHaveDuration(raw) && TriageText.searchAtWordStart(TriageText.Patterns.duration, raw) != nil { f.append("duration") }
        let html = m.html ?? ""
        if !html.isEmpty && TriageText.strip(m.text).isEmpty { f.append("html_only") }
        if containsTableCell(html) { f.append("html_table") }
        for attachment in m.attachments {
            let type = attachment.contentType.lowercased()
            let name = attachment.filename.lowercased()
            if type == "application/pdf" || name.hasSuffix(".pdf") {
                f.append("attach_pdf")
            } else if type.contains("word") || [".doc", ".docx", ".odt", ".rtf"].contains(where: name.hasSuffix) {
                f.append("attach_doc")
            } else if type.hasPrefix("audio/") {
                f.append("attach_audio")
            } else if type.hasPrefix("image/") {
                f.append("attach_image")
            }
        }
        let subject = TriageText.strip(TriageText.normalize(m.subject))
        // Both patterns need ":" within their first five scalars (two or three letters, an optional space).
        if subject.unicodeScalars.prefix(5).contains(":") {
            if TriageText.matches(TriageText.Patterns.subjectRe, subject) { f.append("subj_re") }
            if TriageText.matches(TriageText.Patterns.subjectFwd, subject) { f.append("subj_fwd") }
        }
        let haystack = m.subject + "\n" + raw
        if TriageGates.mayHaveStars(haystack),
            let match = TriageText.searchAtWordStart(TriageText.Patterns.stars, haystack, needsBoundary: { $0.output[1].substring == nil })
        {
            let n: Int
            if let run = match.output[1].substring {
                n = run.unicodeScalars.count
            } else {
                n = Int(String(match.output[2].substring ?? match.output[3].substring ?? "0")) ?? 0
            }
            f.append("stars=\(min(n, 5))")
        }
        let facts = TriageFacts(
            ownDomain: own, manager: manager, supplier: supplier, autoSubmitted: auto, noreply: noreply,
            listUnsubscribe: present(m.listUnsubscribe), precedence: precedence,
            customerInForm: replyToDiffers || !others.isEmpty, language: "en")
        return (f, facts)
    }

    /// `re.search(r"(?i)<td", html)` over scalars.
    static func containsTableCell(_ html: String) -> Bool {
        let s = Array(html.unicodeScalars)
        guard s.count >= 3 else { return false }
        for i in 0...(s.count - 3) where s[i] == "<" && (s[i + 1] == "t" || s[i + 1] == "T") && (s[i + 2] == "d" || s[i + 2] == "D") {
            return true
        }
        return false
    }
}
