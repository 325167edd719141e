// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "TMKit",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "TMText", targets: ["TMText"]),
        .library(name: "TMKit", targets: ["TMKit"]),
        .executable(name: "tmkit", targets: ["tmkit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Thin C layer over the system ICU (libicu-dev): unversioned wrappers
        // so Swift code never sees ICU's renamed (versioned) symbols.
        .target(
            name: "CICU",
            linkerSettings: [
                .linkedLibrary("icuuc"),
                .linkedLibrary("icui18n"),
            ]
        ),
        // Text: normalization, tokens, word counts, article reading, segmentation.
        .target(name: "TMText", dependencies: ["CICU"]),
        // Use cases that combine the modules (segment a file, evaluate the segmenter).
        .target(name: "TMKit", dependencies: ["TMText"]),
        // The command line: parses, calls TMKit, prints.
        .executableTarget(
            name: "tmkit",
            dependencies: [
                "TMKit", "TMText",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Release-build throughput runs (not part of `swift test`).
        .executableTarget(
            name: "SegmenterBenchmark",
            dependencies: ["TMKit", "TMText", "CICU"],
            path: "Benchmarks/SegmenterBenchmark"
        ),
        .testTarget(name: "TMTextTests", dependencies: ["TMText"]),
        .testTarget(name: "TMKitTests", dependencies: ["TMKit", "TMText"]),
    ],
    swiftLanguageModes: [.v6]
)
