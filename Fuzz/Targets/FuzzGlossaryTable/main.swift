import FuzzSupport
import TMFormats

// Glossary tables (TSV or CSV): the first byte picks the delimiter.
runFuzzer { bytes in
    guard let first = bytes.first else { return }
    let delimiter: UInt8 = first & 1 == 0 ? 0x09 : 0x2C
    for entry in try GlossaryTable.read(bytes: Array(bytes.dropFirst()), name: "fuzz.tsv", delimiter: delimiter, source: "fuzz") {
        precondition(!entry.en.isEmpty && !entry.zh.isEmpty, "a glossary entry with an empty side")
    }
}
