import FuzzSupport
import TMFormats

// TSV and CSV pairs: the first byte picks the delimiter, the rest is the file.
runFuzzer { bytes in
    guard let first = bytes.first else { return }
    let delimiter: UInt8 = first & 1 == 0 ? 0x09 : 0x2C
    try DelimitedReader(delimiter: delimiter).read(bytes: Array(bytes.dropFirst()), name: "fuzz.tsv", into: CheckingSink())
}
