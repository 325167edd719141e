// swift-tools-version:6.1
import PackageDescription

/// The shared-memory stack (`tmkit serve` and `postgres://` memories) is a
/// package trait: SwiftNIO, BoringSSL, postgres-nio and Hummingbird take most
/// of a first build, and the main job never uses them. Enable it with
/// `--traits SharedMemory` (the README's server instructions and CI do).
let sharedMemory: Set<String> = ["SharedMemory"]

let package = Package(
    name: "TMKit",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "TMText", targets: ["TMText"]),
        .library(name: "TMGlossary", targets: ["TMGlossary"]),
        .library(name: "TMMemory", targets: ["TMMemory"]),
        .library(name: "TMSQLite", targets: ["TMSQLite"]),
        .library(name: "TMFormats", targets: ["TMFormats"]),
        .library(name: "TMKit", targets: ["TMKit"]),
        .library(name: "TMServer", targets: ["TMServer"]),
        .library(name: "TMPostgres", targets: ["TMPostgres"]),
        .executable(name: "tmkit", targets: ["tmkit"]),
    ],
    traits: [
        .trait(name: "SharedMemory", description: "tmkit serve and PostgreSQL memories (postgres://)"),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
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
        // Glossary logic: term recognition with English inflection, lookup, number checks, term QA.
        .target(name: "TMGlossary", dependencies: ["TMText"]),
        // The memory apart from any database: units, matches, the store protocols,
        // the fuzzy index and its posting lists, the import indexer, copies and backups.
        .target(
            name: "TMMemory",
            dependencies: ["TMText", "TMGlossary", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The memory in one SQLite file (GRDB): schema, migrations, imports, lookups.
        .target(name: "TMSQLite", dependencies: [
            "TMMemory", "TMText", "TMGlossary",
            .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        // The memory on a PostgreSQL server (postgres-nio): the same store protocol as SQLite.
        .target(name: "TMPostgres", dependencies: [
            "TMMemory", "TMText", "TMGlossary",
            .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
        ]),
        // Sentence alignment: length model, lexicon (learned, glossary, CC-CEDICT), dynamic programming.
        .target(name: "TMAlign", dependencies: ["TMText", "TMGlossary"]),
        // File formats: one reader or writer per format (TMX, XLIFF, TSV/CSV, TBX, glossary TSV).
        .target(name: "TMFormats", dependencies: ["TMText", "TMMemory", "TMGlossary"]),
        // Use cases that combine the modules (segment, import, lookup, evaluate); opens a memory from its location.
        .target(
            name: "TMKit",
            dependencies: [
                "TMText", "TMMemory", "TMSQLite", "TMFormats", "TMGlossary", "TMAlign",
                .target(name: "TMPostgres", condition: .when(traits: sharedMemory)),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The shared memory over HTTP: JSON API, OpenAPI document, translators' page.
        .target(
            name: "TMServer",
            dependencies: [
                "TMKit", "TMMemory", "TMText", "TMGlossary", "TMFormats", "TMAlign",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.embedInCode("Resources/openapi.json"), .embedInCode("Resources/page.mustache"), .embedInCode("Resources/job.mustache"),
                        .embedInCode("Resources/job-panel.mustache"), .embedInCode("Resources/jobs.mustache")]
        ),
        // The command line: parses, calls TMKit, prints.
        .executableTarget(name: "tmkit", dependencies: [
            "TMKit", "TMText", "TMMemory", "TMFormats", "TMGlossary", "TMAlign",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .target(name: "TMServer", condition: .when(traits: sharedMemory)),
        ]),
        // Release-build throughput runs (not part of `swift test`).
        .executableTarget(
            name: "SegmenterBenchmark",
            dependencies: ["TMKit", "TMText", "CICU"],
            path: "Benchmarks/SegmenterBenchmark"
        ),
        .executableTarget(
            name: "MemoryBenchmark",
            dependencies: ["TMKit", "TMMemory", "TMSQLite", "TMFormats", "TMText", "TMTestSupport"],
            path: "Benchmarks/MemoryBenchmark"
        ),
        .executableTarget(
            name: "AlignBenchmark",
            dependencies: ["TMAlign"],
            path: "Benchmarks/AlignBenchmark"
        ),
        .executableTarget(
            name: "GlossaryBenchmark",
            dependencies: ["TMGlossary", "TMMemory", "TMSQLite", "TMText"],
            path: "Benchmarks/GlossaryBenchmark"
        ),
        // What tests and benchmarks share: a seeded random generator.
        .target(name: "TMTestSupport", path: "Tests/TMTestSupport"),
        .testTarget(name: "TMTextTests", dependencies: ["TMText"]),
        .testTarget(name: "TMGlossaryTests", dependencies: ["TMGlossary"]),
        .testTarget(name: "TMMemoryTests", dependencies: ["TMMemory", "TMText", "TMTestSupport"]),
        .testTarget(name: "TMSQLiteTests", dependencies: [
            "TMSQLite", "TMMemory", "TMText", "TMGlossary", "TMTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "TMAlignTests", dependencies: ["TMAlign", "TMText"]),
        .testTarget(name: "TMFormatsTests", dependencies: ["TMFormats", "TMMemory", "TMText", "TMGlossary"]),
        .testTarget(name: "TMKitTests", dependencies: ["TMKit", "TMText", "TMMemory", "TMSQLite", "TMFormats", "TMGlossary", "TMAlign", "tmkit"]),
        // Runs the tmkit binary: `tmkit serve` in a build with the trait, its refusal in one without.
        .testTarget(name: "TMServerTests", dependencies: [
            "tmkit",
            // To give a server a PostgreSQL database of its own.
            .target(name: "TMPostgres", condition: .when(traits: sharedMemory)),
        ]),
        // The same store tests against SQLite and, in a build with the trait and when a server is given, PostgreSQL.
        .testTarget(name: "ConformanceTests", dependencies: [
            "TMMemory", "TMSQLite", "TMKit", "TMFormats", "TMText", "TMGlossary", "TMAlign",
            // To damage a memory on purpose, underneath TMKit.
            .product(name: "GRDB", package: "GRDB.swift"),
            .target(name: "TMPostgres", condition: .when(traits: sharedMemory)),
            .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: sharedMemory)),
            .product(name: "Logging", package: "swift-log", condition: .when(traits: sharedMemory)),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
