import Foundation
import FuzzSupport
import TMFormats

// TMX bytes in any encoding, as `tmkit import tmx` reads them.
runFuzzer { bytes in
    try TMXReader().read(data: Data(bytes), name: "fuzz.tmx", into: CheckingSink())
}
