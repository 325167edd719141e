import Foundation
import FuzzSupport
import TMFormats

// TBX glossary files, as `tmkit glossary import` reads them.
runFuzzer { bytes in
    for entry in try TBX.read(data: Data(bytes), name: "fuzz.tbx", source: "fuzz") {
        precondition(!entry.en.isEmpty && !entry.zh.isEmpty, "a glossary entry with an empty side")
    }
}
