// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "TMKit",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "TMText", targets: ["TMText"]),
        .library(name: "TMGlossary", targets: ["TMGlossary"]),
        .library(name: "TMStore", targets: ["TMStore"]),
        .library(name: "TMFormats", targets: ["TMFormats"]),
        .library(name: "TMKit", targets: ["TMKit"]),
        .library(name: "TMServer", targets: ["TMServer"]),
        .library(name: "TMPostgres", targets: ["TMPostgres"]),
        .executable(name: "tmkit", targets: ["tmkit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // The HTTP server; its optional configuration-file support is not needed.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
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
        // Storage: the translation memory in SQLite (schema, imports, fuzzy index, lookup).
        .target(
            name: "TMStore",
            dependencies: [
                "TMText", "TMGlossary",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // Glossary logic: term recognition with English inflection, lookup, number checks, term QA.
        .target(name: "TMGlossary", dependencies: ["TMText"]),
        // The memory on a PostgreSQL server (postgres-nio): the same store protocol as SQLite.
        .target(
            name: "TMPostgres",
            dependencies: [
                "TMStore", "TMText", "TMGlossary",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        // Sentence alignment: length model, lexicon (learned, glossary, CC-CEDICT), dynamic programming.
        .target(name: "TMAlign", dependencies: ["TMText", "TMGlossary"]),
        // File formats: one reader per format (TMX, XLIFF, TSV/CSV, TBX, glossary TSV).
        .target(name: "TMFormats", dependencies: ["TMText", "TMStore", "TMGlossary"]),
        // Use cases that combine the modules (segment, import, lookup, evaluate).
        .target(
            name: "TMKit",
            dependencies: [
                "TMText", "TMStore", "TMFormats", "TMGlossary", "TMAlign",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The shared memory over HTTP: JSON API, OpenAPI document, translators' page.
        .target(
            name: "TMServer",
            dependencies: [
                "TMKit", "TMStore", "TMText", "TMGlossary", "TMFormats",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.embedInCode("Resources/openapi.json"), .embedInCode("Resources/page.mustache")]
        ),
        // The command line: parses, calls TMKit, prints.
        .executableTarget(
            name: "tmkit",
            dependencies: [
                "TMKit", "TMText", "TMServer", "TMPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Release-build throughput runs (not part of `swift test`).
        .executableTarget(
            name: "SegmenterBenchmark",
            dependencies: ["TMKit", "TMText", "CICU"],
            path: "Benchmarks/SegmenterBenchmark"
        ),
        .executableTarget(
            name: "MemoryBenchmark",
            dependencies: ["TMKit", "TMStore", "TMFormats", "TMText"],
            path: "Benchmarks/MemoryBenchmark"
        ),
        .executableTarget(
            name: "AlignBenchmark",
            dependencies: ["TMAlign", "TMText"],
            path: "Benchmarks/AlignBenchmark"
        ),
        .executableTarget(
            name: "GlossaryBenchmark",
            dependencies: ["TMGlossary", "TMStore", "TMText"],
            path: "Benchmarks/GlossaryBenchmark"
        ),
        .testTarget(name: "TMTextTests", dependencies: ["TMText"]),
        .testTarget(name: "TMStoreTests", dependencies: ["TMStore", "TMText", "TMGlossary"]),
        .testTarget(name: "TMGlossaryTests", dependencies: ["TMGlossary", "TMText"]),
        .testTarget(name: "TMAlignTests", dependencies: ["TMAlign", "TMText"]),
        .testTarget(name: "TMFormatsTests", dependencies: ["TMFormats", "TMStore"]),
        .testTarget(name: "TMKitTests", dependencies: ["TMKit", "TMText", "TMStore", "tmkit"]),
        .testTarget(name: "TMServerTests", dependencies: ["TMServer", "TMKit", "TMStore", "tmkit"]),
        // The same store tests against SQLite and, when a server is given, PostgreSQL.
        .testTarget(name: "ConformanceTests", dependencies: [
            "TMStore", "TMPostgres", "TMKit", "TMFormats", "TMText", "TMGlossary",
            // To damage a memory on purpose, underneath TMKit.
            .product(name: "GRDB", package: "GRDB.swift"), .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
