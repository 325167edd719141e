import Foundation
import FuzzSupport
import TMFormats

// XLIFF 1.2 and 2.x bytes, as `tmkit import xliff` reads them.
runFuzzer { bytes in
    try XLIFFReader().read(data: Data(bytes), name: "fuzz.xliff", into: CheckingSink())
}
