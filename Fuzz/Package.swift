// swift-tools-version:6.0
// Fuzz targets for every reader of untrusted bytes. A separate package so that
// the main build and `swift test` never see them: they link libFuzzer and only
// build with `-sanitize=fuzzer,address` (see Fuzz/run).
import PackageDescription

let readers: [(name: String, dependencies: [Target.Dependency])] = [
    ("FuzzTMX", [.product(name: "TMFormats", package: "TMKit"), .product(name: "TMMemory", package: "TMKit")]),
    ("FuzzDelimited", [.product(name: "TMFormats", package: "TMKit"), .product(name: "TMMemory", package: "TMKit")]),
    ("FuzzXLIFF", [.product(name: "TMFormats", package: "TMKit"), .product(name: "TMMemory", package: "TMKit")]),
    ("FuzzTBX", [.product(name: "TMFormats", package: "TMKit")]),
    ("FuzzGlossaryTable", [.product(name: "TMFormats", package: "TMKit")]),
    ("FuzzArticle", [.product(name: "TMText", package: "TMKit")]),
    ("FuzzSegmenter", [.product(name: "TMText", package: "TMKit")]),
]

let package = Package(
    name: "TMKitFuzz",
    dependencies: [.package(name: "TMKit", path: "..")],
    targets: [
        // libFuzzer's driver with a check that one input's peak heap stays
        // under a fixed multiple of its size.
        .target(name: "FuzzDriver"),
        .target(
            name: "FuzzSupport",
            dependencies: ["FuzzDriver", .product(name: "TMMemory", package: "TMKit"), .product(name: "TMText", package: "TMKit")]
        ),
    ] + readers.map { reader in
        .executableTarget(name: reader.name, dependencies: ["FuzzSupport"] + reader.dependencies, path: "Targets/\(reader.name)")
    },
    swiftLanguageModes: [.v6]
)
