import TMText

/// The fuzzy match score: 100 × (1 − d / max(m, n)) rounded down, where d is
/// the edit distance between the token sequences (English words, Chinese
/// characters) and m, n their lengths. 100 only for identical normalized
/// text; identical tokens with other punctuation score 99.
public enum FuzzyScore {
    public static func score(_ query: MatchText, _ candidate: MatchText) -> Int {
        if query.normalized == candidate.normalized { return 100 }
        let longest = max(query.hashes.count, candidate.hashes.count)
        guard longest > 0 else { return 99 }
        let d = distance(query.hashes, candidate.hashes, atMost: longest) ?? longest
        return fromDistance(d, longest: longest)
    }

    /// The score if it is at least `minimum`, else nil (cheaper: the edit
    /// distance stops as soon as the score cannot be reached).
    public static func score(_ query: MatchText, _ candidate: MatchText, atLeast minimum: Int) -> Int? {
        if query.normalized == candidate.normalized { return 100 }
        let longest = max(query.hashes.count, candidate.hashes.count)
        guard longest > 0 else { return minimum <= 99 ? 99 : nil }
        let allowed = maxDistance(longest: longest, minScore: minimum)
        guard abs(query.hashes.count - candidate.hashes.count) <= allowed,
              let d = distance(query.hashes, candidate.hashes, atMost: allowed) else { return nil }
        let s = fromDistance(d, longest: longest)
        return s >= minimum ? s : nil
    }

    static func fromDistance(_ d: Int, longest: Int) -> Int {
        min(99, (100 * (longest - d)) / longest)
    }

    /// The largest distance that still scores `minScore` for sequences whose longer one has `longest` tokens.
    public static func maxDistance(longest: Int, minScore: Int) -> Int {
        (longest * (100 - max(0, min(100, minScore)))) / 100
    }

    /// Tokens a unit must share with a query of `queryLength` tokens to score
    /// at least `minScore`: d ≥ max(m, n) − shared, so shared ≥ m × minScore / 100.
    public static func minimumShared(queryLength: Int, minScore: Int) -> Int {
        max(1, (queryLength * max(0, min(100, minScore)) + 99) / 100)
    }

    /// Levenshtein distance if it is at most `limit`, else nil; only the
    /// diagonal band of width `limit` is computed, and it stops early.
    public static func distance(_ a: [UInt64], _ b: [UInt64], atMost limit: Int) -> Int? {
        let m = a.count, n = b.count
        if abs(m - n) > limit { return nil }
        if m == 0 || n == 0 { return max(m, n) <= limit ? max(m, n) : nil }
        let big = limit + 1
        var previous = [Int](repeating: big, count: n + 1)
        var current = [Int](repeating: big, count: n + 1)
        for j in 0...min(n, limit) { previous[j] = j }
        for i in 1...m {
            let lo = max(1, i - limit), hi = min(n, i + limit)
            current[lo - 1] = lo == 1 ? (i <= limit ? i : big) : big
            var rowMin = current[lo - 1]
            for j in lo...hi {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var v = previous[j - 1] + cost
                let up = previous[j] + 1
                if up < v { v = up }
                let left = current[j - 1] + 1
                if left < v { v = left }
                if v > big { v = big }
                current[j] = v
                if v < rowMin { rowMin = v }
            }
            if hi < n { current[hi + 1] = big }
            if rowMin > limit { return nil }
            swap(&previous, &current)
        }
        return previous[n] <= limit ? previous[n] : nil
    }

    /// What differs between a query and a match: words and numbers from the
    /// token alignment, then punctuation, letter case and inline markup.
    public static func differences(queryRaw: String, matchRaw: String, query: MatchText, match: MatchText) -> [Difference] {
        var result: [Difference] = []
        let a = query.tokens, b = match.tokens
        // Full alignment (only for the few matches shown).
        let m = a.count, n = b.count
        var dp = [[Int]](repeating: [Int](repeating: 0, count: n + 1), count: m + 1)
        for i in 0...m { dp[i][0] = i }
        for j in 0...n { dp[0][j] = j }
        if m > 0 && n > 0 {
            for i in 1...m {
                for j in 1...n {
                    dp[i][j] = min(dp[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1), dp[i - 1][j] + 1, dp[i][j - 1] + 1)
                }
            }
        }
        var ops: [(String, String)] = []
        var equalPairs: [(Int, Int)] = []
        var i = m, j = n
        while i > 0 || j > 0 {
            if i > 0 && j > 0 && a[i - 1] == b[j - 1] && dp[i][j] == dp[i - 1][j - 1] {
                equalPairs.append((i - 1, j - 1)); i -= 1; j -= 1
            } else if i > 0 && j > 0 && dp[i][j] == dp[i - 1][j - 1] + 1 {
                ops.append((a[i - 1], b[j - 1])); i -= 1; j -= 1
            } else if i > 0 && dp[i][j] == dp[i - 1][j] + 1 {
                ops.append((a[i - 1], "")); i -= 1
            } else {
                ops.append(("", b[j - 1])); j -= 1
            }
        }
        for (q, t) in ops.reversed() {
            let numeric = (q.isEmpty || isNumber(q)) && (t.isEmpty || isNumber(t))
            result.append(Difference(kind: numeric ? .numbers : .words, query: q, match: t))
        }
        // Letter case: aligned tokens equal after folding but not before.
        let qCased = Tokenizer.tokens(MatchNormalizer.nfkc(InlinePlaceholder.strip(queryRaw))).map(\.text)
        let mCased = Tokenizer.tokens(MatchNormalizer.nfkc(InlinePlaceholder.strip(matchRaw))).map(\.text)
        if qCased.count == m && mCased.count == n {
            for (qi, mi) in equalPairs.reversed() where qCased[qi] != mCased[mi] && qCased[qi].lowercased() == mCased[mi].lowercased() {
                result.append(Difference(kind: .case, query: qCased[qi], match: mCased[mi]))
            }
        }
        let qPunct = punctuation(query.normalized), mPunct = punctuation(match.normalized)
        if qPunct != mPunct {
            result.append(Difference(kind: .punctuation, query: qPunct, match: mPunct))
        }
        let qMarks = InlinePlaceholder.count(queryRaw), mMarks = InlinePlaceholder.count(matchRaw)
        if qMarks != mMarks {
            result.append(Difference(kind: .markup, query: "\(qMarks) tags", match: "\(mMarks) tags"))
        }
        return result
    }

    private static func isNumber(_ token: String) -> Bool {
        guard let first = token.unicodeScalars.first else { return false }
        return first.properties.numericType != nil || "$€£¥".unicodeScalars.contains(first)
    }

    private static func punctuation(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter {
            !$0.properties.isAlphabetic && $0.properties.numericType == nil && !$0.properties.isWhitespace
        }))
    }
}
